"""Read-side helpers for the intake screens: the work queue, one report with all it shows, and what
is already known about the persons a search finds.

Nothing here changes data or writes the log; the views log what they show. Every queryset starts from
``intake.permissions`` (``visible_reports`` / ``visible_advice_requests``, the rules of
``intake.view_report`` / ``intake.view_advice_request``), so a screen can never list what its detail
page would refuse, and the screens and the API read the same records. Prefetch choices are written
next to the query: the queue and the report page cost a fixed number of queries, however many reports
or persons there are.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.cases.models import Case, Participation
from eendak.core import exports
from eendak.core.exports import Column
from eendak.core.workdays import working_days_between
from eendak.persons import matching
from eendak.persons.models import HouseholdMember, Person

from .categories import AdditionalViolenceInfo, ViolenceType
from .models import FeedbackTask, InformingTask, JointConversation, ReportPerson
from .permissions import visible_advice_requests, visible_reports
from .workflow import ReportStatus

QUEUE_STATES = (ReportStatus.RECEIVED, ReportStatus.ASSESSED)


def now() -> datetime:
    """The moment the screens compute deadline signals for; one seam for tests to freeze."""
    return timezone.now()


# --- Deadline signals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineSignal:
    """What the queue and the report page say about the assessment deadline.

    ``kind`` is one of overdue / acute / today / days / done; ``label`` is the Dutch text shown.
    """

    kind: str
    label: str
    working_days: int | None = None

    @property
    def badge_class(self) -> str:
        if self.kind in ("overdue", "acute", "today"):
            return "eendak-badge--danger"
        if self.kind == "done":
            return "eendak-badge--muted"
        return "eendak-badge--ok"


def deadline_signal(report, at: datetime | None = None) -> DeadlineSignal:
    """Overdue first, then acute, then due today (local date), else the working days left.

    The deadline is stored on the report (``assessment_due_at``), so this only compares dates: no
    calendar work per row beyond counting the working days to the due date.
    """
    if report.status not in QUEUE_STATES:
        return DeadlineSignal("done", _("Besluit genomen"))
    at = at or now()
    due = report.assessment_due_at
    if due < at:
        return DeadlineSignal("overdue", _("Te laat"))
    if report.is_acute:
        return DeadlineSignal("acute", _("Acuut"))
    today = timezone.localdate(at)
    due_day = timezone.localtime(due).date()
    if due_day == today:
        return DeadlineSignal("today", _("Vandaag"))
    days = working_days_between(today, due_day)
    label = ngettext("nog %(n)d werkdag", "nog %(n)d werkdagen", days) % {"n": days}
    return DeadlineSignal("days", label, days)


def labels(choices, values) -> list[str]:
    """Stored codes (CBS categories) to the words the screens show; unknown codes shown as they are."""
    names = dict(choices)
    return [str(names.get(value, value)) for value in values or []]


def violence_labels(values) -> list[str]:
    return labels(ViolenceType.choices, values)


def additional_info_labels(values) -> list[str]:
    return labels(AdditionalViolenceInfo.choices, values)


# --- The work queue -------------------------------------------------------------------------------


def work_queue(user, *, status: str = "", municipality=None, overdue_only: bool = False,
               at: datetime | None = None):
    """Reports waiting for an assessment or a decision, the nearest deadline first.

    Two queries per page whatever its length: the reports with their municipality (a join), and one
    prefetch of the persons' ids for the access-log entry. ``(status, assessment_due_at)`` is indexed.
    """
    states = [status] if status in QUEUE_STATES else list(QUEUE_STATES)
    qs = visible_reports(user).filter(status__in=states)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if overdue_only:
        qs = qs.filter(assessment_due_at__lt=at or now())
    person_links = ReportPerson.objects.only("id", "report_id", "person_id")
    return (
        qs.select_related("municipality")
        .prefetch_related(Prefetch("involved", queryset=person_links, to_attr="person_links"))
        .order_by("assessment_due_at", "received_at", "pk")
    )


def decorate_queue_rows(reports, at: datetime | None = None) -> list:
    """Add the signal and the words to each report of a page (no queries)."""
    at = at or now()
    rows = list(reports)
    for report in rows:
        report.signal = deadline_signal(report, at)
        report.violence_labels = violence_labels(report.violence_types)
    return rows


def person_ids_of(reports) -> list[int]:
    return sorted({link.person_id for report in reports for link in report.person_links})


def _queue_rows(reports, at):
    for report in reports:
        signal = deadline_signal(report, at)
        yield [str(signal.label), report.assessment_due_at, report.reference, report.received_at,
               report.get_channel_display(), report.municipality.name if report.municipality else "",
               ", ".join(str(label) for label in violence_labels(report.violence_types)),
               report.get_prior_involvement_display(), report.get_status_display()]


@exports.source("intake.view_report")
def queue_table(user, *, status: str = "", municipality_id: int | None = None,
                overdue_only: bool = False) -> exports.Table:
    """"Werkvoorraad meldingen" as a file: every page of the queue with the page's filter, on the
    same query (``work_queue``) and with the same words (``deadline_signal``, ``violence_labels``);
    the log names every person involved in the reports, as the page's read does."""
    at = now()
    qs = work_queue(user, status=status, municipality=municipality_id, overdue_only=overdue_only,
                    at=at)
    detail = " ".join(filter(None, [f"status={status}" if status else "",
                                    f"gemeente={municipality_id}" if municipality_id else "",
                                    "te-laat" if overdue_only else ""]))
    return exports.Table(
        title=_("Werkvoorraad meldingen"), name="werkvoorraad-meldingen", detail=detail,
        columns=[Column("signal", _("Termijn")), Column("due", _("Uiterlijk")),
                 Column("reference", _("Kenmerk")), Column("received", _("Ontvangen")),
                 Column("channel", _("Kanaal")), Column("municipality", _("Gemeente")),
                 Column("violence", _("Soorten geweld")),
                 Column("prior", _("Eerdere betrokkenheid")), Column("status", _("Status"))],
        rows=_queue_rows(qs.iterator(chunk_size=500), at), count=qs.count(),
        persons=ReportPerson.objects.filter(report__in=qs.values("pk")).values_list(
            "person_id", flat=True).distinct())


# --- One report, with everything its page shows -----------------------------------------------------


def report_for_page(user, pk):
    """The report if the user may see it, else ``None``; one query plus a handful of prefetches.

    One-to-one parts (reporter, assessment, decision with its case, investigation) ride along as
    joins; the lists (persons with their BSN record, instruments, conversations, tasks, findings,
    the case's current participants) are one prefetch each.
    """
    active = Participation.objects.filter(ended_at__isnull=True).select_related("organisation")
    involved = (ReportPerson.objects.select_related("person", "person__bsn")
                .order_by("role", "person__date_of_birth", "pk"))
    return (
        visible_reports(user)
        .filter(pk=pk)
        .select_related(
            "municipality", "household", "household__municipality", "reporter", "registered_by",
            "assessment", "assessment__assessed_by", "decision", "decision__case",
            "decision__handover_organisation", "decision__decided_by", "investigation",
        )
        .prefetch_related(
            Prefetch("involved", queryset=involved, to_attr="involved_list"),
            "instrument_results",
            Prefetch("joint_conversations", to_attr="conversations",
                     queryset=JointConversation.objects.select_related("local_team").order_by("pk")),
            Prefetch("feedback_tasks", to_attr="feedback_list",
                     queryset=FeedbackTask.objects.order_by("due_on", "pk")),
            Prefetch("informing_tasks", to_attr="informing_list",
                     queryset=InformingTask.objects.select_related("person").order_by("pk")),
            "investigation__findings",
            Prefetch("decision__case__participations",
                     queryset=active.order_by("organisation__name"), to_attr="active_participations"),
        )
        .first()
    )


def submitted_report(user, submission_key):
    """The report already stored under this form's one-time key, if any (a double submission)."""
    if not submission_key:
        return None
    return visible_reports(user).filter(submission_key=submission_key).first()


def one_to_one(obj, name: str):
    """A reverse one-to-one (``report.assessment``) or ``None`` when it does not exist yet."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


# --- Who is already known: candidates with their history -------------------------------------------


@dataclass
class KnownPerson:
    """A candidate of the person search with what Veilig Thuis already knows about them."""

    person: Person
    score: float | None = None
    reasons: list[str] = field(default_factory=list)
    reports: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    households: list = field(default_factory=list)


def find_known_persons(user, *, bsn: str = "", surname: str = "", given_names: str = "",
                       date_of_birth=None, limit: int = 20) -> list[KnownPerson]:
    """The tolerant person search (``persons.matching``) with each candidate's earlier reports and
    cases. For Veilig Thuis only: the caller asks ``persons.search_all`` and writes the log."""
    candidates = matching.find_candidates(bsn=bsn, surname=surname, given_names=given_names,
                                          date_of_birth=date_of_birth, limit=limit)
    known = [KnownPerson(c.person, c.score, list(c.reasons)) for c in candidates]
    attach_history(user, known)
    return known


def known_persons(user, person_ids) -> list[KnownPerson]:
    """Persons picked earlier in a form (by id), still active, with their history."""
    ids = [int(pk) for pk in person_ids]
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids, merged_into__isnull=True)
               .select_related("bsn", "municipality")}
    known = [KnownPerson(persons[pk]) for pk in ids if pk in persons]
    attach_history(user, known)
    return known


def attach_history(user, known: list[KnownPerson]) -> None:
    """Earlier reports (those of the user's own Veilig Thuis) and the households' cases.

    Three queries for any number of candidates: report links, household memberships, cases.
    """
    if not known:
        return
    ids = [k.person.pk for k in known]
    by_person = {k.person.pk: k for k in known}
    links = (ReportPerson.objects.filter(person_id__in=ids, report__in=visible_reports(user))
             .select_related("report", "report__decision").order_by("-report__received_at"))
    for link in links:
        by_person[link.person_id].reports.append(link)
    memberships = list(HouseholdMember.objects.filter(person_id__in=ids)
                       .select_related("household", "household__municipality"))
    cases_by_household: dict[int, list[Case]] = {}
    for case in (Case.objects.filter(household_id__in={m.household_id for m in memberships})
                 .select_related("responsible_organisation").order_by("-opened_at")):
        cases_by_household.setdefault(case.household_id, []).append(case)
    for membership in memberships:
        entry = by_person[membership.person_id]
        entry.households.append(membership)
        entry.cases.extend(cases_by_household.get(membership.household_id, []))


def advice_for_page(user, pk):
    """The advice request if the user may see it, else ``None`` (one query)."""
    return (visible_advice_requests(user).filter(pk=pk)
            .select_related("municipality", "converted_to", "handled_by").first())


def advice_queue(user, *, open_only: bool = False):
    qs = visible_advice_requests(user).select_related("municipality", "converted_to")
    if open_only:
        qs = qs.filter(Q(follow_up="") & Q(converted_to__isnull=True))
    return qs.order_by("-received_at", "-pk")


def _advice_rows(advices):
    for advice in advices:
        asker = advice.get_asker_type_display()
        yield [advice.reference, advice.received_at, advice.get_channel_display(),
               f"{asker} ({_('anoniem')})" if advice.anonymous else asker,
               advice.municipality.name if advice.municipality else "",
               ", ".join(str(label) for label in violence_labels(advice.violence_types)),
               advice.converted_to.reference if advice.converted_to
               else advice.get_follow_up_display()]


@exports.source("intake.view_advice_request")
def advice_table(user, *, open_only: bool = False) -> exports.Table:
    """"Adviesvragen" as a file: every page of ``advice_queue`` with the page's filter (open only
    or all), the page's columns. An advice request names no person of the family (the asker's
    contact details are not in the list), so the log names none."""
    qs = advice_queue(user, open_only=open_only)
    return exports.Table(
        title=_("Adviesvragen"), name="adviesvragen", detail="open" if open_only else "",
        columns=[Column("reference", _("Kenmerk")), Column("received", _("Ontvangen")),
                 Column("channel", _("Kanaal")), Column("asker", _("Vraagsteller")),
                 Column("municipality", _("Gemeente")), Column("violence", _("Soorten geweld")),
                 Column("follow_up", _("Vervolg"))],
        rows=_advice_rows(qs.iterator(chunk_size=500)), count=qs.count())
