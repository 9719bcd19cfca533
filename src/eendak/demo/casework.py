"""The everyday work in the case file and the intake, so every demo role finds work on "Mijn werk".

The bulk-written cases (``demo.seed``) are files without a plan, conditions or coordinator, and the
history's reports (``demo.history``) are dated from ``--today`` at random. This part adds, through
the services (so the journal, the access log and every rule are what real use would write):

- **reports in the work queue** whose assessment deadline is past, today and tomorrow, taken by
  ``intake`` (``intake.services.register_report``), their deadline derived by the rule
  (``intake.services.assessment_due_at``) from a receipt moment chosen for it;
- **cases at work** in Tilburg, where the demo local-team accounts work: ``monitor`` (Veilig Thuis)
  names ``coordinator`` the case coordinator and sets safety conditions; ``coordinator`` makes the
  plan with actions for ``coordinator`` and ``wijkteam`` (one overdue, one due this week) and
  records it as agreed with the family, and on one case starts a second version; ``monitor``
  records a monitoring moment held, and another is due or overdue;
- **handovers**: one offered by Veilig Thuis to the Tilburg team, waiting for its acceptance (the
  coordinator's start page), and one offered and accepted.

Closures and recurrences are there already (``demo.seed`` and ``demo.conferences``).

Dates: this work is about *now*, like the Veiligheidsteam's. The services take their time from the
clock; afterwards the planned dates are moved back by the same rules (monitoring moments by
``cases.services.monitoring_schedule`` from an earlier start, the coordinator's start date), so the
signals are true today. The journal entries keep the moment of seeding (this part does not backdate
the journal, unlike ``demo.conferences``). Deterministic: the same cases and texts for the same
data set (cases chosen by reference, texts by the seed).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock

from django.db.models import Exists, OuterRef
from django.utils import timezone

from eendak.cases import services as cases
from eendak.cases.models import (
    Case,
    CaseStatus,
    Handover,
    MonitoringMoment,
    Participation,
    PlanVersion,
    SafetyCondition,
)
from eendak.core.roles import Role
from eendak.core.workdays import add_months
from eendak.intake import services as intake
from eendak.intake.models import Report
from eendak.persons.models import Household, HouseholdMember

from .accounts import demo_actor

CASES_AT_WORK = 6
CONDITIONS = (
    ("Er wordt in huis niet geslagen, geduwd of gedreigd.", "beide ouders"),
    ("Bij spanning belt een van de ouders het netwerk en gaat tijdelijk weg.", "beide ouders"),
    ("De kinderen gaan elke dag naar school; school meldt afwezigheid aan het lokale team.",
     "ouders en school"),
)
GOALS = (
    ("safety", "Thuis is het veilig: geen geweld en een werkend veiligheidsplan."),
    ("help", "De ouders hebben hulp bij opvoeding en bij hun ruzies."),
)


@dataclass
class CaseworkResult:
    reports: int = 0
    cases: int = 0
    handovers_waiting: int = 0


def _candidate_cases(vt_org, team):
    """Open synthetic Tilburg cases, Veilig Thuis responsible and the Tilburg team taking part,
    with no coordinator, plan or conditions yet (so not the Veiligheidsteam's families)."""
    team_in = Participation.objects.filter(case=OuterRef("pk"), organisation=team,
                                           ended_at__isnull=True)
    return list(Case.objects.filter(
        is_synthetic=True, status=CaseStatus.OPEN, responsible_organisation=vt_org,
        coordinator__isnull=True, monitoring_started_on__isnull=True)
        .filter(Exists(team_in))
        .exclude(Exists(PlanVersion.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(Handover.objects.filter(case=OuterRef("pk"))))
        .order_by("reference")[:CASES_AT_WORK])


def _received_for(target_day, *, after: datetime) -> datetime | None:
    """A receipt moment (a working morning, before ``after``) whose assessment deadline, by the
    rule, falls on ``target_day``."""
    tz = timezone.get_current_timezone()
    for days_back in range(1, 15):
        received = timezone.make_aware(
            datetime.combine(target_day - timedelta(days=days_back), clock(10, 15)), tz)
        if received >= after:
            continue
        if timezone.localtime(intake.assessment_due_at(received, False)).date() == target_day:
            return received
    return None


def _queue_reports(rng, vt, result):
    """Three reports in the work queue: the deadline past, today and tomorrow."""
    now = timezone.now()
    today = timezone.localdate()
    households = list(Household.objects.filter(is_synthetic=True, municipality__name="Tilburg")
                      .exclude(cases__status=CaseStatus.OPEN).order_by("reference")[:3])
    accounts = (
        "Buurman hoorde gisteravond opnieuw harde ruzie en een kind huilen; de politie is niet "
        "gebeld.",
        "De leerkracht ziet blauwe plekken op de bovenarm van het kind en het kind wil niet naar "
        "huis.",
        "De huisarts zag de moeder met letsel dat niet bij haar uitleg past; zij is bang voor haar "
        "partner.",
    )
    # The past deadline: the latest working day before today on which a deadline can fall.
    targets = [next((today - timedelta(days=d) for d in range(1, 6)
                     if _received_for(today - timedelta(days=d), after=now)), None),
               today, today + timedelta(days=1)]
    written = []
    for household, target, account in zip(households, targets, accounts, strict=False):
        received = _received_for(target, after=now) if target else None
        if received is None:  # no deadline falls on that day (a weekend or a holiday)
            continue
        members = (HouseholdMember.objects.filter(household=household).select_related("person")
                   .order_by("person__date_of_birth", "person_id"))
        involved = [intake.InvolvedPerson("victim" if i == 0 else "child" if m.role == "child"
                                          else "suspect", person=m.person)
                    for i, m in enumerate(members)]
        written.append(intake.register_report(vt, intake.ReportData(
            channel=rng.choice(("phone", "professional")), account=account,
            violence_types=["partnergeweld"], municipality_id=household.municipality_id,
            reporter=intake.ReporterData(name=rng.choice(("A. Jansen", "M. de Vries", "K. Bos")),
                                         is_professional=target != today),
            involved=involved, received_at=received)).pk)
        result.reports += 1
    # Synthetic reports about synthetic households: a reset removes them with the households.
    Report.objects.filter(pk__in=written).update(is_synthetic=True)


def _start_monitoring_at(case, start) -> None:
    """Move the case's monitoring start back to ``start``: the moments by the same schedule."""
    Case.objects.filter(pk=case.pk).update(monitoring_started_on=start,
                                           monitoring_until=add_months(start, 18))
    moments = list(MonitoringMoment.objects.filter(case=case).order_by("planned_on"))
    for moment, planned in zip(moments, cases.monitoring_schedule(start), strict=False):
        moment.planned_on = planned
    MonitoringMoment.objects.bulk_update(moments, ["planned_on"])


def _case_at_work(rng, n, case, monitor, coordinator, worker, result) -> None:
    today = timezone.localdate()
    cases.assign_coordinator(monitor, case, coordinator.user)
    Case.objects.filter(pk=case.pk).update(coordinator_since=today - timedelta(days=30 + 20 * n))
    cases.set_conditions(monitor, case, list(CONDITIONS[: 2 + n % 2]))
    # Monitoring: case 0's first moment is due in five days, case 1 held its first and its second
    # is ten days late, case 2 held its first and the next is months away.
    starts = {0: add_months(today, -3) + timedelta(days=5),
              1: add_months(today, -6) - timedelta(days=10),
              2: add_months(today, -4)}
    if n in starts:
        _start_monitoring_at(case, starts[n])
        if n in (1, 2):
            moment = MonitoringMoment.objects.filter(case=case).order_by("planned_on").first()
            conditions = SafetyCondition.objects.filter(case=case, ended_at__isnull=True)
            cases.record_monitoring(
                monitor, moment, held_on=moment.planned_on,
                statuses={c.pk: ("met", "") for c in conditions}, incidents_since_last=n - 1,
                assessment="Gesprek met beide ouders en school: de afspraken worden nagekomen.")
    if n < 4:
        case.refresh_from_db()
        version = cases.new_plan_version(coordinator, case, note="Plan met het gezin opgesteld.")
        for part, text in GOALS:
            goal = cases.add_goal(coordinator, version, part=part, text=text)
            if part == "safety":
                cases.add_action(coordinator, goal, text="Veiligheidsplan met de ouders doorlopen",
                                 owner_organisation=coordinator.organisation, owner=coordinator.user,
                                 start_on=today - timedelta(days=21),
                                 due_on=today - timedelta(days=2 + n))
            else:
                cases.add_action(coordinator, goal, text="Opvoedondersteuning aanvragen",
                                 owner_organisation=worker.organisation, owner=worker.user,
                                 start_on=today - timedelta(days=7),
                                 due_on=today + timedelta(days=3 + rng.randint(0, 4)))
        if n < 3:
            cases.mark_plan_agreed(coordinator, version, agreed_on=today - timedelta(days=14 - n))
        if n == 0:
            cases.new_plan_version(coordinator, case, note="Aanpassing na het eerste "
                                                          "monitoringsgesprek.")
    if n == 4:  # offered to the Tilburg team: waits on the coordinator's start page
        cases.offer_handover(monitor, case, to_organisation_id=coordinator.organisation.pk,
                             note="Voorwaarden staan; het lokale team neemt het zicht op "
                                  "veiligheid over.")
        result.handovers_waiting += 1
    if n == 5:  # offered and accepted
        handover = cases.offer_handover(monitor, case, to_organisation_id=coordinator.organisation.pk,
                                        note="Stabiele veiligheid in zicht; over naar het lokale team.")
        cases.accept_handover(coordinator, handover)
    result.cases += 1


def seed_casework(seed: int) -> CaseworkResult:
    """Best effort: without the demo accounts (or on a tiny data set) it does what it can."""
    result = CaseworkResult()
    rng = random.Random(f"{seed}:casework")
    vt = demo_actor("intake", Role.VT_INTAKE, "10.40.0.1")
    monitor = demo_actor("monitor", Role.VT_MONITOR, "10.40.0.2")
    coordinator = demo_actor("coordinator", Role.CASE_COORDINATOR, "10.40.0.3")
    worker = demo_actor("wijkteam", Role.LOCAL_TEAM_WORKER, "10.40.0.4")
    if None in (vt, monitor, coordinator, worker):
        return result
    _queue_reports(rng, vt, result)
    for n, case in enumerate(_candidate_cases(monitor.organisation, coordinator.organisation)):
        _case_at_work(rng, n, case, monitor, coordinator, worker, result)
    return result

