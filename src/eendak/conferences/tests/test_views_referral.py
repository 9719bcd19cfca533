"""Referral on screen: Veilig Thuis refers from the case, a partner asks Veilig Thuis, Veilig Thuis
decides on the request; the feedback with "gezien"; the referral pages; the team hands back at
stable safety. Bad input is refused at its field with what was typed kept; others get a logged 404."""

import re

import pytest

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services as cases
from eendak.cases.models import Handover, HandoverStatus, Phase
from eendak.conferences.events import Event
from eendak.conferences.models import Notice, Referral
from eendak.conferences.workflow import ReferralStatus
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of
from .views_helpers import (
    accept,
    assert_refused,
    field_error,
    last_read,
    refer,
    text_of,
    url,
)

pytestmark = pytest.mark.django_db


def post_referral(client, case, data):
    return client.post(url("refer", case_id=case.pk), data)


@pytest.fixture
def goirle(region):
    return f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Goirle"))


# --- Veilig Thuis refers ----------------------------------------------------------------------------


def test_veilig_thuis_sees_the_history_and_refers(team_case, login_as, ggz):
    case, persons, vt_membership = team_case
    client = login_as(vt_membership)
    response = client.get(url("refer", case_id=case.pk))
    assert response.status_code == 200
    page = text_of(response)
    assert "Aanmelden bij het Veiligheidsteam" in page
    assert "Voorgeschiedenis uit het dossier" in page and "Meldingen over dit huishouden" in page
    assert ggz.name in page  # a consulting partner may be asked for
    entry = last_read(vt_membership, Event.REFERRAL_READ)
    assert entry is not None and {p.pk for p in persons} <= set(entry.person_ids)

    response = post_referral(client, case, {
        "reason": "Derde huisverbod in twee jaar; dreiging met mes.",
        "goal": "Escalatie stoppen.", "escalation_signals": ["weapon", "threat_to_kill"],
        "invited_partners": [ggz.pk]})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("referral_detail", referral_id=referral.pk)
    assert referral.status == ReferralStatus.REFERRED
    assert referral.escalation_signals == ["weapon", "threat_to_kill"]
    assert list(referral.invited_partners.all()) == [ggz]
    page = text_of(client.get(response["Location"], follow=True))
    assert "staat op de triage van" in page and referral.reference in page


def test_a_referral_without_reason_changes_nothing_and_keeps_what_was_typed(team_case, login_as):
    case, _persons, vt_membership = team_case
    response = post_referral(login_as(vt_membership), case, {
        "reason": "  ", "goal": "Escalatie stoppen met straf en zorg.",
        "escalation_signals": ["stalking"]})
    assert response.status_code == 200
    assert field_error(response, "reason") == "Geef de reden van de aanmelding."
    html = response.content.decode()
    assert "Escalatie stoppen met straf en zorg.</textarea>" in html
    assert re.search(r'value="stalking"[^>]*checked', html)
    assert "Er is nog niets opgeslagen." in text_of(response)
    assert not Referral.objects.exists()


def test_a_family_already_referred_is_not_referred_twice(team_case, login_as):
    case, _persons, vt_membership = team_case
    referral = refer(team_case)
    client = login_as(vt_membership)
    page = text_of(client.get(url("refer", case_id=case.pk)))
    assert "Dit gezin is al aangemeld bij het Veiligheidsteam" in page and referral.reference in page
    response = post_referral(client, case, {"reason": "Nog eens", "goal": "Doel"})
    assert field_error(response, "reason") == "Dit gezin is al aangemeld bij het Veiligheidsteam."
    assert Referral.objects.count() == 1


def test_an_organisation_outside_the_case_gets_a_logged_404(team_case, goirle, login_as):
    case, _persons, _vt = team_case
    client = login_as(goirle)
    assert_refused(client.get(url("refer", case_id=case.pk)), goirle,
                   "conferences.request_referral")
    assert_refused(post_referral(client, case, {"reason": "R", "goal": "D"}), goirle,
                   "conferences.request_referral")
    assert not Referral.objects.exists()


# --- A partner asks Veilig Thuis; Veilig Thuis decides --------------------------------------------------


def test_a_partner_asks_and_veilig_thuis_decides_with_feedback(team_case, liaison, login_as):
    case, _persons, vt_membership = team_case
    police = login_as(liaison)
    page = text_of(police.get(url("refer", case_id=case.pk)))
    assert "Veilig Thuis vragen aan te melden" in page
    response = post_referral(police, case, {"reason": "Derde huisverbod.", "goal": "Stoppen."})
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.status == ReferralStatus.REQUESTED
    assert referral.requesting_organisation == liaison.organisation

    vt = login_as(vt_membership)
    detail = vt.get(url("referral_detail", referral_id=referral.pk))
    assert "Besluit van Veilig Thuis" in text_of(detail)
    # Without a reason: refused at the field, nothing decided.
    response = vt.post(url("vt_decision", referral_id=referral.pk),
                       {"vt-decision": "refer", "vt-reason": ""})
    assert response.status_code == 200
    assert field_error(response, "vt-reason").startswith("Geef de reden van het besluit")
    assert Referral.objects.get().status == ReferralStatus.REQUESTED
    response = vt.post(url("vt_decision", referral_id=referral.pk),
                       {"vt-decision": "refer", "vt-reason": "Lange voorgeschiedenis."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED and referral.triage_on

    # The police hear back: on their referral list, with "gezien".
    notice = Notice.objects.get(referral=referral, to_organisation=liaison.organisation)
    listing = police.get(url("referral_list"))
    assert "Lange voorgeschiedenis." in text_of(listing)
    assert last_read(liaison, Event.NOTICES_READ) is not None
    response = police.post(url("notice_seen", notice_id=notice.pk),
                           {"next": url("referral_list")})
    assert response.status_code == 302 and response["Location"] == url("referral_list")
    notice.refresh_from_db()
    assert notice.seen_by == liaison.user
    assert "Lange voorgeschiedenis." not in text_of(police.get(url("referral_list")))


def test_gezien_through_htmx_answers_with_the_mark_only(team_case, liaison, login_as):
    case, _persons, vt_membership = team_case
    from eendak.conferences import services

    request = services.request_referral(actor_of(liaison), case, reason="R", goal="D")
    services.decide_on_request(actor_of(vt_membership), request, refer_it=False, reason="Past niet.")
    notice = Notice.objects.get(to_organisation=liaison.organisation)
    response = login_as(liaison).post(url("notice_seen", notice_id=notice.pk),
                                      headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert text_of(response).startswith("gezien op") and "<html" not in response.content.decode()


def test_feedback_for_another_organisation_cannot_be_marked_seen(team_case, liaison, intake,
                                                                 login_as):
    case, _persons, vt_membership = team_case
    from eendak.conferences import services

    request = services.request_referral(actor_of(liaison), case, reason="R", goal="D")
    services.decide_on_request(actor_of(vt_membership), request, refer_it=False, reason="Nee.")
    notice = Notice.objects.get(to_organisation=liaison.organisation)
    response = login_as(intake).post(url("notice_seen", notice_id=notice.pk))
    assert_refused(response, intake, "conferences.acknowledge_notice")
    notice.refresh_from_db()
    assert notice.seen_at is None


# --- The referral pages ------------------------------------------------------------------------------


def test_the_referral_page_per_role(team_case, team_member, liaison, ggz_contact, intake, login_as):
    referral = refer(team_case)
    for membership in (team_member, intake, liaison):  # the team, Veilig Thuis, a triage partner
        response = login_as(membership).get(url("referral_detail", referral_id=referral.pk))
        assert response.status_code == 200, membership
        assert "Derde huisverbod in twee jaar." in text_of(response)
        assert last_read(membership, Event.REFERRAL_READ) is not None
    response = login_as(ggz_contact).get(url("referral_detail", referral_id=referral.pk))
    assert_refused(response, ggz_contact, "conferences.view_referral")


def test_the_referral_list_shows_only_what_the_organisation_may_see(team_case, team_member,
                                                                    ggz_contact, login_as):
    referral = refer(team_case)
    assert referral.reference in text_of(login_as(team_member).get(url("referral_list")))
    page = text_of(login_as(ggz_contact).get(url("referral_list")))
    assert referral.reference not in page and "Geen aanmeldingen" in page


# --- Hand back at stable safety -------------------------------------------------------------------------


def test_the_team_hands_back_to_the_local_team_at_stable_safety(team_case, team_member,
                                                                tilburg_team, login_as):
    referral = accept(refer(team_case), team_member)
    client = login_as(team_member)
    detail = client.get(url("referral_detail", referral_id=referral.pk))
    assert "Teruggeven aan het lokale team" in text_of(detail)
    assert "nog in de fase directe veiligheid" in text_of(detail)
    data = {"teruggave-to_organisation": tilburg_team.pk,
            "teruggave-note": "Stabiele veiligheid sinds drie maanden."}
    response = client.post(url("hand_back", referral_id=referral.pk), data)
    assert response.status_code == 200
    assert "directe veiligheid" in field_error(response, "teruggave-to_organisation")
    assert "Stabiele veiligheid sinds drie maanden.</textarea>" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED

    cases.change_phase(actor_of(team_member), referral.case, to_phase=Phase.STABLE_SAFETY,
                       reason="Geen incidenten.")
    response = client.post(url("hand_back", referral_id=referral.pk), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.HANDED_BACK and referral.handed_back_to == tilburg_team
    assert Handover.objects.filter(case=referral.case, to_organisation=tilburg_team,
                                   status=HandoverStatus.OFFERED).exists()
    assert Notice.objects.filter(referral=referral, to_organisation=tilburg_team).exists()


def test_only_the_responsible_team_hands_back(team_case, team_member, intake, tilburg_team,
                                              login_as):
    referral = accept(refer(team_case), team_member)
    response = login_as(intake).post(url("hand_back", referral_id=referral.pk), {
        "teruggave-to_organisation": tilburg_team.pk, "teruggave-note": "Klaar."})
    assert_refused(response, intake, "conferences.hand_back")
    assert not AccessLogEntry.objects.filter(event=Event.HANDED_BACK,
                                             outcome=Outcome.SUCCESS).exists()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_a_partner_finds_referrals_and_feedback_from_its_start_page(liaison, login_as):
    html = login_as(liaison).get("/").content.decode()
    assert f'href="{url("referral_list")}"' in html and "Aanmeldingen en terugkoppeling" in html
