"""``manage.py seed_demo``: the region, the demo accounts and synthetic households with cases.

The command only parses options and prints; the work is in ``eendak.demo.seed`` so tests and
benchmarks call the same code.
"""

import argparse
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eendak.demo.seed import SIZES, SeedRefused, seed_demo, synthetic_data_exists


def _reference_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is geen datum in de vorm JJJJ-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Laadt synthetische demodata: de gemeenten en organisaties van de regio, de demo-accounts "
        "en huishoudens met Nederlandse namen, adressen, test-BSN's (999…) en casussen. "
        "Dezelfde --seed en --today geven dezelfde gegevens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small",
                            help="small: ~250 huishoudens / ~800 personen; large: 100.000+ personen.")
        parser.add_argument("--seed", type=int, default=1,
                            help="Startwaarde van de toevalsgenerator (standaard 1).")
        parser.add_argument(
            "--today", type=_reference_date, default=None, metavar="JJJJ-MM-DD",
            help="Peildatum: geboortedata en casusdata worden vanaf deze datum teruggerekend "
                 "(standaard vandaag). Met dezelfde --seed en --today ontstaan exact dezelfde gegevens.",
        )
        parser.add_argument("--if-empty", action="store_true",
                            help="Niets doen als er al synthetische demodata zijn.")
        parser.add_argument("--reset", action="store_true",
                            help="Bestaande synthetische huishoudens, personen en casussen eerst "
                                 "verwijderen (het toegangslog blijft: dat is alleen-toevoegen).")
        # Hidden: lets tests and benchmarks run the bulk path on any number of persons.
        parser.add_argument("--persons", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--reads", type=int, default=300, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_demo weigert in productie: demo-accounts hebben een bekend wachtwoord.")
        if options["if_empty"] and options["reset"]:
            raise CommandError("Kies --if-empty of --reset, niet allebei.")
        if options["if_empty"] and synthetic_data_exists():
            self.stdout.write("Er staan al synthetische demodata in de database; niets gedaan (--if-empty).")
            return
        target = options["persons"] or SIZES[options["size"]]
        if target < 1:
            raise CommandError("--persons moet minstens 1 zijn.")
        today = options["today"] or timezone.localdate()
        if isinstance(today, str):  # call_command(today="...") skips argparse's type conversion
            try:
                today = _reference_date(today)
            except argparse.ArgumentTypeError as exc:
                raise CommandError(str(exc)) from exc
        try:
            result = seed_demo(seed=options["seed"], target_persons=target, today=today,
                               reset=options["reset"], simulated_reads=options["reads"])
        except SeedRefused as exc:
            raise CommandError(str(exc)) from exc

        if options["verbosity"] >= 2:
            for step, seconds in result.timings.items():
                self.stdout.write(f"  {step:<36} {seconds:8.2f} s")
        if result.bsn_shortfall:
            self.stdout.write(self.style.WARNING(
                f"De testreeks van BSN's (999…) was op: {result.bsn_shortfall} personen kregen "
                "status 'geen BSN'."
            ))
        self.stdout.write(self.style.SUCCESS(
            f"Demodata geladen (seed {options['seed']}, peildatum {today:%Y-%m-%d}): "
            f"{result.households} huishoudens, {result.persons} personen, {result.cases} casussen "
            f"({result.open_cases} open), {result.log_entries} toegangslogregels, "
            f"in {result.seconds:.1f} s."
        ))
        history = result.history
        self.stdout.write(
            f"Veilig Thuis: {history.reports} meldingen en {history.advice} adviesvragen over vijf "
            f"halfjaren, {history.investigations} onderzoeken "
            f"({history.late_assessments} beoordelingen te laat)."
        )
        team = result.team
        self.stdout.write(
            f"Veiligheidsteam: {team.referrals} aanmeldingen, {team.conferences} casusoverleggen, "
            f"{team.measures} maatregelen (gedateerd vanaf vandaag, {timezone.localdate():%Y-%m-%d})."
        )
        acute = result.acute
        self.stdout.write(
            f"Spoedplein: {acute.presentations} presentaties ({acute.open} nog op het Spoedplein, "
            f"{acute.waiting_forensic} wachtend op de forensisch arts), {acute.reported} gemeld bij "
            "Veilig Thuis (gedateerd vanaf nu)."
        )
