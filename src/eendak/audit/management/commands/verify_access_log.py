"""Check the access log's hash chain and compare it with the checkpoints kept outside the database;
exit 1 and name the first broken entry if it is broken."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from eendak.audit.services import verify_chain
from eendak.audit.verify import default_workers, grace_seconds


class Command(BaseCommand):
    help = ("Controleert de hashketen van het toegangslog tegen de controlepunten buiten de database "
            "en noemt de eerste gebroken regel.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", metavar="TIJD",
            help="vergelijk alleen met controlepunten van voor dit tijdstip (ISO 8601, UTC), "
                 "bijvoorbeeld het tijdstip van een teruggezette back-up")
        parser.add_argument(
            "--workers", type=int, default=default_workers(),
            help="processen die tegelijk controleren (PostgreSQL; standaard de processoren, "
                 "hoogstens 8)")
        parser.add_argument(
            "--checkpoints", metavar="BESTAND", type=Path,
            help="een ander bestand met controlepunten dan dat van deze database (een teruggezette "
                 "back-up onder een andere naam)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = verify_chain(before=options["before"], checkpoint_path=options["checkpoints"],
                              workers=options["workers"])
        seconds = time.perf_counter() - started
        if report.ok:
            anchored = (f"{report.checkpoints} controlepunten kloppen, het laatste van "
                        f"{report.last_checkpoint_at}; {report.unanchored} nieuwere regels nog "
                        "zonder controlepunt" if report.checkpoints
                        else "GEEN controlepunten gevonden: verwijderde regels aan het eind zijn niet "
                             "vast te stellen (manage.py checkpoint_access_log)")
            waiting = (f"; {report.unchained} regels nog niet in de keten (binnen de "
                       f"{grace_seconds()} s die de keten-verwerker krijgt)" if report.unchained else "")
            self.stdout.write(self.style.SUCCESS(
                f"Toegangslog in orde: {report.checked} regels gecontroleerd in {seconds:.2f} s; "
                f"{anchored}{waiting}."
            ))
            return
        where = (f"regel {report.first_broken_id}" if report.first_broken_id is not None
                 else f"positie {report.first_broken_position} in de keten")
        self.stderr.write(self.style.ERROR(
            f"Toegangslog GEBROKEN bij {where}: {report.problem}. "
            f"{report.checked} regels ervoor zijn in orde."
        ))
        sys.exit(1)
