"""The effect of the approach per cohort (issue 12): did the violence stop, and how fast.

A cohort is the households whose case started in one half-year (or year). Per cohort, from the impact
measurements (``cases.impact``) and the case file:

- **violence stopped**: the share of households with no incidents at their last measurement after
  T0 (base: households with such a measurement);
- **incidents per household per year**, at the start (T0: the 12 months before the report) and at
  the last measurement (its incidents over the days since the measurement before it, as a yearly
  rate) — the mean;
- **frequent**: the share with ≥ 22 incidents a year (``impact.FREQUENT_PER_YEAR``), at the start and
  at the last measurement;
- **recurrence within 18 months**: the share with a new report within 18 months of the start — a
  follow-up measurement counting new reports up to T18, or a new report after closure linked to the
  case (``Recurrence``); base: households whose 18 months have passed, or that were measured at T18;
- **time to stable safety**: the median days from the start to the first move into the phase of
  stable safety (or a closure for stable safety), over the households that reached it;
- **children with help started**: the share of children whose help had started at their latest
  measurement (base: households with children asked about).

Published by ``core.disclosure`` and never otherwise: a count rounded to 5 ("<5" below), a share, mean
or median only over 5 households or more (``None``, shown as "—", below). The raw figures never
leave this module. A fixed number of queries, however many cases: the measurements with their case
(1), the first move to stable safety per case (1), the first recurrence per case (1), the children's
help (1).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean, median

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.disclosure import publish_count, publishable
from eendak.core.workdays import add_months

from . import impact
from .models import (
    ChildHelp,
    ClosureReason,
    ImpactMeasurement,
    ImpactMoment,
    PhaseChange,
    Recurrence,
)
from .workflow import Phase

PER_HALF_YEAR, PER_YEAR = "half", "year"


@dataclass(frozen=True)
class CohortOutcome:
    """One cohort's published figures: counts as strings ("<5", "15"), the rest None when the base
    is under 5 households."""

    cohort: str
    label: str
    households: str
    followed_up: str
    violence_stopped: str | None
    incidents_start: str | None
    incidents_last: str | None
    frequent_start: str | None
    frequent_last: str | None
    recurrence_18_months: str | None
    median_days_to_stable_safety: str | None
    children_help_started: str | None


@dataclass(frozen=True)
class ImpactOutcomes:
    per: str
    rows: list[CohortOutcome]
    total: CohortOutcome
    computed_at: object


@dataclass
class _Household:
    """One case's raw figures (never published as such)."""

    start: date
    cohort: str
    incidents_start: float | None = None
    incidents_last: float | None = None
    followed_up: bool = False
    stopped: bool = False
    observed_18_months: bool = False
    recurred: bool = False
    days_to_stable: int | None = None
    children: int = 0
    children_helped: int = 0


def cohort_of(start: date, per: str) -> tuple[str, str]:
    """The cohort key and its Dutch label: "2025-1", "1e helft 2025"; or "2025", "2025"."""
    if per == PER_YEAR:
        return str(start.year), str(start.year)
    half = 1 if start.month <= 6 else 2
    return (f"{start.year}-{half}",
            (_("1e helft %(year)s") if half == 1 else _("2e helft %(year)s")) % {"year": start.year})


def _share(part: int, base: int) -> str | None:
    return f"{round(100 * part / base)}%" if publishable(base) else None


def _households(per: str, today: date) -> tuple[dict[int, _Household], dict[str, str]]:
    rows = (ImpactMeasurement.objects
            .values_list("case_id", "moment", "measured_on", "incidents", "new_reports",
                         "case__opened_at", "case__closed_at", "case__closure_reason")
            .order_by("case_id", "measured_on", "id"))
    measurements: dict[int, list] = {}
    cases: dict[int, tuple] = {}
    for case_id, moment, measured_on, incidents, new_reports, opened, closed, reason in rows:
        measurements.setdefault(case_id, []).append((moment, measured_on, incidents, new_reports))
        cases[case_id] = (opened, closed, reason)
    measured = ImpactMeasurement.objects.values("case_id")
    stable = dict(PhaseChange.objects.filter(case_id__in=measured, to_phase=Phase.STABLE_SAFETY)
                  .values("case_id").annotate(first=Min("decided_at")).values_list("case_id", "first"))
    recurrences = dict(Recurrence.objects.filter(previous_case_id__in=measured)
                       .values("previous_case_id").annotate(first=Min("created_at"))
                       .values_list("previous_case_id", "first"))
    labels: dict[str, str] = {}
    households: dict[int, _Household] = {}
    for case_id, taken in measurements.items():
        opened, closed, reason = cases[case_id]
        start = timezone.localdate(opened)
        key, label = cohort_of(start, per)
        labels[key] = label
        h = households[case_id] = _Household(start=start, cohort=key)
        t0 = next((m for m in taken if m[0] == ImpactMoment.T0), None)
        if t0 is not None:
            h.incidents_start = impact.per_year(
                t0[2], impact.period_days(t0[0], t0[1], None, start))
        follow_ups = [i for i, m in enumerate(taken) if m[0] != ImpactMoment.T0]
        if follow_ups:
            i = follow_ups[-1]
            last, previous_on = taken[i], taken[i - 1][1] if i else None
            h.followed_up, h.stopped = True, last[2] == 0
            h.incidents_last = impact.per_year(
                last[2], impact.period_days(last[0], last[1], previous_on, start))
        limit = add_months(start, 18)
        h.observed_18_months = today >= limit or any(m[0] == ImpactMoment.T18 for m in taken)
        window_end = limit + timedelta(days=impact.WINDOW_DAYS)
        h.recurred = any(taken[i][3] > 0 and taken[i][1] <= window_end for i in follow_ups) or (
            case_id in recurrences and timezone.localdate(recurrences[case_id]) <= window_end)
        reached = [timezone.localdate(stable[case_id])] if case_id in stable else []
        if closed is not None and reason == ClosureReason.STABLE_SAFETY:
            reached.append(timezone.localdate(closed))
        if reached:
            h.days_to_stable = max((min(reached) - start).days, 0)
    # The children's help at their latest measurement: ordered so the last row per child wins.
    latest: dict[tuple[int, int], bool] = {}
    for case_id, child_id, started in (ChildHelp.objects.values_list(
            "measurement__case_id", "child_id", "help_started")
            .order_by("measurement__measured_on", "measurement_id")):
        latest[(case_id, child_id)] = started
    for (case_id, _child), started in latest.items():
        if case_id in households:
            households[case_id].children += 1
            households[case_id].children_helped += int(started)
    return households, labels


def _publish(key: str, label: str, group: list[_Household]) -> CohortOutcome:
    followed = [h for h in group if h.followed_up]
    at_start = [h for h in group if h.incidents_start is not None]
    observed = [h for h in group if h.observed_18_months]
    stable = [h.days_to_stable for h in group if h.days_to_stable is not None]
    with_children = [h for h in group if h.children]
    children = sum(h.children for h in with_children)
    frequent = impact.FREQUENT_PER_YEAR
    return CohortOutcome(
        cohort=key, label=label, households=publish_count(len(group)),
        followed_up=publish_count(len(followed)),
        violence_stopped=_share(sum(h.stopped for h in followed), len(followed)),
        incidents_start=(f"{mean(h.incidents_start for h in at_start):.1f}"
                         if publishable(len(at_start)) else None),
        incidents_last=(f"{mean(h.incidents_last for h in followed):.1f}"
                        if publishable(len(followed)) else None),
        frequent_start=_share(sum(h.incidents_start >= frequent for h in at_start), len(at_start)),
        frequent_last=_share(sum(h.incidents_last >= frequent for h in followed), len(followed)),
        recurrence_18_months=_share(sum(h.recurred for h in observed), len(observed)),
        median_days_to_stable_safety=(f"{median(stable):.0f}" if publishable(len(stable))
                                      else None),
        children_help_started=(_share(sum(h.children_helped for h in with_children), children)
                               if publishable(len(with_children)) else None),
    )


def impact_per_cohort(per: str = PER_HALF_YEAR, today: date | None = None) -> ImpactOutcomes:
    """The published outcomes per cohort (oldest first) and over all cohorts together."""
    per = PER_YEAR if per == PER_YEAR else PER_HALF_YEAR
    today = today or timezone.localdate()
    households, labels = _households(per, today)
    groups: dict[str, list[_Household]] = {}
    for h in households.values():
        groups.setdefault(h.cohort, []).append(h)
    rows = [_publish(key, labels[key], groups[key]) for key in sorted(groups)]
    total = _publish("", _("Alle cohorten"), list(households.values()))
    return ImpactOutcomes(per=per, rows=rows, total=total, computed_at=timezone.now())


@exports.source("cases.view_impact_outcomes")
def impact_table(user, *, per: str = PER_HALF_YEAR) -> exports.Table:
    """"Effect van de aanpak" as a file: the published outcomes per cohort and over all cohorts
    (``impact_per_cohort``), the very strings the page shows — counts rounded to 5 or "<5", a share,
    mean or median only over 5 or more households (otherwise an empty cell). No person."""
    outcomes = impact_per_cohort(per)
    count, text = exports.COUNT, exports.TEXT
    columns = [("label", _("Cohort (start casus)"), text), ("households", _("Huishoudens"), count),
               ("followed_up", _("Gevolgd na T0"), count),
               ("violence_stopped", _("Geweld gestopt bij de laatste meting"), text),
               ("incidents_start", _("Incidenten per huishouden per jaar: start"), text),
               ("incidents_last", _("Incidenten per huishouden per jaar: laatste meting"), text),
               ("frequent_start", _("Frequent (22 of meer per jaar): start"), text),
               ("frequent_last", _("Frequent: laatste meting"), text),
               ("recurrence_18_months", _("Nieuwe melding binnen 18 maanden"), text),
               ("median_days_to_stable_safety", _("Mediaan dagen tot stabiele veiligheid"), text),
               ("children_help_started", _("Kinderen met gestarte hulp"), text)]
    rows = [*outcomes.rows, outcomes.total] if outcomes.rows else []
    return exports.Table(
        title=_("Effect van de aanpak"), name=f"effect-van-de-aanpak-per-{outcomes.per}",
        detail=f"per={outcomes.per} gepubliceerde aantallen",
        columns=[exports.Column(key, label, kind) for key, label, kind in columns],
        rows=[[getattr(row, key) for key, _label, _kind in columns] for row in rows])
