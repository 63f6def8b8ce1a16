from django.core.management.base import BaseCommand

from parindex.web.organisations.services import units_load_provinces


class Command(BaseCommand):
    help = "Load the 63 provinces (until 30/6/2025) and the 34 from 1/7/2025 with their lineage."

    def handle(self, *args: object, **options: object) -> None:
        result = units_load_provinces()
        self.stdout.write(
            f"{result.old} provinces before 1/7/2025, {result.new} merged provinces after, "
            f"{result.changes} new lineage links"
        )
