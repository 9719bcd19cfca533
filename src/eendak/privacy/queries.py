"""Reading the access log: the filters the log administrator's search and the privacy officer's
reports use, shared by the screens and the API so both answer the same question the same way."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.audit.models import AccessLogEntry, EmergencyAccess
from eendak.core.roles import Role

from .models import DataSubjectRequest, EmergencyReview, ReviewOutcome
from .workflow import OPEN_STATES, RequestKind, RequestState


@dataclass
class LogFilter:
    username: str = ""
    organisation_id: int | None = None
    person_id: int | None = None
    event: str = ""
    action: str = ""
    outcome: str = ""
    emergency_only: bool = False
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        """A short text of the criteria, for the access-log entry that records the search itself."""
        parts = [f"{k}={v}" for k, v in vars(self).items() if v not in (None, "", False)]
        return "; ".join(parts)[:255]


# The log starts long after this and will end long before that: searching "from the year 1" means
# "from the beginning", and clamping keeps the database's date arithmetic in range.
SEARCH_FLOOR = date(1900, 1, 1)
SEARCH_CEILING = date(2999, 12, 30)


def _day_start(day: date) -> datetime:
    day = min(max(day, SEARCH_FLOOR), SEARCH_CEILING)
    return timezone.make_aware(datetime.combine(day, time.min))


def search_entries(criteria: LogFilter) -> QuerySet:
    qs = AccessLogEntry.objects.all()
    if criteria.username:
        qs = qs.filter(username__iexact=criteria.username.strip())
    if criteria.organisation_id:
        qs = qs.filter(organisation_id=criteria.organisation_id)
    if criteria.person_id:
        qs = qs.filter(subjects__person_id=criteria.person_id)
    if criteria.event:
        qs = qs.filter(event__startswith=criteria.event.strip())
    if criteria.action:
        qs = qs.filter(action=criteria.action)
    if criteria.outcome:
        qs = qs.filter(outcome=criteria.outcome)
    if criteria.emergency_only:
        qs = qs.filter(emergency=True)
    if criteria.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(criteria.date_from))
    if criteria.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(criteria.date_to) + timezone.timedelta(days=1))
    return qs.order_by("-id").select_related("link").prefetch_related("subjects")


# What an event means in words a client understands: the person access report and the inzage file
# are written for them (NEN 7513).
EVENT_LABELS = {
    "household.list": "Naam getoond in een lijst van dossiers",
    "household.read": "Dossier van het huishouden ingezien",
    "person.read": "Persoonsgegevens ingezien",
    "person.search": "Gevonden bij zoeken",
    "person.bsn_revealed": "BSN getoond",
    "person.corrected": "Persoonsgegevens gecorrigeerd op uw verzoek",
    "person.access_lookup": "Inzageverzoek: persoon opgezocht",
    "person.access_report": "Inzageoverzicht bekeken",
    "person.access_report.printed": "Inzageoverzicht afgedrukt",
    "emergency_access.granted": "Noodtoegang verleend",
    "emergency_access.reviewed": "Noodtoegang beoordeeld",
    "access_log.search": "Toegangslog doorzocht",
    "rights_request.registered": "Uw verzoek geregistreerd",
    "rights_request.read": "Uw verzoek bekeken",
    "rights_request.list": "Uw verzoek getoond in een lijst",
    "access_file.built": "Inzagebestand voor u gemaakt",
    "access_file.downloaded": "Inzagebestand voor u gedownload",
    "case.read": "Casusdossier ingezien",
    "case.journal_read": "Journaal van het casusdossier ingezien",
    "case.plan_printed": "Plan afgedrukt",
    "case.own_statement": "Uw eigen verklaring toegevoegd",
}


def role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code


def label_entries(entries) -> list:
    """Entries with the words the tables show; the log keeps codes, the screen shows labels."""
    rows = []
    for entry in entries:
        entry.role_label = role_label(entry.role)
        entry.event_label = EVENT_LABELS.get(entry.event, entry.event)
        rows.append(entry)
    return rows


def access_history_rows(person_id: int) -> list:
    """The whole history of one person, labelled: the inzage file's who-looked list, the same rows
    as the privacy officer's report on the screen (one query)."""
    return label_entries(person_access_history(person_id))


def person_access_history(person_id: int) -> QuerySet:
    """Who accessed this person's data, in time order (oldest first), as a client may ask.

    Authentication events and the person's own searches that found nothing are not about them; only
    entries that name the person as concerned are returned.
    """
    return (
        AccessLogEntry.objects.filter(subjects__person_id=person_id)
        .exclude(action="A")
        .order_by("occurred_at", "id")
    )


# The review of a grant, as the report and "Mijn werk" name it (``?status=`` on the report, ``status``
# in the API). The deadline is data: the grant's moment plus EENDAK_EMERGENCY_REVIEW_DAYS.
class ReviewStatus:
    OPEN = "te_beoordelen"
    OVERDUE = "te_laat"
    JUSTIFIED = "gerechtvaardigd"
    NOT_JUSTIFIED = "niet_gerechtvaardigd"
    UNREVIEWED = "onbeoordeeld"  # a filter only: open or overdue

    LABELS = {
        OPEN: _("Te beoordelen"),
        OVERDUE: _("Te laat beoordeeld"),
        JUSTIFIED: _("Gerechtvaardigd"),
        NOT_JUSTIFIED: _("Niet gerechtvaardigd"),
    }
    FILTERS = {
        UNREVIEWED: _("Nog niet beoordeeld"),
        OVERDUE: _("Beoordeling te laat"),
        OPEN: _("Te beoordelen, nog binnen de termijn"),
        JUSTIFIED: _("Gerechtvaardigd"),
        NOT_JUSTIFIED: _("Niet gerechtvaardigd"),
    }


def review_days() -> int:
    return settings.EENDAK_EMERGENCY_REVIEW_DAYS


def review_deadline(grant) -> datetime:
    return grant.granted_at + timezone.timedelta(days=review_days())


def review_status(grant, now: datetime | None = None) -> str:
    """The grant's review status; ``grant.review`` should be selected with it (one query)."""
    try:
        review = grant.review
    except EmergencyReview.DoesNotExist:
        review = None
    if review is not None:
        return (ReviewStatus.JUSTIFIED if review.outcome == ReviewOutcome.JUSTIFIED
                else ReviewStatus.NOT_JUSTIFIED)
    return ReviewStatus.OVERDUE if review_deadline(grant) < (now or timezone.now()) else ReviewStatus.OPEN


def with_review_status(qs: QuerySet, status: str, now: datetime | None = None) -> QuerySet:
    """Grants of one review status, in the database: the deadline is compared there, not per row."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=review_days())
    if status == ReviewStatus.UNREVIEWED:
        return qs.filter(review__isnull=True)
    if status == ReviewStatus.OVERDUE:
        return qs.filter(review__isnull=True, granted_at__lt=cutoff)
    if status == ReviewStatus.OPEN:
        return qs.filter(review__isnull=True, granted_at__gte=cutoff)
    if status == ReviewStatus.JUSTIFIED:
        return qs.filter(review__outcome=ReviewOutcome.JUSTIFIED)
    if status == ReviewStatus.NOT_JUSTIFIED:
        return qs.filter(review__outcome=ReviewOutcome.NOT_JUSTIFIED)
    return qs


def emergency_accesses(since: date | None = None, status: str = "") -> QuerySet:
    qs = EmergencyAccess.objects.select_related(
        "user", "membership__organisation", "household", "review__reviewer")
    if since:
        qs = qs.filter(granted_at__gte=_day_start(since))
    if status:
        qs = with_review_status(qs, status)
    return qs.order_by("-granted_at")


def reviews_to_do(organisation_id) -> QuerySet:
    """The grants of one organisation still to be reviewed, the oldest (most overdue) first: what
    its privacy officer and log administrator see on "Mijn werk"."""
    return (EmergencyAccess.objects.filter(membership__organisation_id=organisation_id,
                                           review__isnull=True)
            .order_by("granted_at"))


# --- The data subject's requests ------------------------------------------------------------------------

# A deadline within this many days is "near" on the list and on "Mijn werk".
NEAR_DEADLINE_DAYS = 7


class RequestFilter:
    """``?status=`` on the list, ``status`` in the API: the deadline signal is computed from the
    stored deadline and today, in the database."""

    OPEN = "open"
    OVERDUE = "te_laat"
    NEAR = "bijna"
    DECIDED = "besloten"
    LABELS = {
        OPEN: _("Open"),
        OVERDUE: _("Termijn verstreken"),
        NEAR: _("Termijn binnen een week"),
        DECIDED: _("Besloten"),
    }


def rights_requests(organisation_id, *, status: str = "", kind: str = "",
                    today: date | None = None) -> QuerySet:
    """The requests received by one organisation, the nearest deadline first; the person and the
    handler joined in (one query per page)."""
    today = today or timezone.localdate()
    qs = (DataSubjectRequest.objects.filter(organisation_id=organisation_id)
          .select_related("person", "handler", "decided_by"))
    if kind:
        qs = qs.filter(kind=kind)
    if status == RequestFilter.OPEN:
        qs = qs.filter(state__in=OPEN_STATES)
    elif status == RequestFilter.OVERDUE:
        qs = qs.filter(state__in=OPEN_STATES, deadline__lt=today)
    elif status == RequestFilter.NEAR:
        qs = qs.filter(state__in=OPEN_STATES, deadline__gte=today,
                       deadline__lte=today + timezone.timedelta(days=NEAR_DEADLINE_DAYS))
    elif status == RequestFilter.DECIDED:
        qs = qs.exclude(state__in=OPEN_STATES)
    return qs.order_by("deadline", "id")


def deadline_signal(request, today: date | None = None) -> str:
    """"te_laat", "bijna" or "" for one request: what the list and the detail page show."""
    if request.state not in OPEN_STATES:
        return ""
    today = today or timezone.localdate()
    if request.deadline < today:
        return RequestFilter.OVERDUE
    if request.deadline <= today + timezone.timedelta(days=NEAR_DEADLINE_DAYS):
        return RequestFilter.NEAR
    return ""


def restricted_persons() -> QuerySet:
    """The ids of persons whose data are restricted (a granted restriction request, AVG art. 18) or
    who objected successfully (art. 21), as a lazy query: used as a subquery (the research export
    leaves them out without an extra query)."""
    return DataSubjectRequest.objects.filter(
        kind__in=[RequestKind.RESTRICTION, RequestKind.OBJECTION], state=RequestState.GRANTED,
        restriction_lifted_at__isnull=True).values("person_id")


def restricted_person_ids(person_ids=None) -> set[int]:
    """The same persons, as a set (of ``person_ids`` only, when given)."""
    qs = restricted_persons()
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    return set(qs.values_list("person_id", flat=True))
