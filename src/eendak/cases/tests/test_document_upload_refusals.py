"""Uploads are what they claim, said on the page and in the API (issue 13, part 8): a zip bomb named
.docx, a zip that is no Word document, a PDF/HTML polyglot and a 1,000-character file name are refused
with the same Dutch sentence — in the form (what was typed kept) and as problem+json."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.cases.models import Document
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import PDF, assert_problem, case_url, use_tmp_media
from .document_files import DOCX, POLYGLOT, minimal_docx, office_zip, zip_bomb
from .views_helpers import step, step_url, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(open_case, tilburg_team, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return f.membership(Role.CASE_COORDINATOR, tilburg_team)


CASES = [
    ("verslag.docx", zip_bomb, "Dit bestand is uitgepakt te groot (meer dan 100 MB)."),
    ("verslag.docx", lambda: office_zip({"a.txt": "x"}),
     "Dit bestand is geen geldig Word-document (docx)."),
    ("verslag.pdf", lambda: POLYGLOT,
     "Dit bestand bevat webpagina-code (HTML of script) en wordt niet aanvaard."),
    ("v" * 996 + ".pdf", lambda: PDF, "De bestandsnaam is te lang (hoogstens 200 tekens)."),
]


@pytest.mark.parametrize(("name", "build", "message"), CASES)
def test_the_page_says_why_and_keeps_what_was_typed(login_as, open_case, team, name, build,
                                                     message):
    response = step(login_as(team), open_case, "document",
                    {"description": "Verslag van het huisbezoek", "visibility": "all"},
                    files={"document-file": SimpleUploadedFile(name, build(), "application/pdf")})

    assert message in text_of(response)
    assert 'value="Verslag van het huisbezoek"' in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "build", "message"), CASES)
def test_the_api_answers_problem_json_in_dutch(login_as, open_case, team, name, build, message):
    response = login_as(team).post(case_url(open_case, "documents/"), {
        "file": SimpleUploadedFile(name, build(), "application/pdf"), "description": "Verslag"})

    problem = assert_problem(response, 400)
    assert message in str(problem), problem
    assert not Document.objects.exists()


def test_a_real_docx_is_accepted_by_the_api(login_as, open_case, team):
    response = login_as(team).post(case_url(open_case, "documents/"), {
        "file": SimpleUploadedFile("verslag.docx", minimal_docx(), DOCX)})

    assert response.status_code == 201, response.content
    assert Document.objects.get().content_type == DOCX


BOUNDARY = "eendak-grens"


def raw_multipart(file_field: str, filename: str, content: bytes, **fields) -> bytes:
    """A multipart body as any HTTP client may send it: the test client's own encoder cuts a file
    name to 255 characters, so a 1,000-character name has to be written by hand."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             .encode() for name, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; '
                 f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def test_a_1000_character_name_in_the_api_is_about_the_name(login_as, open_case, team):
    response = login_as(team).post(
        case_url(open_case, "documents/"), raw_multipart("file", "v" * 996 + ".pdf", PDF),
        content_type=f"multipart/form-data; boundary={BOUNDARY}")

    problem = assert_problem(response, 400)
    assert "De bestandsnaam is te lang (hoogstens 200 tekens)." in str(problem), problem
    assert "JSON" not in str(problem)
    assert not Document.objects.exists()


def test_a_long_name_on_the_page_is_about_the_name(login_as, open_case, team):
    response = login_as(team).post(
        step_url(open_case, "document"),
        raw_multipart("document-file", "v" * 396 + ".pdf", PDF,
                      **{"document-description": "Verslag van het huisbezoek",
                         "document-visibility": "all"}),
        content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert "De bestandsnaam is te lang (hoogstens 200 tekens)." in text_of(response)
    assert 'value="Verslag van het huisbezoek"' in response.content.decode()
    assert not Document.objects.exists()
