"""The minutes of one household on a case conference's agenda, on paper.

Built from ``queries.ItemFile``, the same read model as the item's page and its API, with the case
file's PDF machinery (``cases.pdf``): WeasyPrint, no base URL, every URL fetch refused, the print
stylesheet handed over as a string — a PDF never depends on (or leaks to) the network.
"""

from django.utils import timezone

from eendak.cases import pdf as case_pdf

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
