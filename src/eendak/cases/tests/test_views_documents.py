"""Documents: uploaded through the case page (checked by content), served only through
``cases.view_document`` as an attachment with nosniff, and every download logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases.models import Document
from eendak.testing import factories as f

from .views_helpers import case_url, step, text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, case, name, content, **fields):
    data = {"description": "", "visibility": "all", **fields}
    return step(client, case, "document", data,
                files={"document-file": SimpleUploadedFile(name, content, "application/pdf")})


@pytest.mark.django_db
def test_upload_through_the_page_and_download_as_an_attachment(open_case, vt_actor, team_actor,
                                                               login_as):
    vt_client = login_as(vt_actor.membership)
    page = text_of(upload(vt_client, open_case, "verslag huisbezoek.pdf", PDF,
                          description="Verslag van het huisbezoek"))
    assert "Het document is toegevoegd." in page
    assert "verslag huisbezoek.pdf" in page and "Verslag van het huisbezoek" in page
    document = Document.objects.get()

    team = login_as(team_actor.membership)
    response = team.get(case_url(open_case, "document", document_id=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "verslag huisbezoek.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AccessLogEntry.objects.filter(event="case.document_read").get()
    assert entry.user == team_actor.user and entry.outcome == Outcome.SUCCESS
    assert entry.person_ids == sorted(open_case.household.members.values_list("person_id",
                                                                              flat=True))


@pytest.mark.django_db
def test_a_file_that_is_not_what_it_says_is_refused_and_the_description_kept(open_case, vt_actor,
                                                                              login_as):
    response = upload(login_as(vt_actor.membership), open_case, "verslag.pdf",
                      b"MZ\x90\x00 dit is geen pdf", description="Verslag politie")
    html = response.content.decode()
    assert "Alleen PDF, Word (docx), JPEG en PNG kunnen worden toegevoegd." in html
    assert 'value="Verslag politie"' in html
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_document_is_404_without_the_permission(open_case, vt_actor, team_actor, goirle_actor,
                                                  login_as):
    shared = services.upload_document(vt_actor, open_case, SimpleUploadedFile(
        "gedeeld.pdf", PDF, "application/pdf"), description="Voor iedereen")
    own = services.upload_document(vt_actor, open_case, SimpleUploadedFile(
        "politie.pdf", PDF, "application/pdf"), description="Alleen VT", visibility="source")
    team = login_as(team_actor.membership)
    assert team.get(case_url(open_case, "document", document_id=shared.pk)).status_code == 200
    # Source-only: not for the local team, and not in its list either.
    assert team.get(case_url(open_case, "document", document_id=own.pk)).status_code == 404
    assert "politie.pdf" not in text_of(team.get(case_url(open_case)))
    # Outside the file: 404 for every document.
    goirle = login_as(goirle_actor.membership)
    assert goirle.get(case_url(open_case, "document", document_id=shared.pk)).status_code == 404
    # A document asked for under another case's number is not found either.
    other = f.case_for(f.HouseholdFactory(), vt_actor.organisation)
    vt_client = login_as(vt_actor.membership)
    assert vt_client.get(case_url(other, "document", document_id=shared.pk)).status_code == 404
    assert vt_client.post(case_url(open_case, "document", document_id=shared.pk)).status_code == 405
    refused = AccessLogEntry.objects.filter(event="case.document_read",
                                            outcome=Outcome.NOT_FOUND)
    assert refused.count() == 3
