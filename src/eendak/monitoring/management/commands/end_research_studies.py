"""Destroy the key and the undownloaded exports of every research study whose end date has passed.

Run daily (next to ``clear_job_results``). An ended study cannot be exported or downloaded even
before this has run (``Study.may_export``); this removes what would let anyone reproduce its
pseudonyms or read its files.
"""

from django.core.management.base import BaseCommand

from eendak.monitoring.services import end_expired_studies


class Command(BaseCommand):
    help = ("Vernietigt de sleutel en de niet-gedownloade exports van onderzoeken waarvan de "
            "einddatum voorbij is.")

    def handle(self, *args, **options):
        ended = end_expired_studies()
        self.stdout.write(f"{ended} afgelopen onderzoek(en) opgeruimd.")
