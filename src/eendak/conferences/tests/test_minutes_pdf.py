"""The minutes of one household on a conference's agenda: an A4 PDF built from the same read model
as the item's page (``ItemFile``), read back with pypdf as a reader would; every print is an export in
the access log; only who may read the household may print it."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eendak.audit.models import AccessLogEntry, Action
from eendak.conferences import services
from eendak.conferences.events import Event
from eendak.conferences.models import MeasureKind
from eendak.conferences.workflow import Informed

from .conftest import actor_of
from .views_helpers import assert_refused, hold, on_agenda, text_of, url

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def discussed(team_case, team_member, ggz, ggz_contact, liaison):
    agenda = on_agenda(team_case, team_member, [ggz])
    member, police = actor_of(team_member), actor_of(liaison)
    services.contribute(actor_of(ggz_contact), agenda.item, text="Vader was in behandeling.",
                        legal_basis="consent", conference_only=True)
    services.contribute(police, agenda.item, text="Twee meldingen deze maand.",
                        legal_basis="statutory_task")
    decision = services.record_decision(member, agenda.item, text="Contactverbod aanvragen.")
    services.agree_action(member, agenda.item, text="Contactverbod voorbereiden",
                          owner_organisation=liaison.organisation, owner=liaison.user,
                          due_on=timezone.localdate() + timedelta(days=7), decision=decision)
    services.record_informing(member, agenda.item, informed=Informed.UNSAFE,
                              reason="Lopend strafrechtelijk onderzoek.")
    services.record_measure(police, agenda.referral.case, kind=MeasureKind.HOUSE_BAN,
                            starts_on=timezone.localdate() - timedelta(days=2))
    return agenda


def test_the_minutes_hold_what_the_page_shows(discussed, team_member, ggz, liaison, login_as):
    client = login_as(team_member)
    response = client.get(url("minutes_pdf", item_id=discussed.item.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response)
    page = text_of(client.get(url("item_detail", item_id=discussed.item.pk)))
    for shown in ("Vader was in behandeling.", "Twee meldingen deze maand.",
                  "Contactverbod aanvragen.", "Contactverbod voorbereiden",
                  "Lopend strafrechtelijk onderzoek.", "Tijdelijk huisverbod",
                  discussed.referral.case.reference, ggz.name, liaison.organisation.name):
        assert shown in text, shown
        assert shown in page, shown
    assert "alleen voor het casusoverleg" in text
    assert "Toestemming" in text and "Wettelijke taak" in text
    assert "Verslag casusoverleg Veiligheidsteam" in text


def test_every_print_is_an_export_in_the_log(discussed, team_member, login_as):
    login_as(team_member).get(url("minutes_pdf", item_id=discussed.item.pk))
    entry = (AccessLogEntry.objects.filter(user_id=team_member.user_id,
                                           event=Event.MINUTES_PRINTED).get())
    assert entry.action == Action.EXPORT
    assert entry.person_ids and entry.detail == discussed.conference.reference


def test_a_consulting_partner_prints_until_the_conference_is_held(discussed, team_member,
                                                                  ggz_contact, login_as):
    client = login_as(ggz_contact)
    assert client.get(url("minutes_pdf", item_id=discussed.item.pk)).status_code == 200
    hold(discussed.conference, team_member)
    assert_refused(client.get(url("minutes_pdf", item_id=discussed.item.pk)), ggz_contact,
                   "conferences.print_minutes")
