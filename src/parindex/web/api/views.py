"""API endpoints: parse, check permissions as the pages do, call the services, answer JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.core.errors import InputError
from parindex.core.model import Node
from parindex.presentation.numbers import fmt_datetime
from parindex.presentation.serialize import framework_dict, plain
from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.api import payloads, present
from parindex.web.api.endpoint import api_view, json_body
from parindex.web.api.errors import ApiError, bad_request, forbidden, not_found
from parindex.web.api.openapi import document as openapi_doc
from parindex.web.assessments.models import (
    Assessment,
    Campaign,
    FrameworkVersion,
    InputValue,
)
from parindex.web.assessments.permissions import (
    assessments_visible_to,
    can_create_campaign,
    can_edit_assessment,
)
from parindex.web.assessments.services import selectors
from parindex.web.assessments.services.errors import (
    AssessmentLockedError,
    DeadlinePassedError,
    InputConflictError,
    NotAllowedError,
)
from parindex.web.assessments.services.inputs import (
    InputSetResult,
    assessment_input_set,
    input_set_check,
)
from parindex.web.site.language import lang as page_lang
from parindex.web.site.params import int_param

LANGS = ("vi", "en")


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    value = int_param(raw)
    if value is None:
        raise bad_request(
            "bad_parameter",
            _("Tham số không hợp lệ."),
            [{"parameter": name, "value": raw, "message": _("Cần một số nguyên.")}],
        )
    return value


def _visible_assessments(request: HttpRequest):
    return assessments_visible_to(request.user).select_related(
        "campaign__framework_version", "campaign__organiser", "unit"
    )


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    # Another unit's assessment is not found rather than forbidden, as on the pages.
    return get_object_or_404(_visible_assessments(request), pk=pk)


def _status_counts(request: HttpRequest, campaign_ids: list[int] | None = None):
    rows = assessments_visible_to(request.user)
    if campaign_ids is not None:
        rows = rows.filter(campaign_id__in=campaign_ids)
    counts: dict[int, Counter[str]] = {}
    for row in rows.values("campaign_id", "status").annotate(n=Count("pk")).order_by():
        counts.setdefault(row["campaign_id"], Counter())[row["status"]] = row["n"]
    return counts


def campaign_list(request: HttpRequest) -> dict[str, Any]:
    """Campaigns in which the user sees at least one assessment, with status counts."""
    counts = _status_counts(request)
    campaigns = Campaign.objects.filter(pk__in=list(counts)).select_related(
        "framework_version", "organiser"
    )
    return {"campaigns": [present.campaign(c, counts[c.pk]) for c in campaigns]}


def campaign_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One campaign with the assessments the user sees in it."""
    counts = _status_counts(request, [pk])
    if pk not in counts:
        raise not_found()
    campaign = get_object_or_404(
        Campaign.objects.select_related("framework_version", "organiser"), pk=pk
    )
    assessments = _visible_assessments(request).filter(campaign_id=pk)
    data = present.campaign(campaign, counts[pk])
    data["assessments"] = [present.assessment_summary(a) for a in assessments]
    return data


def assessment_list(request: HttpRequest) -> dict[str, Any]:
    """The assessments the user sees, optionally of one campaign and/or one unit."""
    assessments = _visible_assessments(request)
    campaign = _int_param(request, "campaign")
    unit = _int_param(request, "unit")
    if campaign is not None:
        assessments = assessments.filter(campaign_id=campaign)
    if unit is not None:
        assessments = assessments.filter(unit_id=unit)
    # ``editable`` is on the detail only: for a contributing agency it costs a query each.
    return {"assessments": [present.assessment(a) for a in assessments]}


def assessment_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    assessment = _assessment(request, pk)
    return present.assessment(assessment, can_edit_assessment(request.user, assessment))


def assessment_scorecard(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The scorecard, as ``parindex score --format json`` prints it."""
    lang = request.GET.get("lang", "vi")
    if lang not in LANGS:
        raise bad_request(
            "bad_parameter",
            _("Tham số không hợp lệ."),
            [{"parameter": "lang", "value": lang, "message": "vi | en"}],
        )
    assessment = _assessment(request, pk)
    return present.scorecard(
        selectors.assessment_shown(assessment=assessment, actor=request.user), lang
    )


def assessment_inputs(request: HttpRequest, pk: int) -> dict[str, Any]:
    """Every self-assessed sub-criterion's inputs (that the user sees) with their versions."""
    assessment = _assessment(request, pk)
    shown = selectors.assessment_shown(assessment=assessment, actor=request.user)
    nodes = [
        present.node_inputs(
            assessment.pk, node, shown.stored.get(node.code, {}), shown.comments.get(node.code)
        )
        for node in shown.self_leaves()
    ]
    return {
        "assessment": assessment.pk,
        "editable": can_edit_assessment(request.user, assessment),
        "nodes": nodes,
    }


@contextmanager
def _refusals(assessment: Assessment, code: str) -> Iterator[None]:
    """The input service's errors as 400, 403 or 409 answers (errors at the edge)."""
    try:
        yield
    except InputError as exc:
        raise bad_request(
            "invalid", _("Dữ liệu không hợp lệ."), [present.problem(p) for p in exc.problems]
        ) from None
    except InputConflictError as exc:
        raise _conflict(assessment, code, exc.names) from None
    except DeadlinePassedError as exc:
        raise forbidden(
            "deadline_passed",
            _("Đã quá hạn %(due)s và chưa được mở lại.")
            % {"due": fmt_datetime(timezone.localtime(exc.due), page_lang())},
        ) from None
    except AssessmentLockedError:
        raise forbidden(
            "locked",
            _("Phiếu đang ở trạng thái %(status)s: không sửa được.")
            % {"status": assessment.get_status_display()},
        ) from None
    except NotAllowedError:
        raise forbidden() from None  # not a preparer, or another contributing agency's part


def _conflict(assessment: Assessment, code: str, names: list[str]) -> ApiError:
    """409 with the latest value and version of each input that moved since it was read."""
    rows = {
        r.input_name: r for r in InputValue.objects.filter(assessment=assessment, node_code=code)
    }
    note = selectors.assessment_comments(assessment).get(code)
    return ApiError(
        409,
        "conflict",
        _(
            "Số liệu này vừa được người khác cập nhật; giá trị và phiên bản mới nhất có "
            "trong details. Kiểm tra rồi gửi lại với các phiên bản đó."
        ),
        [present.conflict(code, name, rows.get(name), note) for name in names],
    )


def _node_inputs_write(request: HttpRequest, pk: int, node_code: str, replace: bool):
    assessment = _assessment(request, pk)
    with _refusals(assessment, node_code):
        input_set_check(assessment=assessment, node_code=node_code, actor=request.user)  # type: ignore[arg-type]  # the view is login_required: request.user is a User here
    node = _self_leaf(assessment, node_code)
    entry = payloads.node_inputs(json_body(request), node, replace=replace)
    with _refusals(assessment, node.code):
        result = assessment_input_set(
            assessment=assessment,
            node_code=node.code,
            actor=request.user,  # type: ignore[arg-type]  # login_required: request.user is a User
            **entry,
        )
    return _written(assessment, node.code, result)


def _self_leaf(assessment: Assessment, code: str) -> Node:
    """The self-assessed sub-criterion ``code`` of the assessment's framework (404, 403)."""
    node = assessment.campaign.framework_version.framework().get(code)
    if node is None or not node.is_leaf:
        raise not_found()
    if node.scored_by != "self":
        raise forbidden("not_self_assessed", _("Tiêu chí này không do đơn vị tự chấm."))
    return node


def _written(assessment: Assessment, code: str, result: InputSetResult) -> Any:
    """The answer to a write: what changed, the new versions and the scores it moves."""
    scorecard = selectors.assessment_score(assessment=assessment)
    self_score, self_max = scorecard.total_by("self")
    scored = scorecard[code]
    return plain(
        {
            "node": code,
            "changed": result.changed,
            "versions": result.versions,
            "score": scored.score,
            "max": scored.max,
            "self": {"score": self_score, "max": self_max},
            "total": {"score": scorecard.total, "max": scorecard.max},
        }
    )


def node_inputs_put(request: AuthenticatedRequest, pk: int, node_code: str):
    """Replace a sub-criterion's inputs: an input left out is cleared."""
    return _node_inputs_write(request, pk, node_code, replace=True)


def node_inputs_patch(request: AuthenticatedRequest, pk: int, node_code: str):
    """Change only the inputs sent."""
    return _node_inputs_write(request, pk, node_code, replace=False)


def framework_detail(request: HttpRequest, code: str, version: str) -> dict[str, Any]:
    """A framework version used by a campaign the user sees (all of them for the secretariat)."""
    versions = FrameworkVersion.objects.filter(code=code, version=version)
    if not can_create_campaign(request.user):
        visible = assessments_visible_to(request.user).values("campaign__framework_version_id")
        versions = versions.filter(pk__in=visible)
    found = versions.first()
    if found is None:
        raise not_found()
    return framework_dict(found.framework())


def openapi_document(request: HttpRequest) -> dict[str, Any]:
    return openapi_doc(request.build_absolute_uri("/api/v1"))


campaigns = api_view(get=campaign_list)
campaign = api_view(get=campaign_detail)
assessments = api_view(get=assessment_list)
assessment = api_view(get=assessment_detail)
scorecard = api_view(get=assessment_scorecard)
inputs = api_view(get=assessment_inputs)
node_inputs = api_view(put=node_inputs_put, patch=node_inputs_patch)
framework = api_view(get=framework_detail)
openapi = api_view(public=True, get=openapi_document)
