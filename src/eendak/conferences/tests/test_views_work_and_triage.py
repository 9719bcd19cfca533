"""The team's work page and the weekly triage on screen: who sees them, what they show, what is
logged, and the triage decision (accept with a coordinator, not yet, bad input) with its feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import Case, Handover, HandoverStatus, Participation
from eendak.conferences import services, workflow
from eendak.conferences.events import Event
from eendak.conferences.models import MeasureKind, Notice, Referral, TriageDecision
from eendak.conferences.workflow import ReferralStatus
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of
from .views_helpers import assert_refused, field_error, last_read, refer, text_of, url


@pytest.fixture(autouse=True)
def _deadline_at_the_end_of_the_triage_day(settings):
    """These tests refer a family now and look at this week's triage: with the deadline at the end
    of the triage day, "now" always goes to the triage the page shows, whatever the hour of the run
    (with the region's deadline, Monday noon, a run on Monday afternoon refers to next week's)."""
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = -1
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = 0

pytestmark = pytest.mark.django_db


def decide(client, referral, data, *, htmx=False, week=None):
    payload = {f"triage-{referral.pk}-{k}": v for k, v in data.items()}
    if week:
        payload["week"] = f"{week:%Y-%m-%d}"
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url("triage_decision", referral_id=referral.pk), payload, headers=headers)


# --- The work page ------------------------------------------------------------------------------


def test_the_team_sees_its_work_queues_and_the_read_is_logged(team_case, team_member, login_as,
                                                              liaison):
    referral = refer(team_case)
    case, persons, _vt = team_case
    services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                            starts_on=timezone.localdate() - timedelta(days=8))
    response = login_as(team_member).get(url("work"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Werkvoorraad Veiligheidsteam" in page
    assert "Triage van" in page and referral.reference in page
    assert "Aanmeldingen die wachten op triage" in page
    # A house ban on a family that is not (yet) the team's is not the team's queue.
    assert "Maatregelen die aflopen" in page
    entry = last_read(team_member, Event.WORK)
    assert entry is not None and {p.pk for p in persons} <= set(entry.person_ids)


def test_house_bans_of_the_teams_families_come_first_among_the_measures_ending(
        team_case, team_member, login_as, liaison):
    from .views_helpers import accept

    referral = accept(refer(team_case), team_member)
    police = actor_of(liaison)
    today = timezone.localdate()
    services.record_measure(police, referral.case, kind=MeasureKind.CONTACT_BAN,
                            starts_on=today - timedelta(days=20), ends_on=today)
    services.record_measure(police, referral.case, kind=MeasureKind.HOUSE_BAN,
                            starts_on=today - timedelta(days=8))
    html = login_as(team_member).get(url("work")).content.decode()
    section = html.split('id="maatregelen"', 1)[1].split("</section>", 1)[0]
    assert section.index('data-measure="house_ban"') < section.index('data-measure="contact_ban"')


@pytest.mark.parametrize("who", ["liaison", "intake", "ggz_contact"])
def test_the_work_page_is_the_teams_only(who, request, login_as):
    membership = request.getfixturevalue(who)
    response = login_as(membership).get(url("work"))
    assert_refused(response, membership, "conferences.view_work")


# --- The triage list ------------------------------------------------------------------------------


def test_the_triage_shows_reason_goal_history_signals_and_partners(team_case, team_member, ggz,
                                                                   login_as):
    referral = refer(team_case, escalation_signals=["weapon", "strangulation"],
                     invited_partner_ids=[ggz.pk])
    response = login_as(team_member).get(url("triage"))
    assert response.status_code == 200
    page = text_of(response)
    assert referral.reference in page
    assert "Derde huisverbod in twee jaar." in page
    assert "Escalatie stoppen: straf en zorg samen." in page
    assert "Dreigen met of gebruik van een wapen" in page and "Verwurging of verstikking" in page
    assert ggz.name in page
    assert "Meldingen over dit huishouden" in page and "Eerdere casussen" in page
    assert f'name="triage-{referral.pk}-coordinator"' in response.content.decode()
    assert last_read(team_member, Event.TRIAGE_LIST) is not None


def test_a_triage_partner_reads_the_list_without_deciding(team_case, liaison, login_as):
    referral = refer(team_case)
    response = login_as(liaison).get(url("triage"))
    assert response.status_code == 200
    assert referral.reference in text_of(response)
    assert f'name="triage-{referral.pk}-outcome"' not in response.content.decode()


@pytest.mark.parametrize("who", ["ggz_contact", "goirle"])
def test_the_triage_is_refused_to_others(who, request, login_as, region):
    if who == "goirle":
        membership = f.membership(Role.LOCAL_TEAM_WORKER,
                                  Organisation.objects.get(name="Lokaal team Goirle"))
    else:
        membership = request.getfixturevalue(who)
    assert_refused(login_as(membership).get(url("triage")), membership, "conferences.view_triage")


def test_another_week_and_a_week_that_does_not_exist(team_case, team_member, login_as):
    referral = refer(team_case)
    client = login_as(team_member)
    earlier = referral.triage_on - timedelta(days=14)
    page = text_of(client.get(url("triage") + f"?week={earlier:%Y-%m-%d}"))
    assert referral.reference not in page  # not on an agenda before its own week
    page = text_of(client.get(url("triage") + "?week=2026-02-31", follow=True))
    assert "Die week bestaat niet" in page and referral.reference in page


# --- Deciding ---------------------------------------------------------------------------------------


def test_accepting_makes_the_team_coordinate_and_offers_it_oversight(team_case, team_member, team,
                                                                     login_as):
    referral = refer(team_case)
    response = decide(login_as(team_member), referral, {
        "outcome": "accept", "reason": "Past bij het Veiligheidsteam.",
        "coordinator": team_member.user.pk}, week=referral.triage_on)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?week={referral.triage_on:%Y-%m-%d}")
    referral.refresh_from_db()
    case = Case.objects.get(pk=referral.case_id)
    assert referral.status == ReferralStatus.ACCEPTED and referral.coordinator == team_member.user
    assert case.coordinator == team_member.user
    assert Participation.objects.filter(case=case, organisation=team).exists()
    assert Handover.objects.filter(case=case, to_organisation=team,
                                   status=HandoverStatus.OFFERED).exists()
    assert Notice.objects.filter(referral=referral, text__contains="geaccepteerd").exists()


def test_accepting_without_a_coordinator_is_refused_at_the_field(team_case, team_member, login_as):
    referral = refer(team_case)
    response = decide(login_as(team_member), referral, {
        "outcome": "accept", "reason": "Past bij het team."})
    assert response.status_code == 200
    assert field_error(response, f"triage-{referral.pk}-coordinator") == (
        "Kies de regisseur van het Veiligheidsteam voor dit gezin.")
    assert "Past bij het team.</textarea>" in response.content.decode()
    assert "Er is nog niets opgeslagen." in text_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert not TriageDecision.objects.exists()


def test_a_decision_without_reason_is_refused_at_the_field(team_case, team_member, login_as):
    referral = refer(team_case)
    response = decide(login_as(team_member), referral, {"outcome": "not_accept", "reason": " "})
    assert response.status_code == 200
    assert field_error(response, f"triage-{referral.pk}-reason").startswith(
        "Geef de reden van het triagebesluit")
    assert not TriageDecision.objects.exists()


def test_not_yet_through_htmx_answers_with_the_family_and_its_next_triage(team_case, team_member,
                                                                         login_as):
    referral = refer(team_case)
    response = decide(login_as(team_member), referral, {
        "outcome": "not_yet", "reason": "Eerst het oordeel van de reclassering."}, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and "<html" not in html
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert referral.triage_on == workflow.next_triage_after(
        max(timezone.localdate(), referral.triage_decisions.get().triage_on))
    assert f"{referral.triage_on:%d-%m-%Y}" in text_of(response)


def test_a_bad_decision_through_htmx_comes_back_in_its_article(team_case, team_member, login_as):
    referral = refer(team_case)
    response = decide(login_as(team_member), referral, {"outcome": "accept", "reason": "Past."},
                      htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and f'id="aanmelding-{referral.pk}"' in html
    assert field_error(response, f"triage-{referral.pk}-coordinator")
    assert not TriageDecision.objects.exists()


def test_only_the_team_decides(team_case, liaison, login_as):
    referral = refer(team_case)
    response = decide(login_as(liaison), referral, {"outcome": "not_accept", "reason": "Nee."})
    assert_refused(response, liaison, "conferences.decide_triage")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.REFERRED


def test_a_referral_that_does_not_exist_is_the_same_logged_404(team_member, login_as):
    response = decide(login_as(team_member), Referral(pk=987654), {"outcome": "accept"})
    assert_refused(response, team_member, "conferences.decide_triage")


def test_a_decision_on_a_family_decided_meanwhile_says_so(team_case, team_member, login_as):
    referral = refer(team_case)
    services.decide_triage(actor_of(team_member), referral, outcome="not_accept",
                           reason="Past niet.")
    response = decide(login_as(team_member), referral, {"outcome": "not_accept",
                                                        "reason": "Ook niet."})
    assert response.status_code == 200
    assert "er valt geen triagebesluit meer te nemen" in text_of(response)
    assert TriageDecision.objects.count() == 1
