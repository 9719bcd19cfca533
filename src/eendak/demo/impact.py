"""The demo's impact measurements (issue 12): T0, T12 and T18 for the synthetic cases, so the
analyst's "Effect van de aanpak" shows true figures of the demo world.

Planned with one ``random.Random(seed)`` over the cases in id order and written in bulk (three inserts
and two updates, whatever the number of cases), like ``demo.seed``'s households: every measurement is
one Veilig Thuis recorded on its date, after the case's start, never after the reference date. The
shape follows the Verwey-Jonker figures in ``shared/domain.md``: most families (about 86%) have 22 or
more incidents a year at the start; a year later the violence has stopped in about a third and is
still frequent in more than half; by T18 more have stopped. Where it stopped, the case moved into
stable safety on a date between the start and that measurement (a phase change, and the open case's
phase), so the median time to stable safety is there too. Children's help starts for most by T12.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from eendak.cases.impact import SCHEDULE_MONTHS
from eendak.cases.models import (
    Case,
    CaseStatus,
    ChildHelp,
    ExperiencedSafety,
    ImpactMeasurement,
    ImpactMoment,
    IncidentSeverity,
    NotAsked,
    PhaseChange,
)
from eendak.cases.workflow import Phase
from eendak.core.models import Membership
from eendak.core.roles import OrganisationType, Role
from eendak.core.workdays import add_months
from eendak.persons.models import HouseholdMember, HouseholdRole

MEASURED_SHARE = 0.9  # cases with an impact measurement at all (the others were not reached)


@dataclass
class ImpactSeedResult:
    measurements: int = 0
    households: int = 0
    stopped: int = 0


def _severity(rng, incidents: int) -> str:
    if incidents == 0:
        return IncidentSeverity.NONE
    return rng.choice([IncidentSeverity.MILD, IncidentSeverity.SERIOUS, IncidentSeverity.SERIOUS,
                       IncidentSeverity.VERY_SERIOUS] if incidents >= 22 else
                      [IncidentSeverity.MILD, IncidentSeverity.MILD, IncidentSeverity.SERIOUS])


def _incidents(rng, days: int, *, stopped: bool, frequent: bool) -> int:
    """Incidents over ``days``: none, at a frequent yearly rate (22-120), or a rare one (1-21)."""
    if stopped:
        return 0
    rate = rng.randint(22, 120) if frequent else rng.randint(1, 21)
    return max(1, round(rate * days / 365))


def seed_impact(seed: int, today: date | None = None) -> ImpactSeedResult:
    today = today or timezone.localdate()
    rng = random.Random(seed * 7919 + 12)
    recorder = (Membership.objects.filter(role=Role.VT_MONITOR, is_active=True,
                                          organisation__type=OrganisationType.VEILIG_THUIS)
                .select_related("user", "organisation").order_by("user__username").first())
    result = ImpactSeedResult()
    if recorder is None:
        return result
    cases = list(Case.objects.filter(is_synthetic=True, impact_measurements__isnull=True)
                 .values_list("pk", "household_id", "opened_at", "status", "phase").order_by("pk"))
    members: dict[int, list[tuple[int, str]]] = {}
    for household_id, person_id, role in (HouseholdMember.objects.filter(
            household_id__in={c[1] for c in cases}).values_list("household_id", "person_id", "role")
            .order_by("household_id", "person_id")):
        members.setdefault(household_id, []).append((person_id, role))
    reached = set(PhaseChange.objects.filter(case_id__in=[c[0] for c in cases],
                                             to_phase=Phase.STABLE_SAFETY)
                  .values_list("case_id", flat=True))

    planned = []          # (ImpactMeasurement, [(person, score, not_asked)], [(child, started, on)])
    phase_changes, now_stable = [], []
    for case_id, household_id, opened_at, status, phase in cases:
        if rng.random() > MEASURED_SHARE:
            continue
        start = timezone.localdate(opened_at)
        frequent = rng.random() < 0.86
        stopped_at_12 = rng.random() < 0.33
        stopped_at_18 = stopped_at_12 and rng.random() < 0.85 or rng.random() < 0.3
        help_from: dict[int, date] = {}
        previous, stopped_on = None, None
        for moment, months in SCHEDULE_MONTHS.items():
            due = add_months(start, months)
            on = min(due + timedelta(days=rng.randint(0, 21)), today)
            if moment != ImpactMoment.T0 and on < due - timedelta(days=10):
                break  # not yet due
            if moment == ImpactMoment.T0:
                incidents = _incidents(rng, 365, stopped=False, frequent=frequent)
                stopped = False
            else:
                stopped = stopped_at_12 if moment == ImpactMoment.T12 else stopped_at_18
                still_frequent = rng.random() < (0.8 if moment == ImpactMoment.T12 else 0.6)
                incidents = _incidents(rng, max((on - previous).days, 1), stopped=stopped,
                                       frequent=frequent and still_frequent)
            if stopped and stopped_on is None:
                stopped_on = on
            new_reports = 0 if moment == ImpactMoment.T0 or not incidents else int(rng.random() < 0.3)
            measurement = ImpactMeasurement(
                case_id=case_id, moment=moment, measured_on=on, incidents=incidents,
                severity=_severity(rng, incidents), new_reports=new_reports,
                professional_safety=rng.randint(7, 9) if stopped else rng.randint(2, 6),
                recorded_by=recorder.user, organisation=recorder.organisation,
                note="Synthetische meting (demo).")
            experienced, child_help = [], []
            for person_id, role in members.get(household_id, []):
                if role == HouseholdRole.CHILD and rng.random() < 0.25:
                    experienced.append((person_id, None, NotAsked.UNSAFE))
                elif rng.random() < 0.1:
                    experienced.append((person_id, None, NotAsked.NOT_ASKED))
                else:
                    score = rng.randint(6, 9) if stopped else rng.randint(2, 6)
                    experienced.append((person_id, score, ""))
                if role == HouseholdRole.CHILD:
                    chance = {ImpactMoment.T0: 0.15, ImpactMoment.T12: 0.7,
                              ImpactMoment.T18: 0.85}[moment]
                    if person_id not in help_from and rng.random() < chance:
                        help_from[person_id] = start + timedelta(
                            days=rng.randint(0, max((on - start).days, 0)))
                    child_help.append((person_id, person_id in help_from, help_from.get(person_id)))
            planned.append((measurement, experienced, child_help))
            previous = on
        result.households += 1
        if stopped_on is not None and case_id not in reached:
            result.stopped += 1
            decided = start + timedelta(days=rng.randint(30, max((stopped_on - start).days, 30)))
            decided = min(decided, stopped_on)
            phase_changes.append(PhaseChange(
                case_id=case_id, from_phase=Phase.DIRECT_SAFETY, to_phase=Phase.STABLE_SAFETY,
                reason="Geen incidenten meer bij de impactmeting (demo).",
                decided_by=recorder.user, organisation=recorder.organisation,
                decided_at=timezone.make_aware(timezone.datetime(decided.year, decided.month,
                                                                 decided.day, 11))))
            if status == CaseStatus.OPEN and phase == Phase.DIRECT_SAFETY:
                now_stable.append(case_id)

    ImpactMeasurement.objects.bulk_create([m for m, _e, _c in planned], batch_size=2000)
    ExperiencedSafety.objects.bulk_create(
        [ExperiencedSafety(measurement=m, person_id=p, score=score, not_asked=reason)
         for m, experienced, _c in planned for p, score, reason in experienced], batch_size=2000)
    ChildHelp.objects.bulk_create(
        [ChildHelp(measurement=m, child_id=child, help_started=started, started_on=on)
         for m, _e, helped in planned for child, started, on in helped], batch_size=2000)
    PhaseChange.objects.bulk_create(phase_changes, batch_size=2000)
    Case.objects.filter(pk__in=now_stable).update(phase=Phase.STABLE_SAFETY)
    result.measurements = len(planned)
    return result
