"""Benchmark the web upload of a large dossier log: the server's memory while a 2 GiB CSV arrives.

Builds a fresh SQLite site with the demo (user ``secretariat``) in a temporary folder, writes a
CSV of --gib GiB, starts the site under gunicorn (one sync worker, as docs/deploy.md runs it;
Django's runserver when gunicorn is not installed), logs in with curl and posts the file as
the upload form's script does (multipart, ``Accept: application/json``). While it arrives the
server's resident memory (every process of it) is sampled every 0,1 s.

It checks, and refuses to print a figure otherwise, that the upload was stored whole (same
size), recorded once, and that no temporary is left in the uploads folder. Run a second time
with ``--max-mb`` below the file's size to see the refusal: the same memory, nothing stored.

Usage: python benchmarks/bench_upload.py [--gib 2] [--max-mb 4096] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HEADER = "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả;Ngày có kết quả\n"


def write_csv(path: Path, size: int) -> int:
    """A plain valid log of about ``size`` bytes; returns its rows."""
    rows = 0
    block = 20_000
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        written = len(HEADER.encode())
        while written < size:
            lines = "".join(
                f"H{rows + i:010d};Sở Tư pháp;Cấp tỉnh;{1 + i % 28:02d}/03/2020;"
                f"{1 + i % 28:02d}/04/2020;{1 + i % 28:02d}/03/2020\n"
                for i in range(block)
            )
            fh.write(lines)
            written += len(lines.encode())
            rows += block
    return rows


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total


def tree(pid: int) -> list[int]:
    """The server process and its children (gunicorn's master and worker)."""
    out = [pid]
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(c) for c in child.read_text().split()]
    return out


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_kib(tree(self.pid)))
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PY, str(ROOT / "manage.py"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def curl(*args: str) -> str:
    return subprocess.run(["curl", "-sS", *args], check=True, capture_output=True, text=True).stdout


def token(jar: Path) -> str:
    for line in jar.read_text().splitlines():
        if "\tcsrftoken\t" in line:
            return line.split("\t")[-1]
    raise SystemExit("no CSRF cookie")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=2.0)
    parser.add_argument("--max-mb", type=int, default=4096)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="parindex-bench-upload-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PARINDEX_VAR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "parindex.config.settings",
        "DEBUG": "1",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmem",
        "PARINDEX_DOSSIERS_MAX_UPLOAD_MB": str(args.max_mb),
    }
    server = None
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_demo")
        pk = manage(
            env,
            "shell",
            "-c",
            "from parindex.web.organisations.models import Unit;"
            "print(Unit.objects.get(kind='province', code='10', valid_from=None).pk)",
        ).split()[-1]
        csv_path = folder / "nhat-ky-lon.csv"
        t0 = time.perf_counter()
        rows = write_csv(csv_path, int(args.gib * 1024**3))
        size = csv_path.stat().st_size
        print(f"wrote {size:,} bytes, {rows:,} rows in {time.perf_counter() - t0:.1f} s")

        port = free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent))
        if gunicorn:
            cmd = [gunicorn, "parindex.config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
            cmd += ["--timeout", "3600"]
            kind = "gunicorn, 1 sync worker"
        else:
            cmd = [PY, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"]
            kind = "Django runserver"
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                curl("-o", "/dev/null", f"{base}/accounts/login/")
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        jar = folder / "cookies.txt"
        curl("-c", str(jar), "-b", str(jar), "-o", "/dev/null", f"{base}/accounts/login/")
        login = ["-c", str(jar), "-b", str(jar), "-o", "/dev/null", "-w", "%{http_code}"]
        login += ["--data-urlencode", "username=secretariat"]
        login += ["--data-urlencode", "password=parindex-demo"]
        login += ["--data-urlencode", f"csrfmiddlewaretoken={token(jar)}"]
        assert curl(*login, f"{base}/accounts/login/") == "302", "login failed"
        curl("-c", str(jar), "-b", str(jar), "-o", "/dev/null", f"{base}/dossiers/{pk}/")
        idle = rss_kib(tree(server.pid))

        sampler = Sampler(server.pid)
        sampler.start()
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        answer = curl(
            "-b",
            str(jar),
            "-H",
            "Accept: application/json",
            "-w",
            "\n%{http_code}",
            "-F",
            f"csrfmiddlewaretoken={token(jar)}",
            "-F",
            f"file=@{csv_path};type=text/csv",
            f"{base}/dossiers/{pk}/upload/",
        )
        seconds = time.perf_counter() - t0
        sampler.running = False
        sampler.join()
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

        body, _, status = answer.rpartition("\n")
        uploads = folder / "media" / "dossiers"
        stored = [p for p in uploads.rglob("*") if p.is_file() and not p.name.startswith(".")]
        left = [p for p in uploads.rglob(".upload-*")]
        print(f"server: {kind}; maximum upload {args.max_mb:,} MB")
        print(f"answer: HTTP {status} {body[:200]}")
        rate = size / seconds / 1024**2
        print(f"upload: {size / 1024**3:.2f} GiB in {seconds:.1f} s ({rate:.0f} MiB/s)")
        peak = sampler.peak / 1024
        print(f"server RSS: idle {idle / 1024:.0f} MiB, peak while uploading {peak:.0f} MiB")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
        print(f"uptime after: {uptime}")
        if status == "200":
            ok = json.loads(body).get("location") and [p.stat().st_size for p in stored] == [size]
            if not ok or left:
                print(f"FAILED: stored {stored}, temporaries left {left}")
                return 1
            print("stored whole (same size), one file, no temporary left")
        else:
            if stored or left:
                print(f"FAILED: a refused upload left {stored + left}")
                return 1
            print("refused: nothing stored, no temporary left")
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
