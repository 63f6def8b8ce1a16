"""Frameworks and campaigns: import a framework version, open a campaign, add and remove
its units."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from itertools import pairwise

from django.db import transaction

from parindex.io.framework_yaml import differs_only_in_english, load_framework_yaml
from parindex.web.accounts.models import User
from parindex.web.assessments import permissions
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    FrameworkStatus,
    FrameworkVersion,
)
from parindex.web.assessments.services.errors import (
    CampaignInvalidError,
    FrameworkFrozenError,
    NotAllowedError,
    WrongStatusError,
)
from parindex.web.assessments.signals import collect_work_started
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit


@transaction.atomic
def framework_version_import(
    *,
    text: str,
    actor: User | None = None,
    source: str = "",
    status: str = FrameworkStatus.ACTIVE,
) -> FrameworkVersion:
    """Validate framework YAML (within the upload limits) and store it.

    The same text again is a no-op; a frozen version (a campaign uses it) is never replaced:
    a change is a new version. A version replaced takes ``status`` (the framework page's
    imports are drafts again, to be reviewed and activated).
    """
    framework = load_framework_yaml(text, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = FrameworkVersion.objects.filter(
        code=framework.code, version=framework.version
    ).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        if existing.frozen:
            if not differs_only_in_english(existing.framework(), framework):
                raise FrameworkFrozenError(f"{existing} is frozen: publish a new version instead")
            # A translation changes no figure, rule or Vietnamese word a campaign relies on:
            # the frozen version takes it and keeps its status.
            before = existing.sha256
            existing.yaml_text, existing.sha256 = text, digest
            existing.save(update_fields=["yaml_text", "sha256"])
            audit_record(
                actor=actor,
                action="framework.translate",
                obj=existing,
                object_type="framework_version",
                field="sha256",
                before=before,
                after=digest,
            )
            return existing
        before = existing.sha256
        existing.yaml_text, existing.sha256, existing.title = text, digest, framework.title
        existing.status = status
        existing.save(update_fields=["yaml_text", "sha256", "title", "status"])
        audit_record(
            actor=actor,
            action="framework.replace",
            obj=existing,
            object_type="framework_version",
            field="sha256",
            before=before,
            after=digest,
        )
        return existing
    version = FrameworkVersion.objects.create(
        code=framework.code,
        version=framework.version,
        title=framework.title,
        yaml_text=text,
        sha256=digest,
        status=status,
    )
    audit_record(
        actor=actor,
        action="framework.import",
        obj=version,
        object_type="framework_version",
        after=digest,
    )
    return version


#: a campaign's deadlines, in the order the steps happen (each after the one before)
DEADLINES = (
    "self_assessment_due",
    "appraisal_due",
    "explanation_due",
    "appeal_due",
    "publication_due",
)


def campaign_problems(
    *,
    name: str,
    framework_version: FrameworkVersion,
    year: int,
    units: list[Unit],
    deadlines: Mapping[str, datetime.datetime | None],
) -> list[tuple[str, str]]:
    """What is wrong with a campaign's fields, as (field, code) pairs; empty when valid."""
    problems: list[tuple[str, str]] = []
    if not (name or "").strip():
        problems.append(("name", "required"))
    if framework_version.status != FrameworkStatus.ACTIVE:
        problems.append(("framework_version", "framework_not_active"))
    framework = framework_version.framework()
    if framework.years and year not in framework.years:
        problems.append(("year", "framework_year"))
    if not units:
        problems.append(("units", "required"))
    dated = [(key, deadlines.get(key)) for key in DEADLINES if deadlines.get(key) is not None]
    for (_before, earlier), (key, later) in pairwise(dated):
        if later <= earlier:  # type: ignore[operator]
            problems.append((key, "order"))
    return problems


@transaction.atomic
def campaign_create(
    *,
    name: str,
    framework_version: FrameworkVersion,
    year: int,
    organiser: Unit,
    units: Iterable[Unit],
    actor: User | None = None,
    self_assessment_due: datetime.datetime | None = None,
    appraisal_due: datetime.datetime | None = None,
    explanation_due: datetime.datetime | None = None,
    publication_due: datetime.datetime | None = None,
    appeal_due: datetime.datetime | None = None,
) -> Campaign:
    """Open a campaign: freeze its framework version and create one assessment per unit.

    With an ``actor`` (the pages, the API), the actor must be the organiser's secretariat and
    the fields are checked (:class:`CampaignInvalidError`, nothing created); without one (the
    demo, imports) the caller vouches for them.
    """
    units = list(units)
    if actor is not None:
        if not permissions.can_organise(actor, organiser):
            raise NotAllowedError("campaign_create")
        deadlines = {
            "self_assessment_due": self_assessment_due,
            "appraisal_due": appraisal_due,
            "explanation_due": explanation_due,
            "publication_due": publication_due,
            "appeal_due": appeal_due,
        }
        problems = campaign_problems(
            name=name,
            framework_version=framework_version,
            year=year,
            units=units,
            deadlines=deadlines,
        )
        outside = [u for u in units if u.pk != organiser.pk and u.parent_id != organiser.pk]
        if outside:
            problems.append(("units", "outside"))
        if problems:
            raise CampaignInvalidError(problems)
    campaign = Campaign.objects.create(
        name=name,
        framework_version=framework_version,
        year=year,
        organiser=organiser,
        self_assessment_due=self_assessment_due,
        appraisal_due=appraisal_due,
        explanation_due=explanation_due,
        publication_due=publication_due,
        appeal_due=appeal_due,
    )
    if not framework_version.frozen:
        FrameworkVersion.objects.filter(pk=framework_version.pk).update(frozen=True)
        framework_version.frozen = True
    Assessment.objects.bulk_create([Assessment(campaign=campaign, unit=u) for u in units])
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        object_type="campaign",
        after=f"{framework_version} {year}",
    )
    return campaign


def _not_started(assessment: Assessment) -> bool:
    """Nothing has been done on this assessment yet: a draft never submitted, no inputs."""
    return (
        assessment.status == AssessmentStatus.DRAFT
        and assessment.version == 1
        and not assessment.inputs.exists()
        and not assessment.comments.exists()
    )


@transaction.atomic
def campaign_units_add(*, campaign: Campaign, units: Iterable[Unit], actor: User) -> list[Unit]:
    """Add units (one draft assessment each) to a campaign not yet published; returns the new."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("campaign_units")
    if campaign.published_at is not None:
        raise WrongStatusError("published")
    units = list(units)
    outside = [
        u for u in units if u.pk != campaign.organiser_id and u.parent_id != campaign.organiser_id
    ]
    if outside:
        raise CampaignInvalidError([("units", "outside")])
    present = set(campaign.assessments.values_list("unit_id", flat=True))
    added = [u for u in units if u.pk not in present]
    Assessment.objects.bulk_create([Assessment(campaign=campaign, unit=u) for u in added])
    for unit in added:
        audit_record(
            actor=actor,
            action="campaign.unit_add",
            obj=campaign,
            object_type="campaign",
            field="units",
            after=f"{unit.name} [{unit.code}]",
        )
    return added


@transaction.atomic
def campaign_unit_remove(*, campaign: Campaign, unit: Unit, actor: User) -> None:
    """Remove a unit from a campaign, only before any work on its assessment has started."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("campaign_units")
    assessment = Assessment.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    if assessment is None:
        raise CampaignInvalidError([("units", "not_in_campaign")])
    if not _not_started(assessment):
        raise WrongStatusError("started")
    answers = collect_work_started.send(sender=Assessment, assessment=assessment)
    if any(started for _receiver, started in answers):
        raise WrongStatusError("started")
    assessment.delete()
    audit_record(
        actor=actor,
        action="campaign.unit_remove",
        obj=campaign,
        object_type="campaign",
        field="units",
        before=f"{unit.name} [{unit.code}]",
    )
