"""A sub-criterion's posted entry: parsed from the form, saved through the service, and the
core's and the service's errors turned into messages for the user (errors at the edge)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from parindex.core.errors import InputError
from parindex.core.model import Node
from parindex.web.accounts.models import User
from parindex.web.assessments import services
from parindex.web.assessments.models import Assessment


def _int(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return -1  # never matches a stored version: reported as a conflict


@dataclass
class NodeEntry:
    """What the user typed for one sub-criterion, with the versions the form was loaded with."""

    node: Node
    values: dict[str, str]
    versions: dict[str, int]
    comment: str | None
    comment_version: int
    errors: dict[str, str] = field(default_factory=dict)
    conflict: str = ""

    @classmethod
    def from_post(cls, node: Node, post: Mapping[str, str]) -> NodeEntry:
        return cls(
            node=node,
            values={spec.name: post.get(spec.name, "") for spec in node.inputs},
            versions={spec.name: _int(post.get(f"version-{spec.name}")) for spec in node.inputs},
            comment=post.get(services.COMMENT),
            comment_version=_int(post.get(f"version-{services.COMMENT}")),
        )

    def save(self, *, assessment: Assessment, actor: User) -> bool:
        """Save through the service; on failure keep the messages to show. True if saved."""
        try:
            services.assessment_input_set(
                assessment=assessment,
                node_code=self.node.code,
                values=self.values,
                versions=self.versions,
                actor=actor,
                comment=self.comment,
                comment_version=self.comment_version,
            )
        except InputError as exc:
            self.errors = {
                str(p.params.get("input", "")): _("Giá trị không hợp lệ: %(value)s")
                % {"value": p.params.get("value", "")}
                for p in exc.problems
            }
            return False
        except services.InputConflictError:
            self.conflict = _(
                "Số liệu này vừa được người khác cập nhật. Giá trị mới nhất đã được hiển thị; "
                "vui lòng kiểm tra rồi nhập lại nếu cần."
            )
            return False
        except services.DeadlinePassedError:
            raise  # the view says until when
        except services.AssessmentLockedError:
            raise PermissionDenied from None
        return True

    @property
    def typed(self) -> dict[str, str]:
        """Values to show back: what was typed if it was rejected, else the stored ones."""
        return self.values if self.errors else {}

    @property
    def typed_comment(self) -> str | None:
        return self.comment if self.errors else None

    def messages(self) -> list[str]:
        found = [f"{self.node.code}: {text}" for text in self.errors.values()]
        return [*found, self.conflict] if self.conflict else found
