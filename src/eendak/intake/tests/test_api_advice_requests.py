"""/advice-requests/: take an advice request (anonymous allowed), record the advice, and turn it into a
report that carries its content over."""

import pytest

from eendak.intake.models import AdviceRequest, Report

from .api_helpers import API, assert_problem, body, municipality_id, post_json

pytestmark = pytest.mark.django_db
URL = f"{API}/advice-requests/"


def _teacher(**extra):
    return {"channel": "phone", "askerType": "professional", "askerRole": "onderwijs",
            "askerSector": "onderwijs", "consentToContact": True, "askerName": "Juf Annemarie",
            "askerPhone": "013-1111111", "municipality": municipality_id(),
            "violenceTypes": ["kindermishandeling"],
            "question": "Leerling vertelt over klappen thuis. Wat nu?", **extra}


def test_anonymous_advice_request_keeps_no_contact_details(login_as, intake):
    response = post_json(login_as(intake), URL, {
        "channel": "phone", "askerType": "resident", "anonymous": True,
        "question": "Ik maak me zorgen om de buren."})

    assert response.status_code == 201, response.content
    advice = body(response)
    assert advice["reference"].startswith("A-")
    assert (advice["askerName"], advice["askerPhone"], advice["askerEmail"]) == ("", "", "")
    assert advice["convertedTo"] is None


def test_list_and_retrieve(login_as, intake):
    client = login_as(intake)
    first = body(post_json(client, URL, _teacher()))
    second = body(post_json(client, URL, _teacher(channel="web", askerName="Meester Bas")))

    listed = body(client.get(URL))
    by_channel = body(client.get(URL, {"channel": "web"}))
    shown = body(client.get(f"{URL}{first['id']}/"))

    assert {a["reference"] for a in listed["results"]} == {first["reference"], second["reference"]}
    assert [a["reference"] for a in by_channel["results"]] == [second["reference"]]
    assert shown["askerName"] == "Juf Annemarie" and shown["question"].startswith("Leerling")


def test_record_the_advice_and_follow_up(login_as, intake):
    client = login_as(intake)
    advice = body(post_json(client, URL, _teacher()))

    response = post_json(client, f"{URL}{advice['id']}/advice/", {
        "adviceGiven": "Gesprek met de ouders voorbereid; meldcode stap 3.", "followUp": "call_back"})
    converted = post_json(client, f"{URL}{advice['id']}/advice/", {
        "adviceGiven": "x", "followUp": "converted"})

    assert response.status_code == 200, response.content
    assert body(response)["followUp"] == "call_back"
    assert {p["name"] for p in assert_problem(converted, 400)["invalidParams"]} == {"followUp"}


def test_convert_to_a_report_carrying_the_content(login_as, intake):
    client = login_as(intake)
    advice = body(post_json(client, URL, _teacher(adviceGiven="Gesprek met ouders voorbereid.")))

    response = post_json(client, f"{URL}{advice['id']}/convert/", {"involved": [
        {"role": "child", "newPerson": {"givenNames": "Daan", "surname": "Kok",
                                        "dateOfBirth": "2015-10-10"}}]})

    assert response.status_code == 201, response.content
    report = body(response)
    assert report["reference"].startswith("M-")
    assert "Leerling vertelt" in report["account"] and "Gesprek met ouders" in report["account"]
    assert report["reporter"]["name"] == "Juf Annemarie" and report["reporter"]["isProfessional"]
    assert report["violenceTypes"] == ["kindermishandeling"]
    assert [p["fullName"] for p in report["involved"]] == ["Daan Kok"]
    shown = body(client.get(f"{URL}{advice['id']}/"))
    assert shown["followUp"] == "converted"
    assert shown["convertedTo"] == {"id": report["id"], "reference": report["reference"]}
    assert body(client.get(URL, {"converted": "true"}))["count"] == 1

    again = post_json(client, f"{URL}{advice['id']}/convert/", {})
    assert "al omgezet" in assert_problem(again, 400)["invalidParams"][0]["reason"]
    assert Report.objects.count() == 1


def test_an_anonymous_request_needs_a_named_reporter_to_become_a_report(login_as, intake):
    client = login_as(intake)
    advice = body(post_json(client, URL, {"channel": "phone", "askerType": "resident",
                                          "anonymous": True, "question": "Zorgen."}))

    refused = post_json(client, f"{URL}{advice['id']}/convert/", {})
    accepted = post_json(client, f"{URL}{advice['id']}/convert/", {
        "reporter": {"name": "Mevrouw De Wit", "phone": "06-12345678"}})

    assert {p["name"] for p in assert_problem(refused, 400)["invalidParams"]} == {"reporter.name"}
    assert accepted.status_code == 201, accepted.content
    assert body(accepted)["reporter"]["name"] == "Mevrouw De Wit"
    assert AdviceRequest.objects.get().converted_to_id == body(accepted)["id"]
