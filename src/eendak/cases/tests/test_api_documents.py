"""Documents: uploaded as multipart, checked by content and size, stored under a random name outside
the web root, and served only through the access check — as an attachment, every download logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.audit.models import AccessLogEntry
from eendak.cases import services, uploads
from eendak.cases.models import Document, JournalEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    API,
    PDF,
    assert_problem,
    body,
    case_url,
    downloaded,
    invalid_names,
    pdf,
    use_tmp_media,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(open_case, vt, tilburg_team, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return f.membership(Role.VT_MONITOR, vt), f.membership(Role.CASE_COORDINATOR, tilburg_team)


def files_in(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def test_upload_then_download_as_an_attachment(login_as, open_case, people, tmp_path):
    _vt, team = people
    client = login_as(team)

    response = client.post(case_url(open_case, "documents/"),
                           {"file": pdf("Verslag huisbezoek.pdf"), "description": "Verslag"})

    assert response.status_code == 201, response.content
    document = body(response)
    assert (document["name"], document["contentType"], document["size"]) == (
        "Verslag huisbezoek.pdf", "application/pdf", len(PDF))
    assert document["sourceOrganisation"]["id"] == team.organisation_id
    [stored] = files_in(tmp_path)
    assert "Verslag" not in stored.name  # stored under a random name
    [entry] = body(client.get(case_url(open_case, "journal/")))["results"]
    assert (entry["kind"], entry["text"], entry["document"]["id"]) == ("document", "Verslag",
                                                                       document["id"])

    download = client.get(document["downloadUrl"])

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Verslag huisbezoek.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    logged = AccessLogEntry.objects.filter(event="case.document_read").latest("id")
    assert (logged.object_type, logged.object_id) == ("cases.document", str(document["id"]))
    assert set(logged.subjects.values_list("person_id", flat=True)) == set(
        open_case.household.members.values_list("person_id", flat=True))


def test_download_whatever_the_client_accepts(login_as, open_case, people):
    vt, _team = people
    document = services.upload_document(actor_for(vt), open_case, pdf(), description="Verslag")

    response = login_as(vt).get(f"{API}/documents/{document.pk}/download/",
                                HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert downloaded(response) == PDF


@pytest.mark.parametrize(("name", "content"), [
    ("verslag.pdf", b"MZ\x90\x00 dit is een programma"),
    ("foto.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
    ("leeg.pdf", b""),
])
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_stored(login_as, open_case, people,
                                                                       tmp_path, name, content):
    response = login_as(people[1]).post(case_url(open_case, "documents/"),
                                        {"file": SimpleUploadedFile(name, content)})

    assert_problem(response, 400)
    assert invalid_names(response) == {"file"}
    assert not Document.objects.exists() and not JournalEntry.objects.exists()
    assert files_in(tmp_path) == []


def test_a_file_over_the_limit_is_refused(login_as, open_case, people, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", len(PDF) - 1)

    response = login_as(people[1]).post(case_url(open_case, "documents/"), {"file": pdf()})

    assert "10 MB" in assert_problem(response, 400)["invalidParams"][0]["reason"]
    assert not Document.objects.exists()


def test_json_instead_of_a_file_is_415(login_as, open_case, people):
    response = login_as(people[1]).post(case_url(open_case, "documents/"), {"file": "x"},
                                        content_type="application/json")

    assert_problem(response, 415)
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.event, entry.outcome, entry.detail) == ("case.change_refused", "failed",
                                                          "documents: nonFieldErrors")


def test_a_document_for_the_source_only_is_404_for_other_participants(login_as, open_case, people):
    vt, team = people
    document = services.upload_document(actor_for(vt), open_case, pdf("politie.pdf"),
                                        description="Politie-informatie", visibility="source")
    url = f"{API}/documents/{document.pk}/download/"

    assert_problem(login_as(team).get(url), 404)
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.event, entry.outcome, entry.username) == ("case.document_read", "not_found",
                                                            team.user.username)
    own = login_as(vt).get(url)
    assert own.status_code == 200 and downloaded(own) == PDF


def test_a_former_participant_still_downloads_what_it_uploaded(login_as, open_case, people):
    vt, team = people
    own = services.upload_document(actor_for(team), open_case, pdf("eigen.pdf"), description="Eigen")
    other = services.upload_document(actor_for(vt), open_case, pdf("vt.pdf"), description="VT")
    services.end_participation(actor_for(vt), open_case.participations.get(
        organisation=team.organisation), reason="Hulp afgerond.")
    client = login_as(team)

    response = client.get(f"{API}/documents/{own.pk}/download/")
    assert response.status_code == 200 and downloaded(response) == PDF
    assert_problem(client.get(f"{API}/documents/{other.pk}/download/"), 404)
