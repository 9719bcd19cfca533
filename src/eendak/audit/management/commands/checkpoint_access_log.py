"""Append a signed checkpoint of the access log's head to the checkpoint file (cron: every 5 minutes).

The chain is verified from the newest checkpoint on first; if it does not hold, nothing is written and
the command exits 1 naming the broken entry (alert, as for ``verify_access_log``).
"""

import sys

from django.core.management.base import BaseCommand

from eendak.audit.checkpoints import CheckpointError, checkpoint_file, write_checkpoint


class Command(BaseCommand):
    help = ("Schrijft een ondertekend controlepunt (laatste regel, aantal, hash) van het toegangslog "
            "buiten de database.")

    def handle(self, *args, **options):
        try:
            checkpoint, report = write_checkpoint()
        except CheckpointError as error:
            self.stderr.write(self.style.ERROR(f"Controlepunten onbruikbaar: {error}."))
            sys.exit(1)
        if not report.ok:
            where = (f"regel {report.first_broken_id}" if report.first_broken_id is not None
                     else f"positie {report.first_broken_position} in de keten")
            self.stderr.write(self.style.ERROR(
                f"Geen controlepunt geschreven: toegangslog GEBROKEN bij {where}: {report.problem}."))
            sys.exit(1)
        if checkpoint is None:
            self.stdout.write(f"Geen nieuwe regels sinds het vorige controlepunt ({report.checked} "
                              "regels).")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Controlepunt geschreven in {checkpoint_file()}: {checkpoint.count} regels t/m positie "
            f"{checkpoint.last_id}."))
