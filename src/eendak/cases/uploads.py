"""What an uploaded document is, checked by its content: the one validator of case documents.

A file is accepted only as what it is *and* what it claims. Its type comes from its first bytes
(``filetype``), never from its name or the browser's word, and then:

- an office file (docx) is opened as the zip it must be, without extracting anything: the list of
  members is read, their number bounded, their declared unpacked size summed and capped (a 200 KB
  zip can hold 200 MB of zeros), ``[Content_Types].xml`` read (bounded) and required to declare the
  main part of the claimed format (``word/document.xml`` as a Word document's main part), which must
  be present;
- a PDF starts with ``%PDF-`` at byte 0;
- any file whose first kilobytes carry web-page code (``<html``, ``<script``, ``<!doctype``,
  ``<svg``, …) is refused, whatever it claims: a PDF/HTML polyglot would be a web page to a browser
  that sniffs;
- the file name fits what is kept of it (``Document.original_name``), and says so when it does not.

Each refusal is a ``RuleViolation`` on the field ``file`` with its own Dutch sentence; the case page
shows it at the field (what was typed kept), the API answers it as problem+json.
"""

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import filetype
from django.utils.translation import gettext as _

from eendak.core.exceptions import RuleViolation

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Document.original_name holds 200 characters; a longer name is refused, not cut.
MAX_NAME_LENGTH = 200
# What an office file may unpack to in total (declared sizes, read from the zip's directory).
MAX_OFFICE_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_OFFICE_MEMBERS = 1000
# [Content_Types].xml of a real document is a few kilobytes.
MAX_CONTENT_TYPES_BYTES = 256 * 1024
# How far into a file web-page code is looked for.
HEAD_BYTES = 8 * 1024
MARKUP = re.compile(rb"<\s*(html|script|!doctype|svg|iframe|body)\b", re.IGNORECASE)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"


@dataclass(frozen=True)
class OfficeFormat:
    extension: str
    content_type: str
    main_part: str
    main_part_type: str


OFFICE_FORMATS = {
    "docx": OfficeFormat(
        "docx", DOCX, "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
}

# Content type -> the extension the stored file gets.
ALLOWED_DOCUMENT_TYPES = {
    PDF: "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    DOCX: "docx",
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def _refuse(message: str):
    raise RuleViolation(message, field="file")


def name_too_long_message() -> str:
    return _("De bestandsnaam is te lang (hoogstens %(count)d tekens).") % {
        "count": MAX_NAME_LENGTH}


def check_document(uploaded_file) -> CheckedFile:
    """The type a case document is stored as, or a ``RuleViolation`` saying why not."""
    name = uploaded_file.name or ""
    if len(name) > MAX_NAME_LENGTH:
        _refuse(name_too_long_message())
    if uploaded_file.size > MAX_DOCUMENT_BYTES:
        _refuse(_("Het bestand is groter dan 10 MB."))
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    if MARKUP.search(head):
        _refuse(_("Dit bestand bevat webpagina-code (HTML of script) en wordt niet aanvaard."))
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime == ZIP or mime.startswith("application/vnd.openxmlformats-officedocument."):
        claimed = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        office = OFFICE_FORMATS.get(claimed) or next(
            (o for o in OFFICE_FORMATS.values() if o.content_type == mime), None)
        if office is None:
            _refuse(_not_allowed())
        _check_office(uploaded_file, office)
        mime = office.content_type
    elif mime == PDF and not head.startswith(b"%PDF-"):
        _refuse(_("Dit bestand is geen geldige PDF."))
    if mime not in ALLOWED_DOCUMENT_TYPES:
        _refuse(_not_allowed())
    return CheckedFile(mime, ALLOWED_DOCUMENT_TYPES[mime])


def _not_allowed() -> str:
    return _("Alleen PDF, Word (docx), JPEG en PNG kunnen worden toegevoegd.")


def _check_office(uploaded_file, office: OfficeFormat) -> None:
    """The zip is read through its directory only; one small member is read, bounded."""
    invalid = _("Dit bestand is geen geldig Word-document (docx).")
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_OFFICE_MEMBERS:
                _refuse(_("Dit bestand bevat te veel onderdelen (meer dan %(count)d).")
                        % {"count": MAX_OFFICE_MEMBERS})
            if sum(info.file_size for info in infos) > MAX_OFFICE_UNPACKED_BYTES:
                _refuse(_("Dit bestand is uitgepakt te groot (meer dan %(mb)d MB).")
                        % {"mb": MAX_OFFICE_UNPACKED_BYTES // (1024 * 1024)})
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or office.main_part not in names:
                _refuse(invalid)
            with archive.open("[Content_Types].xml") as member:
                content_types = member.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):
        # Broken, encrypted or unsupported compression: not a document Word wrote.
        _refuse(invalid)
    finally:
        uploaded_file.seek(0)
    if len(content_types) > MAX_CONTENT_TYPES_BYTES or not _declares_main_part(content_types,
                                                                               office):
        _refuse(invalid)


def _declares_main_part(content_types: bytes, office: OfficeFormat) -> bool:
    # No document type definitions: no entities to expand (an XML bomb stays a refusal).
    if b"<!DOCTYPE" in content_types.upper() or b"<!ENTITY" in content_types.upper():
        return False
    try:
        root = ElementTree.fromstring(content_types)  # noqa: S314 - no DTD, so no entities (above)
    except ElementTree.ParseError:
        return False
    part = "/" + office.main_part
    for element in root:
        if (element.tag.rsplit("}", 1)[-1] == "Override"
                and element.get("PartName", "").lower() == part.lower()):
            return element.get("ContentType", "") == office.main_part_type
    return False
