"""A sub-criterion's posted entry: parsed by a form, saved through the service, and the
core's and the service's errors turned into messages for the user (errors at the edge)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from parindex.core.errors import InputError
from parindex.core.model import Node
from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.refusals import input_problem
from parindex.web.assessments.services.errors import InputConflictError
from parindex.web.assessments.services.inputs import COMMENT, assessment_input_set
from parindex.web.site.forms import PostedForm


def version(raw: str | None) -> int:
    """A posted version; anything else never matches a stored one (reported as a conflict)."""
    try:
        return int(raw or 0)
    except ValueError:
        return -1


class NodeEntryForm(PostedForm):
    """What the user typed for one sub-criterion, with the versions the form was loaded with.

    An input left out of the post is cleared; the comment is changed only when posted.
    """

    def __init__(self, *args, node: Node, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        for spec in node.inputs:
            self.fields[spec.name] = forms.CharField(required=False, strip=False)
            self.fields[f"version-{spec.name}"] = forms.CharField(required=False)
        self.fields[COMMENT] = forms.CharField(required=False, strip=False)
        self.fields[f"version-{COMMENT}"] = forms.CharField(required=False)
        self.input_errors: dict[str, str] = {}
        self.conflict = ""

    def clean(self) -> dict:
        data = super().clean() or {}
        names = [spec.name for spec in self.node.inputs]
        data["values"] = {name: data.get(name, "") for name in names}
        data["versions"] = {name: version(data.get(f"version-{name}")) for name in names}
        data["comment"] = data.get(COMMENT) if COMMENT in self.data else None
        data["comment_version"] = version(data.get(f"version-{COMMENT}"))
        return data

    def save(self, *, assessment: Assessment, actor: User) -> bool:
        """Save through the service; on failure keep the messages to show. True if saved.

        The service's refusals other than invalid values and conflicts (not allowed, locked,
        deadline passed) go up to the view.
        """
        self.is_valid()  # every field is optional text: always valid
        data = self.cleaned_data
        try:
            assessment_input_set(
                assessment=assessment,
                node_code=self.node.code,
                values=data["values"],
                versions=data["versions"],
                actor=actor,
                comment=data["comment"],
                comment_version=data["comment_version"],
            )
        except InputError as exc:
            self.input_errors = {
                str(p.params.get("input", "")): input_problem(p) for p in exc.problems
            }
            return False
        except InputConflictError:
            self.conflict = _(
                "Số liệu này vừa được người khác cập nhật. Giá trị mới nhất đã được hiển thị; "
                "vui lòng kiểm tra rồi nhập lại nếu cần."
            )
            return False
        return True

    @property
    def typed(self) -> dict[str, str]:
        """Values to show back: what was typed if it was rejected, else the stored ones."""
        return self.cleaned_data["values"] if self.input_errors else {}

    @property
    def typed_comment(self) -> str | None:
        return self.cleaned_data["comment"] if self.input_errors else None

    def messages(self) -> list[str]:
        found = [f"{self.node.code}: {text}" for text in self.input_errors.values()]
        return [*found, self.conflict] if self.conflict else found
