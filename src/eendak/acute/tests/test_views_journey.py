"""A toddler with bruises through the Spoedplein's screens, each step by whose work it is: the
clinician registers her and records the bruises on the body map, the checklist flags it, a forensic
examination is requested; the forensic doctor finds it in the queue and reports; the clinician
reports to Veilig Thuis; the intake reads it with its 24-hour deadline and the presentation behind
it, and decides; the clinician sees the decision come back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eendak.acute.events import Event
from eendak.acute.models import ForensicExamination, Presentation, VeiligThuisContact
from eendak.intake import services as intake_services
from eendak.intake.models import Report

from .conftest import actor_for
from .views_helpers import checked, last_read, section, step, text_of, url

pytestmark = pytest.mark.django_db


def _register_toddler(client, tilburg_team):
    born = timezone.localdate() - timedelta(days=2 * 365 + 40)
    return client.post(url("register"), {
        "action": "register", "patient": "new", "given_names": "Noor", "surname": "Testkind",
        "date_of_birth": born.strftime("%d-%m-%Y"), "sex": "V",
        "municipality": tilburg_team.municipality_id, "pathway": "child_abuse",
        "accompanied_by": "Moeder", "explanation": "Van de bank gevallen.",
        "complaint": "Blauwe plekken op wang en oor."})


def test_a_toddler_through_the_screens_and_veilig_thuis_decides(
        clinician, forensic_doctor, intake, tilburg_team, login_as):
    hospital = login_as(clinician)

    # 1. Registered as a new person; the page opens at the injury record.
    response = _register_toddler(hospital, tilburg_team)
    presentation = Presentation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("presentation", presentation.pk) + "#letsel"
    assert presentation.patient.surname == "Testkind" and presentation.hospital == clinician.organisation

    # 2. Three bruises on the body map: cheek, ear and a hand print on the back.
    for data in ({"region": "cheek_left", "kind": "bruise", "length_mm": "20", "width_mm": "15",
                  "age_estimate": "fresh", "explanation_fit": "does_not_fit"},
                 {"region": "ear_right", "kind": "bruise"},
                 {"region": "upper_back", "kind": "bruise", "patterned": "on",
                  "pattern": "Handafdruk"}):
        assert step(hospital, presentation, "injury", data).status_code == 302
    page = hospital.get(url("presentation", presentation.pk))
    injuries = section(page, "letsel")
    assert 'role="img"' in injuries and "<title" in injuries and "<desc" in injuries
    assert "3 letsels: 1. Blauwe plek (hematoom), Wang links" in text_of(page)
    for region in ("cheek_left", "ear_right", "upper_back"):
        assert f'data-region="{region}" class="acute-bodymap__injured"' in injuries
    assert 'data-region="chest" class' not in injuries
    assert "Handafdruk" in injuries and "20 x 15 mm" in injuries

    # 3. The checklist offers what the map shows, pre-ticked; recorded, it flags the child.
    assert checked(section(page, "screening"), "screening-ticked") == {
        "cheeks", "ears", "torso", "patterned"}
    assert "ondersteunt het oordeel, beslist niet" in text_of(page)
    assert step(hospital, presentation, "screening", {
        "ticked": ["cheeks", "ears", "torso", "patterned"]}).status_code == 302
    page = hospital.get(url("presentation", presentation.pk))
    assert "Checklist positief" in text_of(page)
    assert "Overweeg forensisch-medisch onderzoek en overleg met Veilig Thuis" in text_of(page)

    # 4. The forensic examination requested.
    assert step(hospital, presentation, "forensic_request", {
        "question": "Letsel vastleggen; past het bij een val van de bank?"}).status_code == 302
    examination = ForensicExamination.objects.get()

    # 5. The forensic doctor finds it in the queue, with the time since arrival, and reports.
    doctor = login_as(forensic_doctor)
    queue = doctor.get(url("forensic_queue"))
    assert presentation.reference in text_of(queue) and "min" in text_of(queue)
    assert "Letsel vastleggen; past het bij een val" in text_of(queue)
    form = doctor.get(url("forensic_report", examination.pk))
    assert "Handafdruk" in text_of(form) and 'role="img"' in form.content.decode()
    reported = doctor.post(url("forensic_report", examination.pk), {
        "action": "report", "rapport-findings": "Drie hematomen, een met het patroon van een hand.",
        "rapport-conclusion": "Niet passend bij een val van de bank."})
    assert reported.status_code == 302
    assert presentation.reference not in text_of(doctor.get(url("forensic_queue")))

    # 6. The clinician reads the conclusion, with the report on paper.
    page = hospital.get(url("presentation", presentation.pk))
    forensic = section(page, "forensisch")
    assert "Niet passend bij een val van de bank." in forensic
    assert url("forensic_pdf", presentation.pk) in forensic

    # 7. An acute report to Veilig Thuis about the child, the injury record carried with it.
    assert step(hospital, presentation, "veilig_thuis", {
        "kind": "report", "text": "Zorgen over lichamelijke mishandeling van een peuter.",
        "persons": [presentation.patient_id], "is_acute": "on"}).status_code == 302
    contact = VeiligThuisContact.objects.get()
    report = contact.report
    assert report.is_acute and report.channel == "hospital"
    page = hospital.get(url("presentation", presentation.pk))
    vt = section(page, "veilig-thuis")
    assert "veiligheidsbeoordeling loopt" in vt and "beoordeling uiterlijk" in vt

    # 8. Veilig Thuis reads it: the 24-hour deadline, and the presentation behind it.
    desk = login_as(intake)
    report_page = desk.get(reverse("intake:report_detail", args=[report.pk]))
    assert report_page.status_code == 200
    seen = text_of(report_page)
    assert "Acute melding" in seen and "Wang links" in seen
    panel = section(report_page, "spoedplein")
    assert f"Van het Spoedplein: presentatie {presentation.reference}" in text_of(report_page)
    assert url("presentation", presentation.pk) in panel
    assert url("forensic_pdf", presentation.pk) in panel
    due = timezone.localtime(report.assessment_due_at)
    assert due <= timezone.localtime(report.received_at) + timedelta(hours=24)
    read_only = desk.get(url("presentation", presentation.pk))
    assert read_only.status_code == 200
    assert "Niet passend bij een val van de bank." in text_of(read_only)
    assert escape(presentation.patient.full_name) in read_only.content.decode()
    assert last_read(intake, Event.PRESENTATION_READ) is not None

    # 9. Veilig Thuis assesses and decides (through its own service), and the decision comes back.
    vt_actor = actor_for(intake)
    report = Report.objects.get(pk=report.pk)
    intake_services.record_assessment(vt_actor, report, acute_unsafety=True,
                                      structural_unsafety=True, triage="direct_danger",
                                      rationale="Letsel dat niet bij de uitleg past.")
    intake_services.decide(vt_actor, Report.objects.get(pk=report.pk), kind="investigation",
                           rationale="Onderzoek naar de veiligheid van Noor.")
    page = hospital.get(url("presentation", presentation.pk))
    vt = section(page, "veilig-thuis")
    assert "Besluit van Veilig Thuis: Onderzoek" in vt and 'data-outcome="decided"' in vt
    assert "besloten op" in vt and "beoordeling uiterlijk" not in vt
    work = text_of(hospital.get(url("work")))
    assert "Besluit van Veilig Thuis: Onderzoek" in work
