"""The Veiligheidsteam's API lists and details cost the same number of queries however much they
show (``eendak.testing.query_counts``): referrals, the week's triage, the work queues, a conference
with its agenda, one household on it with its contributions, the measures of a case, notices and
own contributions — each counted with a few rows, then with more."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.services import participate, set_conditions
from eendak.conferences import services
from eendak.conferences.models import Invitation, MeasureKind
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

from .api_support import API, accepted, referred, requested
from .conftest import actor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(vt, tilburg_team, police, intake):
    """make(): one more household whose case Veilig Thuis holds, with the Tilburg team and the
    police taking part (the ``team_case`` of conftest)."""

    def make():
        household = f.HouseholdFactory()
        persons = [f.person_in(household, "parent"), f.person_in(household, "partner"),
                   f.person_in(household, "child")]
        case = f.case_for(household, vt, tilburg_team, responsible=vt)
        participate(actor_of(intake), case, police, "Politie")
        return case, persons, intake

    return make


@pytest.fixture
def conference(team_member):
    return services.plan_conference(actor_of(team_member),
                                    starts_at=timezone.now() + timedelta(days=2), place="ZVH",
                                    chair=team_member.user)


def test_referrals_and_the_triage_do_not_grow(family, team_member, login_as, capsys):
    referral = referred(family())
    client = login_as(team_member)

    def grow():
        for _ in range(4):
            referred(family())

    assert_flat(capsys, "API aanmeldingen", client, f"{API}/referrals/", grow=grow)
    assert_flat(capsys, "API triage", client, f"{API}/triage/",
                data={"week": referral.triage_on.isoformat()}, grow=grow)


def test_the_work_queues_do_not_grow(family, team_member, liaison, conference, login_as, capsys):
    member, police = actor_of(team_member), actor_of(liaison)
    today = timezone.localdate()

    def add(n):
        for _ in range(n):
            referred(family())
            referral = accepted(family(), team_member)
            services.record_measure(police, referral.case, kind=MeasureKind.HOUSE_BAN,
                                    starts_on=today - timedelta(days=9))
            item = services.add_to_agenda(member, conference, referral)
            services.agree_action(member, item, text="Veiligheidsplan maken",
                                  owner_organisation=liaison.organisation, owner=liaison.user,
                                  due_on=today + timedelta(days=3))

    add(1)
    assert_flat(capsys, "API werkvoorraad", login_as(team_member), f"{API}/safety-team-work/",
                grow=lambda: add(3),
                rows=lambda response: sum(len(v) for v in response.json().values()
                                          if isinstance(v, list)))


def test_a_conference_and_an_item_do_not_grow(family, team_member, liaison, ggz, conference,
                                              login_as, capsys):
    member, police = actor_of(team_member), actor_of(liaison)
    case, _persons, vt_membership = the_family = family()
    first = services.add_to_agenda(member, conference, accepted(the_family, team_member),
                                   consulting_ids=[ggz.pk])
    client = login_as(team_member)

    def more_families():
        for _ in range(3):
            services.add_to_agenda(member, conference, accepted(family(), team_member),
                                   consulting_ids=[ggz.pk])

    assert_flat(capsys, "API casusoverleg", client, f"{API}/conferences/{conference.pk}/",
                grow=more_families, rows=lambda response: len(response.json()["items"]))

    [condition] = set_conditions(actor_of(vt_membership), case, [("Geen geweld.", "Ouders")])

    def more_on_the_item():
        for n in range(3):
            services.contribute(police, first, text=f"Inbreng {n}", legal_basis="statutory_task")
            decision = services.record_decision(member, first, text=f"Besluit {n}")
            services.agree_action(member, first, text=f"Actie {n}",
                                  owner_organisation=liaison.organisation, owner=liaison.user,
                                  due_on=timezone.localdate() + timedelta(days=5),
                                  decision=decision)
            services.record_measure(police, case, kind=MeasureKind.CONTACT_BAN,
                                    starts_on=timezone.localdate(), supports_condition=condition)

    more_on_the_item()  # one of each from the start: the actions' current plan is one query

    def item_rows(response):
        data = response.json()
        return sum(len(data[key]) for key in ("invitations", "contributions", "decisions",
                                              "actions", "measures"))

    assert_flat(capsys, "API agendapunt", client, f"{API}/agenda-items/{first.pk}/",
                grow=more_on_the_item, rows=item_rows)
    assert_flat(capsys, "API inbreng", client, f"{API}/agenda-items/{first.pk}/contributions/",
                grow=more_on_the_item)
    assert Invitation.objects.filter(item=first).count() > 1


def test_measures_notices_and_own_contributions_do_not_grow(family, team_member, liaison,
                                                            conference, login_as, capsys):
    police = actor_of(liaison)
    case, _persons, vt_membership = family()
    services.record_measure(police, case, kind=MeasureKind.ARREST,
                            starts_on=timezone.localdate())
    client = login_as(liaison)

    def more_measures():
        for kind in (MeasureKind.POLICE_REPORT, MeasureKind.CONTACT_BAN, MeasureKind.PROBATION):
            services.record_measure(police, case, kind=kind, starts_on=timezone.localdate())

    assert_flat(capsys, "API maatregelen", client, f"{API}/measures/", data={"case": case.pk},
                grow=more_measures)

    def more_requests():
        for _ in range(3):
            requested(family(), liaison)

    requested(family(), liaison)
    assert_flat(capsys, "API terugkoppeling", login_as(vt_membership), f"{API}/notices/",
                grow=more_requests)

    member = actor_of(team_member)

    def more_contributions():
        for _ in range(3):
            item = services.add_to_agenda(member, conference, accepted(family(), team_member))
            services.contribute(police, item, text="Inbreng", legal_basis="statutory_task")

    more_contributions()
    assert_flat(capsys, "API eigen inbreng", client, f"{API}/own-conference-contributions/",
                grow=more_contributions)
