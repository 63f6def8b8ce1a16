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
