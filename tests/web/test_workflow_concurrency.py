"""Two appraisers saving the same item at the same moment: one wins, the other is told."""

import threading

import pytest
from django.db import close_old_connections, connection

from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import AssessmentAppraiser, AssessmentStatus, ItemAppraisal
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.errors import ItemConflictError

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_appraisals_of_one_item_lose_no_update(users, demo, advance) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL)")
    advance(demo, AssessmentStatus.APPRAISING)
    unit = users["appraiser"].unit
    other = user_create(
        username="appraiser2", password="x", unit=unit, roles=[(Role.APPRAISER, unit)]
    )
    AssessmentAppraiser.objects.create(assessment=demo, user=other)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def appraise(actor, decision: str) -> None:
        barrier.wait()
        try:
            item_appraise(
                assessment=demo,
                node_code="3.4.1",
                decision=decision,
                points="1",
                reason="đồng thời",
                version=0,  # both loaded the form before either saved
                actor=actor,
            )
            outcomes.append("saved")
        except ItemConflictError:
            outcomes.append("conflict")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=appraise, args=(users["appraiser"], "adjust")),
        threading.Thread(target=appraise, args=(other, "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    row = ItemAppraisal.objects.get(assessment=demo, node_code="3.4.1")
    assert row.version == 1
