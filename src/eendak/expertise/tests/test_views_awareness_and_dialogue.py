"""Awareness and dialogue on screen: a campaign (the Week tegen Kindermishandeling in November) and
its events in the year's calendar, held with their reach (the reach per year adds up) or cancelled,
registrations by name (a logged read); dialogue leaders, a meeting recorded without names — the
form says so — an anonymous signal to Veilig Thuis that leaves only the reference, and the yearly
overview."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.core.actors import Actor
from eendak.expertise import services
from eendak.expertise.events import Event
from eendak.expertise.models import (
    AwarenessEvent,
    Campaign,
    DialogueLeader,
    DialogueMeeting,
    DialogueSignal,
)
from eendak.expertise.workflow import EventStatus
from eendak.intake.models import AdviceRequest

from .views_support import assert_refused, d, field_error, reads, row_of, text_of, url, value_of

pytestmark = pytest.mark.django_db


def test_a_campaign_and_its_event_in_the_calendar_held_with_its_reach(staff, centre, login_as):
    client = login_as(staff)
    year = timezone.localdate().year
    response = client.post(url("campaign_create"), {
        "campagne-title": f"Week tegen Kindermishandeling {year}",
        "campagne-starts_on": d(date(year, 11, 16)), "campagne-ends_on": d(date(year, 11, 22))})
    assert response["Location"] == url("awareness")
    campaign = Campaign.objects.get()
    starts = timezone.localtime() + timedelta(days=1)
    response = client.post(url("event_plan"), {
        "bijeenkomst-title": "Voorlichting groep 8", "bijeenkomst-kind": "school_session",
        "bijeenkomst-starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "bijeenkomst-place": "OBS De Regenboog, Dongen", "bijeenkomst-capacity": "30",
        "bijeenkomst-is_public": "on", "bijeenkomst-campaign": campaign.pk})
    event = AwarenessEvent.objects.get()
    assert response["Location"] == url("event_detail", event_id=event.pk)
    assert event.campaign == campaign
    calendar = client.get(url("awareness") + f"?jaar={starts.year}")
    assert "Voorlichting groep 8" in row_of(calendar, f'data-event="{event.pk}"')

    services.register_public(Actor.public(None, centre), event, services.Registrant(
        name="Meester Bas", email="bas@school.test", organisation_name="OBS De Regenboog"),
        submission_key="k-1")
    page = text_of(client.get(url("event_detail", event_id=event.pk)))
    assert "Meester Bas" in page and "1 / 30" in page
    assert reads(staff, Event.ENROLMENTS_READ).filter(object_id=str(event.pk)).exists()

    # Held before it began: refused, reach typed kept.
    early = client.post(url("event_close", event_id=event.pk),
                        {"afloop-status": "held", "afloop-reach": "28"})
    assert field_error(early, "afloop-status") == "De bijeenkomst is nog niet geweest."
    assert value_of(early, "afloop-reach") == "28"
    AwarenessEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    no_reach = client.post(url("event_close", event_id=event.pk), {"afloop-status": "held"})
    assert field_error(no_reach, "afloop-reach") == "Vul het bereik in (aantal deelnemers)."
    client.post(url("event_close", event_id=event.pk),
                {"afloop-status": "held", "afloop-reach": "28"})
    event.refresh_from_db()
    assert event.status == EventStatus.HELD and event.reach == 28
    reach = text_of(client.get(url("awareness")))
    assert f"Bereik per jaar Gehouden bijeenkomsten en het aantal bereikte mensen per jaar Jaar " \
           f"Gehouden bijeenkomsten Bereik {timezone.localtime(event.starts_at).year} 1 28" in reach


def test_a_campaign_ending_before_it_starts_is_refused(staff, login_as):
    response = login_as(staff).post(url("campaign_create"), {
        "campagne-title": "Oranje de wereld", "campagne-starts_on": "25-11-2026",
        "campagne-ends_on": "20-11-2026"})
    assert field_error(response, "campagne-ends_on") == "De einddatum ligt op of na de begindatum."
    assert value_of(response, "campagne-title") == "Oranje de wereld"
    assert not Campaign.objects.exists()


def test_a_dialogue_meeting_is_recorded_without_names(staff, login_as):
    client = login_as(staff)
    client.post(url("leader_create"), {
        "leider-name": "Hodan Ali", "leider-community": "somali",
        "leider-languages": "Somalisch, Nederlands", "leider-trained_on": "15-03-2025",
        "leider-trained_by": "Stichting Kezban", "leider-is_active": "on"})
    page = client.get(url("dialogue"))
    text = text_of(page)
    assert "Hodan Ali" in text and "Somalisch, Nederlands" in text
    assert "Geen namen van deelnemers." in text
    assert reads(staff, Event.DIALOGUE_READ).exists()
    leader = DialogueLeader.objects.get()
    today = timezone.localdate()
    bad = client.post(url("meeting_record"), {
        "bijeenkomst-leader": leader.pk, "bijeenkomst-held_on": d(today),
        "bijeenkomst-setting": "parents_room", "bijeenkomst-language": "Somalisch",
        "bijeenkomst-participants": "0", "bijeenkomst-partner": "GGD Hart van Brabant",
        "bijeenkomst-topics": ["raising_children"]})
    assert field_error(bad, "bijeenkomst-participants") == "Vul een getal van 1 tot 500 in."
    assert value_of(bad, "bijeenkomst-partner") == "GGD Hart van Brabant"
    assert not DialogueMeeting.objects.exists()
    response = client.post(url("meeting_record"), {
        "bijeenkomst-leader": leader.pk, "bijeenkomst-held_on": d(today),
        "bijeenkomst-setting": "parents_room", "bijeenkomst-language": "Somalisch",
        "bijeenkomst-participants": "14", "bijeenkomst-partner": "GGD Hart van Brabant",
        "bijeenkomst-topics": ["raising_children", "where_to_get_help"]})
    meeting = DialogueMeeting.objects.get()
    assert response["Location"] == url("meeting_detail", meeting_id=meeting.pk)
    page = text_of(client.get(response["Location"]))
    assert "14 (geen namen van deelnemers)" in page
    assert "Opvoeden zonder geweld, Waar vind je hulp" in page
    overview = text_of(client.get(url("dialogue_year")))
    assert "Dialoogbijeenkomsten 1" in overview and "Deelnemers (geteld) 14" in overview
    assert "Ouderkamer 1" in overview and "Somalisch 1" in overview


def test_a_signal_goes_anonymously_to_veilig_thuis_and_only_its_reference_stays(staff,
                                                                                staff_actor, vt,
                                                                                login_as):
    leader = services.save_leader(staff_actor, name="Ayse Demir", community="turkish",
                                  languages=["Turks"])
    meeting = services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="community_centre",
        language="Turks", participants=9, topics=["partner_violence"]))
    client = login_as(staff)
    empty = client.post(url("meeting_signal", meeting_id=meeting.pk), {"signaal-to": "veilig_thuis"})
    assert field_error(empty, "signaal-text") == "Beschrijf het signaal (zonder namen)."
    response = client.post(url("meeting_signal", meeting_id=meeting.pk), {
        "signaal-text": "Een deelnemer vertelde over dreiging door haar man.",
        "signaal-to": "veilig_thuis"})
    signal = DialogueSignal.objects.get()
    advice = AdviceRequest.objects.get(reference=signal.veilig_thuis_reference)
    assert advice.anonymous and "dreiging" in advice.question
    page = text_of(client.get(response["Location"]))
    assert signal.veilig_thuis_reference in page and "dreiging" not in page


def test_awareness_and_dialogue_are_the_centres_only(staff_actor, worker, intake, login_as):
    leader = services.save_leader(staff_actor, name="Hodan Ali", community="somali",
                                  languages=["Somalisch"])
    for member in (worker, intake):
        client = login_as(member)
        assert_refused(client.get(url("dialogue")), member, "expertise.view_dialogue")
        assert_refused(client.get(url("leader_edit", leader_id=leader.pk)), member,
                       "expertise.manage_dialogue")
        assert_refused(client.get(url("awareness")), member, "expertise.view_work")
