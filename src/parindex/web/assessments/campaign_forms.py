"""The secretariat's campaign forms; the service's refusals become field errors (at the edge)."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts import permissions
from parindex.web.accounts.models import Membership, Role, User
from parindex.web.assessments import services
from parindex.web.assessments.models import Campaign, FrameworkVersion
from parindex.web.organisations.models import Unit, UnitKind

PROBLEMS = {
    "required": _("Bắt buộc nhập."),
    "framework_year": _("Bộ tiêu chí đã chọn không áp dụng cho năm này."),
    "outside": _("Chỉ chọn đơn vị tổ chức hoặc đơn vị trực thuộc đơn vị tổ chức."),
    "order": _("Hạn này phải sau hạn của bước trước."),
    "not_appraiser": _("Người này không phải thành viên Hội đồng thẩm định."),
    "not_in_campaign": _("Đơn vị không thuộc đợt đánh giá."),
    "unknown": _("Không có lĩnh vực/tiêu chí này trong bộ tiêu chí."),
    "not_assigned": _("Phân công này không còn (có thể người khác vừa bỏ)."),
}


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


def add_problems(form: forms.Form, error: services.CampaignInvalidError) -> None:
    for name, code in error.problems:
        form.add_error(name if name in form.fields else None, str(PROBLEMS.get(code, code)))


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=255)
    framework_version = forms.ModelChoiceField(
        label=_("Bộ tiêu chí"), queryset=FrameworkVersion.objects.order_by("code", "version")
    )
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    organiser = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none())
    units = forms.ModelMultipleChoiceField(
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
        self.fields["organiser"].queryset = allowed
        self.fields["units"].queryset = assessable_units(allowed.values("pk"))
        if allowed.count() == 1:
            self.fields["organiser"].initial = allowed.first()

    def save(self) -> Campaign | None:
        """Create the campaign through the service; None with field errors if refused."""
        data = self.cleaned_data
        try:
            return services.campaign_create(
                name=data["name"].strip(),
                framework_version=data["framework_version"],
                year=data["year"],
                organiser=data["organiser"],
                units=data["units"],
                actor=self.user,
                **{key: end_of_day(data.get(key)) for key in services.DEADLINES},
            )
        except services.CampaignInvalidError as exc:
            add_problems(self, exc)
            return None
