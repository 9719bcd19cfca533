"""Monitoring: it starts when conditions are set, at 3, 6, 12 and 18 months, at most 18 months."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import MonitoringDecision
from eendak.core.exceptions import RuleViolation
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
    with pytest.raises(RuleViolation, match="Alleen Veilig Thuis"):
        services.set_conditions(team_actor, open_case, [("x", "y")])


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


@pytest.mark.django_db
def test_extension_needs_a_reason_and_a_later_date(open_case, vt_actor):
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    open_case.refresh_from_db()
    with pytest.raises(RuleViolation, match="reden"):
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="",
                                            new_until=open_case.monitoring_until + timedelta(days=90))
    with pytest.raises(RuleViolation, match="na de huidige"):
        services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend", reason="Nodig.",
                                            new_until=date(2020, 1, 1))
    services.decide_on_monitoring_limit(vt_actor, open_case, kind="extend",
                                        reason="Strafzaak loopt nog.",
                                        new_until=open_case.monitoring_until + timedelta(days=90))
    assert MonitoringDecision.objects.filter(case=open_case, kind="extend").exists()


@pytest.mark.django_db
def test_escalation_brings_in_the_safety_team(open_case, vt_actor):
    services.decide_on_monitoring_limit(vt_actor, open_case, kind="escalate",
                                        reason="Voorwaarden herhaaldelijk niet nageleefd.")
    assert open_case.participations.filter(organisation__type="safety_house",
                                           ended_at__isnull=True).exists()
