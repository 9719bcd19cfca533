"""The minutes of one household on a case conference's agenda, on paper.

Built from ``queries.ItemFile``, the same read model as the item's page and its API, with the case
file's PDF machinery (``cases.pdf``): WeasyPrint, no base URL, every URL fetch refused, the print
stylesheet handed over as a string — a PDF never depends on (or leaks to) the network.
"""

from django.http import HttpResponse
from django.utils import timezone

from eendak.cases import pdf as case_pdf

from . import events, queries
from .models import MeasureCategory

TEMPLATE = "conferences/pdf/minutes.html"


def context_of(file) -> dict:
    return {
        "file": file, "item": file.item, "conference": file.conference, "referral": file.referral,
        "case": file.referral.case,
        "justice": [m for m in file.measures if m.category == MeasureCategory.JUSTICE],
        "care": [m for m in file.measures if m.category == MeasureCategory.CARE],
        "printed_at": timezone.localtime(),
    }


def document(file):
    """The laid-out minutes (tests read the boxes); ``minutes`` writes the bytes."""
    return case_pdf.document(TEMPLATE, context_of(file))


def minutes(file) -> bytes:
    return case_pdf.render_pdf(TEMPLATE, context_of(file))


def minutes_response(actor, item) -> HttpResponse:
    """The minutes as the screen and the API hand them out: printed from the item's read model,
    logged as an export naming the persons discussed, never cached."""
    file = queries.ItemFile.load(item)
    content = minutes(file)
    events.read(actor, events.Event.MINUTES_PRINTED, item, persons=file.persons,
                detail=file.conference.reference)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="verslag-{file.conference.reference}-'
                                       f'{file.referral.case.reference}.pdf"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
