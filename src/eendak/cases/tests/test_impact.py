"""Impact monitoring (issue 12) in the case file: T0, T12 and T18 follow from the case's start; a
measurement is recorded at a monitoring moment or on its own, by whoever records the monitoring
moments; bad input is refused at its field with nothing changed; the case page shows it, keeps what
was typed on an error, and stays flat in queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import impact, services
from eendak.cases.models import (
    Case,
    ChildHelp,
    ExperiencedSafety,
    ImpactMeasurement,
    JournalEntry,
)
from eendak.cases.services import HelpAnswer, SafetyAnswer
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.core.workdays import add_months
from eendak.testing import factories as f

from .views_helpers import case_url, step, text_of

pytestmark = pytest.mark.django_db


def _started(case, months_ago: int) -> Case:
    """The case as if it was opened ``months_ago`` months ago (T12 and T18 can then be measured)."""
    opened = add_months(timezone.localdate(), -months_ago)
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.make_aware(timezone.datetime(opened.year, opened.month, opened.day, 10)))
    case.refresh_from_db()
    return case


def _members(case):
    members = {m.role: m.person for m in case.household.members.select_related("person")}
    return members["parent"], members["partner"], members["child"]


def _record(actor, case, **changes):
    parent, partner, child = _members(case)
    values = {"moment": "t0", "measured_on": timezone.localdate(), "incidents": 30,
              "severity": "serious", "new_reports": 1, "professional_safety": 3,
              "experienced": [SafetyAnswer(parent.pk, 4), SafetyAnswer(partner.pk, None, "not_asked"),
                              SafetyAnswer(child.pk, None, "unsafe")],
              "child_help": [HelpAnswer(child.pk, False)], "note": "Eerste meting."}
    values.update(changes)
    return services.record_impact(actor, case, **values)


def test_t0_t12_and_t18_are_due_from_the_case_start(open_case):
    Case.objects.filter(pk=open_case.pk).update(
        opened_at=timezone.make_aware(timezone.datetime(2025, 1, 31, 12)))
    open_case.refresh_from_db()
    dates = {d.moment: d.due_on for d in impact.schedule(open_case, [], today=date(2025, 2, 1))}
    assert dates == {"t0": date(2025, 1, 31), "t12": date(2026, 1, 31), "t18": date(2026, 7, 31)}
    statuses = {d.moment: d.status for d in impact.schedule(open_case, [], today=date(2026, 1, 5))}
    # T0 was to be measured by 2 March 2025; T12's window opened 30 days before its date.
    assert statuses == {"t0": "overdue", "t12": "due", "t18": "later"}
    assert impact.opens_on(open_case, "t18") == date(2026, 7, 1)
    assert impact.opens_on(open_case, "t0") is None


def test_a_measurement_on_its_own_with_each_member_and_child(open_case, vt_actor):
    parent, partner, child = _members(open_case)
    measurement = _record(vt_actor, open_case)
    assert (measurement.moment, measurement.incidents, measurement.monitoring_moment) == ("t0", 30, None)
    rows = {e.person_id: (e.score, e.not_asked) for e in ExperiencedSafety.objects.filter(
        measurement=measurement)}
    assert rows == {parent.pk: (4, ""), partner.pk: (None, "not_asked"), child.pk: (None, "unsafe")}
    assert list(ChildHelp.objects.filter(measurement=measurement).values_list(
        "child_id", "help_started")) == [(child.pk, False)]
    assert JournalEntry.objects.filter(case=open_case, kind="monitoring",
                                       text__startswith="Impactmeting T0").exists()
    entry = AccessLogEntry.objects.filter(event="case.impact_recorded").get()
    assert entry.outcome == Outcome.SUCCESS and entry.user_id == vt_actor.user.pk
    assert set(entry.subjects.values_list("person_id", flat=True)) == {parent.pk, partner.pk, child.pk}


def test_a_measurement_at_a_monitoring_moment(open_case, vt_actor):
    (condition,) = services.set_conditions(vt_actor, open_case, [("Geen geweld.", "Ouders")])
    moment = open_case.monitoring_moments.first()
    with pytest.raises(RuleViolation) as not_held:
        _record(vt_actor, open_case, monitoring_moment=moment)
    assert not_held.value.field == "monitoring_moment"
    held = timezone.localdate() - timedelta(days=2)
    services.record_monitoring(vt_actor, moment, held_on=held, statuses={condition.pk: ("met", "")},
                               incidents_since_last=0, assessment="Rustig.")
    moment.refresh_from_db()
    with pytest.raises(RuleViolation) as other_date:
        _record(vt_actor, open_case, monitoring_moment=moment, moment="other")
    assert other_date.value.field == "measured_on"
    measurement = _record(vt_actor, open_case, monitoring_moment=moment, moment="other",
                          measured_on=held, incidents=0, severity="none")
    assert measurement.monitoring_moment == moment
    with pytest.raises(RuleViolation) as twice:
        _record(vt_actor, open_case, monitoring_moment=moment, moment="other", measured_on=held,
                incidents=0, severity="none")
    assert twice.value.field == "monitoring_moment"
    other_case = f.case_for(f.HouseholdFactory(), vt_actor.organisation,
                            responsible=vt_actor.organisation)
    with pytest.raises(RuleViolation) as elsewhere:
        services.record_impact(vt_actor, other_case, moment="other", measured_on=held, incidents=0,
                               severity="none", new_reports=0, professional_safety=8,
                               monitoring_moment=moment)
    assert elsewhere.value.field == "monitoring_moment"


def test_t12_and_t18_once_each_and_not_before_their_window(open_case, vt_actor):
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as early:
        _record(vt_actor, open_case, moment="t12")
    assert early.value.field == "measured_on" and "vanaf" in early.value.message
    _started(open_case, 19)
    _record(vt_actor, open_case, measured_on=today - timedelta(days=400))
    _record(vt_actor, open_case, moment="t12", measured_on=today - timedelta(days=200), incidents=3,
            severity="mild")
    _record(vt_actor, open_case, moment="t18", incidents=0, severity="none")
    with pytest.raises(RuleViolation) as again:
        _record(vt_actor, open_case, moment="t18", incidents=0, severity="none")
    assert again.value.field == "moment"
    _record(vt_actor, open_case, moment="other", incidents=0, severity="none")
    assert open_case.impact_measurements.count() == 4


def _stranger():
    return f.person_in(f.HouseholdFactory(), "parent")


@pytest.mark.parametrize("change, field", [
    ({"incidents": -1}, "incidents"),
    ({"incidents": impact.MAX_INCIDENTS + 1}, "incidents"),
    ({"new_reports": -2}, "new_reports"),
    ({"professional_safety": 11}, "professional_safety"),
    ({"professional_safety": 0}, "professional_safety"),
    ({"moment": "t24"}, "moment"),
    ({"severity": "none"}, "severity"),                          # 30 incidents, yet none
    ({"incidents": 0}, "severity"),                              # no incidents, yet serious
    ({"measured_on": timezone.localdate() + timedelta(days=1)}, "measured_on"),
    ({"measured_on": date(1890, 1, 1)}, "measured_on"),
    ("score 11", "safety_{parent}"),
    ("score and reason", "not_asked_{parent}"),
    ("no score, no reason", "safety_{parent}"),
    ("someone else's person", "person_{stranger}"),
    ("help for the parent", "child_{parent}"),
    ("date without help", "help_on_{child}"),
    ("help after the measurement", "help_on_{child}"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_changes(open_case, vt_actor, change, field):
    parent, partner, child = _members(open_case)
    stranger = _stranger()
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = {
        "score 11": {"experienced": [SafetyAnswer(parent.pk, 11)]},
        "score and reason": {"experienced": [SafetyAnswer(parent.pk, 5, "unsafe")]},
        "no score, no reason": {"experienced": [SafetyAnswer(parent.pk, None, "")]},
        "someone else's person": {"experienced": [SafetyAnswer(stranger.pk, 5)]},
        "help for the parent": {"child_help": [HelpAnswer(parent.pk, True)]},
        "date without help": {"child_help": [HelpAnswer(child.pk, False, timezone.localdate())]},
        "help after the measurement": {"child_help": [HelpAnswer(child.pk, True, tomorrow)]},
    }
    kwargs = rows[change] if isinstance(change, str) else change
    before = (ImpactMeasurement.objects.count(), ExperiencedSafety.objects.count(),
              ChildHelp.objects.count(), JournalEntry.objects.count())
    with pytest.raises(RuleViolation) as refused:
        _record(vt_actor, open_case, **kwargs)
    assert refused.value.field == field.format(parent=parent.pk, child=child.pk, stranger=stranger.pk)
    assert refused.value.message
    assert (ImpactMeasurement.objects.count(), ExperiencedSafety.objects.count(),
            ChildHelp.objects.count(), JournalEntry.objects.count()) == before


def test_who_records_is_who_records_the_monitoring_moments(open_case, vt_actor, team_actor):
    with pytest.raises(NotPermitted) as refused:
        _record(team_actor, open_case)
    assert refused.value.permission == "cases.record_impact"
    assert not ImpactMeasurement.objects.exists()


def test_veilig_thuis_measures_after_the_case_closed(open_case, vt_actor):
    services.close_case(vt_actor, open_case, reason="stable_safety")
    open_case.refresh_from_db()
    _record(vt_actor, open_case, incidents=0, severity="none")
    assert open_case.impact_measurements.count() == 1


# --- The case page ---------------------------------------------------------------------------------


def _form(case, **changes):
    parent, partner, child = _members(case)
    data = {"moment": "t0", "measured_on": timezone.localdate().strftime("%d-%m-%Y"),
            "incidents": "25", "severity": "serious", "new_reports": "1",
            "professional_safety": "4", f"safety_{parent.pk}": "3",
            f"not_asked_{partner.pk}": "unsafe", f"help_{child.pk}": "yes",
            f"help_on_{child.pk}": timezone.localdate().strftime("%d-%m-%Y"),
            "note": "Bij de start."}
    data.update(changes)
    return data


def test_the_case_page_records_and_shows_a_measurement(open_case, vt_actor, login_as):
    parent, partner, child = _members(open_case)
    client = login_as(vt_actor.membership)
    page = text_of(client.get(case_url(open_case)))
    assert "Impactmeting" in page and "Nog geen impactmetingen." in page
    form = client.get(case_url(open_case, "step_impact"), HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and f"impact-safety_{child.pk}" in form.content.decode()
    response = step(client, open_case, "impact", _form(open_case), prefix="impact")
    assert response.status_code == 200
    shown = text_of(response)
    assert "De impactmeting is vastgelegd." in shown and "gemeten op" in shown
    measurement = ImpactMeasurement.objects.get()
    assert measurement.incidents == 25
    assert {e.person_id: (e.score, e.not_asked) for e in measurement.experienced.all()} == {
        parent.pk: (3, ""), partner.pk: (None, "unsafe"), child.pk: (None, "not_asked")}
    assert measurement.child_help.get().help_started is True
    assert f"{parent.full_name}: 3/10" in shown


@pytest.mark.parametrize("changes, message", [
    ({"incidents": "-3"}, "Vul het aantal incidenten in: 0 of meer."),
    ({"professional_safety": "11"}, "Geef een cijfer van 1 (zeer onveilig) tot en met 10"),
    ({"safety_{parent}": "0"}, "Geef een cijfer van 1 tot en met 10, of laat het leeg"),
    ({"measured_on": "future"}, "de datum ligt in de toekomst"),
    ({"severity": "none"}, "Er waren incidenten: kies hoe ernstig het ergste was."),
    ({"moment": "t18"}, "vastleggen kan vanaf"),
])
def test_the_case_page_says_what_is_wrong_and_keeps_what_was_typed(open_case, vt_actor, login_as,
                                                                    changes, message):
    parent, partner, child = _members(open_case)
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d-%m-%Y")
    changes = {k.format(parent=parent.pk): (future if v == "future" else v)
               for k, v in changes.items()}
    client = login_as(vt_actor.membership)
    response = step(client, open_case, "impact", _form(open_case, note="Bewaar deze tekst", **changes),
                    prefix="impact")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in text_of(response)
    assert "Bewaar deze tekst" in html
    assert f'value="{changes.get("incidents", "25")}"' in html
    assert not ImpactMeasurement.objects.exists()


def test_an_organisation_not_on_the_case_gets_the_logged_404(open_case, login_as, region):
    goirle = f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Goirle"))
    client = login_as(goirle)
    response = step(client, open_case, "impact", _form(open_case), prefix="impact", follow=False)
    assert response.status_code == 404
    assert not ImpactMeasurement.objects.exists()
    entry = AccessLogEntry.objects.filter(user_id=goirle.user_id).order_by("-id").first()
    assert entry.outcome in (Outcome.NOT_FOUND, Outcome.DENIED)


def test_the_local_team_sees_the_measurements_but_gets_no_form(open_case, vt_actor, team_actor,
                                                               login_as):
    _record(vt_actor, open_case)
    client = login_as(team_actor.membership)
    response = client.get(case_url(open_case))
    assert 'data-step="impact"' not in response.content.decode()
    assert "T0: bij de start" in text_of(response)
    refused = step(client, open_case, "impact", _form(open_case), prefix="impact", follow=False)
    assert refused.status_code == 404
    entry = AccessLogEntry.objects.filter(user_id=team_actor.user.pk).order_by("-id").first()
    assert (entry.event, entry.outcome) == ("cases.record_impact", Outcome.DENIED)


def test_the_case_page_stays_flat_in_queries_with_more_measurements(open_case, vt_actor, login_as):
    _started(open_case, 19)
    today = timezone.localdate()
    _record(vt_actor, open_case, measured_on=today - timedelta(days=500))
    client = login_as(vt_actor.membership)
    client.get(case_url(open_case))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(case_url(open_case)).status_code == 200
        return len(captured.captured_queries)

    few = count()
    _record(vt_actor, open_case, moment="t12", measured_on=today - timedelta(days=200), incidents=2,
            severity="mild")
    _record(vt_actor, open_case, moment="t18", incidents=0, severity="none")
    for days in (1, 2, 3):
        _record(vt_actor, open_case, moment="other", measured_on=today - timedelta(days=days),
                incidents=0, severity="none")
    assert count() == few
