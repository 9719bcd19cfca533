"""Uploads are what they claim (issue 13, part 8): an office file is checked as the format it claims,
never extracted; a PDF starts with ``%PDF-`` and carries no HTML; a file that opens like HTML or SVG
is refused whatever it claims; an overlong file name gets a message about the name. The page and the
API say the same Dutch sentence. Every test file is built here, in memory: no binary fixtures."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.core.exceptions import RuleViolation

from .api_support import PDF
from .document_files import (
    DOCX,
    DOCX_MAIN,
    HTML_AS_PNG,
    POLYGLOT,
    SVG,
    XLSX_MAIN,
    content_types,
    docx_bomb,
    minimal_docx,
    office_zip,
    zip_bomb,
)

MAX_MEMBERS = 1000

# --- The check itself ------------------------------------------------------------------------------


def check(name: str, content: bytes):
    from eendak.cases import uploads

    return uploads.check_document(SimpleUploadedFile(name, content, "application/octet-stream"))


def test_a_real_docx_is_a_word_document():
    assert check("verslag.docx", minimal_docx()).content_type == DOCX


def test_a_pdf_is_a_pdf():
    checked = check("verslag.pdf", PDF)
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("verslag.docx", office_zip({"readme.txt": "geen Word"}),
     "Dit bestand is geen geldig Word-document (docx)."),
    ("verslag.docx", office_zip({"[Content_Types].xml": content_types("xl/workbook.xml", XLSX_MAIN),
                                 "xl/workbook.xml": "<workbook/>"}),
     "Dit bestand is geen geldig Word-document (docx)."),
    ("verslag.docx", office_zip({"[Content_Types].xml": content_types("word/document.xml",
                                                                       DOCX_MAIN)}),
     "Dit bestand is geen geldig Word-document (docx)."),
    ("verslag.docx", zip_bomb(), "Dit bestand is uitgepakt te groot (meer dan 100 MB)."),
    ("verslag.docx", b"PK\x03\x04 kapot", "Dit bestand is geen geldig Word-document (docx)."),
    ("verslag.pdf", POLYGLOT, "Dit bestand bevat webpagina-code (HTML of script) en wordt niet "
                              "aanvaard."),
    ("verslag.png", HTML_AS_PNG, "Dit bestand bevat webpagina-code (HTML of script) en wordt niet "
                                 "aanvaard."),
    ("plaatje.svg", SVG, "Dit bestand bevat webpagina-code (HTML of script) en wordt niet "
                         "aanvaard."),
])
def test_a_file_that_is_not_what_it_claims_is_refused(name, content, message):
    with pytest.raises(RuleViolation) as refused:
        check(name, content)
    assert refused.value.message == message
    assert refused.value.field == "file"


def test_the_zip_bomb_is_small_and_refused_without_unpacking():
    bomb = docx_bomb()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(RuleViolation) as refused:
        check("verslag.docx", bomb)
    assert refused.value.message == "Dit bestand is uitgepakt te groot (meer dan 100 MB)."


def test_too_many_members_are_refused():
    members = {"[Content_Types].xml": content_types("word/document.xml", DOCX_MAIN),
               "word/document.xml": "<w:document/>"}
    members.update({f"word/media/{n}.xml": "" for n in range(MAX_MEMBERS)})
    with pytest.raises(RuleViolation) as refused:
        check("verslag.docx", office_zip(members))
    assert refused.value.message == (
        f"Dit bestand bevat te veel onderdelen (meer dan {MAX_MEMBERS}).")


def test_a_pdf_must_start_with_its_signature():
    with pytest.raises(RuleViolation):
        check("verslag.pdf", b"   " + PDF)


def test_an_overlong_name_is_about_the_name():
    with pytest.raises(RuleViolation) as refused:
        check("v" * 996 + ".pdf", PDF)
    assert refused.value.message == "De bestandsnaam is te lang (hoogstens 200 tekens)."
