"""The plan on paper: for the family meeting, and a version written for a child.

HTML templates rendered by WeasyPrint into an A4 PDF. Nothing is fetched while rendering: there is
no base URL, every URL fetch is refused, and the stylesheet is read from our own static file and
handed over as a string, so a PDF never depends on (or leaks to) the network. Fonts are the
system's (fontconfig), not web fonts.
"""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "eendak/cases-print.css"


class NoFetching(URLFetcher):
    """Refuse every URL: a plan's PDF is made from the page's own data only."""

    def fetch(self, url, headers=None):
        raise ValueError(f"Eendak-PDF's halen niets op: {url[:60]}")


@cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    return Path(path).read_text(encoding="utf-8") if path else ""


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def document(template: str, context: dict):
    """The laid-out document (pages and boxes); ``write_pdf`` turns it into bytes. Tests can read
    the text of the boxes from it without a PDF text extractor."""
    fetcher = NoFetching()
    html = HTML(string=render_html(template, context), base_url=None, url_fetcher=fetcher)
    return html.render(stylesheets=[CSS(string=_stylesheet(), base_url=None, url_fetcher=fetcher)])


# Every PDF Eendak makes is a tagged PDF after PDF/UA-1: a structure tree (headings, paragraphs,
# tables) that a screen reader follows, the document's language (the template's <html lang>) and its
# title (<title>). A family member or professional who reads with assistive technology gets the
# plan, the minutes or the report as well as anyone.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict) -> bytes:
    return document(template, context).write_pdf(pdf_variant=PDF_VARIANT)
