"""The acute pathway through the API only, as the issue's "done when" walks it: a two-year-old with
bruises is recorded (a new patient), the injuries go on the body map, the checklist flags it, the
forensic examination is requested and reported from the forensic doctor's queue, an acute report
reaches Veilig Thuis with the injury record and its 24-hour deadline, Veilig Thuis reads the
presentation (not the photographs) and decides, and the decision comes back to the hospital."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.acute.models import Presentation
from eendak.audit.models import AccessLogEntry
from eendak.intake import services as intake_services
from eendak.intake.models import Report

from .api_support import API, PRESENTATIONS, assert_read, ok, png, post_json, url_of
from .conftest import actor_for

pytestmark = pytest.mark.django_db


def test_a_toddler_with_bruises_goes_the_whole_way_over_the_api(login_as, clinician,
                                                                  forensic_doctor, intake,
                                                                  tilburg_team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hospital, doctor, veilig_thuis = (login_as(clinician), login_as(forensic_doctor),
                                      login_as(intake))
    born = timezone.localdate() - timedelta(days=2 * 365 + 40)

    # The clinician records the child, who was not known before.
    created = ok(post_json(hospital, PRESENTATIONS, {
        "pathway": "child_abuse", "accompaniedBy": "Moeder", "explanation": "Van de bank gevallen.",
        "complaint": "Blauwe plekken op wang en oor.",
        "newPatient": {"givenNames": "Noor", "surname": "Testkind", "dateOfBirth": born.isoformat(),
                       "sex": "V", "municipality": tilburg_team.municipality_id}}), 201)
    presentation = Presentation.objects.get(pk=created["id"])
    assert created["patient"]["fullName"] == "Noor Testkind" and created["isChild"] is True
    assert created["screeningApplies"] is True and created["hospital"]["id"] == clinician.organisation_id

    # The injuries on the body map; the checklist is offered with what the map shows.
    for injury in ({"region": "cheek_left", "kind": "bruise", "lengthMm": 20, "colour": "blauw",
                    "ageEstimate": "fresh", "explanationFit": "does_not_fit"},
                   {"region": "ear_right", "kind": "bruise"},
                   {"region": "upper_back", "kind": "bruise", "patterned": True,
                    "pattern": "Handafdruk"}):
        ok(post_json(hospital, url_of(presentation, "injuries"), injury), 201)
    detail = ok(hospital.get(url_of(presentation)))
    assert [(i["region"], i["regionLabel"], i["view"]) for i in detail["injuries"]] == [
        ("cheek_left", "Wang links", "front"), ("ear_right", "Oor rechts", "front"),
        ("upper_back", "Bovenrug en schouderbladen", "back")]
    suggested = detail["suggestedScreeningItems"]
    assert suggested == ["cheeks", "ears", "patterned", "torso"]

    screening = ok(post_json(hospital, url_of(presentation, "screening"), {"ticked": suggested}),
                   201)
    assert screening["positive"] is True and "nader onderzoek" in screening["advice"]

    # The forensic examination: requested, in the forensic doctor's queue, reported.
    examination = ok(post_json(hospital, url_of(presentation, "forensic-request"), {
        "question": "Letsel vastleggen; past het bij een val van de bank?"}), 201)
    assert examination["status"] == "requested"
    queue = ok(doctor.get(f"{API}/forensic-examinations/"))["results"]
    assert [(e["id"], e["presentation"]["id"]) for e in queue] == [(examination["id"],
                                                                     presentation.pk)]
    assert queue[0]["minutesSinceArrival"] >= 0
    assert_read(forensic_doctor, "acute.forensic_queue", [presentation.patient_id])
    reported = ok(post_json(doctor, f"{API}/forensic-examinations/{examination['id']}/report/", {
        "findings": "Drie hematomen: wang, oor en een handafdruk op de rug.",
        "conclusion": "Niet passend bij een val van de bank."}))
    assert reported["status"] == "reported" and reported["forensicDoctor"]["id"] == \
        forensic_doctor.user_id
    assert ok(doctor.get(f"{API}/forensic-examinations/"))["results"] == []

    # A photograph, with the mother's consent.
    photo = ok(hospital.post(url_of(presentation, "photos"), {
        "file": png(), "description": "Wang links", "consentBy": "Moeder"}), 201)
    assert photo["contentType"] == "image/png"

    # An acute report to Veilig Thuis, channel hospital, with the injury record and the conclusion.
    contact = ok(post_json(hospital, url_of(presentation, "veilig-thuis"), {
        "kind": "report", "text": "Zorgen over lichamelijke mishandeling.",
        "persons": [presentation.patient_id]}), 201)
    report = Report.objects.get(reference=contact["reference"])
    assert (report.organisation_id, report.channel, report.is_acute) == (
        intake.organisation_id, "hospital", True)
    assert report.assessment_due_at <= report.received_at + timedelta(hours=24)
    assert "Wang links" in report.account and "Niet passend bij een val" in report.account
    assert contact["isAcute"] is True and contact["outcome"]["decided"] is False
    assert contact["outcome"]["dueAt"]

    # Veilig Thuis reads the presentation it was sent: the injuries and the forensic report, not
    # the photographs.
    seen = ok(veilig_thuis.get(url_of(presentation)))
    assert len(seen["injuries"]) == 3
    assert seen["forensicExamination"]["conclusion"] == "Niet passend bij een val van de bank."
    assert seen["photos"] is None and seen["canSeePhotos"] is False
    assert_read(intake, "acute.presentation_read", [presentation.patient_id])
    assert [p["id"] for p in ok(veilig_thuis.get(PRESENTATIONS))["results"]] == [presentation.pk]

    # Veilig Thuis assesses and decides in the intake ...
    vt_actor = actor_for(intake)
    intake_services.record_assessment(vt_actor, report, acute_unsafety=False,
                                      structural_unsafety=True, triage="structural_serious",
                                      rationale="Letsel past niet bij de uitleg.")
    intake_services.decide(vt_actor, report, kind="investigation",
                           rationale="Onderzoek naar de veiligheid van Noor.")

    # ... and the decision comes back to the hospital.
    back = ok(hospital.get(url_of(presentation)))
    [outcome] = [c["outcome"] for c in back["contacts"]]
    assert outcome["decided"] is True and outcome["decidedAt"]
    assert "Onderzoek" in outcome["text"] and "Besluit van Veilig Thuis" in outcome["state"]
    assert [p["description"] for p in back["photos"]] == ["Wang links"]
    listed = ok(hospital.get(PRESENTATIONS))["results"]
    assert listed[0]["veiligThuis"]["outcome"]["decided"] is True
    assert listed[0]["forensicStatus"] == "reported"

    # Every step is in the access log, under the acute pathway's events.
    events = set(AccessLogEntry.objects.filter(event__startswith="acute.")
                 .values_list("event", flat=True))
    assert {"acute.registered", "acute.injury_recorded", "acute.screened",
            "acute.forensic_requested", "acute.forensic_reported", "acute.photo_added",
            "acute.reported_to_veilig_thuis", "acute.presentation_read"} <= events
