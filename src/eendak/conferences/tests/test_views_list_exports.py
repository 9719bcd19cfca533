"""The Veiligheidsteam's triage, conference list and a conference's agenda as CSV and Excel
(``core.exports``): the rows the page shows, nothing the organisation may not see, logged as an
export naming the households' persons."""


import pytest

from eendak.audit.models import AccessLogEntry, Action
from eendak.testing.exports import read_csv, read_xlsx

from .views_helpers import on_agenda, refer, url

pytestmark = pytest.mark.django_db


def household_persons(case) -> set[int]:
    return {m.person_id for m in case.household.members.all()}


def test_the_triage_exports_the_weeks_families(team_case, team_member, ggz, login_as):
    referral = refer(team_case, invited_partner_ids=[ggz.pk])
    client = login_as(team_member)
    week = {"week": f"{referral.triage_on:%Y-%m-%d}"}
    page = client.get(url("triage"), week).content.decode()
    assert referral.reference in page
    assert f"week={week['week']}&amp;formaat=csv" in page

    header, *rows = read_csv(client.get(url("triage"), {**week, "formaat": "csv"}))
    assert header[:2] == ["Aanmelding", "Casus"]
    assert [row[0] for row in rows] == [referral.reference] and rows[0][-1] == ggz.name
    _header, *cells = read_xlsx(client.get(url("triage"), {**week, "formaat": "xlsx"}))
    assert [row[0] for row in cells] == [referral.reference]
    entries = AccessLogEntry.objects.filter(event="conferences.triage_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert set(entries[0].person_ids) == household_persons(team_case[0])
    assert client.get(url("triage"), {"formaat": "pdf"}).status_code == 400


def test_the_triage_export_needs_the_triage_permission(team_case, ggz_contact, login_as):
    refer(team_case)
    response = login_as(ggz_contact).get(url("triage"), {"formaat": "csv"})
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(event="conferences.triage_exported").exists()


def test_conferences_and_an_agenda_export_what_the_invitee_may_see(team_case, team_member, ggz,
                                                                   ggz_contact, login_as):
    planned = on_agenda(team_case, team_member, consulting=[ggz])
    team = login_as(team_member)
    header, *rows = read_csv(team.get(url("conference_list"), {"formaat": "csv"}))
    assert header[0] == "Kenmerk" and [row[0] for row in rows] == [planned.conference.reference]
    entry = AccessLogEntry.objects.get(event="conferences.conferences_exported")
    assert entry.action == Action.EXPORT and not entry.person_ids

    agenda_url = url("conference_detail", conference_id=planned.conference.pk)
    assert "formaat=xlsx" in team.get(agenda_url).content.decode()
    header, *rows = read_xlsx(team.get(agenda_url, {"formaat": "xlsx"}))
    assert header[0] == "Casus" and [row[0] for row in rows] == [team_case[0].reference]
    assert ggz.name in rows[0][3]
    entry = AccessLogEntry.objects.get(event="conferences.agenda_exported")
    assert entry.action == Action.EXPORT
    assert set(entry.person_ids) == household_persons(team_case[0])

    # The consulting partner sees its own item (it is invited for it) and exports that.
    header, *rows = read_csv(login_as(ggz_contact).get(agenda_url, {"formaat": "csv"}))
    assert [row[0] for row in rows] == [team_case[0].reference]


def test_an_agenda_the_organisation_may_not_see_is_the_logged_404(team_case, team_member,
                                                                  ggz_contact, login_as):
    planned = on_agenda(team_case, team_member)  # GGz not invited
    response = login_as(ggz_contact).get(
        url("conference_detail", conference_id=planned.conference.pk), {"formaat": "csv"})
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(event="conferences.agenda_exported").exists()
    rows = read_csv(login_as(ggz_contact).get(url("conference_list"), {"formaat": "csv"}))[1:]
    assert planned.conference.reference not in {row[0] for row in rows}


def test_our_contributions_export_the_organisations_own_only(team_case, team_member, ggz,
                                                             ggz_contact, liaison, login_as):
    """"Onze inbreng": the organisation's own contributions (also after the household is no
    longer readable), never another organisation's; logged naming the household's persons."""
    from eendak.conferences import services

    from .conftest import actor_of
    from .views_helpers import hold

    agenda = on_agenda(team_case, team_member, [ggz])
    services.contribute(actor_of(ggz_contact), agenda.item, text="Behandeling gestopt.",
                        legal_basis="consent", conference_only=True)
    services.contribute(actor_of(liaison), agenda.item, text="Twee meldingen deze maand.",
                        legal_basis="statutory_task")
    hold(agenda.conference, team_member)
    client = login_as(ggz_contact)
    assert "formaat=csv" in client.get(url("own_contributions")).content.decode()

    header, *rows = read_csv(client.get(url("own_contributions"), {"formaat": "csv"}))
    assert header[:2] == ["Datum", "Auteur"] and header[-1] == "Alleen voor het casusoverleg"
    assert [row[5] for row in rows] == ["Behandeling gestopt."]
    assert rows[0][3] == agenda.conference.reference and rows[0][4] == team_case[0].reference
    assert rows[0][-1] == "ja"
    _header, *cells = read_xlsx(client.get(url("own_contributions"), {"formaat": "xlsx"}))
    assert [row[5] for row in cells] == ["Behandeling gestopt."]
    entries = AccessLogEntry.objects.filter(event="conferences.own_contributions_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert set(entries[0].person_ids) == household_persons(team_case[0])
    response = client.get(url("own_contributions"), {"formaat": "pdf"})
    assert response.status_code == 400 and "Onbekend formaat" in response.content.decode()

    # The police's own list holds its own contribution only.
    header, *rows = read_csv(login_as(liaison).get(url("own_contributions"), {"formaat": "csv"}))
    assert [row[5] for row in rows] == ["Twee meldingen deze maand."]
