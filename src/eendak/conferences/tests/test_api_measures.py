"""Measures of criminal justice and care over the API: listed per case for whoever sees the case,
recorded by a participating organisation as their source, extended and ended by that source only. A
house ban lasts 10 days, extendable to 28; a house ban of 40 days is a 400 and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.api.tests.support import PASSWORD
from eendak.cases.services import set_conditions
from eendak.conferences import services
from eendak.conferences.models import Measure, MeasureKind
from eendak.privacy import services as privacy
from eendak.testing import factories as f

from .api_support import (
    API,
    assert_bad_input,
    assert_problem,
    assert_read,
    assert_refused,
    invalid_names,
    ok,
    other_local_team_worker,
    post_json,
    state,
)
from .conftest import actor_of

pytestmark = pytest.mark.django_db

MEASURES = f"{API}/measures/"


def house_ban(case, liaison, *, days_ago: int = 8) -> Measure:
    return services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                   starts_on=timezone.localdate() - timedelta(days=days_ago))


def test_the_police_record_a_house_ban_of_ten_days(login_as, team_case, liaison):
    case, persons, vt_membership = team_case
    [condition] = set_conditions(actor_of(vt_membership), case, [("Vader komt niet thuis.", "Vader")])
    today = timezone.localdate()

    data = ok(post_json(login_as(liaison), MEASURES, {
        "case": case.pk, "kind": "house_ban", "startsOn": today.isoformat(),
        "person": persons[1].pk, "supportsCondition": condition.pk}), 201)

    assert data["endsOn"] == (today + timedelta(days=10)).isoformat()
    assert data["sourceOrganisation"]["id"] == liaison.organisation_id
    assert data["category"] == "justice" and data["person"] == persons[1].pk
    assert data["supportsCondition"] == condition.pk


def test_a_house_ban_of_40_days_is_a_400_at_ends_on_and_changes_nothing(login_as, team_case,
                                                                        liaison):
    case, _persons, _vt = team_case
    today = timezone.localdate()
    before = state()

    response = post_json(login_as(liaison), MEASURES, {
        "case": case.pk, "kind": "house_ban", "startsOn": today.isoformat(),
        "endsOn": (today + timedelta(days=40)).isoformat()})

    problem = assert_bad_input(response, liaison, "endsOn", before)
    assert "10 dagen" in problem["invalidParams"][0]["reason"]
    assert not Measure.objects.exists()


def test_a_person_outside_the_household_is_a_400(login_as, team_case, liaison):
    case, _persons, _vt = team_case
    stranger = f.person_in(f.HouseholdFactory(), "parent")
    before = state()

    response = post_json(login_as(liaison), MEASURES, {
        "case": case.pk, "kind": "contact_ban", "startsOn": timezone.localdate().isoformat(),
        "person": stranger.pk})

    assert_bad_input(response, liaison, "person", before)


def test_an_organisation_without_part_in_the_case_records_no_measure(login_as, team_case):
    case, _persons, _vt = team_case
    outsider = other_local_team_worker()
    before = state()

    response = post_json(login_as(outsider), MEASURES, {
        "case": case.pk, "kind": "mental_health", "startsOn": timezone.localdate().isoformat()})

    assert_refused(response, outsider, "conferences.record_measure", before)


def test_the_measures_of_a_case_are_listed_for_who_sees_it(login_as, team_case, liaison):
    case, persons, vt_membership = team_case
    ban = house_ban(case, liaison)

    data = ok(login_as(vt_membership).get(MEASURES, {"case": case.pk}))

    assert [m["id"] for m in data["results"]] == [ban.pk]
    assert data["results"][0]["kindLabel"] == "Tijdelijk huisverbod"
    assert_read(vt_membership, "conferences.measures_read", persons)


def test_the_list_needs_a_case(login_as, liaison):
    response = login_as(liaison).get(MEASURES)

    assert_problem(response, 400)
    assert invalid_names(response) == {"case"}


def test_the_measures_of_a_case_one_does_not_see_are_a_logged_404(login_as, team_case, liaison):
    case, _persons, _vt = team_case
    house_ban(case, liaison)
    outsider = other_local_team_worker()

    assert_refused(login_as(outsider).get(MEASURES, {"case": case.pk}), outsider,
                   "conferences.view_measures")


def test_through_the_glass_measures_are_read_as_an_emergency_and_none_recorded(
        login_as, team_case, liaison, clinician):
    case, persons, _vt = team_case
    house_ban(case, liaison)
    reason = "Kind met letsel op de spoedeisende hulp; eerdere zorgen nodig."
    privacy.grant_emergency_access(actor_of(clinician), clinician.user, case.household,
                                   password=PASSWORD, reason=reason)
    client = login_as(clinician)

    assert len(ok(client.get(MEASURES, {"case": case.pk}))["results"]) == 1
    entry = assert_read(clinician, "conferences.measures_read", persons)
    assert entry.emergency and entry.reason == reason
    before = state()
    refused = assert_refused(post_json(client, MEASURES, {
        "case": case.pk, "kind": "house_ban", "startsOn": timezone.localdate().isoformat()}),
        clinician, "conferences.record_measure", before)
    assert refused.emergency and refused.reason == reason


def test_the_source_extends_a_house_ban_to_28_days_and_no_further(login_as, team_case, liaison):
    case, _persons, _vt = team_case
    ban = house_ban(case, liaison)
    client = login_as(liaison)
    before = state()

    assert_bad_input(post_json(client, f"{MEASURES}{ban.pk}/extend/", {
        "until": (ban.starts_on + timedelta(days=29)).isoformat(), "reason": "Dreiging"}),
        liaison, "until", before)
    data = ok(post_json(client, f"{MEASURES}{ban.pk}/extend/", {
        "until": (ban.starts_on + timedelta(days=28)).isoformat(), "reason": "Dreiging houdt aan"}))
    assert data["endsOn"] == (ban.starts_on + timedelta(days=28)).isoformat()
    assert data["extendedOn"] == timezone.localdate().isoformat()


def test_the_source_ends_a_measure_with_its_reason(login_as, team_case, liaison):
    case, _persons, _vt = team_case
    ban = house_ban(case, liaison)
    client = login_as(liaison)
    before = state()

    assert_bad_input(post_json(client, f"{MEASURES}{ban.pk}/end/", {"reason": ""}), liaison,
                     "reason", before)
    data = ok(post_json(client, f"{MEASURES}{ban.pk}/end/", {"reason": "Opgeheven door de rechter."}))
    assert data["status"] == "ended" and data["endedReason"] == "Opgeheven door de rechter."


def test_another_participant_does_not_change_the_police_measure(login_as, team_case, liaison):
    case, _persons, vt_membership = team_case
    ban = house_ban(case, liaison)
    before = state()

    assert_refused(post_json(login_as(vt_membership), f"{MEASURES}{ban.pk}/end/",
                             {"reason": "Niet meer nodig."}),
                   vt_membership, "conferences.change_measure", before)
