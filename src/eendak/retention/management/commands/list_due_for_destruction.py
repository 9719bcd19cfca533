"""Queue the yearly list of files due for destruction (``retention.tasks.compile_due_lists``).

Run once a year from cron (docs/operations.md), early in January: every organisation's list of files
whose retention period ends that year. ``--now`` compiles in this process instead (a machine without
a worker); ``--year`` compiles another year's list.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from eendak.retention import tasks


class Command(BaseCommand):
    help = "Stelt de jaarlijkse vernietigingslijst per organisatie samen (via de verwerker, of --now)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None,
                            help="Het jaar van de lijst (standaard: dit jaar).")
        parser.add_argument("--now", action="store_true",
                            help="Nu in dit proces samenstellen in plaats van via de verwerker.")

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        if options["now"]:
            count = tasks.compile_due_lists.call(year)
            self.stdout.write(f"Vernietigingslijst {year}: {count} organisatie(s) met dossiers.")
        else:
            tasks.compile_due_lists.enqueue(year)
            self.stdout.write(f"Vernietigingslijst {year} klaargezet voor de verwerker.")
