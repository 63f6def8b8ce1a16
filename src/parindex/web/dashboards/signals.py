"""Signals of the dashboards app: the province dashboard's sections that apps above it fill.

Both are questions sent with ``sender=Unit`` and ``province=`` (a province ``Unit``), ``year=``
(the dashboard's year); the first receiver answering something other than None is shown, no
answer hides the section. Receivers are connected in their app's ``AppConfig.ready()`` (the
plans app: ``PlansConfig``); docs/web.md, "Layers of the web apps".
"""

from __future__ import annotations

from django.dispatch import Signal

#: Plan progress counts: status code (``done``, ``in_progress``, ``not_started``, ``overdue``,
#: ``reports_overdue``) → count.
collect_plan_progress = Signal()

#: The plan's target points per area code.
collect_area_targets = Signal()
