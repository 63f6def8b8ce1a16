"""A plan edit form: validated, applied to the pure plan, saved as a new version, or re-shown
with every refusal next to its field and, after a conflict, the newer saved version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django import forms

from parindex.plans import Plan as PurePlan
from parindex.plans import PlanError
from parindex.web.plans import services
from parindex.web.plans.forms.fields import VersionField
from parindex.web.plans.models import Plan, PlanVersion
from parindex.web.plans.text import describe, edit_conflict, plan_error

if TYPE_CHECKING:
    from django.http import HttpRequest

    from parindex.web.accounts.models import User


class PlanEditForm(forms.Form):
    """Base of the edit pages' forms; ``edited`` is each page's own."""

    version = VersionField(required=False)
    note = forms.CharField(required=False, strip=False)

    def __init__(self, plan: PurePlan, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.plan = plan
        self.theirs: PurePlan | None = None
        self.conflict = False
        self.other: PlanVersion | None = None

    @classmethod
    def posted(cls, request: HttpRequest, **kwargs: Any) -> Self:
        """This form (of ``plan``, given as a keyword) bound to what the request posted."""
        return cls(data=request.POST, **kwargs)

    def edited(self) -> PurePlan | None:
        """The plan with the posted values, or None with every refusal on its field."""
        raise NotImplementedError

    def has_errors(self) -> bool:
        return bool(self.errors)

    def save(self, *, plan: Plan, actor: User) -> bool:
        """Save the edit as ``plan``'s new version; False with the refusal on the form."""
        content = self.edited()
        loaded = self.cleaned_data.get("version", 0)
        note = self.cleaned_data.get("note", "")
        try:
            if content is None:
                if plan.version != loaded:  # a bad field on a stale form: say both
                    self._conflict(plan, None)
            else:
                services.plan_save(
                    plan=plan, content=content, version=loaded, note=note, actor=actor
                )
                return True
        except services.PlanServiceError as exc:
            plan.refresh_from_db()
            if exc.code == "conflict":
                self._conflict(plan, exc)
            else:
                self.add_error(None, describe(exc))
        except PlanError as exc:
            self.add_error(None, plan_error(exc))
        self.refused(
            latest=services.plan_current(plan), base=services.version_content(plan, loaded)
        )
        return False

    def _conflict(self, plan: Plan, exc: services.PlanServiceError | None) -> None:
        self.conflict, self.other = True, services.last_version(plan)
        if exc is None:
            last = self.other
            exc = services.PlanConflictError(
                "conflict",
                by=str(last.by) if last and last.by else "",
                at=last.at if last else None,
            )
        self.add_error(None, edit_conflict(exc))

    def refused(self, *, latest: PurePlan, base: PurePlan | None) -> None:
        """After a refusal: keep the newer saved plan, shown beside each field it changed."""
        self.theirs = latest if self.conflict else None

    def context(self, plan: Plan) -> dict[str, Any]:
        """What the page's template needs, the form's fields included."""
        loaded = self.cleaned_data.get("version", 0) if self.is_bound else plan.version
        return {
            "plan": plan,
            "pure": self.plan,
            # after a conflict the next save is made against the newer version (the user
            # merged); after a validation error the version the user loaded is kept, so a
            # save made by someone else meanwhile is still caught
            "version": plan.version if self.conflict else loaded,
            "conflict": self.conflict,
            "other": self.other,
            "editable": plan.is_editable,
            "form_error": " ".join(map(str, self.non_field_errors())),
        }
