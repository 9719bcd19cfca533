"""``manage.py notify_due``: the daily checks of deadlines (cron, early in the morning).

Assessments due tomorrow or passed (the intake), monitoring moments due and plan actions overdue
(the case file). Each thing is told once per moment (its key), so running it twice tells nobody
twice. ``--queue`` puts the same work on the task worker instead (``tasks.check_due``).
"""

from django.core.management.base import BaseCommand

from eendak.notifications import services, tasks


class Command(BaseCommand):
    help = "Meldingen over termijnen: beoordelingen, monitoringsmomenten, acties over tijd."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true",
                            help="Niet nu uitvoeren maar in de wachtrij van de verwerker zetten.")

    def handle(self, *args, queue=False, **options):
        if queue:
            tasks.check_due.enqueue()
            self.stdout.write("In de wachtrij gezet.")
            return
        for name, count in services.run_due_checks().items():
            self.stdout.write(f"{name}: {count}")
