"""The forensic report on paper: an A4 PDF built from the presentation's read model, read back with
pypdf as a reader would — the patient, the injury list (and the body map drawn beside it), the
screening, the findings and conclusion, the forensic doctor, the consent for each photograph and the
shares; every print an export in the access log, never cached; only who may read the report prints
it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from eendak.acute import pdf, queries, services
from eendak.acute.events import Event
from eendak.audit.models import AccessLogEntry, Action

from .conftest import actor_for
from .views_helpers import assert_refused, png_bytes, url

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def reported(toddler, clinician_actor, forensic_doctor, police):
    services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="cheek_left", kind="bruise", length_mm=20, width_mm=15, age_estimate="fresh",
        explanation_fit="does_not_fit"))
    services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="upper_back", kind="bruise", patterned=True, pattern="Handafdruk"))
    services.record_screening(clinician_actor, toddler, ticked=["cheeks", "torso", "patterned"])
    services.add_photo(clinician_actor, toddler, SimpleUploadedFile("rug.png", png_bytes()),
                       description="Handafdruk op de rug", consent_by="Moeder (gezag)")
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination,
                             findings="Twee hematomen, een met het patroon van een hand.",
                             conclusion="Niet passend bij een val van de bank.")
    services.share_forensic_report(clinician_actor, toddler, organisation=police,
                                   item="forensic_report", basis="consent_representative")
    return toddler


def test_the_report_holds_what_the_page_shows(reported, clinician, forensic_doctor, police,
                                              login_as):
    response = login_as(clinician).get(url("forensic_pdf", reported.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f"forensisch-rapport-{reported.reference}.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    patient = reported.patient
    for shown in (reported.reference, patient.full_name, f"{patient.date_of_birth:%d-%m-%Y}",
                  "Wang links", "20 x 15 mm", "Handafdruk", "Past niet bij de uitleg",
                  "Positief", "ondersteunt het klinisch oordeel",
                  "Twee hematomen, een met het patroon van een hand.",
                  "Niet passend bij een val van de bank.", forensic_doctor.user.get_full_name(),
                  "Handafdruk op de rug", "Moeder (gezag)", police.name,
                  "Toestemming van de wettelijk vertegenwoordiger"):
        assert shown in text, shown
    entry = AccessLogEntry.objects.filter(event=Event.FORENSIC_REPORT_PRINTED).get()
    assert entry.action == Action.EXPORT and entry.person_ids == [reported.patient_id]
    assert entry.user_id == clinician.user_id


def test_the_body_map_is_drawn_in_the_pdf(reported, clinician_actor):
    detail = queries.detail(clinician_actor, queries.presentation_for(reported.pk))
    document = pdf.document(detail)

    def boxes(box):
        yield box
        for child in getattr(box, "children", []) or []:
            yield from boxes(child)

    drawn = [box for page in document.pages for box in boxes(page._page_box)
             if str(getattr(box, "element_tag", "")).endswith("svg")
             and type(getattr(box, "replacement", None)).__name__ == "SVGImage"]
    assert drawn, "the body map is not in the PDF"


def test_only_who_may_read_the_report_prints_it(reported, other_clinician, liaison, intake,
                                                login_as):
    assert_refused(login_as(other_clinician).get(url("forensic_pdf", reported.pk)),
                   other_clinician, "acute.view_forensic_report")
    assert_refused(login_as(intake).get(url("forensic_pdf", reported.pk)), intake,
                   "acute.view_forensic_report")
    # The police it was shared with: the report, without the photographs it was not given.
    response = login_as(liaison).get(url("forensic_pdf", reported.pk))
    text = pdf_text(response)
    assert "Niet passend bij een val van de bank." in text
    assert "Handafdruk op de rug" not in text and "niet met uw organisatie gedeeld" in text
