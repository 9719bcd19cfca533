"""Need to know on the case screens: an organisation outside the file gets 404 on every case URL and
changes nothing; a former participant loses the file but keeps what it wrote; a shielded address
never reaches the organisation it is shielded from; source-only entries stay with their source."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases import urls as case_urls
from eendak.cases.models import Handover, JournalEntry, Participation
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .views_helpers import case_url, step, text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def every_case_url(case, document) -> list[str]:
    """Every URL of the case screens that names this case (its page, journal, document, PDFs and
    every step), built from the URL patterns so a new one is covered the day it is added."""
    urls = []
    for pattern in case_urls.urlpatterns:
        names = set(pattern.pattern.regex.groupindex)
        if "pk" not in names:
            continue
        kwargs = {"pk": case.pk}
        if "document_id" in names:
            kwargs["document_id"] = document.pk
        urls.append(reverse(f"cases:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.fixture
def document(open_case, vt_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.upload_document(vt_actor, open_case, SimpleUploadedFile(
        "verslag.pdf", PDF, "application/pdf"), description="Verslag huisbezoek")


@pytest.mark.django_db
def test_an_organisation_outside_the_file_gets_404_on_every_case_url(open_case, document,
                                                                     goirle_actor, login_as):
    goirle = login_as(goirle_actor.membership)
    urls = every_case_url(open_case, document)
    assert len(urls) > 20  # page, journal, document, two PDFs and every step
    counts = (JournalEntry.objects.count(), Handover.objects.count(),
              Participation.objects.count())
    for url in urls:
        for method in ("get", "post"):
            response = getattr(goirle, method)(url, {"target": "1", "overdracht-to_organisation":
                                                     str(goirle_actor.organisation.pk)})
            assert response.status_code == 404, f"{method.upper()} {url}"
            assert "Verslag" not in response.content.decode()
    assert (JournalEntry.objects.count(), Handover.objects.count(),
            Participation.objects.count()) == counts
    refused = AccessLogEntry.objects.filter(user=goirle_actor.user, outcome=Outcome.NOT_FOUND)
    assert refused.count() == 2 * len(urls)


@pytest.mark.django_db
def test_a_former_participant_loses_the_file_but_keeps_what_it_wrote(open_case, vt_actor,
                                                                     team_actor, login_as,
                                                                     settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.add_journal_entry(team_actor, open_case, kind="conversation",
                               text="Huisbezoek: moeder wil hulp bij de opvoeding.")
    ours = services.upload_document(team_actor, open_case, SimpleUploadedFile(
        "verslag-team.pdf", PDF, "application/pdf"), description="Verslag van het team")
    services.add_journal_entry(vt_actor, open_case, kind="note", text="Notitie van Veilig Thuis.")
    team = login_as(team_actor.membership)
    assert team.get(case_url(open_case)).status_code == 200

    services.end_participation(vt_actor, open_case.participations.get(
        organisation=team_actor.organisation), reason="Hulp afgerond.")

    assert team.get(case_url(open_case)).status_code == 404
    page = team.get(reverse("cases:contributions"))
    assert page.status_code == 200
    text = text_of(page)
    assert "Huisbezoek: moeder wil hulp bij de opvoeding." in text
    assert "Verslag van het team" in text and "(geen deelname meer)" in text
    assert "Notitie van Veilig Thuis." not in text
    assert f'href="{case_url(open_case)}"' not in page.content.decode()  # no dead link to the file
    # Its own document stays readable; the rest of the file does not.
    download = team.get(case_url(open_case, "document", document_id=ours.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_a_shielded_address_is_not_in_the_page_of_the_organisation_it_is_shielded_from(
        open_case, vt_actor, police, login_as):
    victim = open_case.household.members.get(role="parent").person
    services.add_participant(vt_actor, open_case, police, task="Strafrechtelijk traject",
                             legal_basis="statutory_task")
    vt_client = login_as(vt_actor.membership)
    page = text_of(step(vt_client, open_case, "shield", {
        "person": victim.pk, "hidden_from": police.pk,
        "reason": "Moeder verblijft in de opvang."}))
    assert "Adres en contactgegevens zijn afgeschermd." in page
    assert victim.street in page and f"afgeschermd voor {police.name}" in page

    officer = login_as(f.membership(Role.PARTNER_LIAISON, police))
    response = officer.get(case_url(open_case))
    html = response.content.decode()
    assert response.status_code == 200
    assert victim.full_name in html  # the person is part of the file ...
    for detail in (victim.street, victim.postcode, victim.address):
        assert detail not in html  # ... but not where she is
    assert "Afgeschermd voor uw organisatie" in html
    # No link to the person page either, which would show the address.
    assert reverse("persons:person_detail", args=[victim.pk]) not in html
    others = [m.person for m in open_case.household.members.exclude(person=victim)]
    assert all(other.street in html for other in others)


@pytest.mark.django_db
def test_source_only_entries_are_only_on_the_page_of_their_source(open_case, vt_actor,
                                                                   team_actor, login_as):
    vt_client = login_as(vt_actor.membership)
    step(vt_client, open_case, "journal", {"kind": "note", "visibility": "source",
                                           "text": "Politie-informatie, alleen voor Veilig Thuis."})
    step(vt_client, open_case, "journal", {"kind": "contact", "visibility": "all",
                                           "text": "Telefonisch contact met moeder."})
    own = text_of(vt_client.get(case_url(open_case)))
    assert "Politie-informatie, alleen voor Veilig Thuis." in own
    assert "Alleen de eigen organisatie" in own and "Wettelijke taak" in own
    team_page = text_of(login_as(team_actor.membership).get(case_url(open_case)))
    assert "Telefonisch contact met moeder." in team_page
    assert "Politie-informatie" not in team_page


@pytest.mark.django_db
def test_forms_are_only_offered_to_who_may_use_them(open_case, vt_actor, team_actor, login_as):
    vt_page = login_as(vt_actor.membership).get(case_url(open_case)).content.decode()
    team_page = login_as(team_actor.membership).get(case_url(open_case)).content.decode()
    for url_name in ("conditions", "handover_offer", "close"):
        action = reverse(f"cases:step_{url_name}", args=[open_case.pk])
        assert f'action="{action}"' in vt_page
        assert f'action="{action}"' not in team_page  # VT only / the responsible organisation only
    journal = reverse("cases:step_journal", args=[open_case.pk])
    assert f'action="{journal}"' in vt_page and f'action="{journal}"' in team_page
    safety_house = Organisation.objects.get(type="safety_house")
    assert safety_house.name in vt_page  # a possible receiver of oversight
