"""Queue the dashboards' refresh (``monitoring.dashboard_tasks``) for the task worker.

Run every quarter of an hour (cron, docs/operations.md). ``--now`` computes in this process instead,
for a machine without a worker or right after loading data.
"""

from django.core.management.base import BaseCommand

from eendak.monitoring import dashboard_tasks


class Command(BaseCommand):
    help = "Berekent de cijfers en grafieken van de dashboards opnieuw (via de verwerker, of --now)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Nu in dit proces berekenen in plaats van via de verwerker.")

    def handle(self, *args, **options):
        if options["now"]:
            count = dashboard_tasks.refresh()
            self.stdout.write(f"{count} dashboardstand(en) opnieuw berekend.")
        else:
            dashboard_tasks.refresh_dashboards.enqueue()
            self.stdout.write("Herberekening van de dashboards klaargezet voor de verwerker.")
