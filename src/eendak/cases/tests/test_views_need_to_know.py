"""Need to know on the case screens: an organisation outside the file gets 404 on every case URL and
changes nothing; a former participant loses the file but keeps what it wrote; a shielded address
never reaches the organisation it is shielded from; source-only entries stay with their source."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases import urls as case_urls
from eendak.cases.models import Handover, JournalEntry, Participation
from eendak.cases.views import STEP_BY_KEY
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .views_helpers import assert_refused, case_url, step, step_url, text_of

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
    assert escape(victim.full_name) in html  # the person is part of the file ...
    for detail in (victim.street, victim.postcode, victim.address):
        assert escape(detail) not in html  # ... but not where she is
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


def offered(html: str) -> set[str]:
    """The steps the case page shows (folded: their forms are fetched when opened)."""
    return set(re.findall(r'<details class="cases-step"[^>]*\bdata-step="([^"]+)"', html))


def form_posting_to(html: str, url: str) -> bool:
    return f'action="{url}"' in html


# Steering the case: only the responsible organisation and Veilig Thuis.
STEERING = {"participant", "coordinator", "phase", "close"}
FOR_EVERY_PARTICIPANT = {"journal", "document", "end_participation", "shield", "action",
                         "child_voice"}
PLAN = {"plan_version", "goal", "plan_agreed"}
OFFERED = {
    # Veilig Thuis, responsible: steers, makes the plan, sets and monitors the conditions (and
    # measures the impact at T0, T12 and T18), hands over.
    "vt": FOR_EVERY_PARTICIPANT | STEERING | PLAN | {
        "conditions", "monitoring", "monitoring_decision", "impact", "handover_offer"},
    # The local team makes the plan, but does not steer.
    "team": FOR_EVERY_PARTICIPANT | PLAN,
    # The police contact: its own entries, documents, actions; ends only its own part.
    "police": FOR_EVERY_PARTICIPANT,
}


@pytest.mark.django_db
def test_forms_are_only_offered_to_who_may_use_them(open_case, vt_actor, team_actor, tilburg_team,
                                                    police, login_as):
    services.add_participant(vt_actor, open_case, police, task="Strafrechtelijk traject",
                             legal_basis="statutory_task")
    services.set_conditions(vt_actor, open_case, [("Geen geweld in huis.", "Ouders")])
    version = services.new_plan_version(team_actor, open_case)
    goal = services.add_goal(team_actor, version, part="safety", text="Iedereen is veilig.")
    today = timezone.localdate()
    action = services.add_action(team_actor, goal, text="Huisbezoek", owner_organisation=tilburg_team,
                                 owner=team_actor.user, start_on=today, due_on=today)
    members = {"vt": vt_actor.membership, "team": team_actor.membership,
               "police": f.membership(Role.PARTNER_LIAISON, police)}
    assert not STEERING & OFFERED["police"]  # no phase, coordinator, participant or close step
    assert not STEERING & OFFERED["team"]
    journal_entries = JournalEntry.objects.filter(case=open_case).count()

    for who, member in members.items():
        client = login_as(member)
        page = client.get(case_url(open_case)).content.decode()
        assert offered(page) == OFFERED[who], who
        # The page holds no step's form, only the link to it; the form comes when it is opened.
        assert 'name="fase-to_phase"' not in page and 'name="journaal-text"' not in page
        for key in STEP_BY_KEY:
            url = step_url(open_case, key)
            if STEP_BY_KEY[key].target is not None:
                continue  # on one item: below
            response = client.get(url, headers={"HX-Request": "true"})
            if key in OFFERED[who]:
                assert response.status_code == 200, (who, key)
                fragment = response.content.decode()
                assert form_posting_to(fragment, url) and "<html" not in fragment, (who, key)
                assert f'href="{url}"' in page  # the folded step links to its form
            else:
                assert_refused(response, member, STEP_BY_KEY[key].permission)
                assert f'href="{url}"' not in page

    # What the forms offer follows the same rules: the police contact ends only its own part.
    police_form = login_as(members["police"]).get(step_url(open_case, "end_participation"))
    own = open_case.participations.get(organisation=police)
    assert re.findall(r'<option value="(\d+)"', police_form.content.decode()) == [str(own.pk)]
    # Oversight can go to the Veiligheidsteam: Veilig Thuis's handover form offers it.
    handover_form = login_as(members["vt"]).get(step_url(open_case, "handover_offer"))
    assert Organisation.objects.get(type="safety_house").name in handover_form.content.decode()
    # The status of an action is set by the organisation that carries it out.
    status_url = step_url(open_case, "action_status")
    pages = {who: login_as(m).get(case_url(open_case)).content.decode() for who, m in members.items()}
    assert [who for who, page in pages.items() if form_posting_to(page, status_url)] == ["team"]
    assert_refused(step(login_as(members["vt"]), open_case, "action_status", {"status": "done"},
                        target=action, prefix=f"status-{action.pk}"),
                   members["vt"], "cases.set_action_status")

    # A handover offered to the local team: it accepts or declines, Veilig Thuis withdraws.
    services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    answers = {"handover_accept": "team", "handover_decline": "team", "handover_withdraw": "vt"}
    pages = {who: login_as(m).get(case_url(open_case)).content.decode() for who, m in members.items()}
    for key, who_may in answers.items():
        assert [who for who, page in pages.items()
                if form_posting_to(page, step_url(open_case, key))] == [who_may], key
    assert "handover_offer" not in offered(pages["vt"])  # one offer at a time
    assert JournalEntry.objects.filter(case=open_case).count() == journal_entries + 1  # the offer
