"""The data subject's requests of the demo privacy officer (``privacy``, of Veilig Thuis), made
through ``privacy.services`` so the access log and the case file hold what real use would write.

One request in each situation a privacy officer meets: an inzage past its deadline, one whose
deadline is within the week, a correction extended (with the reason the person was told), a
restriction granted (the person's data marked restricted), a refused correction with the person's
own statement in the case file, and a fresh inzage request waiting to be taken in hand. The persons
are adults of the demo's synthetic households with a case; the dates of receipt lie in the past, as
a letter that came in weeks ago would be registered.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from eendak.core.roles import Role
from eendak.persons.models import HouseholdMember
from eendak.privacy import services as privacy
from eendak.privacy.models import DataSubjectRequest

from .research import _actor

DEMO_REQUESTS = 6


def remove_rights_demo() -> None:
    """The demo's requests, and any request about a synthetic person (made while trying the demo):
    a request keeps its person, so it goes before the synthetic persons do."""
    DataSubjectRequest.objects.filter(Q(is_synthetic=True) | Q(person__is_synthetic=True)).delete()


def seed_rights() -> int:
    """The six requests; returns how many were made."""
    remove_rights_demo()
    officer = _actor("privacy", Role.PRIVACY_OFFICER, 3)
    if officer is None:
        return 0
    adults = list(HouseholdMember.objects.filter(
        household__is_synthetic=True, household__cases__isnull=False,
        role__in=["parent", "partner"]).select_related("person")
        .order_by("household_id", "person_id").distinct()[:DEMO_REQUESTS])
    if len(adults) < DEMO_REQUESTS:
        return 0
    people = [member.person for member in adults]
    today = timezone.localdate()

    def register(person, kind, days_ago, text, **extra):
        return privacy.register_request(
            officer, person=person, kind=kind, received_on=today - timedelta(days=days_ago),
            received_via=extra.pop("via", "letter"), request_text=text, is_synthetic=True, **extra)

    overdue = register(people[0], "access", 38, "Ik wil weten wat Veilig Thuis over mij vastlegt "
                       "en wie mijn gegevens heeft gezien.")
    privacy.start_request(officer, overdue)
    near = register(people[1], "access", 26, "Graag een kopie van mijn dossier.", via="email")
    privacy.start_request(officer, near)
    extended = register(people[2], "correction", 12, "Mijn adres klopt niet meer; ik ben verhuisd.",
                        correction_field="street", correction_value="Stationsstraat")
    privacy.extend_request(officer, extended, until=extended.deadline + timedelta(days=30),
                           reason="We vragen het nieuwe adres na bij de gemeente; dat duurt "
                                  "langer dan een maand.")
    restricted = register(people[3], "restriction", 20, "Ik betwist wat er over mij is "
                          "opgeschreven; gebruik het niet zolang dat wordt uitgezocht.", via="desk")
    privacy.decide_request(officer, restricted, granted=True,
                           reason="De juistheid wordt betwist (AVG art. 18 lid 1a); beperkt tot "
                                  "het onderzoek is afgerond.")
    refused = register(people[4], "correction", 15, "Mijn voornaam is verkeerd geschreven.",
                       correction_field="given_names", correction_value="Mohammed")
    privacy.decide_request(officer, refused, granted=False,
                           reason="De schrijfwijze komt overeen met de basisregistratie personen.")
    privacy.add_own_statement(officer, refused, "Ik schrijf mijn naam als Mohammed, zoals op "
                                                "mijn diploma's; de BRP heeft het fout.")
    register(people[5], "access", 2, "Inzage in mijn gegevens, per post.")
    return DEMO_REQUESTS
