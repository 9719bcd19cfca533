"""Need to know on the Spoedplein's screens: another hospital finds nothing (the same logged 404 on
every URL of a presentation, whatever the method); Veilig Thuis reads a presentation sent to it
without a single form and without the photographs; the police liaison reads a forensic report shared
with it, and nothing else of the hospital."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.acute import services
from eendak.acute.events import Event
from eendak.acute.models import Injury
from eendak.acute.views import STEPS
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import assert_refused, last_read, png_bytes, step, text_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(toddler, clinician_actor, forensic_doctor):
    """The toddler with an injury, a photograph and a reported examination."""
    injury = services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="cheek_left", kind="bruise"))
    photo = services.add_photo(clinician_actor, toddler, SimpleUploadedFile("wang.png", png_bytes()),
                               description="Wang links", consent_by="Moeder")
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="Hematoom.",
                             conclusion="Niet passend bij een val.")
    return toddler, injury, photo, examination


def _reported_to_veilig_thuis(presentation, clinician_actor):
    return services.contact_veilig_thuis(clinician_actor, presentation, kind="report",
                                         text="Zorgen.", person_ids=[presentation.patient_id])


def test_another_hospital_gets_a_logged_404_on_everything(recorded, other_clinician, login_as):
    toddler, injury, photo, examination = recorded
    other_doctor = f.membership(Role.FORENSIC_DOCTOR, other_clinician.organisation)
    client = login_as(other_clinician)
    assert_refused(client.get(url("presentation", toddler.pk)), other_clinician,
                   "acute.view_presentation")
    for s in STEPS:
        assert_refused(client.post(url(f"presentation_{s.key}", toddler.pk), {}), other_clinician,
                       s.permission)
        # ... also for a GET: the permission is asked before the method.
        assert_refused(client.get(url(f"presentation_{s.key}", toddler.pk)), other_clinician,
                       s.permission)
    assert_refused(client.post(url("injury_remove", injury.pk)), other_clinician,
                   "acute.record_injury")
    assert_refused(client.get(url("photo", photo.pk)), other_clinician, "acute.view_photos")
    assert_refused(client.get(url("forensic_pdf", toddler.pk)), other_clinician,
                   "acute.view_forensic_report")
    assert_refused(client.get(url("forensic_report", examination.pk)), other_clinician,
                   "acute.report_forensic")
    # An id that does not exist is refused the same way.
    assert_refused(client.get(url("presentation", toddler.pk + 1000)), other_clinician,
                   "acute.view_presentation")
    # Its lists do not show the presentation either.
    assert toddler.reference not in text_of(client.get(url("work")))
    doctor = login_as(other_doctor)
    assert toddler.reference not in text_of(doctor.get(url("forensic_queue")))
    assert_refused(doctor.get(url("forensic_report", examination.pk)), other_doctor,
                   "acute.report_forensic")
    assert Injury.objects.filter(pk=injury.pk).exists()


def test_the_clinician_cannot_report_the_forensic_examination(recorded, clinician, login_as):
    _toddler, _injury, _photo, examination = recorded
    client = login_as(clinician)
    assert_refused(client.get(url("forensic_queue")), clinician, "acute.view_forensic_queue")
    assert_refused(client.get(url("forensic_report", examination.pk)), clinician,
                   "acute.report_forensic")


def test_veilig_thuis_reads_what_was_sent_without_forms_or_photographs(
        recorded, adult, clinician_actor, intake, login_as):
    toddler, injury, photo, _examination = recorded
    client = login_as(intake)
    # Before anything was sent: nothing.
    assert_refused(client.get(url("presentation", toddler.pk)), intake, "acute.view_presentation")
    _reported_to_veilig_thuis(toddler, clinician_actor)
    page = client.get(url("presentation", toddler.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Niet passend bij een val." in html and "Wang links" in html
    assert "data-read-only" in html
    assert "<form" not in html.split('id="patient"', 1)[1]  # not one form on the presentation
    assert 'id="fotos"' not in html and url("photo", photo.pk) not in html
    assert url("forensic_pdf", toddler.pk) in html
    entry = last_read(intake, Event.PRESENTATION_READ)
    assert entry is not None and toddler.patient_id in entry.person_ids
    # The photograph itself, a step, removing an injury: refused and logged.
    assert_refused(client.get(url("photo", photo.pk)), intake, "acute.view_photos")
    assert_refused(step(client, toddler, "injury", {"region": "ear_left", "kind": "bruise"}), intake,
                   "acute.record_injury")
    assert_refused(client.post(url("injury_remove", injury.pk)), intake, "acute.record_injury")
    # The forensic report travels with the report; the work list shows what was sent, no more.
    pdf = client.get(url("forensic_pdf", toddler.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    work = text_of(client.get(url("work")))
    assert toddler.reference in work and adult.reference not in work
    assert "Nieuwe presentatie" not in work
    assert_refused(client.get(url("register")), intake, "acute.register_presentation")


def test_the_police_read_a_shared_report_and_nothing_else(recorded, clinician_actor, liaison,
                                                          login_as):
    toddler, _injury, photo, _examination = recorded
    client = login_as(liaison)
    assert_refused(client.get(url("forensic_pdf", toddler.pk)), liaison,
                   "acute.view_forensic_report")
    assert "Er is geen forensisch rapport met uw organisatie gedeeld." in text_of(
        client.get(url("shared")))
    services.share_forensic_report(clinician_actor, toddler, organisation=liaison.organisation,
                                   item="forensic_report", basis="consent_representative")
    shared = client.get(url("shared"))
    seen = text_of(shared)
    assert toddler.reference in seen and "Toestemming van de wettelijk vertegenwoordiger" in seen
    assert url("forensic_pdf", toddler.pk) in shared.content.decode()
    assert last_read(liaison, Event.SHARED_LIST) is not None
    pdf = client.get(url("forensic_pdf", toddler.pk))
    assert pdf.status_code == 200 and pdf["Cache-Control"] == "private, no-store"
    entry = last_read(liaison, Event.FORENSIC_REPORT_PRINTED)
    assert entry is not None and entry.person_ids == [toddler.patient_id]
    # Nothing else: not the presentation, its photographs, the work list, the queue or the register.
    assert_refused(client.get(url("presentation", toddler.pk)), liaison, "acute.view_presentation")
    assert_refused(client.get(url("photo", photo.pk)), liaison, "acute.view_photos")
    assert_refused(client.get(url("work")), liaison, "acute.view_work")
    assert_refused(client.get(url("forensic_queue")), liaison, "acute.view_forensic_queue")
    assert_refused(client.get(url("register")), liaison, "acute.register_presentation")
    # Shared with the photographs, they may see those too (and only then).
    services.share_forensic_report(clinician_actor, toddler, organisation=liaison.organisation,
                                   item="photos", basis="court_order")
    response = client.get(url("photo", photo.pk))
    assert response.status_code == 200
    response.close()  # a file answer is streamed: closing ends the request


def test_the_hospital_sees_its_photograph_never_cached_and_logged(recorded, clinician, login_as):
    toddler, _injury, photo, _examination = recorded
    client = login_as(clinician)
    page = client.get(url("presentation", toddler.pk))
    assert url("photo", photo.pk) in page.content.decode() and 'alt="Wang links"' in page.content.decode()
    response = client.get(url("photo", photo.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    entry = last_read(clinician, Event.PHOTO_READ)
    assert entry is not None and entry.person_ids == [toddler.patient_id]
