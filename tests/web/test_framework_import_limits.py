"""The assessment services' framework import reads YAML through the core, so it is bounded too."""

from __future__ import annotations

import pytest

from bombs import ALIAS_BOMB, DEEP
from parindex.core.errors import FrameworkError
from parindex.core.limits import CODE
from parindex.web.assessments.models import FrameworkVersion
from parindex.web.assessments.services.campaigns import framework_version_import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "limit"), [(ALIAS_BOMB, "yaml_nodes"), (DEEP, "yaml_depth")], ids=["aliases", "deep"]
)
def test_a_framework_yaml_bomb_is_refused_and_no_version_is_stored(users, text, limit):
    before = FrameworkVersion.objects.count()

    with pytest.raises(FrameworkError) as excinfo:
        framework_version_import(text=text, actor=users["admin"], source="bomb.yaml")

    (problem,) = excinfo.value.problems
    assert (problem.code, problem.source, problem.params["limit"]) == (CODE, "bomb.yaml", limit)
    assert FrameworkVersion.objects.count() == before
