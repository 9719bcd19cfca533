"""Bad input on the case page: a clear Dutch message at the field, what was typed still there, and
the case unchanged. A step the organisation may not take is no input error: it is the logged 404 of
a page that is not there, and the case is unchanged too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases.models import ConditionCheck, Handover, HandoverStatus, JournalEntry, PlanAction
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .views_helpers import assert_refused, step, text_of


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


def field_error(response, name: str) -> str:
    """The error message shown at one field (by its id), or ''."""
    html = response.content.decode()
    marker = f'id="id_{name}_error">'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("<", 1)[0]


@pytest.fixture
def goal(open_case, team_actor):
    version = services.new_plan_version(team_actor, open_case)
    return services.add_goal(team_actor, version, part="help", text="Opvoedondersteuning")


@pytest.mark.django_db
def test_a_due_date_before_the_start_is_refused_at_the_field_and_the_input_kept(
        open_case, team_actor, tilburg_team, goal, login_as):
    today = timezone.localdate()
    team = login_as(team_actor.membership)
    response = step(team, open_case, "action", {
        "goal": goal.pk, "text": "Intakegesprek opvoedondersteuning",
        "owner_organisation": tilburg_team.pk, "start_on": d(today),
        "due_on": d(today - timedelta(days=1))})
    assert response.status_code == 200
    assert field_error(response, "actie-due_on") == "De einddatum ligt vóór de startdatum."
    html = response.content.decode()
    assert "Intakegesprek opvoedondersteuning</textarea>" in html
    assert f'value="{d(today - timedelta(days=1))}"' in html
    assert "Er is nog niets opgeslagen." in html
    assert not PlanAction.objects.exists()


@pytest.mark.django_db
def test_a_date_that_does_not_exist_is_named(open_case, team_actor, tilburg_team, goal, login_as):
    response = step(login_as(team_actor.membership), open_case, "action", {
        "goal": goal.pk, "text": "Huisbezoek", "owner_organisation": tilburg_team.pk,
        "start_on": "31-02-2026", "due_on": "01-03-2026"})
    assert field_error(response, "actie-start_on").startswith("Deze datum bestaat niet")
    assert not PlanAction.objects.exists()


@pytest.mark.django_db
def test_acceptance_by_the_wrong_organisation_changes_nothing(open_case, vt_actor, tilburg_team,
                                                              police, login_as):
    services.add_participant(vt_actor, open_case, police, task="Strafrechtelijk traject",
                             legal_basis="statutory_task")
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    entries = JournalEntry.objects.filter(case=open_case).count()
    officer = f.membership(Role.PARTNER_LIAISON, police)
    assert_refused(step(login_as(officer), open_case, "handover_accept", target=handover),
                   officer, "cases.accept_handover")
    handover.refresh_from_db()
    open_case.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED
    assert open_case.responsible_organisation == vt_actor.organisation
    # The sender cannot accept its own offer either.
    assert_refused(step(login_as(vt_actor.membership), open_case, "handover_accept",
                        target=handover), vt_actor.membership, "cases.accept_handover")
    assert Handover.objects.get(pk=handover.pk).status == HandoverStatus.OFFERED
    assert JournalEntry.objects.filter(case=open_case).count() == entries


@pytest.mark.django_db
def test_a_second_acceptance_says_so_and_changes_nothing(open_case, vt_actor, team_actor,
                                                         tilburg_team, login_as):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    team = login_as(team_actor.membership)
    step(team, open_case, "handover_accept", target=handover)
    entries = JournalEntry.objects.filter(case=open_case).count()
    page = text_of(step(team, open_case, "handover_accept", target=handover))
    assert "Deze overdracht is al geaccepteerd." in page
    open_case.refresh_from_db()
    assert open_case.responsible_organisation == tilburg_team
    assert JournalEntry.objects.filter(case=open_case).count() == entries


@pytest.mark.django_db
def test_a_monitoring_moment_on_a_closed_case_is_refused(open_case, vt_actor, login_as):
    (condition,) = services.set_conditions(vt_actor, open_case, [("Geen geweld in huis.",
                                                                   "Ouders")])
    moment = open_case.monitoring_moments.first()
    services.close_case(vt_actor, open_case, reason="moved", note="Verhuisd naar Breda.")
    response = step(login_as(vt_actor.membership), open_case, "monitoring", {
        "moment": moment.pk, "held_on": d(timezone.localdate()), "incidents_since_last": "2",
        "assessment": "Nog twee incidenten gemeld.", f"status_{condition.pk}": "not_met"})
    assert response.status_code == 200
    assert "Deze casus is gesloten; er kan niets meer aan worden toegevoegd." in text_of(response)
    assert "Nog twee incidenten gemeld.</textarea>" in response.content.decode()
    moment.refresh_from_db()
    assert moment.held_on is None and not ConditionCheck.objects.exists()
    # A rule about the state, not about who acts: Veilig Thuis is not logged as refused.
    assert not AccessLogEntry.objects.filter(outcome=Outcome.DENIED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "message"), [
    ("missing", "Deze organisatie bestaat niet."),
    ("hospital", "Zicht op veiligheid kan alleen naar Veilig Thuis, een lokaal team"),
    ("self", "Uw organisatie is al verantwoordelijk."),
])
def test_a_handover_to_a_missing_or_not_allowed_organisation(open_case, vt_actor, login_as,
                                                             target, message):
    pk = {"missing": 999_999, "hospital": Organisation.objects.get(type="hospital").pk,
          "self": vt_actor.organisation.pk}[target]
    response = step(login_as(vt_actor.membership), open_case, "handover_offer", {
        "to_organisation": pk, "note": "Graag overnemen na het gesprek."})
    assert message in field_error(response, "overdracht-to_organisation")
    assert "Graag overnemen na het gesprek.</textarea>" in response.content.decode()
    assert not Handover.objects.exists()


@pytest.mark.django_db
def test_form_errors_are_dutch_and_keep_what_was_typed(open_case, vt_actor, login_as):
    vt_client = login_as(vt_actor.membership)
    entries = JournalEntry.objects.count()
    response = step(vt_client, open_case, "journal", {"kind": "contact", "text": "  ",
                                                      "visibility": "source"})
    assert field_error(response, "journaal-text") == "Schrijf wat er is gebeurd."
    assert '<option value="contact" selected>' in response.content.decode()

    response = step(vt_client, open_case, "conditions", {
        "text_1": "Vader drinkt niet als de kinderen thuis zijn.", "agreed_by_1": "Vader",
        "text_2": "Moeder belt bij dreiging de politie."})
    assert field_error(response, "voorwaarden-agreed_by_2") == (
        "Vermeld bij elke voorwaarde met wie die is afgesproken.")
    assert "Moeder belt bij dreiging de politie.</textarea>" in response.content.decode()
    assert not open_case.conditions.exists()

    response = step(vt_client, open_case, "close", {"reason": "other", "note": ""})
    assert field_error(response, "sluiten-note") == "Licht de reden ‘anders’ toe."
    open_case.refresh_from_db()
    assert open_case.status == "open"
    assert JournalEntry.objects.count() == entries


@pytest.mark.django_db
def test_the_local_team_cannot_set_conditions_or_close(open_case, team_actor, login_as):
    team = login_as(team_actor.membership)
    entries = JournalEntry.objects.filter(case=open_case).count()
    assert_refused(step(team, open_case, "conditions", {"text_1": "Iets", "agreed_by_1": "Ouders"}),
                   team_actor.membership, "cases.set_conditions")
    assert_refused(step(team, open_case, "close", {"reason": "stable_safety"}),
                   team_actor.membership, "cases.close")
    open_case.refresh_from_db()
    assert open_case.status == "open" and not open_case.conditions.exists()
    assert JournalEntry.objects.filter(case=open_case).count() == entries
