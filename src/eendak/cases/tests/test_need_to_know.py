"""Inside the file: journal visibility, shielded addresses, and access ending with participation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eendak.cases import services
from eendak.cases.permissions import own_contributions, visible_journal
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed


@pytest.mark.django_db
def test_source_only_entries_are_hidden_from_other_participants(open_case, vt_actor, team_actor):
    services.add_journal_entry(vt_actor, open_case, kind="note",
                               text="Politie-informatie, alleen voor Veilig Thuis.",
                               visibility="source")
    services.add_journal_entry(vt_actor, open_case, kind="contact", text="Gesprek met moeder.")
    seen_by_team = set(visible_journal(team_actor.user, open_case).values_list("text",
                                                                                    flat=True))
    assert "Gesprek met moeder." in seen_by_team
    assert "Politie-informatie, alleen voor Veilig Thuis." not in seen_by_team
    entry = open_case.journal.get(text="Gesprek met moeder.")
    assert entry.source_organisation == vt_actor.organisation
    assert entry.legal_basis == "statutory_task"


@pytest.mark.django_db
def test_what_an_organisation_wrote_stays_visible_after_its_part_ends(open_case, vt_actor,
                                                                     team_actor):
    services.add_journal_entry(team_actor, open_case, kind="conversation",
                               text="Huisbezoek door het lokale team.")
    participation = open_case.participations.get(organisation=team_actor.organisation)
    services.end_participation(vt_actor, participation, reason="Hulp afgerond.")
    assert not allowed(team_actor.user, "cases.view_case", open_case)
    assert own_contributions(team_actor.user).filter(
        text="Huisbezoek door het lokale team.").exists()


@pytest.mark.django_db
def test_shield_hides_an_address_from_one_participant(open_case, vt_actor, police):
    victim = open_case.household.members.first().person
    services.add_participant(vt_actor, open_case, police, task="Strafrechtelijk traject",
                             legal_basis="statutory_task")
    services.shield_person(vt_actor, open_case, person=victim, hidden_from=police,
                           reason="Slachtoffer verblijft in de opvang.")
    assert services.is_shielded(open_case, victim, police)
    assert not services.is_shielded(open_case, victim, vt_actor.organisation)


@pytest.mark.django_db
def test_documents_are_checked_by_content(open_case, vt_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake_pdf = SimpleUploadedFile("verslag.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(RuleViolation, match="Alleen PDF"):
        services.upload_document(vt_actor, open_case, fake_pdf, description="Verslag")
    real_pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                                  "application/pdf")
    document = services.upload_document(vt_actor, open_case, real_pdf, description="Verslag")
    assert document.content_type == "application/pdf"
    assert not document.file.name.endswith("verslag.pdf")  # stored under a random name
    assert allowed(vt_actor.user, "cases.view_document", document)


@pytest.mark.django_db
def test_responsible_organisation_cannot_just_leave(open_case, vt_actor):
    participation = open_case.participations.get(organisation=vt_actor.organisation)
    with pytest.raises(RuleViolation, match="overdracht"):
        services.end_participation(vt_actor, participation, reason="Klaar")
