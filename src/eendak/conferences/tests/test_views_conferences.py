"""Case conferences on screen: planning, the agenda with a consulting partner for one household
alone, the household's page (invitations and attendance, contributions with source and legal basis,
informing, decisions, actions into the plan), hold and cancel; who reads what, and until when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import JournalEntry, PlanAction
from eendak.conferences.events import Event
from eendak.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceAction,
    ConferenceDecision,
    Contribution,
    Invitation,
)
from eendak.conferences.workflow import ConferenceStatus, Informed, InvitationKind
from eendak.testing import factories as f

from .conftest import actor_of
from .views_helpers import (
    accept,
    assert_refused,
    d,
    field_error,
    hold,
    last_read,
    on_agenda,
    refer,
    text_of,
    url,
)

pytestmark = pytest.mark.django_db


def item_step(client, item, key, prefix, data):
    payload = {f"{prefix}-{k}": v for k, v in data.items()}
    return client.post(url(f"item_{key}", item_id=item.pk), payload)


# --- Planning and the agenda ------------------------------------------------------------------------


def test_the_team_plans_a_conference_and_puts_a_family_on_it(team_case, team_member, ggz, login_as):
    referral = accept(refer(team_case), team_member)
    client = login_as(team_member)
    page = client.get(url("conference_list"))
    assert "Casusoverleg plannen" in text_of(page)
    starts = timezone.localtime() + timedelta(days=3)
    response = client.post(url("conference_plan"), {
        "overleg-starts_at": f"{starts:%Y-%m-%dT%H:%M}", "overleg-place": "ZVH Tilburg",
        "overleg-chair": team_member.user.pk})
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("conference_detail", conference_id=conference.pk)

    detail = client.get(response["Location"])
    assert "Gezin op de agenda zetten" in text_of(detail)
    assert referral.case.reference in text_of(detail)  # the accepted family is a choice
    response = client.post(url("agenda_add", conference_id=conference.pk), {
        "agenda-referral": referral.pk, "agenda-consulting": [ggz.pk]})
    item = AgendaItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("item_detail", item_id=item.pk)
    assert Invitation.objects.filter(item=item, organisation=ggz,
                                     kind=InvitationKind.CONSULTING).exists()
    assert Invitation.objects.filter(item=item, kind=InvitationKind.FIXED).count() >= 4
    page = text_of(client.get(url("conference_detail", conference_id=conference.pk)))
    assert referral.case.reference in page and ggz.name in page
    assert last_read(team_member, Event.CONFERENCE_READ) is not None


def test_a_conference_without_place_is_refused_at_the_field_and_the_input_kept(team_member,
                                                                               login_as):
    starts = timezone.localtime() + timedelta(days=3)
    response = login_as(team_member).post(url("conference_plan"), {
        "overleg-starts_at": f"{starts:%Y-%m-%dT%H:%M}", "overleg-place": "",
        "overleg-chair": team_member.user.pk})
    assert response.status_code == 200
    assert field_error(response, "overleg-place") == "Geef de plaats van het casusoverleg."
    assert f'value="{starts:%Y-%m-%dT%H:%M}"' in response.content.decode()
    assert not Conference.objects.exists()


def test_only_the_team_plans(liaison, team_member, login_as):
    response = login_as(liaison).post(url("conference_plan"), {"overleg-place": "X"})
    assert_refused(response, liaison, "conferences.plan_conference")
    assert not Conference.objects.exists()


def test_a_family_not_accepted_cannot_be_put_on_the_agenda(team_case, team_member, login_as):
    referral = refer(team_case)  # waiting for triage
    conference = Conference.objects.create(
        reference="CO-T1", starts_at=timezone.now() + timedelta(days=1), place="ZVH",
        chair=team_member.user, created_by=team_member.user)
    response = login_as(team_member).post(url("agenda_add", conference_id=conference.pk),
                                          {"agenda-referral": referral.pk})
    assert response.status_code == 200
    assert field_error(response, "agenda-referral") == "Kies uit de lijst."
    assert not AgendaItem.objects.exists()


# --- The household on the agenda, per role ----------------------------------------------------------------


def test_the_item_page_per_role(team_case, team_member, ggz, ggz_contact, liaison, login_as):
    agenda = on_agenda(team_case, team_member, [ggz])
    for membership, forms in ((team_member, ["Besluit vastleggen", "Actie afspreken",
                                             "Aanwezigheid vastleggen"]),
                              (ggz_contact, ["Inbreng toevoegen"]),
                              (liaison, ["Inbreng toevoegen"])):
        response = login_as(membership).get(url("item_detail", item_id=agenda.item.pk))
        assert response.status_code == 200, membership
        page = text_of(response)
        assert "Derde huisverbod in twee jaar." in page
        for title in forms:
            assert title in page, (membership, title)
        entry = last_read(membership, Event.ITEM_READ)
        assert entry is not None and entry.person_ids
    page = text_of(login_as(ggz_contact).get(url("item_detail", item_id=agenda.item.pk)))
    assert "Besluit vastleggen" not in page and "Actie afspreken" not in page


def test_a_consulting_partner_not_on_the_agenda_gets_a_logged_404(team_case, team_member, ggz,
                                                                   ggz_contact, login_as):
    agenda = on_agenda(team_case, team_member)  # no consulting partner invited
    client = login_as(ggz_contact)
    assert_refused(client.get(url("item_detail", item_id=agenda.item.pk)), ggz_contact,
                   "conferences.view_item")
    assert_refused(client.get(url("conference_detail", conference_id=agenda.conference.pk)),
                   ggz_contact, "conferences.view_conference")
    response = item_step(client, agenda.item, "contribution", "inbreng",
                         {"text": "Iets", "legal_basis": "consent"})
    assert_refused(response, ggz_contact, "conferences.view_item")
    assert not Contribution.objects.exists()


def test_after_the_conference_a_consulting_partner_keeps_only_its_own_contribution(
        team_case, team_member, ggz, ggz_contact, login_as):
    agenda = on_agenda(team_case, team_member, [ggz])
    client = login_as(ggz_contact)
    response = item_step(client, agenda.item, "contribution", "inbreng", {
        "text": "Vader is in behandeling geweest.", "legal_basis": "consent",
        "conference_only": "on"})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.organisation == ggz and contribution.conference_only
    assert not JournalEntry.objects.filter(text__contains="in behandeling geweest").exists()

    hold(agenda.conference, team_member)
    assert_refused(client.get(url("item_detail", item_id=agenda.item.pk)), ggz_contact,
                   "conferences.view_item")
    assert_refused(client.get(url("minutes_pdf", item_id=agenda.item.pk)), ggz_contact,
                   "conferences.print_minutes")
    mine = client.get(url("own_contributions"))
    assert mine.status_code == 200
    page = text_of(mine)
    assert "Vader is in behandeling geweest." in page and "niet meer in te zien" in page
    assert last_read(ggz_contact, Event.OWN_CONTRIBUTIONS) is not None


# --- What the team records -----------------------------------------------------------------------


def test_contributions_show_source_legal_basis_and_the_conference_only_marker(
        team_case, team_member, ggz, ggz_contact, liaison, login_as):
    from eendak.conferences import services

    agenda = on_agenda(team_case, team_member, [ggz])
    services.contribute(actor_of(ggz_contact), agenda.item, text="Behandeling gestopt.",
                        legal_basis="consent", conference_only=True)
    services.contribute(actor_of(liaison), agenda.item, text="Twee meldingen deze maand.",
                        legal_basis="statutory_task")
    html = login_as(team_member).get(url("item_detail", item_id=agenda.item.pk)).content.decode()
    section = html.split('id="inbreng"', 1)[1].split("</section>", 1)[0]
    ggz_row = section.split("Behandeling gestopt.", 1)[0].rsplit("<tr", 1)[1] + \
        section.split("Behandeling gestopt.", 1)[1].split("</tr>", 1)[0]
    assert ggz.name in ggz_row and "Toestemming" in ggz_row
    assert "alleen voor het casusoverleg" in ggz_row
    police_row = section.split("Twee meldingen deze maand.", 1)[1].split("</tr>", 1)[0]
    assert "Wettelijke taak" in police_row and "alleen voor het casusoverleg" not in police_row


def test_a_decision_and_an_action_go_into_the_familys_plan(team_case, team_member, liaison,
                                                           login_as):
    agenda = on_agenda(team_case, team_member)
    client = login_as(team_member)
    response = item_step(client, agenda.item, "decision", "besluit",
                         {"text": "Contactverbod aanvragen."})
    assert response.status_code == 302
    decision = ConferenceDecision.objects.get()
    due = timezone.localdate() + timedelta(days=7)
    response = item_step(client, agenda.item, "action", "actie", {
        "text": "Contactverbod voorbereiden", "decision": decision.pk,
        "owner_organisation": liaison.organisation.pk, "owner": liaison.user.pk,
        "due_on": d(due)})
    assert response.status_code == 302
    link = ConferenceAction.objects.get()
    action = PlanAction.objects.get(pk=link.plan_action_id)
    assert action.goal.version.case == agenda.referral.case
    assert (action.owner_organisation, action.owner, action.due_on) == (
        liaison.organisation, liaison.user, due)
    page = text_of(client.get(url("item_detail", item_id=agenda.item.pk)))
    assert "Contactverbod voorbereiden" in page and liaison.organisation.name in page
    case_page = text_of(client.get(f"/casussen/{agenda.referral.case.pk}/"))
    assert "Contactverbod voorbereiden" in case_page


def test_an_action_without_owner_organisation_is_refused_at_the_field(team_case, team_member,
                                                                      login_as):
    agenda = on_agenda(team_case, team_member)
    due = timezone.localdate() + timedelta(days=7)
    response = item_step(login_as(team_member), agenda.item, "action", "actie", {
        "text": "Iemand moet iets doen", "owner_organisation": "", "due_on": d(due)})
    assert response.status_code == 200
    assert field_error(response, "actie-owner_organisation").startswith(
        "Kies de organisatie die de actie uitvoert")
    html = response.content.decode()
    assert "Iemand moet iets doen</textarea>" in html and f'value="{d(due)}"' in html
    assert not ConferenceAction.objects.exists() and not PlanAction.objects.filter(
        text="Iemand moet iets doen").exists()


def test_informing_that_is_unsafe_needs_its_reason(team_case, team_member, login_as):
    agenda = on_agenda(team_case, team_member)
    client = login_as(team_member)
    response = item_step(client, agenda.item, "informing", "informeren",
                         {"informed": Informed.UNSAFE, "not_informed_reason": ""})
    assert response.status_code == 200
    assert field_error(response, "informeren-not_informed_reason").startswith(
        "Leg vast waarom informeren nu onveilig is")
    assert AgendaItem.objects.get().informed == Informed.NOT_YET
    response = item_step(client, agenda.item, "informing", "informeren", {
        "informed": Informed.UNSAFE, "not_informed_reason": "Lopend strafrechtelijk onderzoek."})
    assert response.status_code == 302
    page = text_of(client.get(url("item_detail", item_id=agenda.item.pk)))
    assert "informeren is nu onveilig" in page and "Lopend strafrechtelijk onderzoek." in page


def test_attendance_per_invited_organisation(team_case, team_member, ggz, login_as):
    agenda = on_agenda(team_case, team_member, [ggz])
    invitation = Invitation.objects.get(item=agenda.item, organisation=ggz)
    response = login_as(team_member).post(url("item_attendance", item_id=agenda.item.pk), {
        f"aanwezig-attended_{invitation.pk}": "on",
        f"aanwezig-attendee_{invitation.pk}": "Dr. K. Visser"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended is True and invitation.attendee == "Dr. K. Visser"
    others = Invitation.objects.filter(item=agenda.item).exclude(pk=invitation.pk)
    assert all(i.attended is False for i in others)


def test_only_the_team_records_outcomes(team_case, team_member, liaison, login_as):
    agenda = on_agenda(team_case, team_member)
    response = item_step(login_as(liaison), agenda.item, "decision", "besluit",
                         {"text": "Wij besluiten."})
    assert_refused(response, liaison, "conferences.record_outcome")
    assert not ConferenceDecision.objects.exists()


def test_invite_a_consulting_partner_for_this_household_alone(team_case, team_member, ggz,
                                                              login_as):
    agenda = on_agenda(team_case, team_member)
    response = login_as(team_member).post(url("item_invite", item_id=agenda.item.pk),
                                          {"uitnodigen-organisation": ggz.pk})
    assert response.status_code == 302
    assert Invitation.objects.filter(item=agenda.item, organisation=ggz,
                                     kind=InvitationKind.CONSULTING).exists()


# --- Held and cancelled ------------------------------------------------------------------------------


def test_a_conference_in_the_future_cannot_be_held(team_case, team_member, login_as):
    agenda = on_agenda(team_case, team_member)
    response = login_as(team_member).post(url("conference_hold",
                                              conference_id=agenda.conference.pk))
    assert response.status_code == 200
    assert "Een casusoverleg in de toekomst kan nog niet gehouden zijn." in text_of(response)
    assert Conference.objects.get().status == ConferenceStatus.PLANNED


def test_hold_and_cancel(team_case, team_member, login_as):
    agenda = on_agenda(team_case, team_member)
    client = login_as(team_member)
    Conference.objects.filter(pk=agenda.conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=2))
    assert "Casusoverleg is gehouden" in text_of(
        client.get(url("conference_detail", conference_id=agenda.conference.pk)))
    response = client.post(url("conference_hold", conference_id=agenda.conference.pk))
    assert response.status_code == 302
    assert Conference.objects.get().status == ConferenceStatus.HELD
    other = Conference.objects.create(
        reference="CO-T2", starts_at=timezone.now() + timedelta(days=9), place="ZVH",
        chair=team_member.user, created_by=team_member.user)
    client.post(url("conference_cancel", conference_id=other.pk))
    assert Conference.objects.get(pk=other.pk).status == ConferenceStatus.CANCELLED
    listing = text_of(client.get(url("conference_list")))
    assert "Geannuleerd" in listing and "Gehouden" in listing


def test_an_outsider_sees_no_conference(team_case, team_member, login_as, region):
    from eendak.core.models import Organisation
    from eendak.core.roles import Role

    agenda = on_agenda(team_case, team_member)
    goirle = f.membership(Role.LOCAL_TEAM_WORKER,
                          Organisation.objects.get(name="Lokaal team Goirle"))
    client = login_as(goirle)
    assert agenda.conference.reference not in text_of(client.get(url("conference_list")))
    assert_refused(client.get(url("conference_detail", conference_id=agenda.conference.pk)),
                   goirle, "conferences.view_conference")
