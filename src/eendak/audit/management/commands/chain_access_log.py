"""Chain the access log's new entries, continuously: the one chainer (``audit.chainer``).

Production runs it as a service next to the web servers and the worker, restarted when it stops
(docs/operations.md); ``make run`` starts it with the development server. ``--once`` chains what is
committed now and stops (a test, a script). A second chainer on the same PostgreSQL database waits
until the first stops: the chain has one writer.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, connection

from eendak.audit.chainer import CHAINER_LOCK_KEY, Chainer


class Command(BaseCommand):
    help = ("Zet nieuwe regels van het toegangslog in de hashketen (doorlopend; één keten-verwerker "
            "per database).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="keten wat nu is vastgelegd en stop")
        parser.add_argument("--interval", type=float, default=0.5,
                            help="seconden rust als er niets te doen was (standaard 0,5)")

    def handle(self, *args, **options):
        chainer = Chainer()
        if options["once"]:
            chained = chainer.chain_all()
            self.stdout.write(f"{chained} regels in de keten gezet.")
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        self._wait_for_the_lock(stopping)
        self.stdout.write("Keten-verwerker van het toegangslog gestart.")
        while not stopping:
            try:
                chained = chainer.run_once()
            except OperationalError as error:  # the database restarted: start over, fresh
                self.stderr.write(f"Database niet bereikbaar ({error}); opnieuw over 5 s.")
                connection.close()
                time.sleep(5)
                chainer = Chainer()
                self._wait_for_the_lock(stopping)
                continue
            if chained < chainer.batch_size:
                time.sleep(options["interval"])
        self.stdout.write("Keten-verwerker van het toegangslog gestopt.")

    def _wait_for_the_lock(self, stopping):
        """On PostgreSQL hold a session lock while running, so a second chainer waits for this one."""
        if connection.vendor != "postgresql":
            return
        said = False
        while not stopping:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [CHAINER_LOCK_KEY])
                if cursor.fetchone()[0]:
                    return
            if not said:
                self.stdout.write("Er draait al een keten-verwerker op deze database; ik wacht.")
                said = True
            time.sleep(5)
