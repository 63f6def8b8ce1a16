"""Time ``survey_summary`` (the province dashboard's SIPAS card) on the demo survey.

Builds a fresh SQLite database (or the one in --database-url) with Lào Cai's demo and the
demo SIPAS survey (320 responses), then times, best of --repeat:

- baseline: what ``survey_summary`` used to do — every breakdown (``survey_results``: overall,
  per unit, per service, per unit and service) of which it kept only the overall group;
- parindex: ``survey_summary`` as shipped — the overall and per-factor figures only.

Both must give the same respondents, overall estimate and factor estimates.

Usage: python benchmarks/bench_sipas_summary.py [--repeat 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def setup(database_url: str | None) -> Path | None:
    folder = None
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="parindex-bench-sipas-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return folder


def best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = setup(args.database_url)
    try:
        from parindex.web.assessments.demo import demo_load
        from parindex.web.surveys.demo import surveys_demo_load
        from parindex.web.surveys.services.results import survey_results, survey_summary

        province = demo_load().assessment.unit
        survey = surveys_demo_load()
        survey_summary(province, survey.year)  # parse the form once (cached), as in a server

        def baseline():  # type: ignore[no-untyped-def]
            group = survey_results(survey).overall
            return group.respondents, group.overall, dict(group.factors)

        def shipped():  # type: ignore[no-untyped-def]
            s = survey_summary(province, survey.year)
            assert s is not None
            return s.respondents, s.overall, s.factors

        t_base, r_base = best(baseline, args.repeat)
        t_new, r_new = best(shipped, args.repeat)
        if r_base != r_new:
            print("MISMATCH: the two paths disagree", file=sys.stderr)
            return 1
        n = r_new[0]  # type: ignore[index]
        print(f"survey_summary, demo survey ({n} responses), best of {args.repeat}:")
        print(f"  baseline (every breakdown): {t_base * 1000:8.1f} ms")
        print(f"  parindex (overall only):    {t_new * 1000:8.1f} ms")
        print(f"  speed-up: {t_base / t_new:.1f}x; results identical")
        return 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
