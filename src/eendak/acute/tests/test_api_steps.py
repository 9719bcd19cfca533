"""The steps on a presentation over the API: the injury record, the checklist, the forensic
examination, photographs, Veilig Thuis, willingness to report, sharing the forensic report,
follow-up and discharge — each with its success and its bad input (a 400 problem+json naming the
field in Dutch, nothing changed, the attempt logged as failed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.acute.models import Injury, Photo
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.intake.models import Report

from .api_support import (
    API,
    assert_bad_input,
    assert_read,
    assert_refused,
    examined,
    last_entry,
    ok,
    png,
    png_bytes,
    post_json,
    reported,
    state,
    url_of,
    with_photo,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- The injury record ----------------------------------------------------------------------------------


@pytest.mark.parametrize("injury", [{"kind": "bruise"}, {"kind": "bruise", "region": ""}])
def test_an_injury_without_a_region_is_a_400_at_region_and_changes_nothing(login_as, clinician,
                                                                           toddler, injury):
    before = state()

    response = post_json(login_as(clinician), url_of(toddler, "injuries"), injury)

    problem = assert_bad_input(response, clinician, "region", before)
    assert problem["invalidParams"][0]["reason"] == ("Kies de plaats van het letsel op de "
                                                      "lichaamskaart.")
    assert Injury.objects.count() == 0


@pytest.mark.parametrize("injury, field", [
    ({"region": "cheek_left", "kind": "bruise", "view": "back"}, "view"),
    ({"region": "cheek_left", "kind": "bruise", "lengthMm": 0}, "lengthMm"),
    ({"region": "cheek_left", "kind": "bruise", "patterned": True}, "pattern"),
    ({"region": "kneecap", "kind": "bruise"}, "region"),
    ({"region": "cheek_left"}, "kind"),
])
def test_other_bad_injuries_are_a_400_at_their_field(login_as, clinician, toddler, injury, field):
    before = state()

    assert_bad_input(post_json(login_as(clinician), url_of(toddler, "injuries"), injury),
                     clinician, field, before)


def test_an_injury_recorded_by_mistake_is_removed(login_as, clinician, toddler):
    client = login_as(clinician)
    injury = ok(post_json(client, url_of(toddler, "injuries"), {"region": "chin",
                                                                "kind": "abrasion"}), 201)

    response = client.delete(f"{API}/acute-injuries/{injury['id']}/")

    assert response.status_code == 204 and not Injury.objects.exists()
    assert last_entry(clinician).event == "acute.injury_removed"


def test_an_injury_of_a_discharged_patient_stays(login_as, clinician, toddler):
    client = login_as(clinician)
    injury = ok(post_json(client, url_of(toddler, "injuries"), {"region": "chin",
                                                                "kind": "abrasion"}), 201)
    ok(post_json(client, url_of(toddler, "discharge"), {
        "safeToGoHome": "yes", "destination": "home", "safetyConditions": "Oma slaapt er."}))
    before = state()

    response = client.delete(f"{API}/acute-injuries/{injury['id']}/")

    assert_bad_input(response, clinician, "nonFieldErrors", before)


# --- The checklist ---------------------------------------------------------------------------------------


def test_a_negative_checklist_says_it_does_not_rule_out_abuse(login_as, clinician, toddler):
    result = ok(post_json(login_as(clinician), url_of(toddler, "screening"), {"ticked": []}), 201)

    assert result["positive"] is False and "sluit mishandeling niet uit" in result["advice"]


def test_the_checklist_is_for_children_under_four(login_as, clinician, adult):
    before = state()

    response = post_json(login_as(clinician), url_of(adult, "screening"), {"ticked": ["torso"]})

    assert_bad_input(response, clinician, "ticked", before)


# --- The forensic examination ------------------------------------------------------------------------------


def test_the_clinician_withdraws_a_request_and_cannot_report_it(login_as, clinician, toddler):
    client = login_as(clinician)
    examination = ok(post_json(client, url_of(toddler, "forensic-request"),
                               {"question": "Vastleggen"}), 201)
    url = f"{API}/forensic-examinations/{examination['id']}/"
    before = state()

    assert_refused(post_json(client, url + "report/", {"findings": "A", "conclusion": "B"}),
                   clinician, "acute.report_forensic", before)
    assert_bad_input(post_json(client, url + "cancel/", {"reason": " "}), clinician, "reason",
                     before)
    cancelled = ok(post_json(client, url + "cancel/", {"reason": "Ouders weigeren; VT ingelicht."}))

    assert cancelled["status"] == "cancelled"
    assert ok(client.get(url_of(toddler)))["forensicExamination"] is None


def test_a_second_request_and_a_report_without_conclusion_are_refused(login_as, clinician,
                                                                      forensic_doctor, toddler):
    client = login_as(clinician)
    examination = ok(post_json(client, url_of(toddler, "forensic-request"),
                               {"question": "Vastleggen"}), 201)
    before = state()

    assert_bad_input(post_json(client, url_of(toddler, "forensic-request"),
                               {"question": "Nog een keer"}), clinician, "question", before)
    assert_bad_input(post_json(login_as(forensic_doctor),
                               f"{API}/forensic-examinations/{examination['id']}/report/",
                               {"findings": "Hematomen."}), forensic_doctor, "conclusion", before)


def test_the_forensic_report_is_a_pdf_logged_as_an_export(login_as, clinician, forensic_doctor,
                                                          toddler):
    examined(toddler, clinician, forensic_doctor)

    response = login_as(clinician).get(url_of(toddler, "forensic-report"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    assert_read(clinician, "acute.forensic_report_printed", [toddler.patient_id])


# --- Photographs -------------------------------------------------------------------------------------------


def test_a_photo_that_is_not_an_image_is_a_400_at_file(login_as, clinician, toddler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = state()

    response = login_as(clinician).post(url_of(toddler, "photos"), {
        "file": SimpleUploadedFile("wang.jpg", b"%PDF-1.4 geen foto", "image/jpeg"),
        "description": "Wang links", "consentBy": "Moeder"})

    problem = assert_bad_input(response, clinician, "file", before)
    assert "geen foto" in problem["invalidParams"][0]["reason"]


def test_a_png_that_also_holds_a_web_page_is_refused_as_a_polyglot(login_as, clinician, toddler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = state()
    polyglot = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"

    response = login_as(clinician).post(url_of(toddler, "photos"), {
        "file": SimpleUploadedFile("wang.png", polyglot, "image/png"),
        "description": "Wang links", "consentBy": "Moeder"})

    problem = assert_bad_input(response, clinician, "file", before)
    assert "webpagina-code" in problem["invalidParams"][0]["reason"]


def test_a_photo_without_consent_is_a_400_at_consent_by(login_as, clinician, toddler):
    before = state()

    response = login_as(clinician).post(url_of(toddler, "photos"), {
        "file": png(), "description": "Wang links"})

    assert_bad_input(response, clinician, "consentBy", before)


def test_the_photo_is_the_image_itself_never_cached_and_logged(login_as, clinician, toddler):
    with_photo(toddler, clinician)
    client = login_as(clinician)
    detail = ok(client.get(url_of(toddler)))
    [listed] = detail["photos"]

    response = client.get(listed["url"])

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    # Read to the end, the test client closes the file answer itself (closing it again would end
    # the request a second time and, on PostgreSQL, close the test's connection).
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\x89PNG")
    assert "no-store" in response["Cache-Control"]
    assert_read(clinician, "acute.photo_read", [toddler.patient_id])
    assert listed["id"] == Photo.objects.get().pk and listed["consentBy"] == "Moeder"


# --- Veilig Thuis --------------------------------------------------------------------------------------------


def test_a_report_to_veilig_thuis_without_a_person_is_a_400_and_sends_nothing(login_as, clinician,
                                                                             toddler):
    before = state()

    response = post_json(login_as(clinician), url_of(toddler, "veilig-thuis"), {
        "kind": "report", "text": "Zorgen over mishandeling.", "persons": []})

    problem = assert_bad_input(response, clinician, "persons", before)
    assert "persoon" in problem["invalidParams"][0]["reason"]
    assert not Report.objects.exists()


def test_a_person_of_another_presentation_is_refused(login_as, clinician, toddler, adult):
    before = state()

    response = post_json(login_as(clinician), url_of(toddler, "veilig-thuis"), {
        "kind": "report", "text": "Zorg.", "persons": [adult.patient_id]})

    assert_bad_input(response, clinician, "persons", before)


def test_a_consultation_waits_for_advice_and_a_second_report_is_refused(login_as, clinician,
                                                                        toddler):
    client = login_as(clinician)
    advice = ok(post_json(client, url_of(toddler, "veilig-thuis"), {
        "kind": "advice", "text": "Past dit letsel bij de uitleg?"}), 201)
    assert advice["outcome"]["state"] == "Wacht op advies van Veilig Thuis"
    assert advice["isAcute"] is None and advice["reference"]
    reported(toddler, clinician)
    before = state()

    response = post_json(client, url_of(toddler, "veilig-thuis"), {
        "kind": "report", "text": "Nog eens.", "persons": [toddler.patient_id]})

    assert_bad_input(response, clinician, "kind", before)


def test_a_report_that_is_not_acute_gets_the_five_working_days(login_as, clinician, toddler):
    contact = ok(post_json(login_as(clinician), url_of(toddler, "veilig-thuis"), {
        "kind": "report", "text": "Zorg.", "persons": [toddler.patient_id], "isAcute": False}), 201)

    report = Report.objects.get(reference=contact["reference"])
    assert contact["isAcute"] is False and not report.is_acute
    assert report.assessment_due_at > report.received_at + timedelta(hours=24)


# --- Willingness to report, sharing, follow-up, discharge ---------------------------------------------------


def test_a_police_report_filed_needs_its_date_and_unit(login_as, clinician, toddler):
    client = login_as(clinician)
    before = state()

    assert_bad_input(post_json(client, url_of(toddler, "willingness"), {"state": "filed"}),
                     clinician, "policeReportOn", before)
    today = timezone.localdate().isoformat()
    assert_bad_input(post_json(client, url_of(toddler, "willingness"), {
        "state": "filed", "policeReportOn": today}), clinician, "policeUnit", before)
    data = ok(post_json(client, url_of(toddler, "willingness"), {
        "state": "filed", "policeReportOn": today, "policeUnit": "Eenheid Zeeland-West-Brabant",
        "policeReference": "PL2000-1234"}))

    assert (data["willingness"], data["policeReportOn"], data["policeReference"]) == (
        "filed", today, "PL2000-1234")
    assert_read(clinician, "acute.presentation_read")


@pytest.mark.parametrize("share, field", [
    ({"item": "forensic_report"}, "basis"),
    ({"item": "forensic_report", "basis": "meldrecht"}, "basis"),
    ({"item": "forensic_report", "basis": "consent_victim"}, "basis"),
])
def test_sharing_with_the_police_without_a_basis_is_a_400(login_as, clinician, forensic_doctor,
                                                          toddler, police, share, field):
    examined(toddler, clinician, forensic_doctor)
    before = state()

    response = post_json(login_as(clinician), url_of(toddler, "shares"),
                         {**share, "organisation": police.pk})

    assert_bad_input(response, clinician, field, before)


def test_sharing_with_the_representatives_consent(login_as, clinician, forensic_doctor, toddler,
                                                  police):
    examined(toddler, clinician, forensic_doctor)

    share = ok(post_json(login_as(clinician), url_of(toddler, "shares"), {
        "organisation": police.pk, "item": "forensic_report", "basis": "consent_representative",
        "note": "Moeder tekende."}), 201)

    assert share["organisation"]["id"] == police.pk
    assert share["basisLabel"] == "Toestemming van de wettelijk vertegenwoordiger"
    entry = last_entry(clinician)
    assert (entry.event, entry.outcome) == ("acute.shared", Outcome.SUCCESS)


def test_follow_up_with_the_local_team_and_the_safety_team_only_after_a_report(
        login_as, clinician, toddler, tilburg_team):
    client = login_as(clinician)
    before = state()

    assert_bad_input(post_json(client, url_of(toddler, "follow-ups"), {
        "kind": "safety_team", "note": "Veiligheidsteam inschakelen."}), clinician, "kind", before)
    follow_up = ok(post_json(client, url_of(toddler, "follow-ups"), {
        "kind": "local_team", "note": "Huisbezoek door het lokale team."}), 201)

    assert follow_up["organisation"]["id"] == tilburg_team.pk


def test_discharge_asks_the_safety_conditions(login_as, clinician, toddler):
    client = login_as(clinician)
    before = state()

    assert_bad_input(post_json(client, url_of(toddler, "discharge"), {
        "safeToGoHome": "yes", "destination": "home"}), clinician, "safetyConditions", before)
    assert_bad_input(post_json(client, url_of(toddler, "discharge"), {
        "safeToGoHome": "no", "destination": "home", "safetyConditions": "x"}), clinician,
        "destination", before)
    data = ok(post_json(client, url_of(toddler, "discharge"), {
        "safeToGoHome": "no", "destination": "family",
        "safetyConditions": "Noor slaapt bij oma tot het gesprek met Veilig Thuis."}))

    assert data["status"] == "discharged" and data["dischargedAt"]
    assert AccessLogEntry.objects.filter(event="acute.discharged").exists()


def test_the_hague_protocol_holds_the_discharge_until_the_children_are_reported(login_as,
                                                                                clinician, adult):
    before = state()

    response = post_json(login_as(clinician), url_of(adult, "discharge"), {
        "safeToGoHome": "yes", "destination": "home", "safetyConditions": "Partner elders."})

    problem = assert_bad_input(response, clinician, "safeToGoHome", before)
    assert "Haags protocol" in problem["invalidParams"][0]["reason"]


def test_steps_answer_in_the_clinicians_words(login_as, clinician, toddler):
    """A rule without a field is a message for the whole request, still in Dutch."""
    actor = actor_for(clinician)
    from eendak.acute import services

    services.discharge(actor, toddler, safe_to_go_home="yes", destination="home",
                       safety_conditions="Oma slaapt er.")
    before = state()

    response = post_json(login_as(clinician), url_of(toddler, "injuries"),
                         {"region": "chin", "kind": "bruise"})

    problem = assert_bad_input(response, clinician, "nonFieldErrors", before)
    assert "ontslagen" in problem["invalidParams"][0]["reason"]
