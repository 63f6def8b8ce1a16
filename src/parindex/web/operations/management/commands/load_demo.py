"""``manage.py load_demo``: every app's demo data (the operations app sits above them all)."""

from django.core.management.base import BaseCommand

from parindex.web.accounts.models import Role
from parindex.web.assessments.demo import CONTRIBUTOR_USERS, DEMO_PASSWORD, USERS, demo_load
from parindex.web.dashboards.demo import dashboards_demo_load
from parindex.web.organisations.models import Unit
from parindex.web.plans.demo import plans_demo_load
from parindex.web.surveys.demo import surveys_demo_load


class Command(BaseCommand):
    help = "Load the seed's 2020 campaign for Lào Cai with one example user per role."

    def handle(self, *args: object, **options: object) -> None:
        result = demo_load()
        dashboards_demo_load()
        surveys_demo_load()
        plans_demo_load()
        state = "created" if result.created else "already there"
        self.stdout.write(f"Demo {state}: {result.assessment} (assessment {result.assessment.pk})")
        for username, role, _unit, _name in USERS:
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD}  {role.label}")
        # the agencies' focal points in the same words as the others: role (unit)
        units = {
            u.short_name: u.name
            for u in Unit.objects.filter(parent=result.assessment.unit, code__startswith="10.")
        }
        for username, agency in CONTRIBUTOR_USERS:
            label = f"{Role.FOCAL_POINT.label} ({units.get(agency, agency)})"
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD}  {label}")
