"""Measures of criminal justice and care on screen, and the Veiligheidsteam's panel on the case page:
recorded by a participating organisation as their source, extended or ended only by it, justice and
care apart, a house ban's end signalled; a house ban of 40 days is refused at its field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services as cases
from eendak.conferences import services
from eendak.conferences.events import Event
from eendak.conferences.models import Measure, MeasureKind
from eendak.conferences.workflow import MeasureStatus
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of
from .views_helpers import assert_refused, d, field_error, last_read, refer, text_of, url

pytestmark = pytest.mark.django_db


def record(client, case, data):
    return client.post(url("measures", case_id=case.pk),
                       {f"maatregel-{k}": v for k, v in data.items()})


def test_the_police_record_a_house_ban_whose_end_is_signalled(team_case, liaison, login_as):
    case, persons, _vt = team_case
    client = login_as(liaison)
    page = client.get(url("measures", case_id=case.pk))
    assert page.status_code == 200 and "Maatregel of zorgtraject vastleggen" in text_of(page)
    started = timezone.localdate() - timedelta(days=8)
    response = record(client, case, {"kind": MeasureKind.HOUSE_BAN, "person": persons[1].pk,
                                     "starts_on": d(started)})
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.source_organisation == liaison.organisation and measure.person == persons[1]
    assert measure.ends_on == started + timedelta(days=10)
    html = client.get(url("measures", case_id=case.pk)).content.decode()
    row = html.split(f'id="maatregel-{measure.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-signal="measure_ending"' in row and "loopt binnenkort af" in row
    entry = last_read(liaison, Event.MEASURES_READ)
    assert entry is not None and {p.pk for p in persons} <= set(entry.person_ids)
    # ... and on the start page of the organisations concerned.
    my_cases = text_of(client.get("/casussen/"))
    assert "Tijdelijk huisverbod loopt af" in my_cases


def test_a_house_ban_of_40_days_is_refused_at_the_field_and_nothing_changes(team_case, liaison,
                                                                           login_as):
    case, _persons, _vt = team_case
    today = timezone.localdate()
    response = record(login_as(liaison), case, {
        "kind": MeasureKind.HOUSE_BAN, "starts_on": d(today),
        "ends_on": d(today + timedelta(days=40)), "description": "Na mishandeling"})
    assert response.status_code == 200
    assert field_error(response, "maatregel-ends_on").startswith(
        "Een tijdelijk huisverbod geldt 10 dagen")
    html = response.content.decode()
    assert f'value="{d(today + timedelta(days=40))}"' in html
    assert "Na mishandeling</textarea>" in html
    assert not Measure.objects.exists()


def test_justice_and_care_are_shown_apart(team_case, liaison, tilburg_team, login_as):
    case, _persons, _vt = team_case
    police = actor_of(liaison)
    team = actor_of(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    today = timezone.localdate()
    services.record_measure(police, case, kind=MeasureKind.CONTACT_BAN, starts_on=today,
                            ends_on=today + timedelta(days=90))
    services.record_measure(team, case, kind=MeasureKind.PERPETRATOR_APPROACH, starts_on=today,
                            conditions="Groepstraining agressieregulatie")
    html = login_as(liaison).get(url("measures", case_id=case.pk)).content.decode()
    justice = html.split('id="strafrecht"', 1)[1].split("</section>", 1)[0]
    care = html.split('id="zorg"', 1)[1].split("</section>", 1)[0]
    assert "Contactverbod" in justice and "Plegeraanpak" not in justice
    assert "Plegeraanpak" in care and "Groepstraining agressieregulatie" in care
    assert tilburg_team.name in care


def test_the_source_extends_within_28_days_and_ends(team_case, liaison, login_as):
    case, _persons, _vt = team_case
    started = timezone.localdate() - timedelta(days=8)
    ban = services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=started)
    client = login_as(liaison)
    too_long = client.post(url("measure_extend", measure_id=ban.pk), {
        f"verlengen-{ban.pk}-until": d(started + timedelta(days=29)),
        f"verlengen-{ban.pk}-reason": "Dreiging houdt aan"})
    assert too_long.status_code == 200
    assert field_error(too_long, f"verlengen-{ban.pk}-until").startswith(
        "Een huisverbod kan worden verlengd tot 28 dagen")
    assert Measure.objects.get().ends_on == started + timedelta(days=10)
    response = client.post(url("measure_extend", measure_id=ban.pk), {
        f"verlengen-{ban.pk}-until": d(started + timedelta(days=28)),
        f"verlengen-{ban.pk}-reason": "Dreiging houdt aan"})
    assert response.status_code == 302
    assert Measure.objects.get().ends_on == started + timedelta(days=28)
    response = client.post(url("measure_end", measure_id=ban.pk),
                           {f"beeindigen-{ban.pk}-reason": "Rechter heft het verbod op."})
    assert response.status_code == 302
    assert Measure.objects.get().status == MeasureStatus.ENDED


def test_only_the_source_changes_a_measure(team_case, liaison, intake, login_as):
    case, _persons, _vt = team_case
    ban = services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=timezone.localdate())
    client = login_as(intake)
    page = client.get(url("measures", case_id=case.pk)).content.decode()
    assert f"verlengen-{ban.pk}-until" not in page  # Veilig Thuis sees it, may not change it
    response = client.post(url("measure_end", measure_id=ban.pk),
                           {f"beeindigen-{ban.pk}-reason": "Nee."})
    assert_refused(response, intake, "conferences.change_measure")
    assert Measure.objects.get().status == MeasureStatus.RUNNING


def test_an_organisation_outside_the_case_sees_no_measures(team_case, login_as, region):
    case, _persons, _vt = team_case
    goirle = f.membership(Role.LOCAL_TEAM_WORKER,
                          Organisation.objects.get(name="Lokaal team Goirle"))
    client = login_as(goirle)
    assert_refused(client.get(url("measures", case_id=case.pk)), goirle,
                   "conferences.view_measures")
    assert_refused(record(client, case, {"kind": MeasureKind.ARREST,
                                         "starts_on": d(timezone.localdate())}),
                   goirle, "conferences.view_measures")
    assert not Measure.objects.exists()


# --- The panel on the case page ---------------------------------------------------------------------


def test_the_case_page_shows_the_panel_with_a_way_to_refer(team_case, intake, liaison, login_as):
    case, _persons, _vt = team_case
    vt_page = login_as(intake).get(f"/casussen/{case.pk}/")
    html = vt_page.content.decode()
    assert 'id="veiligheidsteam"' in html
    assert "Dit gezin is niet aangemeld bij het Veiligheidsteam." in text_of(vt_page)
    assert url("refer", case_id=case.pk) in html and "Aanmelden bij het Veiligheidsteam" in html
    police_page = text_of(login_as(liaison).get(f"/casussen/{case.pk}/"))
    assert "Veilig Thuis vragen dit gezin aan te melden bij het Veiligheidsteam" in police_page


def test_the_panel_shows_the_referral_and_the_running_measures(team_case, intake, liaison,
                                                               login_as):
    case, _persons, _vt = team_case
    referral = refer(team_case)
    services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                            starts_on=timezone.localdate() - timedelta(days=9))
    response = login_as(intake).get(f"/casussen/{case.pk}/")
    panel = response.content.decode().split('id="veiligheidsteam"', 1)[1].split("</section>", 1)[0]
    assert referral.reference in panel and 'data-referral-status="referred"' in panel
    assert "Tijdelijk huisverbod" in panel and "loopt binnenkort af" in panel
    assert url("refer", case_id=case.pk) not in panel  # already referred


def test_no_panel_for_a_closed_case_offers_referral(team_case, intake, login_as):
    case, _persons, vt_membership = team_case
    cases.close_case(actor_of(vt_membership), case, reason="other", note="Verhuisd")
    html = login_as(intake).get(f"/casussen/{case.pk}/").content.decode()
    assert url("refer", case_id=case.pk) not in html
