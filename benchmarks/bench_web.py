"""Benchmark the web application: the self-assessment page, and 100 users at once on loopback.

page  The self-assessment page of synthetic frameworks of 20, 45 and 90 sub-criteria (every
      input filled, a comment on every other row, evidence cited on every row when the
      evidence app is installed): server time through Django's test client (median of
      --repeat) and SQL queries. The query count must not grow with the framework.
load  100 users on loopback against gunicorn and PostgreSQL: each logs in, then --rounds
      times opens its assessment page (90 sub-criteria) and posts one input (htmx), all at
      once. p50/p95/max latency and errors, for a baseline server (one sync worker, one
      request at a time) and the deployment shape (2 workers × 8 threads).
all   Both, and rewrite benchmarks/WEB.md with the figures (its ``bench_load.py`` section,
      the issue's workload of 100 sessions each acting every 5 s, is kept).

Production settings (DEBUG=0, hashed static files, PBKDF2 passwords) for both parts. Traffic
goes to 127.0.0.1 only. The load part needs PostgreSQL (--database-url, default
postgres://postgres@127.0.0.1:5432/parindex_bench; the database is dropped and recreated)
and gunicorn (the ``deploy`` extra).

Usage: python benchmarks/bench_web.py all [--users 100] [--rounds 3] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.client
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "benchmarks" / "WEB.md"
PASSWORD = "bench-password-1"
SIZES = (20, 45, 90)
LOAD_LEAVES = 90
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/parindex_bench"
SERVERS = {
    "baseline: gunicorn 1 sync worker": ["--workers", "1", "--worker-class", "sync"],
    "gunicorn 2 workers × 8 threads": [
        "--workers",
        "2",
        "--threads",
        "8",
        "--worker-class",
        "gthread",
    ],
}


# --- the synthetic framework ----------------------------------------------------------------


def framework_yaml(leaves: int) -> str:
    """8 areas of criteria of up to 5 sub-criteria, ``leaves`` sub-criteria (1 point each)."""
    areas = 8
    counts = [leaves // areas + (1 if a < leaves % areas else 0) for a in range(areas)]
    lines = [
        "schema: parindex/framework/1",
        f"code: bench-{leaves}",
        f'title: "Bộ tiêu chí thử tải {leaves} tiêu chí thành phần"',
        'legal_basis: "thử tải"',
        'version: "1"',
        "years: [2026]",
        "unit_kind: province",
        "blocks:",
        f'  - {{code: appraisal, title: "Thẩm định", max: {leaves}}}',
        "nodes:",
    ]
    for a, count in enumerate(counts, start=1):
        lines += [f'  - code: "{a}"', f'    title: "Lĩnh vực {a}"', f"    max: {count}"]
        lines += ["    block: appraisal", "    children:"]
        left, c = count, 0
        while left:
            c, n = c + 1, min(5, left)
            left -= n
            lines += [f'      - code: "{a}.{c}"', f'        title: "Tiêu chí {a}.{c}"']
            lines += [f"        max: {n}", "        children:"]
            for s in range(1, n + 1):
                lines += [
                    f'          - code: "{a}.{c}.{s}"',
                    f'            title: "Tỷ lệ hồ sơ giải quyết đúng hạn {a}.{c}.{s}"',
                    "            max: 1",
                    '            evidence: ["Báo cáo kết quả giải quyết TTHC của đơn vị"]',
                    '            guidance: "Điểm = điểm tối đa × số hồ sơ đúng hạn / tổng số."',
                    "            inputs:",
                    '              on_time: {kind: count, title: "Số hồ sơ đúng hạn"}',
                    '              total: {kind: count, title: "Tổng số hồ sơ"}',
                    "            rule: {kind: proportional, numerator: on_time,"
                    " denominator: total}",
                    "            explain:",
                    '              vi: "không đạt điểm tối đa do tỷ lệ là'
                    ' {numerator}/{denominator}"',
                ]
    return "\n".join(lines) + "\n"


# --- Django in this process (children only: settings come from the environment) ------------


def django_up(database_url: str, var: Path) -> None:
    os.environ.update(production_env(database_url, var))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def production_env(database_url: str, var: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "parindex.config.settings",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "PARINDEX_VAR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "LOG_LEVEL": "WARNING",
        # 100 logins from one address are the point here, not an attack.
        "PARINDEX_LOCKOUT_ATTEMPTS": "1000",
    }


def build_campaign(leaves: int, units: int, tag: str) -> tuple[Any, list[Any], list[str]]:
    """A campaign of ``units`` provinces on the ``leaves`` framework, every input filled."""
    from django.contrib.auth.hashers import make_password

    from parindex.web.accounts.models import Membership, Role, User
    from parindex.web.assessments.models import InputValue, NodeComment
    from parindex.web.assessments.services.campaigns import (
        campaign_create,
        framework_version_import,
    )
    from parindex.web.organisations.models import Unit, UnitKind

    version = framework_version_import(text=framework_yaml(leaves), source=f"bench-{leaves}")
    framework = version.framework()
    codes = [n.code for n in framework.leaves()]
    made = Unit.objects.bulk_create(
        [
            Unit(kind=UnitKind.PROVINCE, code=f"{tag}{i:03d}", name=f"Tỉnh thử {tag}{i:03d}")
            for i in range(units)
        ]
    )
    made = list(Unit.objects.filter(code__startswith=tag).order_by("code"))
    campaign = campaign_create(
        name=f"Thử tải {leaves} tiêu chí ({tag})",
        framework_version=version,
        year=2026,
        organiser=made[0],
        units=made,
    )
    assessments = list(campaign.assessments.select_related("unit").order_by("unit__code"))
    password = make_password(PASSWORD)  # hashed once: 100 PBKDF2 hashes would be the setup
    users = User.objects.bulk_create(
        [
            User(username=f"{tag}-focal-{i:03d}", password=password, unit=u)
            for i, u in enumerate(made)
        ]
    )
    users = list(User.objects.filter(username__startswith=f"{tag}-focal-").order_by("username"))
    Membership.objects.bulk_create(
        [
            Membership(user=user, unit=u, role=Role.FOCAL_POINT)
            for user, u in zip(users, made, strict=True)
        ]
    )
    rng = random.Random(leaves)
    values = []
    for a in assessments:
        for code in codes:
            total = rng.randint(50, 5000)
            for name, value in (("on_time", rng.randint(total // 2, total)), ("total", total)):
                values.append(
                    InputValue(assessment=a, node_code=code, input_name=name, value=str(value))
                )
    InputValue.objects.bulk_create(values)
    NodeComment.objects.bulk_create(
        [
            NodeComment(assessment=a, node_code=code, text=f"Ghi chú {code}: báo cáo số 12/BC")
            for a in assessments
            for code in codes[::2]
        ]
    )
    attach_evidence(assessments[:1], codes)
    return campaign, list(zip(users, assessments, strict=True)), codes


def evidence_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("parindex.web.evidence")


def attach_evidence(assessments: list[Any], codes: list[str]) -> int:
    """Cite one document per sub-criterion and one shared by all, if the evidence app is on."""
    if not evidence_installed():
        return 0
    from parindex.web.evidence.services import document_cite, evidence_link

    links = 0
    for a in assessments:
        shared = document_cite(
            unit=a.unit,
            number="01/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            issuer="UBND tỉnh",
            title="Kế hoạch cải cách hành chính năm 2026",
            actor=None,
        )
        for i, code in enumerate(codes, start=2):
            document_cite(
                unit=a.unit,
                number=f"{i}/BC-UBND",
                issued_on=datetime.date(2026, 3, 1),
                issuer="UBND tỉnh",
                title=f"Báo cáo kết quả {code}",
                actor=None,
                assessment=a,
                node_code=code,
            )
            evidence_link(assessment=a, node_code=code, version=shared, actor=None)
            links += 2
    return links


# --- part a: the page --------------------------------------------------------------------


def run_page(args: argparse.Namespace) -> dict[str, Any]:
    var = Path(tempfile.mkdtemp(prefix="parindex-bench-page-"))
    django_up(args.page_database_url or f"sqlite:///{var / 'bench.sqlite3'}", var)
    from django.db import connection
    from django.test import Client

    rows = []
    for leaves in SIZES:
        _, pairs, _ = build_campaign(leaves, units=1, tag=f"P{leaves}")
        user, assessment = pairs[0]
        client = Client()
        client.force_login(user)
        url = assessment.get_absolute_url()
        for _ in range(3):  # warm the framework cache, templates, connection
            assert client.get(url).status_code == 200
        response, queries = counting_queries(connection, functools.partial(client.get, url))
        assert response.status_code == 200, response.status_code
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append(time.perf_counter() - start)
            # CPU time of this process: what the page costs, whatever else the machine runs
            cpu.append(time.process_time() - start_cpu)
        rows.append(
            {
                "leaves": leaves,
                "queries": queries,
                "median_ms": statistics.median(times) * 1000,
                "min_ms": min(times) * 1000,
                "cpu_ms": statistics.median(cpu) * 1000,
                "kib": len(response.content) / 1024,
                "evidence": evidence_installed(),
            }
        )
    return {"page": rows, "database": connection.vendor, "repeat": args.repeat}


def counting_queries(connection: Any, call: Any) -> tuple[Any, int]:
    """``call()`` and the number of SQL statements it ran on ``connection``."""
    count = 0

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = call()
    return result, count


# --- part b: 100 users -------------------------------------------------------------------


def setup_load(args: argparse.Namespace) -> dict[str, Any]:
    var = Path(args.var)
    django_up(args.database_url, var)
    _, pairs, codes = build_campaign(LOAD_LEAVES, units=args.users, tag="L")
    return {
        "users": [
            {"username": u.username, "assessment": a.pk, "code": codes[i % len(codes)]}
            for i, (u, a) in enumerate(pairs)
        ]
    }


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Session:
    """One user's browser: cookies by hand (the cookies are Secure; this is plain loopback)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str, float]:
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
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, elapsed


def hidden_versions(page: str, action: str) -> dict[str, str]:
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="(version-[^"]+)" value="(\d*)"', form))


def virtual_user(
    port: int,
    user: dict[str, Any],
    rounds: int,
    deadline: float,
    out: list[tuple[str, float, bool]],
) -> None:
    session = Session(port, timeout=max(1.0, deadline - time.monotonic()))

    def record(kind: str, ok: bool, elapsed: float) -> None:
        out.append((kind, elapsed, ok))

    try:
        status, _, t1 = session.request("GET", "/accounts/login/")
        form = {
            "username": user["username"],
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        }
        status2, _, t2 = session.request("POST", "/accounts/login/", form)
        record(
            "login", status == 200 and status2 == 302 and "sessionid" in session.cookies, t1 + t2
        )
        page_url = f"/assessments/{user['assessment']}/"
        action = f"/assessments/{user['assessment']}/nodes/{user['code']}/"
        for r in range(rounds):
            if time.monotonic() > deadline:
                record("page", False, 0.0)
                return
            status, page, elapsed = session.request("GET", page_url)
            record("page", status == 200 and user["code"] in page, elapsed)
            if status != 200:
                continue
            form = {
                **hidden_versions(page, action),
                "on_time": str(900 + r),
                "total": "1000",
                "_comment": f"Vòng {r}",
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            }
            status, text, elapsed = session.request("POST", action, form, htmx=True)
            record("update", status == 200 and "alert-warning" not in text, elapsed)
    except Exception:  # a refused or timed-out connection is an error to count
        record("error", False, 0.0)


def load_once(port: int, users: list[dict[str, Any]], rounds: int, limit: float) -> dict[str, Any]:
    results: list[tuple[str, float, bool]] = []
    load_before = os.getloadavg()[0]
    deadline = time.monotonic() + limit
    threads = [
        threading.Thread(target=virtual_user, args=(port, u, rounds, deadline, results))
        for u in users
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic() + 5))
    wall = time.perf_counter() - start
    summary: dict[str, Any] = {"wall_s": wall, "requests": len(results), "load": load_before}
    for kind in ("login", "page", "update", "page+update"):
        kinds = ("page", "update") if kind == "page+update" else (kind,)
        ok = sorted(e for k, e, good in results if k in kinds and good)
        summary[kind] = {
            "n": len(ok),
            "p50_ms": percentile(ok, 50) * 1000,
            "p95_ms": percentile(ok, 95) * 1000,
            "max_ms": (ok[-1] if ok else 0) * 1000,
        }
    summary["errors"] = sum(1 for _, _, good in results if not good)
    summary["unfinished_users"] = sum(1 for t in threads if t.is_alive())
    return summary


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def wait_ready(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if Session(port, 2).request("GET", "/accounts/login/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within a minute")


def run_load(args: argparse.Namespace) -> dict[str, Any]:
    recreate_database(args.database_url)
    var = Path(tempfile.mkdtemp(prefix="parindex-bench-load-"))
    env = {**os.environ, **production_env(args.database_url, var)}
    setup = child(["setup-load", "--var", str(var)], args, env)
    users = setup["users"]
    results = {}
    for name, options in SERVERS.items():
        port = free_port()
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "parindex.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
            "--timeout",
            "120",
            *options,
        ]
        server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        try:
            wait_ready(port, server)
            results[name] = load_once(port, users, args.rounds, args.time_limit)
        finally:
            server.terminate()
            server.wait(30)
        print(f"  {name}: {json.dumps(results[name])}", file=sys.stderr)
    return {"load": results, "users": len(users), "rounds": args.rounds}


# --- driver ------------------------------------------------------------------------------


def child(argv: list[str], args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Run a part in a fresh interpreter (Django's settings are per process); return its JSON."""
    common = [
        "--users",
        str(args.users),
        "--rounds",
        str(args.rounds),
        "--repeat",
        str(args.repeat),
        "--database-url",
        args.database_url,
    ]
    done = subprocess.run(
        [sys.executable, __file__, *argv, *common, "--json"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
    )
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def page_table(result: dict[str, Any]) -> str:
    lines = [
        "| sub-criteria | SQL queries | server time, median ms | min ms | CPU median ms "
        "| page KiB | evidence |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["page"]:
        lines.append(
            f"| {r['leaves']} | {r['queries']} | {r['median_ms']:.1f} | {r['min_ms']:.1f} "
            f"| {r.get('cpu_ms', float('nan')):.1f} | {r['kib']:.0f} "
            f"| {'cited on every row' if r['evidence'] else 'app not installed'} |"
        )
    return "\n".join(lines)


def load_table(result: dict[str, Any]) -> str:
    lines = [
        "| server | requests | login p50/p95 ms | page+update p50 ms | p95 ms | max ms "
        "| errors | wall s | load before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in result["load"].items():
        both = r["page+update"]
        lines.append(
            f"| {name} | {r['requests']} | {r['login']['p50_ms']:.0f}/{r['login']['p95_ms']:.0f} "
            f"| {both['p50_ms']:.0f} | {both['p95_ms']:.0f} | {both['max_ms']:.0f} "
            f"| {r['errors']} | {r['wall_s']:.1f} | {r.get('load', 0):.1f} |"
        )
    lines.append("")
    lines.append("| server | page p50/p95 ms | update (htmx post) p50/p95 ms |")
    lines.append("|---|---:|---:|")
    for name, r in result["load"].items():
        p, u = r["page"], r["update"]
        lines.append(
            f"| {name} | {p['p50_ms']:.0f}/{p['p95_ms']:.0f} "
            f"| {u['p50_ms']:.0f}/{u['p95_ms']:.0f} |"
        )
    return "\n".join(lines)


def page_reading(page: dict[str, Any]) -> str:
    rows = page["page"]
    counts = sorted({r["queries"] for r in rows})
    first, last = rows[0], rows[-1]
    per_leaf = [r["median_ms"] / r["leaves"] for r in rows]
    kib_per_leaf = [r["kib"] / r["leaves"] for r in rows]
    verdict = (
        f"The query count is constant ({counts[0]}) from {first['leaves']} to "
        f"{last['leaves']} sub-criteria."
        if len(counts) == 1
        else f"The query count varies ({', '.join(map(str, counts))}): an N+1 has crept in."
    )
    return (
        f"{verdict} Server time per sub-criterion: "
        + ", ".join(f"{t:.1f}" for t in per_leaf)
        + " ms; page size per sub-criterion: "
        + ", ".join(f"{k:.1f}" for k in kib_per_leaf)
        + " KiB. Until 2026-11-26 every row's evidence panel repeated a select of all the "
        "unit's documents (rows × documents options; ~85 % of the 90-row page under "
        "cProfile); the library is now listed once, when a row's link form is opened "
        "(htmx), so the page grows linearly. CPU time is the page's own cost, whatever else "
        "the machine runs; wall times move with the load."
    )


def write_report(page: dict[str, Any], load: dict[str, Any] | None) -> str:
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {datetime.date.today():%Y-%m-%d}, "
        f"load average {os.getloadavg()[0]:.1f} when the report was written (other work on "
        "the machine inflates every figure; compare rows of one run, not runs)"
    )
    text = [
        "# Web benchmarks (`bench_web.py`)",
        "",
        "Written by `python benchmarks/bench_web.py all`; not part of the test suite. "
        f"Machine: {machine}. Production settings (DEBUG=0, PBKDF2 passwords, hashed static "
        "files).",
        "",
        "## The self-assessment page: constant queries in the number of sub-criteria",
        "",
        "A synthetic framework (8 areas, criteria of up to 5 sub-criteria, two inputs each, a "
        "proportional rule) imported with `framework_version_import` and opened with "
        "`campaign_create`; every input filled, a comment on every other row, and when the "
        "evidence app is installed one citation per sub-criterion plus one shared by all. Server "
        f"time through Django's test client, median of {page['repeat']} requests after 3 warm-up "
        f"ones ({page['database']}).",
        "",
        page_table(page),
        "",
        page_reading(page),
        "",
    ]
    if load is not None:
        text += [
            f"## {load['users']} users at once on loopback",
            "",
            f"gunicorn on 127.0.0.1 with PostgreSQL; {load['users']} threads in one client "
            "process on the same 2-core machine start together: each logs in (GET and POST the "
            f"form), then {load['rounds']} times opens its own assessment page "
            f"({LOAD_LEAVES} sub-criteria, every input filled) and posts one sub-criterion's "
            "inputs as htmx does. A request is an error if its status is unexpected, the "
            "update reports a conflict, or the connection fails. Baseline: one sync worker "
            "(one request at a time).",
            "",
            load_table(load),
            "",
        ]
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    begin, end = "<!-- bench_load: begin -->", "<!-- bench_load: end -->"
    if begin in old and end in old:  # bench_load.py's section stays, at the top
        head = old[: old.index(end) + len(end)]
        text = [head, "", *text[2:]]  # without its title: the file has one
    REPORT.write_text("\n".join(text), encoding="utf-8")
    return "\n".join(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["page", "load", "all", "setup-load"])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=300, help="seconds per server")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--page-database-url", default="", help="default: a temporary SQLite")
    parser.add_argument("--var", default="")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "setup-load":
        print(json.dumps(setup_load(args)))
        return
    if args.part == "page" and args.json:
        print(json.dumps(run_page(args)))
        return
    if args.part == "page":
        page = child(["page"], args, dict(os.environ))
        print(page_table(page))
        return
    if args.part == "load":
        print(load_table(run_load(args)))
        return
    page = child(["page"], args, dict(os.environ))
    print(page_table(page), file=sys.stderr)
    load = run_load(args)
    print(write_report(page, load))


if __name__ == "__main__":
    main()
