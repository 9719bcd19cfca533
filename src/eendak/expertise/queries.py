"""The Expertisecentrum's read models: what its pages and API show, built once.

The competency record is *derived*, never typed: a worker holds a competency while a course that
builds it was attended and its certificate has not expired (``Course.validity_months``). A worker
meets the standard of "Werken aan Veiligheid" when they hold every required, active competency.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.exports import COUNT, DATE, NUMBER, SHARE, Column
from eendak.core.models import Membership, Organisation
from eendak.core.permissions import allowed, refusal, subject_of
from eendak.core.roles import OrganisationType
from eendak.core.workdays import add_months

from .models import (
    AwarenessEvent,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    Enrolment,
    Evaluation,
    Expert,
    ExpertRequest,
    Question,
    Session,
)
from .permissions import LOCAL_TEAM_ROLES
from .workflow import (
    Audience,
    EnrolmentStatus,
    EventStatus,
    ExpertRequestStatus,
    ExpertTheme,
    MeetingTopic,
    QuestionStatus,
    SessionStatus,
)

# --- The course catalogue -----------------------------------------------------------------------------


def courses() -> list[Course]:
    """The catalogue as its page lists it: every course by title, with its competencies (by code),
    its number of sessions and its audiences' labels (``audience_labels``)."""
    found = list(Course.objects.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code")))
        .annotate(session_count=Count("sessions")).order_by("title"))
    labels = dict(Audience.choices)
    for course in found:
        course.audience_labels = [labels[a] for a in course.audiences if a in labels]
    return found


@exports.source("expertise.manage_trainings")
def courses_table(user) -> exports.Table:
    """"Trainingscatalogus" as a file: every course as the page lists it (``courses``). No names."""
    yes, no = _("ja"), _("nee")
    return exports.Table(
        title=_("Trainingscatalogus"), name="trainingscatalogus",
        columns=[Column("title", _("Training")), Column("active", _("Actief")),
                 Column("audiences", _("Doelgroepen")), Column("competencies", _("Competenties")),
                 Column("hours", _("Duur (uur)"), NUMBER,
                        lambda value: f"{value:g}".replace(".", ",")),
                 Column("validity", _("Geldigheid (maanden)"), COUNT),
                 Column("sessions", _("Bijeenkomsten"), COUNT)],
        rows=[[c.title, yes if c.is_active else no, ", ".join(map(str, c.audience_labels)),
               ", ".join(f"{k.code} {k.title}" for k in c.competencies.all()),
               float(c.duration_hours), c.validity_months or _("verloopt niet"), c.session_count]
              for c in courses()])


def open_sessions() -> QuerySet:
    """Published sessions still to come, with their places taken (the public list and the staff's)."""
    return (Session.objects.filter(status=SessionStatus.PUBLISHED, starts_at__gt=timezone.now())
            .select_related("course")
            .annotate(taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
                      waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)))
            .order_by("starts_at", "pk"))


def sessions(*, status: str = "") -> QuerySet:
    """Every session, drafts and past ones included, with its places taken and its waiting list:
    the Expertisecentrum's own list (the API's for its staff), the latest first."""
    qs = Session.objects.all()
    if status:
        qs = qs.filter(status=status)
    return (qs.select_related("course")
            .annotate(taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
                      waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)))
            .order_by("-starts_at", "-pk"))


PAST_SESSIONS = 25  # the held and cancelled sessions the list shows, latest first


def session_lists(now=None) -> dict[str, list]:
    """The sessions page's three lists: coming (prepared and published), running (published and
    begun: to be marked held) and the latest past ones; each first one first, past latest first."""
    now = now or timezone.now()
    ordered = sessions().order_by("starts_at", "pk")
    return {
        "coming": list(ordered.filter(status__in=[SessionStatus.DRAFT, SessionStatus.PUBLISHED],
                                      starts_at__gt=now)),
        "running": list(ordered.filter(status=SessionStatus.PUBLISHED, starts_at__lte=now)),
        "past": list(ordered.filter(status__in=[SessionStatus.HELD, SessionStatus.CANCELLED])
                     .order_by("-starts_at", "-pk")[:PAST_SESSIONS]),
    }


@exports.source("expertise.manage_trainings")
def sessions_table(user) -> exports.Table:
    """"Bijeenkomsten" as a file: the page's three lists (``session_lists``) one after the other;
    places taken and waiting as counts, no names (the enrolments are each session's own page)."""
    lists = session_lists()
    return exports.Table(
        title=_("Bijeenkomsten"), name="bijeenkomsten",
        columns=[Column("starts_at", _("Datum en tijd"), DATE), Column("course", _("Training")),
                 Column("place", _("Plaats")), Column("status", _("Status")),
                 Column("taken", _("Ingeschreven"), COUNT), Column("capacity", _("Plaatsen"), COUNT),
                 Column("waiting", _("Wachtlijst"), COUNT)],
        rows=[[s.starts_at, s.course.title, s.place, s.get_status_display(), s.taken, s.capacity,
               s.waiting] for key in ("coming", "running", "past") for s in lists[key]])


def open_questions() -> QuerySet:
    """The Expertisecentrum's open questions, the longest waiting first."""
    return Question.objects.filter(status=QuestionStatus.OPEN).order_by("received_at", "pk")


def handled_questions() -> QuerySet:
    """The questions answered or referred, the latest received first."""
    return Question.objects.exclude(status=QuestionStatus.OPEN).order_by("-received_at", "-pk")


def _question_rows(questions):
    for q in questions:
        asker = q.get_asker_type_display()
        status = q.get_status_display()
        yield [q.reference, q.received_at, q.get_topic_display(),
               f"{asker} ({_('anoniem')})" if q.anonymous else asker,
               f"{status} ({q.referred_reference})" if q.referred_reference else status,
               q.answered_at]


@exports.source("expertise.view_questions")
def questions_table(user) -> exports.Table:
    """"Vragen" as a file: the open questions, then every handled one (all pages), as the page
    lists them (``open_questions``, ``handled_questions``). A question's contact details are not
    in the list, and its asker is no person of a case: the log names no one."""
    opened, handled = open_questions(), handled_questions()
    return exports.Table(
        title=_("Vragen aan het Expertisecentrum"), name="vragen-expertisecentrum",
        columns=[Column("reference", _("Kenmerk")), Column("received_at", _("Ontvangen"), DATE),
                 Column("topic", _("Onderwerp")), Column("asker", _("Vraagsteller")),
                 Column("status", _("Status")), Column("answered_at", _("Beantwoord op"), DATE)],
        rows=_question_rows(chain(opened.iterator(chunk_size=500),
                                  handled.iterator(chunk_size=500))),
        count=opened.count() + handled.count())


# --- Experience experts: the pool and the requests ---------------------------------------------------


def experts() -> list[Expert]:
    """The pool as its page lists it: the active first, by pseudonym, with the number of times each
    was deployed (requests done) and the labels of their themes (``theme_labels``)."""
    found = list(Expert.objects.annotate(
        deployments=Count("requests", filter=Q(requests__status=ExpertRequestStatus.DONE)))
        .order_by("-is_active", "pseudonym"))
    labels = dict(ExpertTheme.choices)
    for expert in found:
        expert.theme_labels = [labels[v] for v in expert.themes or [] if v in labels]
    return found


@exports.source("expertise.view_experts")
def experts_table(user) -> exports.Table:
    """"Pool van ervaringsdeskundigen" as a file, as the page lists it (``experts``): pseudonyms
    only, as everywhere in Eendak; no person of a case."""
    yes, no = _("ja"), _("nee")
    return exports.Table(
        title=_("Pool van ervaringsdeskundigen"), name="ervaringsdeskundigen",
        columns=[Column("pseudonym", _("Schuilnaam")), Column("active", _("Actief")),
                 Column("themes", _("Thema's")), Column("languages", _("Talen")),
                 Column("availability", _("Beschikbaarheid")), Column("aftercare", _("Nazorg")),
                 Column("deployments", _("Inzetten"), COUNT)],
        rows=[[e.pseudonym, yes if e.is_active else no, ", ".join(map(str, e.theme_labels)),
               ", ".join(e.languages), e.availability, e.aftercare, e.deployments]
              for e in experts()])


OPEN_REQUESTS = [ExpertRequestStatus.REQUESTED, ExpertRequestStatus.MATCHED,
                 ExpertRequestStatus.SCHEDULED]


def _expert_requests() -> QuerySet:
    return ExpertRequest.objects.select_related("expert", "requested_by_organisation")


def open_expert_requests() -> QuerySet:
    """Requests to match, to schedule and to debrief, the soonest wanted first."""
    return _expert_requests().filter(status__in=OPEN_REQUESTS).order_by("wanted_on", "pk")


def handled_expert_requests() -> QuerySet:
    """Requests done or cancelled, the latest wanted first."""
    return _expert_requests().exclude(status__in=OPEN_REQUESTS).order_by("-wanted_on", "-pk")


def _request_rows(requests):
    for r in requests:
        yield [r.wanted_on, r.get_purpose_display(), r.requester,
               r.requested_by_organisation.name if r.requested_by_organisation else "",
               r.language, r.get_status_display(), r.scheduled_at,
               r.expert.pseudonym if r.expert else ""]


@exports.source("expertise.view_experts")
def expert_requests_table(user) -> exports.Table:
    """"Aanvragen voor een ervaringsdeskundige" as a file: the open requests, then every handled
    one (all pages), as the page lists them. The requester is a contact, not a person of a case."""
    opened, handled = open_expert_requests(), handled_expert_requests()
    return exports.Table(
        title=_("Aanvragen voor een ervaringsdeskundige"), name="aanvragen-ervaringsdeskundigen",
        columns=[Column("wanted_on", _("Gewenste datum"), DATE), Column("purpose", _("Waarvoor")),
                 Column("requester", _("Aanvrager")), Column("organisation", _("Organisatie")),
                 Column("language", _("Taal")), Column("status", _("Status")),
                 Column("scheduled_at", _("Ingepland op"), DATE),
                 Column("expert", _("Ervaringsdeskundige"))],
        rows=_request_rows(chain(opened.iterator(chunk_size=500),
                                 handled.iterator(chunk_size=500))),
        count=opened.count() + handled.count())


def public_events() -> QuerySet:
    return (AwarenessEvent.objects.filter(is_public=True, status=EventStatus.PLANNED,
                                          starts_at__gt=timezone.now())
            .select_related("campaign").annotate(registered=Count("registrations"))
            .order_by("starts_at", "pk"))


# --- The competency record ------------------------------------------------------------------------


@dataclass
class Holding:
    competency: Competency
    valid_until: date | None  # None: does not expire
    course_title: str


@dataclass
class Record:
    user_id: int
    name: str
    team_id: int | None
    holdings: dict[int, Holding] = field(default_factory=dict)  # competency id -> best holding
    missing: list[Competency] = field(default_factory=list)

    @property
    def meets_standard(self) -> bool:
        return not self.missing


def required_competencies() -> list[Competency]:
    return list(Competency.objects.filter(required=True, is_active=True)
                .select_related("standard").order_by("standard__order", "code"))


def _holdings_by_user(user_ids, today: date) -> dict[int, dict[int, Holding]]:
    attended = (Enrolment.objects.filter(user_id__in=user_ids, attended=True,
                                         session__status=SessionStatus.HELD)
                .select_related("session__course")
                .prefetch_related(Prefetch("session__course__competencies",
                                           queryset=Competency.objects.filter(is_active=True))))
    result: dict[int, dict[int, Holding]] = defaultdict(dict)
    for enrolment in attended:
        course = enrolment.session.course
        done = timezone.localtime(enrolment.session.ends_at).date()
        until = (add_months(done, course.validity_months)
                 if course.validity_months else None)
        if until is not None and until < today:
            continue  # expired
        for competency in course.competencies.all():
            best = result[enrolment.user_id].get(competency.pk)
            if best is None or (best.valid_until is not None
                                and (until is None or until > best.valid_until)):
                result[enrolment.user_id][competency.pk] = Holding(competency, until, course.title)
    return result


def records(memberships, *, today: date | None = None) -> list[Record]:
    """The competency record of each worker behind these memberships (one per user)."""
    today = today or timezone.localdate()
    required = required_competencies()
    people = {}
    for membership in memberships:
        people.setdefault(membership.user_id, (membership.user, membership.organisation_id))
    holdings = _holdings_by_user(list(people), today)
    result = []
    for user_id, (user, team_id) in people.items():
        held = holdings.get(user_id, {})
        result.append(Record(user_id=user_id, name=user.get_full_name() or user.get_username(),
                             team_id=team_id, holdings=held,
                             missing=[c for c in required if c.pk not in held]))
    result.sort(key=lambda r: r.name)
    return result


def team_memberships(team_ids=None) -> QuerySet:
    qs = Membership.objects.filter(role__in=LOCAL_TEAM_ROLES, is_active=True,
                                   user__is_active=True,
                                   organisation__type=OrganisationType.LOCAL_TEAM)
    if team_ids is not None:
        qs = qs.filter(organisation_id__in=team_ids)
    return qs.select_related("user", "organisation")


def own_record(user, *, today: date | None = None) -> Record | None:
    found = records(team_memberships().filter(user=user), today=today)
    return found[0] if found else None


@dataclass
class TeamShare:
    team: Organisation
    workers: int
    meeting: int
    missing: list[tuple[Competency, int]]  # competency, number of workers lacking it

    @property
    def share(self) -> int | None:
        return round(100 * self.meeting / self.workers) if self.workers else None


def team_shares(*, municipality_id=None, today: date | None = None) -> list[TeamShare]:
    """Per local team: how many workers meet the standard, and which competencies are missing how
    often — the view a municipality needs to direct its teams. No names."""
    teams = Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM, is_active=True)
    if municipality_id:
        teams = teams.filter(municipality_id=municipality_id)
    teams = list(teams.select_related("municipality").order_by("name"))
    by_team: dict[int, list[Record]] = defaultdict(list)
    for record in records(team_memberships([t.pk for t in teams]), today=today):
        by_team[record.team_id].append(record)
    result = []
    for team in teams:
        team_records = by_team.get(team.pk, [])
        lacking = Counter(c for r in team_records for c in r.missing)
        result.append(TeamShare(team=team, workers=len(team_records),
                                 meeting=sum(1 for r in team_records if r.meets_standard),
                                 missing=sorted(lacking.items(), key=lambda p: (-p[1], p[0].code))))
    return result


# --- Dialogue meetings: the yearly overview ---------------------------------------------------------


@dataclass
class DialogueYear:
    year: int
    meetings: int
    participants: int
    by_setting: dict
    by_language: dict
    by_topic: dict
    signals: int
    leaders_active: int


def dialogue_overview(year: int) -> DialogueYear:
    meetings = list(DialogueMeeting.objects.filter(held_on__year=year)
                    .annotate(signal_count=Count("signals")))
    by_topic = Counter(t for m in meetings for t in m.topics)
    return DialogueYear(
        year=year, meetings=len(meetings),
        participants=sum(m.participants for m in meetings),
        by_setting=dict(Counter(m.get_setting_display() for m in meetings)),
        by_language=dict(Counter(m.language for m in meetings)),
        by_topic=dict(by_topic), signals=sum(m.signal_count for m in meetings),
        leaders_active=len({m.leader_id for m in meetings}),
    )


def awareness_calendar(year: int) -> QuerySet:
    """The awareness page's calendar: the year's events by date, with their campaign and the
    number registered."""
    return (AwarenessEvent.objects.filter(starts_at__year=year).select_related("campaign")
            .annotate(registered=Count("registrations")).order_by("starts_at", "pk"))


@exports.source("expertise.view_work")
def awareness_calendar_table(user, *, year: int) -> exports.Table:
    """"Kalender <jaar>" of the awareness page as a file (``awareness_calendar``): counts of those
    registered, never their names (the registrations are each event's own page)."""
    yes, no = _("ja"), _("nee")
    return exports.Table(
        title=_("Kalender %(year)s") % {"year": year}, name=f"bewustwording-kalender-{year}",
        detail=f"jaar={year}",
        columns=[Column("starts_at", _("Datum en tijd"), DATE), Column("title", _("Bijeenkomst")),
                 Column("campaign", _("Campagne")), Column("public", _("Openbaar")),
                 Column("kind", _("Soort")), Column("place", _("Plaats")),
                 Column("registered", _("Aanmeldingen"), COUNT),
                 Column("capacity", _("Plaatsen"), COUNT), Column("status", _("Status")),
                 Column("reach", _("Bereik"), COUNT)],
        rows=[[e.starts_at, e.title, e.campaign.title if e.campaign else "",
               yes if e.is_public else no, e.get_kind_display(), e.place, e.registered,
               e.capacity, e.get_status_display(), e.reach] for e in awareness_calendar(year)])


def awareness_reach(year: int) -> int:
    return AwarenessEvent.objects.filter(status=EventStatus.HELD, starts_at__year=year).aggregate(
        total=Sum("reach"))["total"] or 0


# --- For the Expertisecentrum's screens ---------------------------------------------------------------


@dataclass
class SessionEvaluations:
    session: Session
    count: int
    score: float | None
    useful: float | None
    comments: list[str]


def evaluation_summary(*, session_ids=None, year: int | None = None) -> list[SessionEvaluations]:
    """Per held session (of ``year``, or these ``session_ids``): how many evaluated, the average
    score and usefulness, and the comments — without the names of who wrote them. Two queries
    however many sessions."""
    sessions = (Session.objects.filter(status=SessionStatus.HELD).select_related("course")
                .annotate(evaluations=Count("enrolments__evaluation"),
                          score=Avg("enrolments__evaluation__score"),
                          useful=Avg("enrolments__evaluation__useful_for_work"))
                .order_by("-starts_at", "-pk"))
    if session_ids is not None:
        sessions = sessions.filter(pk__in=session_ids)
    if year is not None:
        sessions = sessions.filter(starts_at__year=year)
    sessions = list(sessions)
    comments: dict[int, list[str]] = defaultdict(list)
    for session_id, comment in (Evaluation.objects
                                .filter(enrolment__session__in=[s.pk for s in sessions])
                                .exclude(comment="").order_by("submitted_at", "pk")
                                .values_list("enrolment__session_id", "comment")):
        comments[session_id].append(comment)
    return [SessionEvaluations(session=s, count=s.evaluations, score=s.score, useful=s.useful,
                               comments=comments.get(s.pk, [])) for s in sessions]


@dataclass
class MunicipalityShare:
    municipality: object
    teams: int
    workers: int
    meeting: int
    missing: list[tuple[Competency, int]]

    @property
    def share(self) -> int | None:
        return round(100 * self.meeting / self.workers) if self.workers else None


def municipality_shares(shares: list[TeamShare]) -> list[MunicipalityShare]:
    """The teams' shares added up per municipality (no queries: from ``team_shares``)."""
    grouped: dict[int, list[TeamShare]] = defaultdict(list)
    municipalities = {}
    for share in shares:
        municipality = share.team.municipality
        key = municipality.pk if municipality else 0
        municipalities[key] = municipality
        grouped[key].append(share)
    result = []
    for key, team_list in grouped.items():
        lacking = Counter()
        for share in team_list:
            for competency, n in share.missing:
                lacking[competency] += n
        result.append(MunicipalityShare(
            municipality=municipalities[key], teams=len(team_list),
            workers=sum(s.workers for s in team_list), meeting=sum(s.meeting for s in team_list),
            missing=sorted(lacking.items(), key=lambda p: (-p[1], p[0].code))))
    result.sort(key=lambda m: m.municipality.name if m.municipality else "")
    return result


def awareness_reach_by_year() -> list[tuple[int, int, int]]:
    """(year, events held, people reached), latest year first: one query."""
    rows = (AwarenessEvent.objects.filter(status=EventStatus.HELD)
            .annotate(year=ExtractYear("starts_at")).values("year")
            .annotate(events=Count("pk"), reach=Sum("reach")).order_by("-year"))
    return [(row["year"], row["events"], row["reach"] or 0) for row in rows]


def _missing_text(missing) -> str:
    return ", ".join(f"{competency.code} {competency.title}: {n}" for competency, n in missing)


@exports.source("expertise.view_competency_shares")
def team_shares_table(user, *, municipality_id: int | None = None) -> exports.Table:
    """"Werken aan Veiligheid: aandeel per team" as a file: per local team (of the municipality
    chosen on the page, or all), as the page shows it (``team_shares``). No names."""
    return exports.Table(
        title=_("Werken aan Veiligheid: aandeel per team"), name="competenties-per-team",
        detail=f"gemeente={municipality_id}" if municipality_id else "",
        columns=[Column("team", _("Team")), Column("municipality", _("Gemeente")),
                 Column("workers", _("Medewerkers"), COUNT), Column("meeting", _("Voldoen"), COUNT),
                 Column("share", _("Aandeel"), SHARE),
                 Column("missing", _("Ontbreekt (aantal medewerkers)"))],
        rows=[[s.team.name, s.team.municipality.name if s.team.municipality else "", s.workers,
               s.meeting, s.share, _missing_text(s.missing)]
              for s in team_shares(municipality_id=municipality_id)])


@exports.source("expertise.view_competency_shares")
def municipality_shares_table(user, *, municipality_id: int | None = None) -> exports.Table:
    """The same page's table per municipality (``municipality_shares``) as a file. No names."""
    shares = municipality_shares(team_shares(municipality_id=municipality_id))
    return exports.Table(
        title=_("Werken aan Veiligheid: aandeel per gemeente"), name="competenties-per-gemeente",
        detail=f"gemeente={municipality_id}" if municipality_id else "",
        columns=[Column("municipality", _("Gemeente")), Column("teams", _("Teams"), COUNT),
                 Column("workers", _("Medewerkers"), COUNT), Column("meeting", _("Voldoen"), COUNT),
                 Column("share", _("Aandeel"), SHARE),
                 Column("missing", _("Ontbreekt (aantal medewerkers)"))],
        rows=[[m.municipality.name if m.municipality else "", m.teams, m.workers, m.meeting,
               m.share, _missing_text(m.missing)] for m in shares])


def dialogue_leaders(year: int) -> QuerySet:
    """The dialogue page's leaders, the active first, by name, with their meetings in ``year``."""
    return (DialogueLeader.objects.annotate(
        meeting_count=Count("meetings", filter=Q(meetings__held_on__year=year)))
        .order_by("-is_active", "name"))


@exports.source("expertise.view_dialogue")
def dialogue_leaders_table(user, *, year: int) -> exports.Table:
    """The dialogue leaders as a file (``dialogue_leaders``): volunteers the centre trained, no
    person of a case."""
    yes, no = _("ja"), _("nee")
    return exports.Table(
        title=_("Dialoogleiders"), name=f"dialoogleiders-{year}", detail=f"jaar={year}",
        columns=[Column("name", _("Naam")), Column("active", _("Actief")),
                 Column("community", _("Gemeenschap")), Column("languages", _("Talen")),
                 Column("trained_on", _("Getraind"), DATE), Column("trained_by", _("Getraind door")),
                 Column("meetings", _("Bijeenkomsten %(year)s") % {"year": year}, COUNT)],
        rows=[[leader.name, yes if leader.is_active else no, leader.get_community_display(),
               ", ".join(leader.languages), leader.trained_on, leader.trained_by,
               leader.meeting_count] for leader in dialogue_leaders(year)])


def dialogue_meetings(year: int) -> QuerySet:
    """The year's dialogue meetings as the page lists them, the latest first, with their leader
    and number of signals. Never the participants' names (none are stored)."""
    return (DialogueMeeting.objects.filter(held_on__year=year).select_related("leader")
            .annotate(signal_count=Count("signals")).order_by("-held_on", "-pk"))


@exports.source("expertise.view_dialogue")
def dialogue_meetings_table(user, *, year: int) -> exports.Table:
    """"Dialoogbijeenkomsten <jaar>" as a file (``dialogue_meetings``), with the topics."""
    topics = dict(MeetingTopic.choices)
    return exports.Table(
        title=_("Dialoogbijeenkomsten %(year)s") % {"year": year},
        name=f"dialoogbijeenkomsten-{year}", detail=f"jaar={year}",
        columns=[Column("held_on", _("Datum"), DATE), Column("setting", _("Setting")),
                 Column("leader", _("Dialoogleider")), Column("partner", _("Partner")),
                 Column("language", _("Taal")), Column("participants", _("Deelnemers"), COUNT),
                 Column("topics", _("Onderwerpen")), Column("signals", _("Signalen"), COUNT)],
        rows=[[m.held_on, m.get_setting_display(), m.leader.name, m.partner, m.language,
               m.participants, ", ".join(str(topics.get(t, t)) for t in m.topics),
               m.signal_count] for m in dialogue_meetings(year)])


# --- A team's competency record, by name ------------------------------------------------------------


def teams_to_choose(user) -> list[Organisation]:
    """The teams the page offers to choose from: every active local team for the centre; none for a
    coordinator (who sees their own team)."""
    if not allowed(user, "expertise.view_work"):
        return []
    return list(Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM, is_active=True)
                .order_by("name"))


def chosen_team(user, raw: str, teams: list[Organisation]) -> Organisation | None:
    """The team the page shows: the one chosen (the first by default) for the centre, one's own for
    a coordinator; refused (the logged 404 of ``expertise.view_team_competencies``) otherwise."""
    if allowed(user, "expertise.view_work"):
        team = next((t for t in teams if raw.isdigit() and t.pk == int(raw)),
                    teams[0] if teams else None)
    else:
        team = subject_of(user).membership.organisation
    if team is not None and not allowed(user, "expertise.view_team_competencies", team):
        raise refusal("expertise.view_team_competencies", ("core.organisation", str(team.pk)))
    return team


@exports.source("expertise.view_team_competencies")
def team_competencies_table(user, *, team: str = "") -> exports.Table:
    """"Competenties van <team>" as a file: per worker the required competencies held (until
    when) or missing, as the page shows them (``records`` of ``chosen_team``). It names workers —
    professionals, no person of a case — so the log names no person; the detail names the team."""
    found = chosen_team(user, team, teams_to_choose(user))
    required = required_competencies()
    team_records = records(team_memberships([found.pk])) if found else []
    missing, meets, misses = _("ontbreekt"), _("voldoet"), _("voldoet niet")

    def held(holding):
        if holding is None:
            return missing
        return holding.valid_until.strftime("%d-%m-%Y") if holding.valid_until else _("ja")

    return exports.Table(
        title=(_("Competenties van %(team)s") % {"team": found.name} if found
               else _("Competenties per team")),
        name=f"competenties-{found.name}" if found else "competenties-per-team",
        detail=f"team={found.name}" if found else "",
        columns=[Column("worker", _("Medewerker")),
                 *[Column(f"c{c.pk}", f"{c.code} {c.title}") for c in required],
                 Column("standard", _("Standaard"))],
        rows=[[r.name, *[held(r.holdings.get(c.pk)) for c in required],
               meets if r.meets_standard else misses] for r in team_records])
