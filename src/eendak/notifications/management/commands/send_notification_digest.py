"""``manage.py send_notification_digest``: the daily digest mail (cron, once a day).

One mail per person who chose the daily digest and has notifications waiting for it: how many, and
a link — no names, no details. ``--queue`` puts it on the task worker (``tasks.send_digest``).
"""

from django.core.management.base import BaseCommand

from eendak.notifications import tasks


class Command(BaseCommand):
    help = "Het dagoverzicht van meldingen per e-mail versturen."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true",
                            help="Niet nu versturen maar in de wachtrij van de verwerker zetten.")

    def handle(self, *args, queue=False, **options):
        if queue:
            tasks.send_digest.enqueue()
            self.stdout.write("In de wachtrij gezet.")
            return
        self.stdout.write(f"{tasks.send_digests()} dagoverzicht(en) verstuurd.")
