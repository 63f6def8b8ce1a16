"""Web tests: Django settings are set here so tests/core keeps running without Django.

Personas (healthchecks style): Lào Cai's demo campaign with one user per role, plus an
outsider, the focal point of another province.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

import pytest  # noqa: E402

from parindex.web.accounts.models import Role, User  # noqa: E402
from parindex.web.accounts.services import user_create  # noqa: E402
from parindex.web.assessments.demo import DEMO_PASSWORD, demo_load  # noqa: E402
from parindex.web.assessments.models import Assessment  # noqa: E402
from parindex.web.organisations.models import Unit, UnitKind  # noqa: E402


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    """Hashing strength is Django's concern; tests use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> Assessment:
    """Lào Cai's 2020 self-assessment with the seed's inputs and the demo users."""
    return demo_load().assessment


@pytest.fixture
def users(demo: Assessment) -> dict[str, User]:
    """The demo users by role name, plus 'outsider' (focal point of Yên Bái) and 'nobody'."""
    found = {u.username: u for u in User.objects.all()}
    yen_bai = Unit.objects.get(kind=UnitKind.PROVINCE, code="15", valid_from=None)
    found["outsider"] = user_create(
        username="outsider",
        password=DEMO_PASSWORD,
        unit=yen_bai,
        roles=[(Role.FOCAL_POINT, yen_bai)],
    )
    found["nobody"] = user_create(username="nobody", password=DEMO_PASSWORD, unit=None)
    return found


@pytest.fixture
def as_user(client, users):
    """Log the client in as a named persona: ``as_user('focal')``."""

    def login(name: str):
        client.force_login(users[name])
        return client

    return login
