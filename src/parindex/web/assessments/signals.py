"""Signals of the assessments app: how the apps above it take part in its workflow.

The assessments app imports none of them (docs/web.md, "Layers of the web apps"). Each signal
is sent with ``sender=Assessment``; receivers are connected in their app's
``AppConfig.ready()`` with a ``dispatch_uid``. A ``collect_*`` signal is a question: the
sender gathers its receivers' answers; the others announce what has happened, inside the
service's transaction (a receiver that raises undoes the change).
"""

from __future__ import annotations

from django.dispatch import Signal

#: Asked when a unit submits (``assessment=``): each receiver returns the sub-criteria it
#: holds back as a list of (node code, what is missing) pairs, e.g. ("1.1.1", "evidence").
collect_submission_gaps = Signal()

#: Asked before a unit leaves a campaign (``assessment=``): a receiver returns True when it
#: holds the unit's work on the assessment (then the unit stays).
collect_work_started = Signal()

#: Sent after the unit head sends a submission back (``assessment=``, ``message=``: the head's
#: words, already in the audit trail).
assessment_sent_back = Signal()

# The workflow's hand-offs (the notifications app tells whoever acts next). Each is sent
# with ``actor=`` (who acted) after the change, inside the service's transaction.

#: The focal point submitted (``assessment=``): the unit head is to confirm.
assessment_submitted = Signal()

#: The unit head confirmed (``assessment=``): the secretariat is to open appraisal.
assessment_confirmed = Signal()

#: The secretariat opened appraisal (``assessment=``): the assigned appraisers are to appraise.
appraisal_started = Signal()

#: An appraiser returned an item for explanation (``assessment=``, ``appraisal=``: the
#: ``ItemAppraisal`` with its reason): the unit's and the item's agency's focal points answer.
item_returned = Signal()

#: The unit explained a returned item (``assessment=``, ``appraisal=``): its appraiser reads.
item_explained = Signal()

#: The council fixed the final scores (``assessment=``): the unit reads them (and may appeal).
assessment_finalised = Signal()

#: The secretariat published a campaign (``campaign=``): every assessed unit reads its result.
campaign_published = Signal()

#: The unit appealed an item's final score (``assessment=``, ``appeal=``: the ``ItemAppeal``
#: with its reason): the secretariat is to put it to the council and answer.
appeal_filed = Signal()
#: The council answered an appeal (``assessment=``, ``appeal=``: the ``ItemAppeal``).
appeal_decided = Signal()
