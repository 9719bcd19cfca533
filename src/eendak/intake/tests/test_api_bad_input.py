"""Bad input gives a 400 problem+json whose ``invalidParams`` names the field in the body, with a
Dutch reason, and nothing is saved — not the report, not the persons typed in with it. The refused
attempt itself is logged, as failed."""

import pytest

from eendak.audit.models import AccessLogEntry
from eendak.intake.models import AdviceRequest, Report
from eendak.persons.models import Household, Person

from .api_helpers import API, assert_problem, body, police_report, post_json

pytestmark = pytest.mark.django_db


def _person(index, **changes):
    data = police_report()
    data["involved"][index]["newPerson"].update(changes)
    return data


@pytest.mark.parametrize(("make", "field", "words"), [
    (lambda: _person(0, bsn="999990018"), "involved.0.newPerson.bsn", "elfproef"),
    (lambda: _person(2, dateOfBirth="2999-01-01"), "involved.2.newPerson.dateOfBirth", "toekomst"),
    (lambda: _person(1, dateOfBirth="1850-01-01"), "involved.1.newPerson.dateOfBirth", "niet mogelijk"),
    (lambda: police_report(account="   "), "account", "Beschrijf"),
    (lambda: police_report(violenceTypes=["partnergeweld", "burenruzie"]), "violenceTypes", "burenruzie"),
    (lambda: police_report(violenceTypes=[]), "violenceTypes", "ten minste"),
    (lambda: police_report(reporter={"name": ""}), "reporter.name", "adviesvraag"),
    (lambda: police_report(receivedAt="2999-01-01T10:00:00+01:00"), "receivedAt", "toekomst"),
    (lambda: police_report(channel="duif"), "channel", "keuze"),
    (lambda: police_report(municipality=999999), "municipality", "bestaat niet"),
], ids=["bsn-11-test", "future-birth", "impossible-birth", "empty-account", "unknown-violence",
        "no-violence-type", "no-reporter-name", "future-receipt", "unknown-channel",
        "unknown-municipality"])
def test_bad_report_is_refused_naming_the_field_and_nothing_is_saved(login_as, intake, make, field,
                                                                     words):
    data = make()
    client = login_as(intake)
    before = (Person.objects.count(), Household.objects.count())
    last_entry = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    response = post_json(client, f"{API}/reports/", data)

    problem = assert_problem(response, 400)
    params = {p["name"]: p["reason"] for p in problem["invalidParams"]}
    assert field in params, params
    assert words.lower() in params[field].lower()
    assert not Report.objects.exists()
    assert (Person.objects.count(), Household.objects.count()) == before
    # Only the refused attempt is logged: as failed, naming the field, and nobody's data.
    [entry] = AccessLogEntry.objects.filter(id__gt=last_entry)
    assert (entry.event, entry.outcome, entry.action) == ("report.change_refused", "failed", "C")
    assert field.split(".")[0] in entry.detail and entry.person_ids == []


def test_a_person_needs_either_an_id_or_new_data(login_as, intake):
    data = police_report(involved=[{"role": "victim"}])

    response = post_json(login_as(intake), f"{API}/reports/", data)

    assert {p["name"] for p in assert_problem(response, 400)["invalidParams"]} == {
        "involved.0.person"}


def test_a_bsn_already_known_points_to_the_new_person_carrying_it(login_as, intake):
    client = login_as(intake)
    assert post_json(client, f"{API}/reports/", police_report()).status_code == 201
    again = police_report()
    again["involved"] = [again["involved"][1], again["involved"][0]]

    response = post_json(client, f"{API}/reports/", again)

    params = {p["name"]: p["reason"] for p in assert_problem(response, 400)["invalidParams"]}
    assert "al een persoon met dit BSN" in params["involved.1.newPerson.bsn"]
    assert Report.objects.count() == 1


def test_not_json_is_a_problem_too(login_as, intake):
    response = login_as(intake).post(f"{API}/reports/", "{niet: json", content_type="application/json")

    assert_problem(response, 400)


def test_bad_step_input_changes_nothing(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))
    url = f"{API}/reports/{report['id']}/"

    empty = post_json(client, f"{url}assessment/", {"acuteUnsafety": True,
                                                    "structuralUnsafety": False,
                                                    "triage": "direct_danger", "rationale": " "})
    early = post_json(client, f"{url}decision/", {"kind": "investigation", "rationale": "Nu al."})
    unknown = post_json(client, f"{url}instruments/", {"instrument": "horoscoop"})
    half = post_json(client, f"{url}instruments/", {"instrument": "rihg", "answers": {"A1": True}})
    licensed = post_json(client, f"{url}instruments/", {"instrument": "arij"})

    assert {p["name"] for p in assert_problem(empty, 400)["invalidParams"]} == {"rationale"}
    early_problem = assert_problem(early, 409)  # deciding before the assessment: the state refuses
    assert early_problem["code"] == "state_conflict" and "status" in early_problem["detail"]
    assert {p["name"] for p in assert_problem(unknown, 400)["invalidParams"]} == {"instrument"}
    assert {p["name"] for p in assert_problem(half, 400)["invalidParams"]} == {"answers"}
    assert {p["name"] for p in assert_problem(licensed, 400)["invalidParams"]} == {"outcome"}
    shown = body(client.get(url))
    assert shown["status"] == "received" and shown["assessment"] is None
    assert shown["instrumentResults"] == []


def test_advice_contact_details_without_consent_are_refused(login_as, intake):
    response = post_json(login_as(intake), f"{API}/advice-requests/", {
        "channel": "phone", "askerType": "resident", "question": "Zorgen om de buren.",
        "anonymous": True, "askerPhone": "06-00000000"})

    params = {p["name"]: p["reason"] for p in assert_problem(response, 400)["invalidParams"]}
    assert "toestemming" in params["consentToContact"]
    assert not AdviceRequest.objects.exists()
