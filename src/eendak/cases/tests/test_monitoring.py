"""Monitoring: it starts when conditions are set, at 3, 6, 12 and 18 months, at most 18 months."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import Case, MonitoringDecision
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.workdays import add_months


@pytest.mark.django_db
def test_conditions_start_monitoring_with_planned_moments(open_case, vt_actor):
    services.set_conditions(vt_actor, open_case, [
        ("Vader komt niet in de woning zolang de hulp loopt.", "Vader, moeder"),
        ("Kinderen gaan dagelijks naar school.", "Moeder"),
    ])
    open_case.refresh_from_db()
    start = timezone.localdate()
    planned = list(open_case.monitoring_moments.values_list("planned_on", flat=True))
    assert [add_months(start, m) for m in (3, 6, 12, 18)] == planned
    assert open_case.monitoring_until == add_months(start, 18)


@pytest.mark.django_db
def test_local_team_cannot_set_conditions(open_case, team_actor):
    with pytest.raises(NotPermitted) as refused:
        services.set_conditions(team_actor, open_case, [("x", "y")])
    assert refused.value.permission == "cases.set_conditions"
    open_case.refresh_from_db()
    assert not open_case.conditions.exists() and open_case.monitoring_started_on is None


@pytest.mark.django_db
def test_a_moment_records_every_condition_incidents_and_assessment(open_case, vt_actor):
    first, second = services.set_conditions(vt_actor, open_case, [
        ("Geen geweld in bijzijn van de kinderen.", "Ouders"), ("Vader volgt agressietraining.", "Vader")])
    moment = open_case.monitoring_moments.first()
    with pytest.raises(RuleViolation, match="elke voorwaarde"):
        services.record_monitoring(vt_actor, moment, held_on=timezone.localdate(),
                                   statuses={first.pk: ("met", "")}, incidents_since_last=0,
                                   assessment="Rustig.")
    services.record_monitoring(vt_actor, moment, held_on=timezone.localdate(),
                               statuses={first.pk: ("met", ""), second.pk: ("partly_met", "2 van 4")},
                               incidents_since_last=1, assessment="Eén incident, verder rustig.")
    moment.refresh_from_db()
    assert moment.checks.count() == 2 and moment.incidents_since_last == 1


@pytest.mark.django_db
def test_no_monitoring_moment_on_a_closed_case(open_case, vt_actor):
    (condition,) = services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    moment = open_case.monitoring_moments.first()
    services.close_case(vt_actor, open_case, reason="stable_safety")
    with pytest.raises(RuleViolation, match="gesloten"):
        services.record_monitoring(vt_actor, moment, held_on=timezone.localdate(),
                                   statuses={condition.pk: ("met", "")}, incidents_since_last=0,
                                   assessment="x")
    moment.refresh_from_db()
    assert moment.held_on is None


def _near_the_limit(case, days_left=5):
    """Monitoring runs, and its limit is ``days_left`` days away: the window to decide is open."""
    Case.objects.filter(pk=case.pk).update(
        monitoring_until=timezone.localdate() + timedelta(days=days_left))
    case.refresh_from_db()


@pytest.mark.django_db
def test_extension_needs_a_reason_and_a_later_date(open_case, vt_actor):
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    _near_the_limit(open_case)
    with pytest.raises(RuleViolation, match="reden"):
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="",
                                            new_until=open_case.monitoring_until + timedelta(days=90))
    with pytest.raises(RuleViolation, match="na de huidige"):
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="Nodig.",
                                            new_until=date(2020, 1, 1))
    new_until = open_case.monitoring_until + timedelta(days=90)
    services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend",
                                        reason="Strafzaak loopt nog.", new_until=new_until)
    assert MonitoringDecision.objects.filter(case=open_case, kind="extend").exists()
    open_case.refresh_from_db()
    assert open_case.monitoring_until == new_until


@pytest.mark.django_db
def test_the_limit_is_not_extended_before_its_last_weeks(open_case, vt_actor, settings):
    """The defect: on the first day of monitoring the 18-month limit could be "extended" to 19
    months. Extending is possible from EENDAK_MONITORING_DECISION_WINDOW_DAYS before the limit."""
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    open_case.refresh_from_db()
    limit = open_case.monitoring_until
    with pytest.raises(RuleViolation, match="niet eerder") as refused:
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend",
                                            reason="Nog niet stabiel.",
                                            new_until=add_months(limit, 1))
    assert refused.value.field == "kind"
    open_case.refresh_from_db()
    assert open_case.monitoring_until == limit
    assert not MonitoringDecision.objects.filter(case=open_case).exists()

    window = settings.EENDAK_MONITORING_DECISION_WINDOW_DAYS
    _near_the_limit(open_case, days_left=window + 1)  # one day before the window opens
    with pytest.raises(RuleViolation, match="niet eerder"):
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="Nodig.",
                                            new_until=open_case.monitoring_until + timedelta(days=30))
    _near_the_limit(open_case, days_left=window)  # the first day of the window
    services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="Nodig.",
                                        new_until=open_case.monitoring_until + timedelta(days=30))
    assert MonitoringDecision.objects.filter(case=open_case, kind="extend").count() == 1


@pytest.mark.django_db
def test_escalation_brings_in_the_safety_team(open_case, vt_actor):
    # Risk does not wait for the limit: escalating is possible from the first day of monitoring.
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    services.decide_on_monitoring_limit(vt_actor, open_case, kind="escalate",
                                        reason="Voorwaarden herhaaldelijk niet nageleefd.")
    assert open_case.participations.filter(organisation__type="safety_house",
                                           ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_nothing_to_decide_before_monitoring_starts(open_case, vt_actor):
    with pytest.raises(RuleViolation, match="nog niet begonnen") as refused:
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="escalate",
                                            reason="Zorgen.")
    assert refused.value.field == "kind"
    assert not open_case.participations.filter(organisation__type="safety_house").exists()
    assert not MonitoringDecision.objects.filter(case=open_case).exists()
