"""``manage.py demo_accounts``: the table of demo accounts that ``make run`` prints before serving."""

from django.conf import settings
from django.core.management.base import BaseCommand

from eendak.core.models import Membership
from eendak.core.roles import Role, role_spec
from eendak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32


def second_factor_note() -> str:
    code = getattr(settings, "EENDAK_DEMO_OTP_CODE", "")
    if code:
        return f"code {code} (snelkoppeling voor ontwikkeling) of TOTP-sleutel {DEMO_TOTP_KEY_BASE32}"
    return f"TOTP-sleutel {DEMO_TOTP_KEY_BASE32}"


class Command(BaseCommand):
    help = "Toont de demo-accounts: gebruikersnaam, naam, organisatie, rol, wachtwoord en tweede factor."

    def handle(self, *args, **options):
        memberships = {
            (m.user.username, m.role): m
            for m in Membership.objects.filter(user__username__in=[a.username for a in DEMO_ACCOUNTS])
            .select_related("user", "organisation")
        }
        headers = ("gebruikersnaam", "naam", "organisatie", "rol", "wachtwoord", "tweede factor")
        rows, missing = [], 0
        for account in DEMO_ACCOUNTS:
            membership = memberships.get((account.username, account.role))
            if membership is None:
                missing += 1
            organisation = membership.organisation.name if membership else "(nog niet aangemaakt)"
            needs_factor = role_spec(account.role).sees_personal_data
            rows.append((
                account.username, f"{account.first_name} {account.last_name}", organisation,
                str(Role(account.role).label), DEMO_PASSWORD,
                second_factor_note() if needs_factor else "niet nodig (geen persoonsgegevens)",
            ))
        widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]

        def line(values):
            return "  ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        self.stdout.write("Demo-accounts (alleen voor ontwikkeling en demonstratie, synthetische gegevens)")
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write(
            f"Tweede factor: voer in een authenticator-app de sleutel {DEMO_TOTP_KEY_BASE32} in "
            "(base32, TOTP, 30 s, 6 cijfers)."
        )
        if missing:
            self.stdout.write(self.style.WARNING(
                f"{missing} demo-account(s) bestaan nog niet: draai eerst 'python manage.py seed_demo'."
            ))
