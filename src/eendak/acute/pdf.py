"""The forensic report on paper: the presentation, the patient, the injury record (in words and on
the body map), the screening, the forensic doctor's findings and conclusion, the consent for each
photograph, and with whom the report was shared on which basis.

Built from ``queries.detail``, the same read model as the presentation's page and its API, with the
case file's PDF machinery (``cases.pdf``): WeasyPrint, no base URL, every URL fetch refused, the
print stylesheet handed over as a string — a PDF never depends on (or leaks to) the network. The
screen and the API hand it out through one function, ``forensic_report_response``.
"""

from django.http import HttpResponse
from django.utils import timezone

from eendak.cases import pdf as case_pdf
from eendak.core.permissions import require

from . import events, queries

TEMPLATE = "acute/pdf/forensic_report.html"


def context_of(detail, printed_by=None) -> dict:
    presentation = detail.presentation
    return {
        "detail": detail, "p": presentation, "patient": presentation.patient,
        "examination": detail.examination, "injuries": detail.injuries,
        "screening": detail.screenings[-1] if detail.screenings else None,
        "printed_at": timezone.localtime(), "printed_by": printed_by,
    }


def document(detail, printed_by=None):
    """The laid-out report (tests read the boxes); ``forensic_report`` writes the bytes."""
    return case_pdf.document(TEMPLATE, context_of(detail, printed_by))


def forensic_report(detail, printed_by=None) -> bytes:
    return case_pdf.render_pdf(TEMPLATE, context_of(detail, printed_by))


def forensic_report_response(actor, presentation, *, printed_by=None) -> HttpResponse:
    """The forensic report as the screen and the API hand it out: asked of
    ``acute.view_forensic_report``, printed from the presentation's read model, logged as an export
    naming the patient, never cached."""
    require(actor, "acute.view_forensic_report", presentation)
    if not getattr(presentation, "_prefetched_objects_cache", None):
        presentation = queries.presentation_for(presentation.pk)  # with what the report shows
    detail = queries.detail(actor, presentation)
    printed_by = printed_by or actor.user
    content = forensic_report(detail, printed_by)
    events.read(actor, events.Event.FORENSIC_REPORT_PRINTED, presentation,
                persons=[presentation.patient_id], detail=presentation.reference)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="forensisch-rapport-'
                                       f'{presentation.reference}.pdf"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
