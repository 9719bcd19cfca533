"""The Veiligheidsteam's busiest screens cost the same number of queries however much they show: the
work page (with more families waiting, accepted, with actions due and measures ending), the week's
triage (with more families, signals, invited partners and earlier decisions) and one household on a
conference's agenda (with more invitations, contributions, decisions, actions and measures)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.services import participate
from eendak.conferences import services
from eendak.conferences.models import MeasureKind
from eendak.conferences.queries import consulting_partners
from eendak.conferences.workflow import TriageOutcome
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

from .conftest import actor_of
from .views_helpers import accept, on_agenda, refer, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(vt, tilburg_team, police, intake):
    """make(): one more household whose case Veilig Thuis holds, with the Tilburg team and the
    police taking part, as ``team_case`` gives it."""

    def make():
        household = f.HouseholdFactory()
        persons = [f.person_in(household, "parent"), f.person_in(household, "partner"),
                   f.person_in(household, "child")]
        case = f.case_for(household, vt, tilburg_team, responsible=vt)
        participate(actor_of(intake), case, police, "Politie")
        return case, persons, intake

    return make


def test_the_work_page_does_not_grow(family, team_member, liaison, ggz, login_as, capsys):
    member, police = actor_of(team_member), actor_of(liaison)
    today = timezone.localdate()
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=2),
                                          place="ZVH", chair=team_member.user)

    def add(waiting: int, accepted: int):
        for _ in range(waiting):
            refer(family(), invited_partner_ids=[ggz.pk])
        for _ in range(accepted):
            referral = accept(refer(family()), team_member)
            services.record_measure(police, referral.case, kind=MeasureKind.HOUSE_BAN,
                                    starts_on=today - timedelta(days=9))
            item = services.add_to_agenda(member, conference, referral)
            services.agree_action(member, item, text="Veiligheidsplan maken",
                                  owner_organisation=liaison.organisation, owner=liaison.user,
                                  due_on=today + timedelta(days=3))

    add(1, 1)
    assert_flat(capsys, "werkvoorraad Veiligheidsteam", login_as(team_member), url("work"),
                grow=lambda: add(4, 3))


def test_the_triage_page_does_not_grow(family, team_member, ggz, login_as, capsys):
    member = actor_of(team_member)
    weeks_ahead = timezone.localdate() + timedelta(days=21)

    def add(count: int):
        for n in range(count):
            referral = refer(family(), invited_partner_ids=[ggz.pk],
                             escalation_signals=["weapon", "stalking"])
            if n % 2:
                services.decide_triage(member, referral, outcome=TriageOutcome.NOT_YET,
                                       reason="Eerst het advies van de reclassering.")

    add(2)
    assert_flat(capsys, "triage", login_as(team_member),
                url("triage") + f"?week={weeks_ahead:%Y-%m-%d}", grow=lambda: add(6),
                rows=lambda response: response.content.decode().count("<article"))


def test_the_item_page_does_not_grow(team_case, team_member, liaison, ggz, ggz_contact, login_as,
                                     capsys):
    agenda = on_agenda(team_case, team_member, [ggz])
    member, police, care = actor_of(team_member), actor_of(liaison), actor_of(ggz_contact)
    case = agenda.referral.case
    today = timezone.localdate()
    consulting = list(consulting_partners().exclude(pk=ggz.pk))

    def add(count: int):
        for n in range(count):
            services.contribute(care, agenda.item, text=f"Inbreng zorg {n}", legal_basis="consent",
                                conference_only=bool(n % 2))
            services.contribute(police, agenda.item, text=f"Inbreng politie {n}",
                                legal_basis="statutory_task")
            decision = services.record_decision(member, agenda.item, text=f"Besluit {n}")
            services.agree_action(member, agenda.item, text=f"Actie {n}",
                                  owner_organisation=liaison.organisation, owner=liaison.user,
                                  due_on=today + timedelta(days=n + 1), decision=decision)
            services.record_measure(police, case, kind=MeasureKind.CONTACT_BAN,
                                    starts_on=today, ends_on=today + timedelta(days=30 + n))
            if consulting:
                services.invite_partner(member, agenda.item, consulting.pop())

    add(1)
    assert_flat(capsys, "agendapunt casusoverleg", login_as(team_member),
                url("item_detail", item_id=agenda.item.pk), grow=lambda: add(3))
