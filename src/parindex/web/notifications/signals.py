"""Signals of the notifications app: how the apps above it take part in its scheduled run.

Sent with ``sender=Notification``; the plans app connects in ``PlansConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent by each scheduled run (``reminders_send``; ``now=``: the run's time, ``days_before=``:
#: the thresholds): a receiver tells, through ``handoffs.notify`` with a ``key``, whoever's
#: period opened or deadline approaches or passed. It returns the notifications it created.
scheduled_run = Signal()
