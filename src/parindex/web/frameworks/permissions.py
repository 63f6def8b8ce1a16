"""Who manages frameworks: the PAR secretariat (of any province) and administrators.

Framework versions are shared by every province (a national framework, or a province's own
for its departments and communes), so the rule is the one that creates campaigns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.web.assessments.permissions import can_create_campaign

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser


def can_manage_frameworks(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active) and can_create_campaign(user)
