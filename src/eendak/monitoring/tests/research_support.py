"""A synthetic world for the research export's tests: reports with persons whose names, BSNs,
addresses, dates of birth and free text are known, so a test can look for each of them in a file."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from eendak.cases.models import MonitoringMoment, PhaseChange
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.intake.models import Decision, Report, Reporter, ReportPerson
from eendak.monitoring import services
from eendak.testing import factories as f

ACCOUNT = "Vader sloeg moeder in de keuken waar de kinderen bij waren (relaas {n})"
RATIONALE = "Structurele onveiligheid, afspraken met het gezin nodig (onderbouwing {n})"
ASSESSMENT = "Het gaat beter, geen nieuwe incidenten gemeld (beoordeling {n})"
REPORTER_NAME = "Melder Jansen-{n}"


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="192.0.2.10")


@dataclass
class Family:
    household: object
    persons: list
    report: Report
    case: object = None
    bsns: list = field(default_factory=list)


def family(n: int, vt, team, *, received: datetime, kinds=("kindermishandeling",),
           reporter_role="onderwijs", outcome="vervolgstappen_vt", with_case=True,
           child_born: date | None = None) -> Family:
    """A household of three (parent with a BSN, partner, child) with one report received at
    ``received``; with a case (decision, a phase change to stable safety after 40 days, and a
    monitoring moment with 25 incidents) unless ``with_case`` is False."""
    household = f.HouseholdFactory()
    bsn = f.test_bsn()
    parent = f.person_in(household, "parent", bsn=bsn, date_of_birth=date(1985, 3, 17))
    partner = f.person_in(household, "partner", date_of_birth=date(1983, 11, 2))
    child = f.person_in(household, "child", date_of_birth=child_born or date(2016, 6, 9))
    staff = f.membership(Role.VT_INTAKE, vt).user
    report = Report.objects.create(
        reference=f"M-TEST-{household.pk}", received_at=received, channel="phone", organisation=vt,
        household=household, municipality=household.municipality, violence_types=list(kinds),
        account=ACCOUNT.format(n=n), assessment_due_at=received + timedelta(days=7),
        is_synthetic=True)
    Reporter.objects.create(report=report, is_professional=reporter_role != "niet_beroepsmatig",
                            role=reporter_role, name=REPORTER_NAME.format(n=n),
                            phone="0612345678", email=f"melder{n}@example.test")
    for person, role in ((parent, "victim"), (partner, "suspect"), (child, "child")):
        ReportPerson.objects.create(report=report, person=person, role=role)
    case = None
    if with_case:
        case = f.case_for(household, vt, team, responsible=vt)
        Decision.objects.create(report=report, kind="conditions", rationale=RATIONALE.format(n=n),
                                assessment_outcome=outcome, case=case, decided_by=staff)
        PhaseChange.objects.create(case=case, from_phase="direct_safety", to_phase="stable_safety",
                                   reason=f"Stabiel (reden {n})", decided_by=staff, organisation=vt,
                                   decided_at=received + timedelta(days=40))
        MonitoringMoment.objects.create(case=case, planned_on=received.date() + timedelta(days=90),
                                        held_on=received.date() + timedelta(days=91),
                                        incidents_since_last=25, assessment=ASSESSMENT.format(n=n))
    return Family(household, [parent, partner, child], report, case, [bsn])


def received_on(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


ALL_VARIABLES = ["municipality", "half_year", "report_month", "violence_types",
                 "reporter_category", "assessment_outcome", "age_band", "person_role",
                 "phase_reached", "days_to_stable_safety", "monitoring_incidents",
                 "recurrence_18m"]


def study_data(**overrides) -> services.StudyData:
    today = timezone.localdate()
    values = {
        "title": "Cohort Hart van Brabant (test)",
        "purpose": "Stopt het geweld na een melding? Metingen bij de melding, +12 en +18 maanden.",
        "variables": list(ALL_VARIABLES),
        "period_from": date(2024, 1, 1), "period_to": today,
        "ends_on": today + timedelta(days=365),
    }
    values.update(overrides)
    return services.StudyData(**values)


def approved_study(analyst_actor, officer_actor, **overrides):
    study = services.register_study(analyst_actor, study_data(**overrides))
    return services.approve_study(officer_actor, study)
