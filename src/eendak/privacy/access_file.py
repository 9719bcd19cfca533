"""The inzage file (AVG art. 15): one person's data as that person may see it, as a PDF.

What goes in:
- the person's own data (name, date of birth, address, BSN masked);
- each domain app's part (``persons.hooks.register_subject_file_part``: the reports they are named
  in, the case file of their household, …), each app answering only about this person;
- who looked at their data, oldest first, with organisation, role, what and whether by emergency
  access (with its reason) — the privacy officer's person access report (``queries``), the same
  rows as on the screen, without the names of individual employees.

What stays out — not hidden, absent: every other person. The household's other members and the
people the person is related to, the reporter, and the other persons in a report are collected as
terms (names, given names, a surname that is not the person's own, address, postcode, BSN, phone,
e-mail) and removed from every text that goes into the file, in one place (``Redactor``), before the
HTML is made; the reporter's own row is never offered by intake at all. The test reads the PDF's text
and asserts that no other person's name is in it.

Rendering as the case file's PDFs do (``cases.pdf``, which this layer may not import): WeasyPrint,
no base URL, every fetch refused, the stylesheet read from our own static file, tagged PDF/UA so a
screen reader can read it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from eendak.persons import bsn as bsn_module
from eendak.persons.hooks import SubjectFileItem, SubjectFilePart, subject_file_parts
from eendak.persons.models import HouseholdMember, Person, PersonBSN, Relationship

from . import queries

TEMPLATE = "privacy/access_file.html"
STYLESHEET = "eendak/cases-print.css"
REDACTED = "[weggelaten]"
# Shorter terms (a two-letter given name) would remove syllables of ordinary words.
MIN_TERM = 3


class Redactor:
    """Removes every term (another person's name, number, contact data) from a text, whole words
    only and ignoring case; the longest term first, so a full name goes before its parts. Terms that
    are the person's own name are never removed (a shared surname identifies nobody else)."""

    def __init__(self, terms, own: set[str] = frozenset()):
        own_folded = {word.casefold() for word in own}
        cleaned = {term.strip() for term in terms if term and len(term.strip()) >= MIN_TERM}
        cleaned = {term for term in cleaned if term.casefold() not in own_folded}
        self.terms = sorted(cleaned, key=len, reverse=True)
        self._pattern = (re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in self.terms),
                                    re.IGNORECASE) if self.terms else None)

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(REDACTED, text)


def _own_words(person: Person) -> set[str]:
    words = {person.full_name, person.surname, f"{person.surname_prefix} {person.surname}".strip(),
             person.birth_surname, person.city, person.street}
    words |= set(person.given_names.split())
    return {w for w in words if w}


def _terms_of(other: Person) -> set[str]:
    """Everything that names or reaches another person."""
    terms = {other.full_name, other.given_names, other.surname,
             f"{other.surname_prefix} {other.surname}".strip(), other.birth_surname,
             f"{other.street} {other.house_number}".strip() if other.street else "",
             other.postcode, other.postcode.replace(" ", "")}
    terms |= set(other.given_names.split())
    try:
        record = other.bsn
    except PersonBSN.DoesNotExist:
        record = None
    if record is not None and record.status == "known":
        digits = bsn_module.decrypt(record.encrypted_value)
        terms |= {digits, f"{digits[:4]}.{digits[4:6]}.{digits[6:]}",
                  f"{digits[:3]} {digits[3:6]} {digits[6:]}"}
    return {t for t in terms if t}


def others_of(person: Person) -> list[Person]:
    """The people the file must not show: the other members of the person's households and the
    people they are related to (in both directions)."""
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    ids = set(HouseholdMember.objects.filter(household_id__in=household_ids)
              .exclude(person=person).values_list("person_id", flat=True))
    ids |= set(Relationship.objects.filter(person=person).values_list("other_id", flat=True))
    ids |= set(Relationship.objects.filter(other=person).values_list("person_id", flat=True))
    ids.discard(person.pk)
    return list(Person.objects.filter(pk__in=ids).select_related("bsn"))


@dataclass
class AccessFileContent:
    """What the PDF shows, already redacted: the template only lays it out."""

    person: Person
    request: object
    masked_bsn: str
    parts: list[SubjectFilePart] = field(default_factory=list)
    history: list = field(default_factory=list)
    made_at: datetime = field(default_factory=timezone.now)


def _when(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return ""


def build_content(request, *, masked_bsn: str) -> AccessFileContent:
    person = (Person.objects.select_related("municipality").get(pk=request.person_id))
    raw_parts = subject_file_parts(person)
    terms: set[str] = set()
    for other in others_of(person):
        terms |= _terms_of(other)
    for part in raw_parts:
        terms |= part.redact
    redact = Redactor(terms, own=_own_words(person))
    parts = []
    for part in raw_parts:
        items = [SubjectFileItem(redact(item.heading), redact(item.text), item.when,
                                 redact(item.source)) for item in part.items]
        parts.append(SubjectFilePart(part.key, part.title, items, order=part.order))
    history = []
    for entry in queries.access_history_rows(request.person_id):
        history.append({
            "when": _when(entry.occurred_at), "organisation": redact(entry.organisation_name) or "—",
            "role": entry.role_label or "—", "what": entry.event_label,
            "emergency": entry.emergency, "reason": redact(entry.reason),
        })
    return AccessFileContent(person=person, request=request, masked_bsn=masked_bsn, parts=parts,
                             history=history)


@cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    return Path(path).read_text(encoding="utf-8") if path else ""


def render_html(content: AccessFileContent) -> str:
    return render_to_string(TEMPLATE, {
        "content": content, "person": content.person, "request": content.request,
        "parts": [(part, [(_when(item.when), item) for item in part.items])
                  for part in content.parts],
        "made_at": _when(content.made_at), "title": _("Inzage in uw gegevens"),
    })


class NoFetching(URLFetcher):
    """Refuse every URL: the file is made from the data only."""

    def fetch(self, url, headers=None):
        raise ValueError(f"Eendak-PDF's halen niets op: {url[:60]}")


def render_pdf(content: AccessFileContent) -> bytes:
    fetcher = NoFetching()
    html = HTML(string=render_html(content), base_url=None, url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[CSS(string=_stylesheet(), base_url=None, url_fetcher=fetcher)],
                          pdf_variant="pdf/ua-1")
