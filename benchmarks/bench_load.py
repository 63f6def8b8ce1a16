"""Benchmark the web application under the workload of 100 working sessions, on loopback.

A 90-sub-criterion framework (the synthetic one of ``bench_web.py``), a campaign of --users
provinces, each with its focal point, every input filled, a comment on every other row and
evidence cited on every row. PostgreSQL (--database-url; the database is dropped and
recreated) and production settings (DEBUG=0, hashed static files, PBKDF2 passwords).

cpu   Each request kind through Django's test client in one process: the process CPU time
      (``time.process_time``: the request's own cost, whatever else the machine runs),
      median of --repeat after 3 warm-up requests, SQL queries and response size.
load  gunicorn (--workers × --threads, gthread) on 127.0.0.1; every session logs in once
      (4 at a time: PBKDF2 is meant to be slow), then every --think seconds (±20 % jitter)
      does one of: open its self-assessment page, open the province dashboard, open the
      evidence list, save one sub-criterion's inputs as htmx does (in turn, from a random
      first one), for --duration seconds. p50/p95/max per kind, errors, throughput and the
      CPU seconds per request of gunicorn, PostgreSQL's backends and the load client.
      Then the step-up: shorter think times (--steps), --step-duration seconds each, until
      p95 passes 1 s or a request fails; the highest throughput with p95 < 1 s is reported.
all   Both, and the section of benchmarks/WEB.md between its markers is rewritten.

A request is an error if its status is unexpected, a page lacks what it must show, a save
reports a conflict, or the connection fails or times out (30 s).

Usage: python benchmarks/bench_load.py all [--users 100] [--duration 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_web as common  # benchmarks/ is not a package: found through sys.path

ROOT = common.ROOT
REPORT = common.REPORT
LEAVES = 90
KINDS = ("page", "dashboard", "evidence", "save")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/parindex_bench_perf"
TICK = os.sysconf("SC_CLK_TCK")
BEGIN, END = "<!-- bench_load: begin -->", "<!-- bench_load: end -->"


# --- the data (a child process: Django's settings are per process) -------------------------


def setup(args: argparse.Namespace) -> dict[str, Any]:
    """The campaign, and each session's user, assessment, unit, sub-criterion and versions."""
    started = time.monotonic()
    common.django_up(args.database_url, Path(args.var))
    from parindex.web.assessments.models import InputValue, NodeComment

    print(f"  migrated: {time.monotonic() - started:.0f} s", file=sys.stderr)

    # one more than the sessions: the last one is the cpu part's (its saves move versions)
    _, pairs, codes = common.build_campaign(LEAVES, units=args.users + 1, tag="L")
    print(f"  campaign: {time.monotonic() - started:.0f} s", file=sys.stderr)
    common.attach_evidence([pairs[0][1]], codes)
    clone_evidence(pairs[0][1], [a for _, a in pairs[1:]])
    print(f"  evidence: {time.monotonic() - started:.0f} s", file=sys.stderr)
    sessions = []
    for i, (user, assessment) in enumerate(pairs):
        code = codes[(i * 7) % len(codes)]
        versions = {
            f"version-{row.input_name}": row.version
            for row in InputValue.objects.filter(assessment=assessment, node_code=code)
        }
        comment = NodeComment.objects.filter(assessment=assessment, node_code=code).first()
        versions["version-_comment"] = comment.version if comment else 0
        sessions.append(
            {
                "username": user.username,
                "assessment": assessment.pk,
                "unit": assessment.unit_id,
                "code": code,
                "versions": versions,
            }
        )
    # This machine's PostgreSQL runs with autovacuum off: without statistics the planner
    # takes the freshly bulk-loaded tables for empty and the evidence queries go from ~4 ms
    # to ~160 ms. A production server's autovacuum analyses them within a minute.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        cursor.execute("ANALYZE")
    print(f"  analysed (autovacuum {autovacuum})", file=sys.stderr)
    return {"sessions": sessions, "autovacuum": autovacuum}


def clone_evidence(source: Any, targets: list[Any]) -> None:
    """The source assessment's documents and links, copied in bulk to the other units.

    ``document_cite`` takes ~3 s per assessment of 90 rows with its audit events: too slow for
    a benchmark's setup; the rows (not their audit trail) are what the pages read.
    """
    from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink

    documents = list(Document.objects.filter(unit=source.unit).order_by("pk"))
    links = list(EvidenceLink.objects.filter(assessment=source).select_related("version"))
    fields = ("kind", "title", "number", "issued_on", "issuer")
    for target in targets:
        made = Document.objects.bulk_create(
            [Document(unit=target.unit, **{f: getattr(d, f) for f in fields}) for d in documents]
        )
        twin = {d.pk: m for d, m in zip(documents, made, strict=True)}
        versions = DocumentVersion.objects.bulk_create(
            [DocumentVersion(document=m, number=1) for m in made]
        )
        version_of = {v.document_id: v for v in versions}
        EvidenceLink.objects.bulk_create(
            [
                EvidenceLink(
                    assessment=target,
                    node_code=link.node_code,
                    document=twin[link.document_id],
                    version=version_of[twin[link.document_id].pk],
                )
                for link in links
            ]
        )


# --- one session's requests ----------------------------------------------------------------


def paths(s: dict[str, Any]) -> dict[str, str]:
    return {
        "page": f"/assessments/{s['assessment']}/",
        "dashboard": f"/dashboards/{s['unit']}/",
        # the area of its sub-criterion (a large framework's list shows one area at a time)
        "evidence": f"/evidence/assessments/{s['assessment']}/?area={s['code'].split('.')[0]}",
        "save": f"/assessments/{s['assessment']}/nodes/{s['code']}/",
    }


VERSION = re.compile(r'name="(version-[^"]+)" value="(\d*)"')


def save_form(s: dict[str, Any], n: int) -> dict[str, str]:
    return {
        **{k: str(v) for k, v in s["versions"].items()},
        "on_time": str(500 + n % 500),
        "total": "1000",
        "_comment": f"Lần lưu {n}",
    }


def check(kind: str, s: dict[str, Any], status: int, text: str) -> bool:
    """Whether the answer is what a user expects; a save's answer carries the new versions."""
    if status != 200:
        return False
    if kind == "save":
        # a conflict's answer carries the latest versions too: the next save uses them (a
        # save that timed out on the client may still have been made by the server)
        s["versions"].update(VERSION.findall(text))
        return "alert-warning" not in text
    panel = 'id="ev-' + s["code"].replace(".", "-") + '"'
    must = {"page": panel, "dashboard": "<svg", "evidence": panel}[kind]
    return must in text


class Client:
    """One browser on loopback: its cookies (set by hand: they are Secure) and one socket."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, username: str) -> bool:
        status, _ = self.request("GET", "/accounts/login/")
        form = {
            "username": username,
            "password": common.PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }
        status2, _ = self.request("POST", "/accounts/login/", form)
        return status == 200 and status2 == 302 and "sessionid" in self.cookies


# --- part cpu: each request in this process ------------------------------------------------


def run_cpu(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.update(common.production_env(args.database_url, Path(args.var)))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client as TestClient

    from parindex.web.accounts.models import User

    s = json.loads(Path(args.sessions).read_text())["sessions"][-1]
    client = TestClient()
    client.force_login(User.objects.get(username=s["username"]))
    urls, rows, n = paths(s), {}, 0

    def call(kind: str) -> Any:
        nonlocal n
        n += 1
        if kind == "save":
            response = client.post(urls[kind], save_form(s, n), HTTP_HX_REQUEST="true")
        else:
            response = client.get(urls[kind])
        assert check(kind, s, response.status_code, response.content.decode()), kind
        return response

    for kind in KINDS:
        for _ in range(3):
            call(kind)
        response, queries = common.counting_queries(connection, lambda k=kind: call(k))
        cpu, wall = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            call(kind)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
        rows[kind] = {
            "cpu_ms": statistics.median(cpu) * 1000,
            "cpu_min_ms": min(cpu) * 1000,
            "wall_ms": statistics.median(wall) * 1000,
            "queries": queries,
            "kib": len(response.content) / 1024,
        }
    return {"cpu": rows, "repeat": args.repeat, "load": os.getloadavg()}


# --- part load: the sessions against gunicorn ----------------------------------------------


def proc_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each of these processes still alive."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings; a process started in between counts in full."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def pg_backends(database_url: str) -> list[int]:
    import psycopg

    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return [int(r[0]) for r in rows]


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Workload:
    """Sessions that act every ``think`` seconds; the think time may change while they run."""

    def __init__(self, port: int, sessions: list[dict[str, Any]], think: float) -> None:
        self.port, self.sessions, self.think = port, sessions, think
        self.results: list[tuple[float, str, float, bool]] = []  # start, kind, seconds, ok
        self.stop = threading.Event()
        self.clients = [Client(port) for _ in sessions]
        self.lock = threading.Lock()
        self.failures: list[str] = []
        self.in_flight: dict[int, float] = {}  # session → start of its current request

    def login_all(self) -> dict[str, Any]:
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            done = list(
                pool.map(
                    lambda pair: pair[0].login(pair[1]["username"]),
                    zip(self.clients, self.sessions, strict=True),
                )
            )
        return {"seconds": time.perf_counter() - start, "failed": done.count(False)}

    def run_session(self, i: int) -> None:
        rng = random.Random(i)
        client, s = self.clients[i], self.sessions[i]
        urls, turn, n = paths(s), rng.randrange(len(KINDS)), 0
        due = time.monotonic() + rng.uniform(0, self.think)
        while not self.stop.wait(max(0.0, due - time.monotonic())):
            kind = KINDS[turn % len(KINDS)]
            turn, n = turn + 1, n + 1
            start = time.monotonic()
            self.in_flight[i] = start
            status: object = 0
            try:
                if kind == "save":
                    code, text = client.request("POST", urls[kind], save_form(s, n), True)
                else:
                    code, text = client.request("GET", urls[kind])
                ok, status = check(kind, s, code, text), code
            except (OSError, http.client.HTTPException) as exc:
                ok, status = False, type(exc).__name__
            elapsed = time.monotonic() - start
            with self.lock:
                self.results.append((start, kind, elapsed, ok))
                self.in_flight.pop(i, None)
                if not ok:
                    self.failures.append(f"{kind} {status}")
            due = start + self.think * rng.uniform(0.8, 1.2)

    def settle(self, end: float, limit: float = 35) -> None:
        """Wait until every request started before ``end`` has been answered (or failed)."""
        until = time.monotonic() + limit
        while time.monotonic() < until:
            with self.lock:
                if all(start >= end for start in self.in_flight.values()):
                    return
            time.sleep(0.1)

    def window(self, since: float, until: float) -> list[tuple[float, str, float, bool]]:
        with self.lock:
            return [r for r in self.results if since <= r[0] < until]


def summarise(results: list[tuple[float, str, float, bool]], seconds: float) -> dict[str, Any]:
    out: dict[str, Any] = {
        "requests": len(results),
        "errors": sum(1 for r in results if not r[3]),
        "per_s": len(results) / seconds if seconds else 0.0,
    }
    for kind in (*KINDS, "all"):
        times = sorted(r[2] for r in results if kind in ("all", r[1]) and r[3])
        out[kind] = {
            "n": len(times),
            "p50_ms": common.percentile(times, 50) * 1000,
            "p95_ms": common.percentile(times, 95) * 1000,
            "max_ms": (times[-1] if times else 0.0) * 1000,
        }
    return out


def gunicorn(args: argparse.Namespace, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    binary = Path(sys.executable).parent / "gunicorn"
    if not binary.exists():
        raise SystemExit(f"{binary} is missing: pip install -e '.[deploy]' first")
    command = [
        str(binary),
        "parindex.config.wsgi:application",
        *("--bind", f"127.0.0.1:{port}", "--backlog", "512", "--timeout", "120"),
        *("--workers", str(args.workers), "--threads", str(args.threads)),
        *("--worker-class", "gthread"),
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def measure(
    work: Workload, seconds: float, server: int, database_url: str
) -> tuple[dict[str, Any], float]:
    """Let the sessions run ``seconds``; the summary of what started and ended in that time."""

    def reading() -> tuple[dict[int, float], dict[int, float], float]:
        gunicorn = proc_cpu([server, *children(server)])
        return gunicorn, proc_cpu(pg_backends(database_url)), client_cpu()

    before = reading()
    load = os.getloadavg()[0]
    start = time.monotonic()
    time.sleep(seconds)
    end = time.monotonic()
    after = reading()
    work.settle(end)
    summary = summarise(work.window(start, end), end - start)
    n = max(1, summary["requests"])
    summary["cpu_ms_per_request"] = {
        "server": cpu_used(before[0], after[0]) / n * 1000,
        "postgres": cpu_used(before[1], after[1]) / n * 1000,
        "client": (after[2] - before[2]) / n * 1000,
    }
    summary["load_before"] = load
    summary["think_s"] = work.think
    return summary, end


def run_load(args: argparse.Namespace) -> dict[str, Any]:
    sessions = json.loads(Path(args.sessions).read_text())["sessions"][:-1][: args.users]
    env = {**os.environ, **common.production_env(args.database_url, Path(args.var))}
    env["DATABASE_CONN_MAX_AGE"] = "600"  # the backends' CPU is read per process
    port = common.free_port()
    server = gunicorn(args, env, port)
    try:
        common.wait_ready(port, server)
        work = Workload(port, sessions, args.think)
        login = work.login_all()
        threads = [
            threading.Thread(target=work.run_session, args=(i,), daemon=True)
            for i in range(len(sessions))
        ]
        for t in threads:
            t.start()
        time.sleep(min(args.think, 5))  # every session has started acting
        steady, _ = measure(work, args.duration, server.pid, args.database_url)
        print(f"  steady: {json.dumps(steady)}", file=sys.stderr)
        steps = []
        for think in args.steps:
            work.think = think
            time.sleep(min(think * 1.2, 3))  # the sessions move to the new pace
            step, _ = measure(work, args.step_duration, server.pid, args.database_url)
            print(f"  step {think}: {json.dumps(step)}", file=sys.stderr)
            steps.append(step)
            if step["all"]["p95_ms"] >= 1000 or step["errors"] or not step["requests"]:
                break
        work.stop.set()
        for t in threads:
            t.join(35)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    ok = [s for s in [steady, *steps] if s["requests"] and not s["errors"]]
    passed = [s for s in ok if s["all"]["p95_ms"] < 1000]
    return {
        "login": login,
        "failures": sorted(set(work.failures))[:20],
        "steady": steady,
        "steps": steps,
        "best": max(passed, key=lambda s: s["per_s"]) if passed else None,
        "server": f"gunicorn {args.workers} workers × {args.threads} threads (gthread)",
        "sessions": len(sessions),
        "duration": args.duration,
    }


# --- the report ----------------------------------------------------------------------------


def cpu_table(cpu: dict[str, Any]) -> str:
    lines = [
        "| request | CPU median ms | CPU min ms | wall median ms | SQL queries | KiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, r in cpu["cpu"].items():
        lines.append(
            f"| {kind} | {r['cpu_ms']:.1f} | {r['cpu_min_ms']:.1f} | {r['wall_ms']:.1f} "
            f"| {r['queries']} | {r['kib']:.0f} |"
        )
    return "\n".join(lines)


def load_table(load: dict[str, Any]) -> str:
    lines = [
        "| think s | load before | requests/s | errors | p50 ms | p95 ms | max ms "
        "| page p95 | dashboard p95 | evidence p95 | save p95 | CPU ms/request: server "
        "| postgres | client |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in [load["steady"], *load["steps"]]:
        cpu = s["cpu_ms_per_request"]
        lines.append(
            f"| {s['think_s']:g} | {s['load_before']:.1f} | {s['per_s']:.1f} | {s['errors']} "
            f"| {s['all']['p50_ms']:.0f} | {s['all']['p95_ms']:.0f} | {s['all']['max_ms']:.0f} "
            + " ".join(f"| {s[k]['p95_ms']:.0f}" for k in KINDS)
            + f" | {cpu['server']:.1f} | {cpu['postgres']:.1f} | {cpu['client']:.1f} |"
        )
    return "\n".join(lines)


def report(cpu: dict[str, Any], load: dict[str, Any], command: str) -> str:
    best = load["best"]
    verdict = (
        f"Highest throughput sustained with p95 < 1 s and no errors: **{best['per_s']:.1f} "
        f"requests/s** (think time {best['think_s']:g} s)."
        if best
        else "No step kept p95 under 1 s without errors."
    )
    steady = load["steady"]
    goal = steady["all"]["p95_ms"] <= 1000 and not steady["errors"]
    return "\n".join(
        [
            BEGIN,
            f"## {load['sessions']} working sessions (`bench_load.py`)",
            "",
            f"`{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"{os.cpu_count()} cores, load average {cpu['load'][0]:.1f} "
            f"{cpu['load'][1]:.1f} {cpu['load'][2]:.1f} at the start (`uptime`).",
            "",
            f"CPU per request through Django's test client ({LEAVES} sub-criteria, every input "
            f"filled, evidence on every row, PostgreSQL), median of {cpu['repeat']}:",
            "",
            cpu_table(cpu),
            "",
            f"{load['server']} on 127.0.0.1, PostgreSQL on the same machine, "
            f"{load['sessions']} sessions logged in once ({load['login']['seconds']:.0f} s, "
            f"{load['login']['failed']} failed), then each acting every think time ±20 % "
            f"(page, dashboard, evidence list, save, in turn) for {load['duration']:g} s; "
            "then the step-up. CPU per request: gunicorn's processes, the database's backends "
            "and the load client itself, over the window.",
            "",
            load_table(load),
            "",
            f"Goal (100 sessions every 5 s: p95 ≤ 1 s, no errors): "
            f"{'met' if goal else 'not met'}. {verdict}",
            END,
        ]
    )


def write_report(section: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


def child(part: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    argv = [sys.executable, __file__, part, "--json", "--var", args.var]
    argv += ["--users", str(args.users), "--repeat", str(args.repeat)]
    argv += ["--database-url", args.database_url, "--sessions", args.sessions]
    done = subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["cpu", "load", "all", "setup"])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--steps", type=float, nargs="*", default=[4.2, 3.6, 3.3, 2.8, 2.5, 2, 1.6, 1.25, 1]
    )
    parser.add_argument("--step-duration", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--var", default="")
    parser.add_argument("--sessions", default="")
    parser.add_argument("--reuse", action="store_true", help="keep the database of --var")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite WEB.md")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        result = setup(args) if args.part == "setup" else run_cpu(args)
        print(json.dumps(result))
        return
    command = "python benchmarks/bench_load.py " + " ".join(sys.argv[1:])
    args.var = args.var or tempfile.mkdtemp(prefix="parindex-bench-load-")
    args.sessions = str(Path(args.var) / "sessions.json")
    env = {**os.environ, **common.production_env(args.database_url, Path(args.var))}
    started = time.monotonic()
    if not (args.reuse and Path(args.sessions).exists()):
        common.recreate_database(args.database_url)
        Path(args.sessions).write_text(json.dumps(child("setup", args, env)))
    print(f"  setup: {time.monotonic() - started:.0f} s", file=sys.stderr)
    cpu = child("cpu", args, env) if args.part in ("cpu", "all") else None
    if cpu:
        print(cpu_table(cpu))
    if args.part in ("load", "all"):
        load = run_load(args)
        print(load_table(load))
        print(f"  login: {load['login']}; failures: {load['failures']}", file=sys.stderr)
        if cpu and not args.no_report:
            write_report(report(cpu, load, command))
    print(f"  total: {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
