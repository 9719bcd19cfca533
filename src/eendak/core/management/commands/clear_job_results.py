"""Delete the result files of long work (exports) that finished more than --days days ago."""

from django.core.management.base import BaseCommand

from eendak.core import jobs


class Command(BaseCommand):
    help = "Verwijdert resultaatbestanden van taken (exports) die langer dan --days dagen klaar zijn."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7,
                            help="Bewaartermijn in dagen na afloop (standaard 7).")

    def handle(self, *args, days, **options):
        cleared = jobs.clear_old_results(days)
        self.stdout.write(f"{cleared} resultaten verwijderd (ouder dan {days} dagen).")
