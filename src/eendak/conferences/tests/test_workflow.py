"""The weekly triage's calendar: which week's agenda a referral goes on, and when "not yet" returns."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from eendak.conferences import workflow

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def tuesday_triage(settings):
    settings.EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY = 1  # Tuesday
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = 1  # Monday
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = 12


def test_a_referral_in_before_mondays_noon_goes_on_this_weeks_tuesday(tuesday_triage):
    # Monday 7 December 2026, 11:59
    assert workflow.triage_date_for(datetime(2026, 12, 7, 11, 59, tzinfo=AMS)) == date(2026, 12, 8)


def test_a_referral_after_the_deadline_goes_on_next_weeks_agenda(tuesday_triage):
    assert workflow.triage_date_for(datetime(2026, 12, 7, 12, 0, tzinfo=AMS)) == date(2026, 12, 15)
    # On triage day itself and after it, too.
    assert workflow.triage_date_for(datetime(2026, 12, 8, 9, 0, tzinfo=AMS)) == date(2026, 12, 15)
    assert workflow.triage_date_for(datetime(2026, 12, 10, 9, 0, tzinfo=AMS)) == date(2026, 12, 15)


def test_a_sunday_referral_makes_the_coming_tuesday(tuesday_triage):
    assert workflow.triage_date_for(datetime(2026, 12, 6, 20, 0, tzinfo=AMS)) == date(2026, 12, 8)


def test_the_region_chooses_its_triage_day(settings):
    settings.EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY = 3  # Thursday
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = 2  # Tuesday
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = 17
    assert workflow.triage_date_for(datetime(2026, 12, 8, 16, 0, tzinfo=AMS)) == date(2026, 12, 10)
    assert workflow.triage_date_for(datetime(2026, 12, 8, 17, 0, tzinfo=AMS)) == date(2026, 12, 17)


def test_not_yet_comes_back_at_the_next_triage(tuesday_triage):
    assert workflow.next_triage_after(date(2026, 12, 8)) == date(2026, 12, 15)
    assert workflow.next_triage_after(date(2026, 12, 7)) == date(2026, 12, 8)


def test_a_decided_referral_cannot_go_back_to_the_triage():
    assert not workflow.REFERRAL[workflow.ReferralStatus.NOT_ACCEPTED]
    assert workflow.ReferralStatus.HANDED_BACK in workflow.REFERRAL[workflow.ReferralStatus.ACCEPTED]


def test_the_team_meets_over_this_weeks_triage_on_the_day_itself(tuesday_triage):
    assert workflow.coming_triage(date(2026, 12, 8)) == date(2026, 12, 8)  # Tuesday: today's
    assert workflow.coming_triage(date(2026, 12, 7)) == date(2026, 12, 8)  # Monday: tomorrow's
    assert workflow.coming_triage(date(2026, 12, 9)) == date(2026, 12, 15)  # Wednesday: next


def test_a_week_far_outside_the_years_of_a_triage_is_not_a_week():
    for value in ("9999-12-31", "0001-01-01", "geen datum"):
        with pytest.raises(ValueError):
            workflow.week_asked(value)
