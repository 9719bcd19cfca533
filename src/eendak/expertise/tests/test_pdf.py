"""The certificate of an attended training: an A4 PDF read back with pypdf as a reader would —
the participant's name, the course, the date and place, the competencies it builds and until when it
counts; there is none for someone who did not attend; every print is an export in the access log."""

import io

import pytest
from pypdf import PdfReader

from eendak.audit.models import AccessLogEntry, Action
from eendak.expertise import pdf, services
from eendak.expertise.events import Event

from .conftest import actor_for
from .views_support import hold, url

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def attended(session, worker, staff_actor):
    enrolment = services.enrol_self(actor_for(worker), session)
    absent = services.enrol_someone(staff_actor, session, services.Registrant(
        name="Niet Gekomen", email="niet@school.test"))
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    absent.refresh_from_db()
    return enrolment, absent


def test_the_certificate_says_who_did_what_and_until_when(attended, worker, login_as):
    enrolment, _absent = attended
    response = login_as(worker).get(url("certificate", enrolment_id=enrolment.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    valid_until = pdf.context_of(enrolment)["valid_until"]
    for shown in (enrolment.name, "Werken aan Veiligheid – basis", "Tilburg", "Trainer Test",
                  "C1 Onveiligheid herkennen", "C2 Veiligheidsplan maken",
                  f"Geldig tot en met {valid_until:%d-%m-%Y}", enrolment.certificate_number):
        assert shown in text, shown
    entry = AccessLogEntry.objects.filter(user_id=worker.user_id,
                                          event=Event.CERTIFICATE_PRINTED).get()
    assert entry.action == Action.EXPORT and enrolment.certificate_number in entry.detail


def test_no_certificate_without_attendance(attended, staff, login_as):
    _enrolment, absent = attended
    response = login_as(staff).get(url("certificate", enrolment_id=absent.pk))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(event=Event.CERTIFICATE_PRINTED).exists()


def test_a_course_that_does_not_expire_says_so(attended):
    enrolment, _absent = attended
    course = enrolment.session.course
    course.validity_months = 0
    course.save()
    text = pdf_text(pdf.certificate(enrolment))
    assert "Dit certificaat verloopt niet." in text
