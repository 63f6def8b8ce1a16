"""Benchmark the internal-index dashboard page over 3 400 units, rendered through Django.

Builds a fresh SQLite database (or the one in --database-url) with Lào Cai's demo, 40
departments and 3 360 communes, and a published campaign for each kind (1149 framework, 21
sub-criteria per unit: 71 400 final scores), then times GET /dashboards/<province>/internal/
through Django's test client (server time: middleware, queries, charts, template), best of
--repeat, for the communes (3 360 units) and the departments (40):

- baseline: a naive loader — one query per unit for its final scores, model instances;
- parindex: the page as shipped — one query for every unit's final scores (values_list).

Both must render the same tables (checksum of the page's data tables). The page shows one
page of 50 units of the ranking and the heat map; the Excel export (also timed) holds all.

Usage: python benchmarks/bench_dashboard_web.py [--repeat 5] [--communes 3360]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(database_url: str | None) -> Path | None:
    """Point Django at the database (a fresh SQLite file by default) and migrate it."""
    folder = None
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="parindex-bench-dashboard-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
    os.environ.setdefault("DEBUG", "1")  # static files unhashed; the query log is kept
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return folder


def populate(communes: int, departments: int) -> tuple[object, object]:
    import random

    from parindex.web.accounts.models import User
    from parindex.web.assessments.demo import demo_load
    from parindex.web.dashboards.synthetic import published_results_create
    from parindex.web.organisations.models import Unit, UnitKind

    demo = demo_load().assessment
    province = demo.unit
    district = Unit.objects.get(kind=UnitKind.DISTRICT, code="080")
    Unit.objects.bulk_create(
        [
            Unit(
                kind=UnitKind.DEPARTMENT, code=f"B-{i:03d}", name=f"Sở thử {i:03d}", parent=province
            )
            for i in range(departments)
        ]
        + [
            Unit(kind=UnitKind.COMMUNE, code=f"X-{i:05d}", name=f"Xã thử {i:05d}", parent=district)
            for i in range(communes)
        ],
        batch_size=1000,
    )
    rng = random.Random(7)
    for kind, prefix in ((UnitKind.DEPARTMENT, "B-"), (UnitKind.COMMUNE, "X-")):
        units = list(Unit.objects.filter(kind=kind, code__startswith=prefix).order_by("code"))
        bases = [Decimal(rng.randint(450, 990)) / 1000 for _ in units]
        published_results_create(
            name=f"Bench {kind} 2020",
            organiser=province,
            framework_version=demo.campaign.framework_version,
            year=2020,
            units=units,
            share=lambda i, code, bases=bases: (
                bases[i] - (Decimal(len(code) % 3) / 20)
            ),  # varies by criterion
        )
    return province, User.objects.get(username="viewer")


def naive_final_cards(framework, units, year):
    """The baseline: one query per unit, model instances (what a first version would do)."""
    from parindex.core.numbers import ZERO
    from parindex.core.rules import Outcome
    from parindex.core.scoring import Scorecard
    from parindex.web.assessments.models import Assessment, ItemScore, ItemStage

    cards = []
    for pk in units:
        assessment = Assessment.objects.select_related("unit").get(pk=pk)
        points = {}
        for score in ItemScore.objects.filter(assessment=assessment, stage=ItemStage.FINAL):
            points[score.node_code] = score.points
        values = {leaf.code: points.get(leaf.code, ZERO) for leaf in framework.leaves()}
        for node in reversed(list(framework.walk())):
            if not node.is_leaf:
                values[node.code] = sum((values[c.code] for c in node.children), ZERO)
        outcomes = {leaf.code: Outcome(values[leaf.code], "final") for leaf in framework.leaves()}
        cards.append(Scorecard(framework, assessment.unit.code, year, values, outcomes, {}))
    return cards


def checksum(html: str) -> str:
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    return hashlib.sha256("".join(tables).encode()).hexdigest()[:12]


def timed(client, url: str, repeat: int) -> tuple[float, str, int]:
    best, body = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        best = min(best, time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        body = response.content
    return best, body.decode(), len(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--communes", type=int, default=3360)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = setup(args.database_url)
    try:
        return run(args)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    from django.test import Client
    from django.urls import reverse

    from parindex.web.dashboards import build

    start = time.perf_counter()
    province, viewer = populate(args.communes, args.departments)
    built = time.perf_counter() - start
    client = Client()
    client.force_login(viewer)
    units = args.communes + args.departments
    print(
        f"Internal-index dashboard page, {units} units ({args.departments} departments, "
        f"{args.communes} communes), data built in {built:.1f} s; best of {args.repeat}"
    )
    print(f"{'page':<26}{'method':<10}{'seconds':>9}{'KB':>8}  checksum")
    shipped = build.final_cards
    worst = 0.0
    for kind in ("commune", "department"):
        url = reverse("dashboards:internal", args=[province.pk]) + f"?kind={kind}"
        results = {}
        for method in ("baseline", "parindex"):
            build.final_cards = naive_final_cards if method == "baseline" else shipped
            seconds, html, size = timed(client, url, args.repeat)
            results[method] = checksum(html)
            if method == "parindex":
                worst = max(worst, seconds)
            line = f"{kind + ' page':<26}{method:<10}{seconds:>9.3f}{size / 1024:>8.0f}"
            print(f"{line}  {results[method]}")
        build.final_cards = shipped
        assert results["baseline"] == results["parindex"], "baseline and parindex differ"
    export = reverse("dashboards:export", args=[province.pk, "internal"]) + "?kind=commune"
    seconds, _html, size = timed_bytes(client, export, args.repeat)
    print(f"{'commune Excel (all)':<26}{'parindex':<10}{seconds:>9.3f}{size / 1024:>8.0f}")
    verdict = "met" if worst <= 1.0 else "NOT met"
    print(f"goal (page at most 1 s server time): {verdict}")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    return 0


def timed_bytes(client, url: str, repeat: int) -> tuple[float, bytes, int]:
    best, body = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        best = min(best, time.perf_counter() - start)
        body = response.content
    return best, body, len(body)


if __name__ == "__main__":
    sys.exit(main())
