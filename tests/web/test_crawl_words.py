"""Every page, as every role, in both languages: no code and no word of the other language.

The crawler (fuzz_world.py) gives every URL pattern with the demo's real values; each page
(every GET answered with HTML, the Django admin aside: it is the back office, in Django's own
words) is asked for by each role of the demo in Vietnamese and in English, once while the
self-assessment is open and once after the council has appraised it (a decision of each kind,
a returned item explained), and what it shows (page_words.visible_text) is checked by
page_words.problems. Data people typed (page_words.DATA_FIELDS) may be in either language.
A failure lists every word found, with the page, the role and where on the page it stands.

The same is done for a campaign on each other shipped framework (framework_campaigns.py: 876,
892, the department and commune examples), open and then appraised: the pages that name its
assessment, campaign, framework or items, and the lists (pages without parameters), so each
framework's texts (guidance, input labels, units, choices) are read in both languages.
The department example's campaign is also taken past the appraisal: its returned item
explained, the result final, then published (the lists read again once published).
"""

from __future__ import annotations

import itertools
import logging
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.test import Client
from framework_campaigns import OTHER_FRAMEWORKS, appraised, framework_campaign, unit_people
from fuzz_world import Route, real_values, routes
from page_words import context, data_values, problems, visible_text

from parindex.web.assessments.models import AssessmentStatus as S
from parindex.web.assessments.models import ItemAppraisal
from parindex.web.assessments.services import appraisal, workflow
from parindex.web.assessments.services.workflow import self_leaves

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "admin",
    "secretariat",
    "focal",
    "head",
    "appraiser",
    "viewer",
    "focal-snv",
    "outsider",
)
LANGUAGES = ("vi", "en")


def _combos(route: Route, values) -> list[dict[str, str]]:
    choices = [values.get((p.segment, p.name), []) for p in route.params]
    names = [p.name for p in route.params]
    return [dict(zip(names, c, strict=True)) for c in itertools.product(*choices)]


def _clients(users, extra=None) -> dict[tuple[str, str], Client]:
    """A client per role and language; ``extra``: more people by role name."""
    people = {**users, **(extra or {})}
    clients = {}
    for role, language in itertools.product((*ROLES, *(extra or {})), LANGUAGES):
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        clients[role, language] = client
    return clients


def _crawl(
    values, users, only: frozenset[tuple[str, str]] | None = None, extra=None, lists=True
) -> list[str]:
    """Every problem of every page; with ``only``, the pages whose address takes one of those
    parameters, and (``lists``) those that take none; ``extra``: more people to ask as."""
    data = data_values()
    clients = _clients(users, extra)
    found: dict[tuple[str, str], list[str]] = {}
    logging.disable(logging.CRITICAL)
    try:
        for route in routes():
            if route.is_admin:
                continue
            wanted = {(p.segment, p.name) for p in route.params}
            if only is not None and (not wanted & only if wanted else not lists):
                continue
            for combo in _combos(route, values):
                url = route.url(combo)
                for (role, language), client in clients.items():
                    response = client.get(url)
                    kind = response.get("Content-Type", "")
                    if response.status_code != 200 or not kind.startswith("text/html"):
                        continue
                    page = response.content.decode()
                    for shown in LANGUAGES:  # the page's language, and what it marks other
                        text = visible_text(page, shown, default=language)
                        for problem in problems(text, shown, data):
                            word = problem.split(": ", 1)[1].strip("'\"")
                            where = context(text, word)
                            seen = f"{language} {role} {url}"
                            found.setdefault((problem, where), []).append(seen)
    finally:
        logging.disable(logging.NOTSET)
    return [
        f"{problem} in «{where}» — {len(seen)}× e.g. {seen[0]}"
        for (problem, where), seen in sorted(found.items())
    ]


@pytest.fixture
def world(demo, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_RUNNER = "command"
    return real_values(demo, users)


def test_no_page_shows_a_code_or_the_other_language_while_the_unit_assesses(world, users):
    found = _crawl(world, users)
    assert not found, "\n".join(found)


def test_no_page_shows_a_code_or_the_other_language_once_appraised(
    world, demo, users, advance
) -> None:
    demo = advance(demo, S.APPRAISING)
    leaves = self_leaves(demo)
    appraiser = users["appraiser"]
    decisions = [
        ("accept", {}),
        ("adjust", {"points": Decimal("0.5"), "reason": "Thiếu văn bản kiểm tra"}),
        ("return", {"reason": "Đề nghị giải trình số liệu"}),
    ]
    for code, (decision, extra) in zip(leaves, decisions, strict=False):
        appraisal.item_appraise(
            assessment=demo, node_code=code, decision=decision, actor=appraiser, **extra
        )
    found = _crawl(world, users)
    assert not found, "\n".join(found)


#: the parameters that name an assessment, its campaign, its framework or one of its items
FRAMEWORK_PARAMS = frozenset(
    {
        ("assessments", "pk"),
        ("campaigns", "pk"),
        ("nodes", "code"),
        ("appraisal", "code"),
        ("returned", "code"),
        ("appeals", "code"),
        ("inputs", "node_code"),
        ("frameworks", "code"),
        ("frameworks", "pk"),
        ("@", "version"),
        ("apply", "assessment_pk"),
        ("plan-areas", "area"),
    }
)


def _framework_values(values, assessment) -> dict[tuple[str, str], list[str]]:
    """The crawler's values, with ``assessment``'s own for every parameter that names it."""
    version = assessment.campaign.framework_version
    framework = version.framework()
    leaf = next(n.code for n in framework.leaves() if n.scored_by == "self")
    own = {
        ("assessments", "pk"): [str(assessment.pk)],
        ("campaigns", "pk"): [str(assessment.campaign_id)],
        ("frameworks", "code"): [version.code],
        ("frameworks", "pk"): [str(version.pk)],
        ("@", "version"): [version.version],
        ("apply", "assessment_pk"): [str(assessment.pk)],
        ("plan-areas", "area"): [framework.nodes[0].code],
        **{key: [leaf] for key in FRAMEWORK_PARAMS if key[1] in ("code", "node_code")},
    }
    own[("frameworks", "code")] = [version.code]
    return {**values, **own}


@pytest.mark.parametrize("code", OTHER_FRAMEWORKS)
def test_no_page_of_a_campaign_on_any_shipped_framework_shows_a_code_or_the_other_language(
    world, users, code
) -> None:
    """Each shipped framework's texts, its campaign's pages, the lists that name it."""
    assessment = framework_campaign(code, users)
    people = unit_people(assessment, users)  # a department's or a commune's own, too
    values = _framework_values(world, assessment)
    found = _crawl(values, users, only=FRAMEWORK_PARAMS, extra=people)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("code", OTHER_FRAMEWORKS)
def test_no_page_of_a_campaign_on_any_shipped_framework_shows_a_code_once_appraised(
    world, users, code
) -> None:
    """The answers read back (the appraisal page, the returned item) in each framework's words."""
    assessment = appraised(framework_campaign(code, users), users)
    assert assessment.status in (S.APPRAISING, S.RETURNED)  # RETURNED: an item went back
    people = unit_people(assessment, users)
    values = _framework_values(world, assessment)
    # the lists were read with the campaign open: here its own pages
    found = _crawl(values, users, only=FRAMEWORK_PARAMS, extra=people, lists=False)
    assert not found, "\n".join(found)


#: the framework whose campaign is also taken past the appraisal (a department's own words)
LATER_FRAMEWORK = "par-department-example"


def test_a_campaign_on_another_framework_explained_finalised_and_published_shows_no_code(
    world, users
) -> None:
    """The explanation round, the final result and the published one of the department
    example, every role, both languages: its campaign's own pages after each step."""
    assessment = appraised(framework_campaign(LATER_FRAMEWORK, users), users)
    assert assessment.status == S.RETURNED
    people = unit_people(assessment, users)
    values = _framework_values(world, assessment)
    returned = ItemAppraisal.objects.get(assessment=assessment, decision="return")
    appraisal.item_explain(
        assessment=assessment,
        node_code=returned.node_code,
        explanation="Số liệu đã được đối chiếu với sổ theo dõi",
        actor=people["unit focal point"],
        version=returned.version,
    )
    found = [f"explained: {p}" for p in _crawl(values, users, FRAMEWORK_PARAMS, people, False)]
    appraisal.items_accept_remaining(assessment=assessment, actor=users["appraiser"])
    appraisal.assessment_finalise(assessment=assessment, actor=users["secretariat"])
    assessment.refresh_from_db()
    assert assessment.status == S.FINAL and assessment.final_total is not None
    found += [f"final: {p}" for p in _crawl(values, users, FRAMEWORK_PARAMS, people, False)]
    workflow.campaign_publish(campaign=assessment.campaign, actor=users["secretariat"])
    assessment.refresh_from_db()
    assert assessment.status == S.PUBLISHED
    # published: the lists too (the ranking, the public results name the campaign now)
    found += [f"published: {p}" for p in _crawl(values, users, FRAMEWORK_PARAMS, people)]
    assert not found, "\n".join(found)
