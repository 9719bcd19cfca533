"""Check the access log's hash chain; exit 1 and name the first broken entry if it is broken."""

import sys
import time

from django.core.management.base import BaseCommand

from eendak.audit.services import verify_chain


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog en noemt de eerste gebroken regel."

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = verify_chain()
        seconds = time.perf_counter() - started
        if report.ok:
            self.stdout.write(self.style.SUCCESS(
                f"Toegangslog in orde: {report.checked} regels gecontroleerd in {seconds:.2f} s."
            ))
            return
        self.stderr.write(self.style.ERROR(
            f"Toegangslog GEBROKEN bij regel {report.first_broken_id}: {report.problem}. "
            f"{report.checked} regels ervoor zijn in orde."
        ))
        sys.exit(1)
