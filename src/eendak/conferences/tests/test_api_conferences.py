"""Case conferences over the API: planning, holding and cancelling, the agenda, and per household
the invitations, attendance, informing, contributions, decisions and actions. A consulting partner
sees a household only while it is on an agenda it is invited to, and its own entries afterwards."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eendak.audit.models import Action
from eendak.cases.models import PlanAction
from eendak.conferences import services
from eendak.conferences.models import Contribution, Invitation
from eendak.conferences.workflow import ConferenceStatus, InvitationKind
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    API,
    accepted,
    assert_bad_input,
    assert_read,
    assert_refused,
    held,
    member_of,
    ok,
    on_agenda,
    other_local_team_worker,
    post_json,
    referred,
    state,
)
from .conftest import actor_of

pytestmark = pytest.mark.django_db

CONFERENCES = f"{API}/conferences/"


def item_url(item, suffix="") -> str:
    return f"{API}/agenda-items/{item.pk}/{suffix}"


def accepted_other(team_member):
    """A second accepted family (for a conference that already has someone on its agenda)."""
    vt = Organisation.objects.get(name="Veilig Thuis Midden-Brabant")
    household = f.HouseholdFactory()
    f.person_in(household, "parent")
    case = f.case_for(household, vt, responsible=vt)
    vt_member = member_of(Role.VT_INTAKE, vt)
    return accepted((case, [], vt_member), team_member, handover=False)


def on_agenda_of(conference, team_member):
    return services.add_to_agenda(actor_of(team_member), conference, accepted_other(team_member))


@pytest.fixture
def agenda(team_case, team_member, ggz):
    """An accepted family on the agenda of a conference in two days, GGz Breburg invited for it."""
    referral = accepted(team_case, team_member)
    conference, item = on_agenda(team_member, referral, consulting=[ggz])
    return conference, item


# --- Conferences -----------------------------------------------------------------------------------


def test_the_team_plans_a_conference(login_as, team_member):
    starts = (timezone.now() + timedelta(days=7)).replace(microsecond=0)

    data = ok(post_json(login_as(team_member), CONFERENCES, {
        "startsAt": starts.isoformat(), "place": "Zorg- en Veiligheidshuis",
        "chair": team_member.user_id}), 201)

    assert data["status"] == ConferenceStatus.PLANNED and data["items"] == []
    assert data["chair"]["id"] == team_member.user_id


def test_a_conference_without_place_is_a_400_at_place(login_as, team_member):
    before = state()

    response = post_json(login_as(team_member), CONFERENCES, {
        "startsAt": (timezone.now() + timedelta(days=7)).isoformat(), "place": "",
        "chair": team_member.user_id})

    assert_bad_input(response, team_member, "place", before)


def test_only_the_team_plans_conferences(login_as, liaison):
    before = state()

    response = post_json(login_as(liaison), CONFERENCES, {
        "startsAt": (timezone.now() + timedelta(days=7)).isoformat(), "place": "Politiebureau",
        "chair": liaison.user_id})

    assert_refused(response, liaison, "conferences.plan_conference", before)


def test_invitees_list_and_read_a_conference(login_as, agenda, team_case, liaison):
    conference, item = agenda
    _case, persons, _vt = team_case
    client = login_as(liaison)  # the police are a fixed member of the team

    assert [c["id"] for c in ok(client.get(CONFERENCES))["results"]] == [conference.pk]
    assert_read(liaison, "conferences.conference_list")
    data = ok(client.get(f"{CONFERENCES}{conference.pk}/"))

    [shown] = data["items"]
    assert shown["id"] == item.pk and shown["case"]["id"] == item.referral.case_id
    assert {i["organisation"]["name"] for i in shown["invitations"]} >= {"GGz Breburg"}
    assert_read(liaison, "conferences.conference_read", persons)
    assert ok(client.get(CONFERENCES, {"upcoming": "false"}))["results"] == []


def test_an_organisation_not_invited_gets_a_logged_404(login_as, agenda):
    conference, _item = agenda
    outsider = other_local_team_worker()

    assert ok(login_as(outsider).get(CONFERENCES))["results"] == []
    assert_refused(login_as(outsider).get(f"{CONFERENCES}{conference.pk}/"), outsider,
                   "conferences.view_conference")


def test_a_conference_in_the_future_cannot_have_been_held(login_as, agenda, team_member):
    conference, _item = agenda
    before = state()

    response = post_json(login_as(team_member), f"{CONFERENCES}{conference.pk}/hold/")

    assert_bad_input(response, team_member, "status", before)


def test_the_team_holds_and_cancels(login_as, agenda, team_member):
    conference, _item = agenda
    client = login_as(team_member)
    conference.__class__.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=1))

    assert ok(post_json(client, f"{CONFERENCES}{conference.pk}/hold/"))["status"] == "held"
    before = state()
    assert_bad_input(post_json(client, f"{CONFERENCES}{conference.pk}/cancel/"), team_member,
                     "status", before)


def test_a_partner_cannot_cancel(login_as, agenda, liaison):
    conference, _item = agenda
    before = state()

    assert_refused(post_json(login_as(liaison), f"{CONFERENCES}{conference.pk}/cancel/"), liaison,
                   "conferences.plan_conference", before)


# --- The agenda -----------------------------------------------------------------------------------


def test_the_team_puts_an_accepted_family_on_the_agenda(login_as, team_case, team_member, ggz):
    referral = accepted(team_case, team_member)
    conference, _ = on_agenda(team_member, accepted_other(team_member), days=3)

    data = ok(post_json(login_as(team_member), f"{CONFERENCES}{conference.pk}/items/",
                        {"referral": referral.pk, "consultingPartners": [ggz.pk]}), 201)

    kinds = {i["organisation"]["id"]: i["kind"] for i in data["invitations"]}
    assert kinds[ggz.pk] == InvitationKind.CONSULTING
    assert InvitationKind.FIXED in kinds.values()


def test_a_family_not_accepted_does_not_go_on_the_agenda(login_as, team_case, team_member):
    referral = referred(team_case)
    conference, _ = on_agenda(team_member, accepted_other(team_member))
    before = state()

    response = post_json(login_as(team_member), f"{CONFERENCES}{conference.pk}/items/",
                         {"referral": referral.pk})

    assert_bad_input(response, team_member, "referral", before)


def test_only_the_team_sets_the_agenda(login_as, team_case, team_member, liaison):
    referral = accepted(team_case, team_member)
    conference, _ = on_agenda(team_member, accepted_other(team_member))
    before = state()

    response = post_json(login_as(liaison), f"{CONFERENCES}{conference.pk}/items/",
                         {"referral": referral.pk})

    assert_refused(response, liaison, "conferences.manage_agenda", before)


# --- One household on the agenda: who reads it -------------------------------------------------------


def test_a_consulting_partner_reads_the_household_it_is_invited_for(login_as, agenda, team_case,
                                                                     ggz_contact):
    _conference, item = agenda
    _case, persons, _vt = team_case

    data = ok(login_as(ggz_contact).get(item_url(item)))

    assert data["id"] == item.pk and data["household"]["id"] == item.referral.case.household_id
    assert {p["id"] for p in data["persons"]} == {p.pk for p in persons}
    assert all(set(p) == {"id", "fullName", "dateOfBirth", "caseRole", "caseRoleLabel"}
               for p in data["persons"])  # no address, no BSN
    assert_read(ggz_contact, "conferences.item_read", persons)


def test_a_consulting_partner_reading_a_household_not_on_its_agenda_gets_a_404(
        login_as, agenda, team_member, ggz_contact):
    conference, item = agenda
    other = on_agenda_of(conference, team_member)  # the same conference, GGz not invited for it

    assert_refused(login_as(ggz_contact).get(item_url(other)), ggz_contact, "conferences.view_item")
    shown = ok(login_as(ggz_contact).get(f"{CONFERENCES}{conference.pk}/"))["items"]
    assert [i["id"] for i in shown] == [item.pk]


def test_after_the_conference_a_consulting_partner_sees_only_its_own_entries(
        login_as, agenda, team_member, ggz_contact):
    conference, item = agenda
    client = login_as(ggz_contact)
    ok(post_json(client, item_url(item, "contributions/"), {
        "text": "Vader was in behandeling.", "legalBasis": "consent", "conferenceOnly": True}), 201)
    held(team_member, conference)

    assert_refused(client.get(item_url(item)), ggz_contact, "conferences.view_item")
    own = ok(client.get(f"{API}/own-conference-contributions/"))["results"]
    assert [c["text"] for c in own] == ["Vader was in behandeling."]
    assert own[0]["conference"]["id"] == conference.pk
    assert_read(ggz_contact, "conferences.own_contributions")


def test_a_fixed_member_still_reads_it_after_the_conference(login_as, agenda, team_member, liaison):
    conference, item = agenda
    held(team_member, conference)

    assert ok(login_as(liaison).get(item_url(item)))["conference"]["status"] == "held"


# --- The minutes --------------------------------------------------------------------------------------


def test_an_invitee_prints_the_minutes_and_the_print_is_an_export(login_as, agenda, team_case,
                                                                 team_member, liaison):
    _conference, item = agenda
    _case, persons, _vt = team_case
    services.record_decision(actor_of(team_member), item, text="Contactverbod aanvragen.")

    response = login_as(liaison).get(item_url(item, "minutes/"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Contactverbod aanvragen." in text
    entry = assert_read(liaison, "conferences.minutes_printed", persons)
    assert entry.action == Action.EXPORT


def test_the_minutes_of_a_household_not_on_ones_agenda_are_a_logged_404(login_as, agenda):
    _conference, item = agenda
    outsider = other_local_team_worker()

    assert_refused(login_as(outsider).get(item_url(item, "minutes/")), outsider,
                   "conferences.print_minutes")


# --- Contributions ------------------------------------------------------------------------------------


def test_an_invitee_contributes_and_it_goes_into_the_journal(login_as, agenda, liaison):
    _conference, item = agenda
    case = item.referral.case

    data = ok(post_json(login_as(liaison), item_url(item, "contributions/"), {
        "text": "Twee meldingen deze maand.", "legalBasis": "statutory_task"}), 201)

    assert data["organisation"]["id"] == liaison.organisation_id and not data["conferenceOnly"]
    assert case.journal.filter(text__contains="Twee meldingen deze maand").exists()
    listed = ok(login_as(liaison).get(item_url(item, "contributions/")))["results"]
    assert [c["id"] for c in listed] == [data["id"]]


def test_a_contribution_without_text_is_a_400(login_as, agenda, liaison):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(liaison), item_url(item, "contributions/"),
                         {"text": " ", "legalBasis": "statutory_task"})

    assert_bad_input(response, liaison, "text", before)


def test_an_organisation_not_invited_cannot_contribute(login_as, agenda):
    _conference, item = agenda
    outsider = other_local_team_worker()
    before = state()

    response = post_json(login_as(outsider), item_url(item, "contributions/"),
                         {"text": "Ook iets.", "legalBasis": "consent"})

    assert_refused(response, outsider, "conferences.contribute", before)
    assert not Contribution.objects.exists()


# --- Invitations, attendance, informing ------------------------------------------------------------


def test_the_team_invites_a_consulting_partner(login_as, agenda, team_member):
    _conference, item = agenda
    addiction = Organisation.objects.get(name="Novadic-Kentron")

    data = ok(post_json(login_as(team_member), item_url(item, "invitations/"),
                        {"organisation": addiction.pk}), 201)

    assert data["kind"] == InvitationKind.CONSULTING


def test_inviting_twice_is_a_400(login_as, agenda, team_member, ggz):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(team_member), item_url(item, "invitations/"),
                         {"organisation": ggz.pk})

    assert_bad_input(response, team_member, "organisation", before)


def test_a_partner_cannot_invite(login_as, agenda, liaison):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(liaison), item_url(item, "invitations/"),
                         {"organisation": Organisation.objects.get(name="Amarant").pk})

    assert_refused(response, liaison, "conferences.manage_agenda", before)


def test_the_team_records_attendance(login_as, agenda, team_member, ggz):
    _conference, item = agenda
    invitation = Invitation.objects.get(item=item, organisation=ggz)

    data = ok(post_json(login_as(team_member), item_url(item, "attendance/"), {"attendance": [
        {"invitation": invitation.pk, "attended": True, "attendee": "Dr. A. Jansen"}]}))

    shown = next(i for i in data["invitations"] if i["id"] == invitation.pk)
    assert shown["attended"] is True and shown["attendee"] == "Dr. A. Jansen"


def test_attendance_for_an_invitation_of_another_item_is_a_400(login_as, agenda, team_member):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(team_member), item_url(item, "attendance/"), {"attendance": [
        {"invitation": 999999, "attended": True}]})

    assert_bad_input(response, team_member, "attendance", before)


def test_informing_unsafe_needs_its_reason(login_as, agenda, team_member):
    _conference, item = agenda
    client = login_as(team_member)
    before = state()

    assert_bad_input(post_json(client, item_url(item, "informing/"), {"informed": "unsafe"}),
                     team_member, "notInformedReason", before)
    data = ok(post_json(client, item_url(item, "informing/"), {
        "informed": "unsafe", "notInformedReason": "Lopend strafrechtelijk onderzoek."}))
    assert data["informed"] == "unsafe"
    assert data["notInformedReason"] == "Lopend strafrechtelijk onderzoek."


def test_a_partner_does_not_record_the_outcome(login_as, agenda, liaison):
    _conference, item = agenda
    before = state()

    assert_refused(post_json(login_as(liaison), item_url(item, "informing/"),
                             {"informed": "informed"}), liaison, "conferences.record_outcome", before)


# --- Decisions and actions into the family's one plan -----------------------------------------------


def test_decisions_and_actions_go_into_the_plan(login_as, agenda, team_member, liaison):
    _conference, item = agenda
    client = login_as(team_member)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()

    decision = ok(post_json(client, item_url(item, "decisions/"),
                            {"text": "Contactverbod aanvragen."}), 201)
    action = ok(post_json(client, item_url(item, "actions/"), {
        "text": "Contactverbod voorbereiden", "ownerOrganisation": liaison.organisation_id,
        "dueOn": due, "decision": decision["id"]}), 201)

    assert action["status"] == "open" and action["dueOn"] == due
    assert action["ownerOrganisation"]["id"] == liaison.organisation_id
    plan_action = PlanAction.objects.get(pk=action["planAction"])
    assert plan_action.goal.version.case_id == item.referral.case_id
    file = ok(client.get(item_url(item)))
    assert [d["id"] for d in file["decisions"]] == [decision["id"]]
    assert [a["decision"] for a in file["actions"]] == [decision["id"]]


def test_a_decision_without_text_is_a_400(login_as, agenda, team_member):
    _conference, item = agenda
    before = state()

    assert_bad_input(post_json(login_as(team_member), item_url(item, "decisions/"), {"text": ""}),
                     team_member, "text", before)


def test_an_action_without_owner_organisation_is_a_400_and_changes_nothing(login_as, agenda,
                                                                           team_member):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(team_member), item_url(item, "actions/"), {
        "text": "Zonder eigenaar", "dueOn": timezone.localdate().isoformat()})

    problem = assert_bad_input(response, team_member, "ownerOrganisation", before)
    assert "eigenaar" in problem["invalidParams"][0]["reason"]


def test_an_action_without_due_date_is_a_400(login_as, agenda, team_member, liaison):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(team_member), item_url(item, "actions/"), {
        "text": "Zonder datum", "ownerOrganisation": liaison.organisation_id})

    assert_bad_input(response, team_member, "dueOn", before)


def test_a_partner_agrees_no_actions(login_as, agenda, liaison):
    _conference, item = agenda
    before = state()

    response = post_json(login_as(liaison), item_url(item, "actions/"), {
        "text": "Zelf bedacht", "ownerOrganisation": liaison.organisation_id,
        "dueOn": timezone.localdate().isoformat()})

    assert_refused(response, liaison, "conferences.record_outcome", before)
