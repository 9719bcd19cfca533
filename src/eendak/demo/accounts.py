"""The demo accounts: one per role, with a documented password and a documented TOTP secret.

For development and demonstrations only. The accounts are flagged ``is_demo_account``; in
development their second factor also accepts ``EENDAK_DEMO_OTP_CODE`` (000000), which production
settings refuse. Each also has a real TOTP device with the key below, so an authenticator app works.
Each has a synthetic e-mail address (``<username>@demo.eendak.test``, a reserved test domain): enrolling
oneself for a training of the Expertisecentrum needs one.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.core.actors import Actor
from eendak.core.models import Membership, Organisation, User
from eendak.core.reference import ensure_reference_data
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role

DEMO_PASSWORD = "Eendak-demo-2026!"  # noqa: S105 - documented in the README on purpose
# The TOTP key of every demo account; in an authenticator app enter base32 DEMO_TOTP_KEY_BASE32.
DEMO_TOTP_KEY_HEX = "211a30286463a6e9bd44c6b7cefbe008864298e8"
DEMO_TOTP_KEY_BASE32 = "EENDAKDEMOTOTPKEY234567ABCDEFGHI"
DEMO_EMAIL_DOMAIN = "demo.eendak.test"  # .test is reserved (RFC 2606): no mail ever reaches anyone


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation_type: str
    municipality: str | None = None  # for local teams and municipalities


DEMO_ACCOUNTS = [
    DemoAccount("intake", "Ilse", "de Intake", Role.VT_INTAKE, T.VEILIG_THUIS),
    DemoAccount("onderzoeker", "Omar", "Onderzoek", Role.VT_INVESTIGATOR, T.VEILIG_THUIS),
    DemoAccount("monitor", "Mieke", "van Monitoring", Role.VT_MONITOR, T.VEILIG_THUIS),
    DemoAccount("vtarts", "Aart", "Arts", Role.VT_DOCTOR, T.VEILIG_THUIS),
    DemoAccount("wijkteam", "Wendy", "van het Wijkteam", Role.LOCAL_TEAM_WORKER, T.LOCAL_TEAM,
                "Tilburg"),
    DemoAccount("coordinator", "Cor", "Coördinator", Role.CASE_COORDINATOR, T.LOCAL_TEAM,
                "Tilburg"),
    DemoAccount("veiligheidsteam", "Vera", "Veiligheidsteam", Role.SAFETY_TEAM_MEMBER,
                T.SAFETY_HOUSE),
    DemoAccount("politie", "Paul", "Politie", Role.PARTNER_LIAISON, T.POLICE),
    # A consulting partner of the Veiligheidsteam: invited per household, not a fixed member.
    DemoAccount("ggz", "Gina", "GGz", Role.PARTNER_LIAISON, T.MENTAL_HEALTH),
    DemoAccount("spoedplein", "Sanne", "Spoedplein", Role.HOSPITAL_CLINICIAN, T.HOSPITAL),
    DemoAccount("forensisch", "Frits", "Forensisch", Role.FORENSIC_DOCTOR, T.HOSPITAL),
    DemoAccount("expertise", "Esra", "Expertise", Role.EXPERTISE_STAFF, T.EXPERTISE_CENTRE),
    DemoAccount("logbeheer", "Lotte", "Logbeheer", Role.LOG_ADMIN, T.VEILIG_THUIS),
    DemoAccount("privacy", "Pieter", "Privacy", Role.PRIVACY_OFFICER, T.VEILIG_THUIS),
    DemoAccount("analist", "Anouk", "Analist", Role.ANALYST, T.VEILIG_THUIS),
    DemoAccount("beheer", "Bram", "Beheer", Role.FUNCTIONAL_ADMIN, T.VEILIG_THUIS),
    # A policy officer of the municipality of Tilburg: its published figures only, never a person.
    DemoAccount("gemeente", "Gijs", "Gemeente", Role.MUNICIPAL_POLICY_OFFICER, T.MUNICIPALITY,
                "Tilburg"),
]


def _organisation_for(account: DemoAccount) -> Organisation:
    qs = Organisation.objects.filter(type=account.organisation_type, is_active=True)
    if account.municipality:
        qs = qs.filter(municipality__name=account.municipality)
    return qs.order_by("name").first()


@transaction.atomic
def create_demo_accounts() -> list[User]:
    """Create (or repair) every demo account. Idempotent.

    Argon2 is slow on purpose (about half a second per hash on a small machine). The accounts share
    one documented password, so it is hashed once and that encoded hash is given to every account
    that needs it, and each distinct stored hash is verified once: two hashes instead of thirty.
    """
    ensure_reference_data()
    existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    verified: dict[str, bool] = {}
    shared_hash = ""

    def has_demo_password(user) -> bool:
        if user.password not in verified:
            verified[user.password] = bool(user.password) and check_password(DEMO_PASSWORD, user.password)
        return verified[user.password]

    users = []
    for account in DEMO_ACCOUNTS:
        user = existing.get(account.username) or User(
            username=account.username, first_name=account.first_name, last_name=account.last_name,
            email=demo_email(account.username),
        )
        if not user._state.adding and user.password == shared_hash:
            pass  # already the shared hash: nothing to check again
        elif not user._state.adding and has_demo_password(user):
            if not shared_hash:
                shared_hash = user.password
            else:  # same password, other salt: share one hash so the next run checks only once
                user.password = shared_hash
                user.save(update_fields=["password"])
        else:
            shared_hash = shared_hash or make_password(DEMO_PASSWORD)
            user.password = shared_hash
            user.is_demo_account = True
            user.is_active = True
            user.save()
        if not user.email:  # an account made before the demo accounts had an address
            user.email = demo_email(account.username)
            user.save(update_fields=["email"])
        Membership.objects.get_or_create(user=user, organisation=_organisation_for(account),
                                         role=account.role)
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo-authenticator",
            defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
        users.append(user)
    return users


def demo_actor(username: str, role: str, ip_address: str) -> Actor | None:
    """The demo account ``username`` acting in ``role``, as the services see a person at work; None
    without that account (seeding without ``demo_accounts``). ``ip_address`` tells one demo part's
    log entries from another's."""
    membership = (Membership.objects.filter(user__username=username, role=role, is_active=True)
                  .select_related("user", "organisation").first())
    if membership is None:
        return None
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address=ip_address)

