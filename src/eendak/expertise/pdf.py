"""The certificate of an attended training, on paper.

With the case file's PDF machinery (``cases.pdf``): WeasyPrint, no base URL, every URL fetch
refused, the print stylesheet handed over as a string — a PDF never depends on (or leaks to) the
network. Printed for the participant (their own) or the Expertisecentrum's staff; every print is an
export in the access log (``Event.CERTIFICATE_PRINTED``), and never cached.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone

from eendak.cases import pdf as case_pdf
from eendak.core.workdays import add_months

from . import events
from .models import Competency, Enrolment
from .services import expertise_centre

TEMPLATE = "expertise/pdf/certificate.html"


def context_of(enrolment: Enrolment) -> dict:
    session = enrolment.session
    course = session.course
    done = timezone.localtime(session.ends_at).date()
    return {
        "enrolment": enrolment, "session": session, "course": course,
        "competencies": list(Competency.objects.filter(courses=course, is_active=True)
                             .select_related("standard").order_by("standard__order", "code")),
        "held_on": timezone.localtime(session.starts_at),
        "valid_until": add_months(done, course.validity_months) if course.validity_months else None,
        "centre": expertise_centre(),
        "printed_at": timezone.localtime(),
    }


def document(enrolment: Enrolment):
    """The laid-out certificate (tests read the boxes); ``certificate`` writes the bytes."""
    return case_pdf.document(TEMPLATE, context_of(enrolment))


def certificate(enrolment: Enrolment) -> bytes:
    return case_pdf.render_pdf(TEMPLATE, context_of(enrolment))


def certificate_response(actor, enrolment: Enrolment) -> HttpResponse:
    """The certificate as the screens hand it out: only of an attended training (there is none
    otherwise), logged as an export, not cached."""
    if not (enrolment.attended and enrolment.certificate_number):
        raise Http404("Geen certificaat: niet (als aanwezig) vastgelegd.")
    content = certificate(enrolment)
    events.read(actor, events.Event.CERTIFICATE_PRINTED, enrolment,
                detail=enrolment.certificate_number)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="certificaat-'
                                       f'{enrolment.certificate_number}.pdf"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
