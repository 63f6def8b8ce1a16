"""Web tests: Django settings are set here so tests/core keeps running without Django.

Personas (healthchecks style): Lào Cai's demo campaign with one user per role, plus an
outsider, the focal point of another province.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

import pytest  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

from parindex.web.accounts.models import Role, User  # noqa: E402
from parindex.web.accounts.services import user_create  # noqa: E402
from parindex.web.assessments.demo import CAMPAIGN_NAME, DEMO_PASSWORD, demo_load  # noqa: E402
from parindex.web.assessments.models import Assessment  # noqa: E402
from parindex.web.organisations.models import Unit, UnitKind  # noqa: E402
from suite_state import SHARED_DATA_RELOAD  # noqa: E402

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Hashing strength is Django's concern; tests use a fast hasher."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the site's default language. A request in English leaves Django's
    active language English in this thread (the locale middleware activates, never resets), so
    a later test reading a notification's words outside a request would read English."""
    translation.deactivate()
    yield
    translation.deactivate()


def _personas_load() -> None:
    """The demo (idempotent) plus 'outsider' (focal point of Yên Bái) and 'nobody'."""
    demo_load()
    if not User.objects.filter(username="outsider").exists():
        yen_bai = Unit.objects.get(kind=UnitKind.PROVINCE, code="15", valid_from=None)
        user_create(
            username="outsider",
            password=DEMO_PASSWORD,
            unit=yen_bai,
            roles=[(Role.FOCAL_POINT, yen_bai)],
        )
    if not User.objects.filter(username="nobody").exists():
        user_create(username="nobody", password=DEMO_PASSWORD, unit=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """Build the demo and the personas once per test database (once per xdist worker).

    Every test then runs in a transaction over this data and rolls it back, so it starts from
    the same state without rebuilding the demo (~900 queries) each time. A transactional test
    (the live server, the concurrency test) flushes the database when it ends; tests/conftest.py
    then builds the shared data again before the next test that is not transactional.
    """

    def load() -> None:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            _personas_load()

    load()
    SHARED_DATA_RELOAD[:] = [load]


@pytest.fixture
def demo(db: None) -> Assessment:
    """Lào Cai's 2020 self-assessment with the seed's inputs and the demo users."""
    found = (
        Assessment.objects.filter(campaign__name=CAMPAIGN_NAME, unit__kind=UnitKind.PROVINCE)
        .filter(unit__code="10", unit__valid_from=None)
        .first()
    )
    if found is None or not User.objects.filter(username="nobody").exists():
        _personas_load()  # a transactional test before this one flushed the database
        return demo_load().assessment
    return found


@pytest.fixture
def users(demo: Assessment) -> dict[str, User]:
    """The demo users by role name, plus 'outsider' (focal point of Yên Bái) and 'nobody'."""
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def as_user(client, users):
    """Log the client in as a named persona: ``as_user('focal')``."""

    def login(name: str):
        client.force_login(users[name])
        return client

    return login


# --- the assessment workflow (tests/web/test_workflow_*.py) ---------------------------------


class Clock:
    """The one clock (time-machine), moved by tests across deadlines: ``clock.now = …``.

    Time stands still where the test puts it, for the services and everything else.
    """

    def __init__(self, machine) -> None:
        from django.utils import timezone

        self.machine = machine
        machine.move_to(timezone.now(), tick=False)

    @property
    def now(self):
        from django.utils import timezone

        return timezone.now()

    @now.setter
    def now(self, value) -> None:
        self.move_to(value)

    def move_to(self, value) -> None:
        self.machine.move_to(value, tick=False)

    def __call__(self):
        return self.now


@pytest.fixture
def clock(time_machine) -> Clock:
    """Stop time at the real now; tests move it (``clock.now = deadline + minute``)."""
    return Clock(time_machine)


@pytest.fixture
def no_gaps(demo, users) -> None:
    """Every self-scored sub-criterion of the demo has evidence: submission finds no gaps.

    One cited decision of the province, linked to each item by the focal point through the
    evidence services, as a unit would before submitting.
    """
    import datetime

    from parindex.web.assessments.services.workflow import self_leaves
    from parindex.web.evidence.services import document_cite, evidence_link

    version = document_cite(
        unit=demo.unit,
        number="114/BC-UBND",
        issued_on=datetime.date(2020, 12, 15),
        issuer="UBND tỉnh Lào Cai",
        title="Báo cáo kết quả công tác cải cách hành chính năm 2020",
        actor=users["focal"],
    )
    for code in self_leaves(demo):
        evidence_link(assessment=demo, node_code=code, version=version, actor=users["focal"])


@pytest.fixture
def advance(users, no_gaps):
    """Move an assessment through the workflow up to ``status`` with the right personas."""
    from parindex.web.assessments.models import AssessmentStatus as S
    from parindex.web.assessments.services import workflow

    steps = [
        (S.PENDING, lambda a: workflow.assessment_submit(assessment=a, actor=users["focal"])),
        (S.SUBMITTED, lambda a: workflow.assessment_confirm(assessment=a, actor=users["head"])),
        (
            S.APPRAISING,
            lambda a: workflow.assessment_appraisal_start(assessment=a, actor=users["secretariat"]),
        ),
    ]

    def run(assessment: Assessment, status: str) -> Assessment:
        for reached, step in steps:
            step(assessment)
            if reached == status:
                break
        assessment.refresh_from_db()
        return assessment

    return run
