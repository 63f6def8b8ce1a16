"""The secretariat's campaign forms: create a campaign, and the manage page's assignments.

The services' refusals become field errors or messages (errors at the edge).
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts.models import Membership, Role, User
from parindex.web.assessments import permissions
from parindex.web.assessments.models import (
    Assessment,
    Campaign,
    FrameworkStatus,
    FrameworkVersion,
)
from parindex.web.assessments.refusals import problem_text
from parindex.web.assessments.services.campaigns import DEADLINES, campaign_create
from parindex.web.assessments.services.errors import CampaignInvalidError
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.site.forms import PostedForm
from parindex.web.site.params import int_param


def end_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """A deadline typed as a date runs to the end of that day, local time."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def organisers(user: User) -> QuerySet[Unit]:
    """Units whose campaigns the user may organise (administrator: every current province)."""
    allowed = permissions.organised_unit_ids(user)
    if allowed is None:
        return Unit.objects.current().filter(kind=UnitKind.PROVINCE)
    return Unit.objects.filter(pk__in=allowed)


def assessable_units(organiser_ids) -> QuerySet[Unit]:
    """The organiser itself and its current units (departments, agencies, communes …)."""
    return (
        Unit.objects.current()
        .filter(Q(pk__in=organiser_ids) | Q(parent_id__in=organiser_ids))
        .order_by("kind", "name")
    )


def appraisers_of(campaign: Campaign) -> QuerySet[User]:
    """Council members of the organiser or of one of its units."""
    members = Membership.objects.filter(
        Q(unit_id=campaign.organiser_id) | Q(unit__parent_id=campaign.organiser_id),
        role=Role.APPRAISER,
    ).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("username")


def add_problems(form: forms.Form, error: CampaignInvalidError) -> None:
    for name, code in error.problems:
        form.add_error(name if name in form.fields else None, problem_text(code))


class DateInput(forms.DateInput):
    input_type = "date"


class UnitsField(forms.ModelMultipleChoiceField):
    """Unit ids: one that is not a whole number a row may hold is refused, never looked up
    (SQLite cannot compare a number beyond 64 bits: OverflowError)."""

    def _check_values(self, value):  # type: ignore[no-untyped-def]  # Django's private hook
        for pk in value or ():
            if int_param(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CampaignForm(PostedForm):
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=255)
    framework_version = forms.ModelChoiceField(
        label=_("Bộ tiêu chí"),
        queryset=FrameworkVersion.objects.filter(status=FrameworkStatus.ACTIVE).order_by(
            "code", "version"
        ),
    )
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    organiser = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none())
    units = UnitsField(
        label=_("Đơn vị được đánh giá"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    self_assessment_due = forms.DateField(label=_("Hạn tự đánh giá"), widget=DateInput)
    appraisal_due = forms.DateField(label=_("Hạn thẩm định"), widget=DateInput)
    explanation_due = forms.DateField(label=_("Hạn giải trình"), widget=DateInput)
    appeal_due = forms.DateField(
        label=_("Hạn kiến nghị"),
        widget=DateInput,
        required=False,
        help_text=_("Để trống: đơn vị được kiến nghị đến khi công bố."),
    )
    publication_due = forms.DateField(label=_("Hạn công bố"), widget=DateInput)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        allowed = organisers(user)
        self.fields["organiser"].queryset = allowed  # type: ignore[attr-defined]  # the field is a ModelChoiceField
        self.fields["units"].queryset = assessable_units(allowed.values("pk"))  # type: ignore[attr-defined]  # the field is a ModelChoiceField
        self.fields["framework_version"].label_from_instance = FrameworkVersion.label  # type: ignore[attr-defined]  # a ModelChoiceField
        if allowed.count() == 1:
            self.fields["organiser"].initial = allowed.first()

    def save(self) -> Campaign | None:
        """Create the campaign through the service; None with field errors if refused."""
        data = self.cleaned_data
        try:
            return campaign_create(
                name=data["name"].strip(),
                framework_version=data["framework_version"],
                year=data["year"],
                organiser=data["organiser"],
                units=data["units"],
                actor=self.user,
                **{key: end_of_day(data.get(key)) for key in DEADLINES},
            )
        except CampaignInvalidError as exc:
            add_problems(self, exc)
            return None


class AssignmentForm(PostedForm):
    """A post of the campaign's manage page: units, an assessment, an appraiser, a node code.

    Each lookup answers 404 for what is not in the campaign (a forged or stale post).
    """

    node_code = forms.CharField(required=False, strip=False)

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    @property
    def node_code_value(self) -> str:
        self.is_valid()  # one optional text field: always valid
        return self.cleaned_data["node_code"]

    def units(self, name: str = "units") -> list[Unit]:
        """The posted units that the campaign may assess (others are ignored)."""
        ids = [i for i in map(int_param, self.data.getlist(name)) if i is not None]  # type: ignore[attr-defined]  # the stubs type the field as Field; it is a ModelChoiceField / QueryDict here
        return list(assessable_units([self.campaign.organiser_id]).filter(pk__in=ids))

    def _pk(self, name: str) -> int:
        pk = int_param(self.data.get(name))
        if pk is None:
            raise Http404
        return pk

    def assessment(self) -> Assessment:
        return get_object_or_404(
            self.campaign.assessments.select_related("campaign__framework_version"),
            pk=self._pk("assessment"),
        )

    def appraiser(self) -> User:
        """A council member of the organiser (or of one of its units)."""
        return get_object_or_404(appraisers_of(self.campaign), pk=self._pk("appraiser"))

    def withdrawn(self) -> User:
        """The appraiser to withdraw: any user (one no longer on the council can be withdrawn)."""
        return get_object_or_404(User, pk=self._pk("appraiser"))
