"""The Expertisecentrum's screens: its work (trainings, advice questions, experience experts,
awareness, dialogue leaders), each local-team worker's competency record of "Werken aan
Veiligheid", the team's record for its coordinator, and the shares per team and municipality.

Thin on purpose, on the case file's pattern (``conferences.views`` is the closest example). What a
page shows comes from ``expertise.queries`` (with their query budgets) or one bounded queryset;
every change is one call to ``expertise.services`` (which requires its declared permission again
and logs through ``expertise.events``). A page that shows named people (enrolments, registrations,
a team's record, advice questions, the experts' pool, dialogue leaders) logs its read once per
request with ``events.read``; pages without names (the overview, the catalogue, the shares) are
marked ``STAFF``. Every screen asks its declared permission by name before it looks at the HTTP
method: an object that is not there or not for this user is the same logged 404 (``NotPermitted``,
answered by ``AccessPolicyMiddleware``). A ``RuleViolation`` comes back at its field, with
everything typed kept, and nothing changed.

Nothing here reaches a case, a household or a person in a case: an advice question about an unsafe
household is referred to Veilig Thuis and the page then shows only Veilig Thuis's reference.
"""

import functools
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality
from eendak.core.permissions import allowed, refusal, require

from . import events, pdf, queries, services
from . import forms as f
from .events import Event as E
from .models import (
    AwarenessEvent,
    Campaign,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    Enrolment,
    Expert,
    ExpertRequest,
    Question,
    Session,
    Standard,
)
from .workflow import (
    EnrolmentStatus,
    EventStatus,
    ExpertRequestStatus,
    ExpertTheme,
    MeetingTopic,
    QuestionStatus,
    SessionStatus,
)

PAGE_SIZE = 25
OPEN_ROWS = 50
PERSONAL, STAFF = ViewAccess.PERSONAL, ViewAccess.STAFF
T = gettext_lazy


# --- Finding the object of a URL and asking its permission ---------------------------------------------


def _course(pk):
    return Course.objects.filter(pk=pk).first()


def _session(pk):
    return Session.objects.select_related("course").filter(pk=pk).first()


def _enrolment(pk):
    return Enrolment.objects.select_related("session__course").filter(pk=pk).first()


def _question(pk):
    return Question.objects.filter(pk=pk).first()


def _expert(pk):
    return Expert.objects.filter(pk=pk).first()


def _request(pk):
    return (ExpertRequest.objects.select_related("expert", "requested_by_organisation")
            .filter(pk=pk).first())


def _campaign(pk):
    return Campaign.objects.filter(pk=pk).first()


def _event(pk):
    return AwarenessEvent.objects.select_related("campaign").filter(pk=pk).first()


def _leader(pk):
    return DialogueLeader.objects.filter(pk=pk).first()


def _meeting(pk):
    return DialogueMeeting.objects.select_related("leader").filter(pk=pk).first()


def _standard(pk):
    return Standard.objects.filter(pk=pk).first()


def _competency(pk):
    return Competency.objects.select_related("standard").filter(pk=pk).first()


_LABELS = {_course: "expertise.course", _session: "expertise.session",
           _enrolment: "expertise.enrolment", _question: "expertise.question",
           _expert: "expertise.expert", _request: "expertise.expertrequest",
           _campaign: "expertise.campaign", _event: "expertise.awarenessevent",
           _leader: "expertise.dialogueleader", _meeting: "expertise.dialoguemeeting",
           _standard: "expertise.standard", _competency: "expertise.competency"}


def screen(methods: list[str], rule: str | Callable, find: Callable | None = None, *,
           access: ViewAccess = PERSONAL):
    """A screen behind the declared permission ``rule`` (or ``rule(actor, obj)``, its name), asked
    before the HTTP method is looked at. With ``find``, the URL's one id is looked up first; an id
    that finds nothing is refused the same way as an object the rule refuses (a logged 404). The
    view gets the ``Actor`` (and the object). ``access``: ``PERSONAL`` where the page names people
    (and logs it), ``STAFF`` where it shows none."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, **kwargs):
            actor = Actor.from_request(request)
            if find is None:
                require(actor, rule)
                if request.method not in methods:
                    return HttpResponseNotAllowed(methods)
                return view(request, actor)
            (pk,) = kwargs.values()
            obj = find(pk)
            name = rule(actor, obj) if callable(rule) else rule
            if obj is None:
                raise refusal(name, (_LABELS[find], str(pk)))
            require(actor, name, obj)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor, obj)

        return view_access(access)(wrapper)

    return decorate


def _page(request, template: str, context: dict, *, status: int = 200):
    """Render with the centre's own menu for its staff."""
    context.setdefault("centre_menu", allowed(request.user, "expertise.view_work"))
    return render(request, template, context, status=status)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _year(request) -> int:
    raw = request.GET.get("jaar") or ""
    this_year = timezone.localdate().year
    if raw.isdigit() and 2000 <= int(raw) <= this_year + 5:
        return int(raw)
    return this_year


def _failed(form, exc: RuleViolation) -> None:
    f.add_violation(form, exc)


def _theme_labels(values) -> list[str]:
    labels = dict(ExpertTheme.choices)
    return [labels[v] for v in values or [] if v in labels]


# --- The overview ------------------------------------------------------------------------------------


@screen(["GET"], "expertise.view_work", access=STAFF)
def work(request, actor):
    """What waits for the centre: open questions with their time waiting, the sessions coming with
    places taken and waiting lists, expert requests to match, and this year's dialogue meetings."""
    now = timezone.now()
    year = timezone.localdate().year
    open_questions = Question.objects.filter(status=QuestionStatus.OPEN)
    return _page(request, "expertise/work.html", {
        "questions": list(open_questions.order_by("received_at", "pk")[:OPEN_ROWS]),
        "question_count": open_questions.count(),
        "sessions": list(_sessions().filter(
            status__in=[SessionStatus.DRAFT, SessionStatus.PUBLISHED], starts_at__gt=now)[:20]),
        "requests": list(ExpertRequest.objects.filter(status=ExpertRequestStatus.REQUESTED)
                         .select_related("requested_by_organisation")
                         .order_by("wanted_on", "pk")[:OPEN_ROWS]),
        "dialogue": queries.dialogue_overview(year),
        "reach": queries.awareness_reach(year),
        "year": year, "now": now,
    })


# --- Trainings: the catalogue --------------------------------------------------------------------


def _active_competencies():
    return list(Competency.objects.filter(is_active=True).select_related("standard")
                .order_by("standard__order", "code"))


def _course_data(form) -> services.CourseData:
    data = form.cleaned_data
    return services.CourseData(
        title=data["title"], audiences=data["audiences"], duration_hours=data["duration_hours"],
        validity_months=data["validity_months"], description=data["description"],
        competency_ids=data["competencies"], is_active=data["is_active"])


def _courses_page(request, *, form=None):
    return _page(request, "expertise/courses.html", {
        "courses": queries.courses(),
        "form": form or f.CourseForm(prefix="training", competencies=_active_competencies()),
        "export_links": exports.links(request, path=reverse("expertise:courses"), query={}),
    })


@screen(["GET", "POST"], "expertise.manage_trainings", access=STAFF)
def courses(request, actor):
    """The course catalogue: audiences, competencies, duration and validity; a new course."""
    if request.method == "GET":
        if (download := exports.answer(request, actor, queries.courses_table,
                                       event=E.COURSES_EXPORTED)) is not None:
            return download
        return _courses_page(request)
    form = f.CourseForm(request.POST, prefix="training", competencies=_active_competencies())
    if form.is_valid():
        try:
            course = services.save_course(actor, _course_data(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De training ‘%(title)s’ staat in de catalogus. Plan nu "
                                        "een bijeenkomst.") % {"title": course.title})
            return redirect(reverse("expertise:sessions") + f"?training={course.pk}")
    return _courses_page(request, form=form)


@screen(["GET", "POST"], "expertise.manage_trainings", _course, access=STAFF)
def course_edit(request, actor, course):
    competencies = _active_competencies()
    if request.method == "POST":
        form = f.CourseForm(request.POST, prefix="training", competencies=competencies)
        if form.is_valid():
            try:
                services.save_course(actor, _course_data(form), course=course)
            except RuleViolation as exc:
                _failed(form, exc)
            else:
                messages.success(request, _("De training is bijgewerkt."))
                return redirect("expertise:courses")
    else:
        form = f.CourseForm(prefix="training", competencies=competencies, initial={
            "title": course.title, "description": course.description,
            "audiences": course.audiences,
            "competencies": list(course.competencies.values_list("pk", flat=True)),
            "duration_hours": course.duration_hours, "validity_months": course.validity_months,
            "is_active": course.is_active})
    return _page(request, "expertise/edit.html", {
        "form": form, "title": _("Training bewerken: %(title)s") % {"title": course.title},
        "action": reverse("expertise:course_edit", args=[course.pk]),
        "back": reverse("expertise:courses"), "back_label": _("Alle trainingen"),
        "submit": _("Opslaan")})


# --- Trainings: sessions --------------------------------------------------------------------------


def _sessions():
    """Sessions with places taken and waiting list (``queries.sessions``), first one first."""
    return queries.sessions().order_by("starts_at", "pk")


def _session_form(data=None, initial=None):
    return f.SessionForm(data, prefix="bijeenkomst", initial=initial,
                         courses=Course.objects.filter(is_active=True).order_by("title"))


def _sessions_page(request, *, form=None):
    now = timezone.now()
    if form is None:
        chosen = request.GET.get("training") or ""
        form = _session_form(initial={"course": int(chosen)} if chosen.isdigit() else None)
    return _page(request, "expertise/sessions.html", {
        **queries.session_lists(now), "form": form,
        "export_links": exports.links(request, path=reverse("expertise:sessions"), query={}),
    })


@screen(["GET", "POST"], "expertise.manage_trainings", access=STAFF)
def sessions(request, actor):
    """Sessions coming (prepared and published), to be marked held, and past; plan one."""
    if request.method == "GET":
        if (download := exports.answer(request, actor, queries.sessions_table,
                                       event=E.SESSIONS_EXPORTED)) is not None:
            return download
        return _sessions_page(request)
    form = _session_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.plan_session(
                actor, form.chosen_course(), starts_at=data["starts_at"], ends_at=data["ends_at"],
                place=data["place"], trainer=data["trainer"], capacity=data["capacity"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De bijeenkomst is gepland (in voorbereiding). Publiceer "
                                        "haar om inschrijven mogelijk te maken."))
            return redirect("expertise:session_detail", session_id=session.pk)
    return _sessions_page(request, form=form)


def _session_page(request, actor, session, *, enrol_form=None, attendance_form=None,
                  status: int = 200):
    """One session: its enrolments (enrolled, waiting, cancelled), the steps of its status, enrol
    someone, attendance (one list of checkboxes), certificates and evaluations."""
    now = timezone.now()
    user = request.user
    enrolments = list(session.enrolments.select_related("evaluation", "user")
                      .order_by("registered_at", "pk"))
    enrolled = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    waiting = [e for e in enrolments if e.status == EnrolmentStatus.WAITING]
    cancelled = [e for e in enrolments if e.status == EnrolmentStatus.CANCELLED]
    may_manage = allowed(user, "expertise.manage_trainings", session)
    live = session.status in (SessionStatus.DRAFT, SessionStatus.PUBLISHED)
    started = session.starts_at <= now
    if may_manage and enrol_form is None and session.status == SessionStatus.PUBLISHED \
            and not started:
        enrol_form = f.RegistrantForm(prefix="inschrijven")
    if may_manage and attendance_form is None and started and session.status in (
            SessionStatus.PUBLISHED, SessionStatus.HELD):
        attendance_form = f.AttendanceForm(prefix="aanwezig", enrolled=enrolled, initial={
            "present": [e.pk for e in enrolled if e.attended]})
    summary = (queries.evaluation_summary(session_ids=[session.pk])
               if session.status == SessionStatus.HELD else [])
    response = _page(request, "expertise/session_detail.html", {
        "session": session, "enrolled": enrolled, "waiting": waiting, "cancelled": cancelled,
        "may_manage": may_manage, "live": live, "started": started,
        "may_publish": may_manage and session.status == SessionStatus.DRAFT and not started,
        "may_hold": may_manage and session.status == SessionStatus.PUBLISHED and started,
        "may_cancel": may_manage and live,
        "enrol_form": enrol_form if enrol_form is not None and may_manage else None,
        "attendance_form": attendance_form,
        "summary": summary[0] if summary else None,
        "places_left": max(session.capacity - len(enrolled), 0),
    }, status=status)
    events.read(actor, E.ENROLMENTS_READ, session,
                detail=f"{session}: {len(enrolled)} ingeschreven, {len(waiting)} wachtend")
    return response


@screen(["GET"], "expertise.view_enrolments", _session)
def session_detail(request, actor, session):
    return _session_page(request, actor, session)


SESSION_MOVES = {
    SessionStatus.PUBLISHED: T("De bijeenkomst is gepubliceerd: inschrijven kan nu, ook op de "
                               "publieke pagina."),
    SessionStatus.HELD: T("De bijeenkomst is als gehouden gemarkeerd. Leg de aanwezigheid vast."),
    SessionStatus.CANCELLED: T("De bijeenkomst is geannuleerd."),
}


@screen(["POST"], "expertise.manage_trainings", _session)
def session_move(request, actor, session):
    """Publish, mark held or cancel."""
    target = request.POST.get("status") or ""
    try:
        services.move_session(actor, session, target)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return _session_page(request, actor, _session(session.pk), status=400)
    messages.success(request, str(SESSION_MOVES.get(target, _("De status is gewijzigd."))))
    return redirect("expertise:session_detail", session_id=session.pk)


@screen(["POST"], "expertise.manage_trainings", _session)
def session_enrol(request, actor, session):
    """The centre enrols someone (by phone, by e-mail): a place, or the waiting list."""
    form = f.RegistrantForm(request.POST, prefix="inschrijven")
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrol_someone(actor, session, services.Registrant(
                name=data["name"], email=data["email"],
                organisation_name=data["organisation_name"], job=data["job"]))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                messages.success(request, _("%(name)s staat op de wachtlijst.")
                                 % {"name": enrolment.name})
            else:
                messages.success(request, _("%(name)s is ingeschreven.") % {"name": enrolment.name})
            return redirect("expertise:session_detail", session_id=session.pk)
    return _session_page(request, actor, session, enrol_form=form)


@screen(["POST"], "expertise.manage_trainings", _session)
def session_attendance(request, actor, session):
    """Who was there, in one list: certificates are issued, competency records grow."""
    enrolled = list(session.enrolments.filter(status=EnrolmentStatus.ENROLLED)
                    .order_by("registered_at", "pk"))
    form = f.AttendanceForm(request.POST, prefix="aanwezig", enrolled=enrolled)
    if form.is_valid():
        try:
            services.record_attendance(actor, session, present_ids=form.cleaned_data["present"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De aanwezigheid is vastgelegd: %(n)d van %(total)d "
                                        "aanwezig. Hun certificaten staan klaar.")
                             % {"n": len(form.cleaned_data["present"]), "total": len(enrolled)})
            return redirect(reverse("expertise:session_detail", args=[session.pk]) + "#aanwezigheid")
    return _session_page(request, actor, _session(session.pk), attendance_form=form)


def _own_or_session(request, enrolment) -> str:
    """Back to the session's page (the centre), one's own record (a local team), or the trainings."""
    if allowed(request.user, "expertise.view_enrolments", enrolment.session):
        return reverse("expertise:session_detail", args=[enrolment.session_id])
    if allowed(request.user, "expertise.view_own_competencies"):
        return reverse("expertise:my_competencies")
    return reverse("expertise:trainings")


@screen(["POST"], "expertise.cancel_enrolment", _enrolment)
def enrolment_cancel(request, actor, enrolment):
    """A place given up (by the participant or the centre): the first waiting moves up."""
    try:
        services.cancel_enrolment(actor, enrolment)
    except RuleViolation as exc:
        # Nothing changed: the page it came from, with the message.
        messages.error(request, exc.message)
        if allowed(request.user, "expertise.view_enrolments", enrolment.session):
            return _session_page(request, actor, enrolment.session, status=400)
        if allowed(request.user, "expertise.view_own_competencies"):
            return _own_page(request, actor, status=400)
        return _trainings_page(request, status=400)
    messages.success(request, _("De inschrijving van %(name)s is afgemeld.")
                     % {"name": enrolment.name})
    return redirect(_back(request, _own_or_session(request, enrolment)))


@screen(["GET", "POST"], "expertise.evaluate", _enrolment)
def enrolment_evaluate(request, actor, enrolment):
    """The participant evaluates a training they attended (or the centre types in a paper form)."""
    back = _back(request, _own_or_session(request, enrolment))
    form = f.EvaluationForm(request.POST if request.method == "POST" else None, prefix="evaluatie")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_evaluation(actor, enrolment, score=data["score"],
                                       useful_for_work=data["useful_for_work"],
                                       comment=data["comment"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Dank voor de evaluatie."))
            return redirect(back)
    session = enrolment.session
    response = _page(request, "expertise/edit.html", {
        "form": form, "next": back, "back": back, "back_label": _("Terug"),
        "title": _("Training evalueren: %(course)s") % {"course": session.course.title},
        "intro": _("%(name)s, bijeenkomst van %(date)s in %(place)s.") % {
            "name": enrolment.name,
            "date": f"{timezone.localtime(session.starts_at):%d-%m-%Y}", "place": session.place},
        "action": reverse("expertise:enrolment_evaluate", args=[enrolment.pk]),
        "submit": _("Evaluatie versturen")})
    events.read(actor, E.ENROLMENTS_READ, enrolment, detail="evaluatie")
    return response


@screen(["GET"], "expertise.print_certificate", _enrolment)
def certificate(request, actor, enrolment):
    return pdf.certificate_response(actor, enrolment)


@screen(["GET"], "expertise.view_enrolments", access=STAFF)
def evaluations(request, actor):
    """Per held session of the year: the average score and usefulness, and the comments (no names)."""
    year = _year(request)
    return _page(request, "expertise/evaluations.html", {
        "summary": queries.evaluation_summary(year=year), "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    })


# --- Trainings for everyone working in Eendak ----------------------------------------------------


def _own_enrolments(user) -> list[Enrolment]:
    """The user's own enrolments, latest first, each with what they may do with it now."""
    mine = list(Enrolment.objects.filter(user=user).select_related("session__course", "evaluation")
                .order_by("-session__starts_at", "-pk"))
    now = timezone.now()
    for enrolment in mine:
        session = enrolment.session
        enrolment.may_cancel = (enrolment.status != EnrolmentStatus.CANCELLED
                                and session.status in (SessionStatus.DRAFT,
                                                       SessionStatus.PUBLISHED)
                                and session.starts_at > now)
        # The reverse one-to-one was selected: no query, None when not evaluated yet.
        enrolment.may_evaluate = bool(enrolment.attended
                                      and getattr(enrolment, "evaluation", None) is None)
    return mine


def _live_in(mine: list[Enrolment], session) -> Enrolment | None:
    return next((e for e in mine if e.session_id == session.pk
                 and e.status != EnrolmentStatus.CANCELLED), None)


@screen(["GET"], "expertise.view_trainings", access=STAFF)
def trainings(request, actor):
    """The published sessions still to come, with the competencies they build; enrol yourself.
    One's own enrolments below (cancel, certificate, evaluate): for anyone working in Eendak."""
    return _trainings_page(request)


def _trainings_page(request, *, status: int = 200):
    sessions = list(queries.open_sessions().prefetch_related(
        Prefetch("course__competencies", queryset=Competency.objects.filter(is_active=True)
                 .order_by("code"))))
    mine = _own_enrolments(request.user)
    for session in sessions:
        session.mine = _live_in(mine, session)
    return _page(request, "expertise/trainings.html", {
        "sessions": sessions, "enrolments": mine,
        "may_enrol": allowed(request.user, "expertise.enrol_self"),
        "may_request": allowed(request.user, "expertise.request_expert"),
    }, status=status)


@screen(["POST"], "expertise.enrol_self", _session, access=STAFF)
def enrol_self(request, actor, session):
    """A professional enrols themselves: their account's name and e-mail, their organisation."""
    back = _back(request, reverse("expertise:trainings"))
    try:
        enrolment = services.enrol_self(actor, session)
    except RuleViolation as exc:
        if exc.field == "email":
            messages.error(request, _("Inschrijven kan niet: bij uw account staat geen (geldig) "
                                      "e-mailadres. Vraag de functioneel beheerder het toe te "
                                      "voegen."))
        else:
            messages.error(request, exc.message)
        return redirect(back)
    if enrolment.status == EnrolmentStatus.WAITING:
        messages.success(request, _("De bijeenkomst is vol: u staat op de wachtlijst voor "
                                    "‘%(course)s’.") % {"course": session.course.title})
    else:
        messages.success(request, _("U bent ingeschreven voor ‘%(course)s’ op %(date)s.") % {
            "course": session.course.title,
            "date": f"{timezone.localtime(session.starts_at):%d-%m-%Y %H:%M}"})
    return redirect(back)


# --- Competencies: the worker's own record, the team's, the shares ------------------------------------


def _by_standard(competencies):
    """[(standard, [competency, ...]), ...] in the framework's order."""
    grouped = []
    for competency in competencies:
        if not grouped or grouped[-1][0].pk != competency.standard_id:
            grouped.append((competency.standard, []))
        grouped[-1][1].append(competency)
    return grouped


@screen(["GET"], "expertise.view_own_competencies")
def my_competencies(request, actor):
    """Per standard what the worker holds (valid until) and what is missing; the open sessions that
    build what is missing (enrol here); their own enrolments, certificates and evaluations."""
    return _own_page(request, actor)


def _own_page(request, actor, *, status: int = 200):
    user = request.user
    record = queries.own_record(user)
    competencies = _active_competencies()
    held = record.holdings if record else {}
    missing_ids = {c.pk for c in record.missing} if record else set()
    rows = [(standard, [(c, held.get(c.pk), c.pk in missing_ids) for c in group])
            for standard, group in _by_standard(competencies)]
    building = []
    if missing_ids:
        building = list(queries.open_sessions().filter(
            course__in=Course.objects.filter(competencies__in=missing_ids)).prefetch_related(
            Prefetch("course__competencies",
                     queryset=Competency.objects.filter(pk__in=missing_ids).order_by("code"),
                     to_attr="builds")))
    mine = _own_enrolments(user)
    for session in building:
        session.mine = _live_in(mine, session)
    response = _page(request, "expertise/my_competencies.html", {
        "record": record, "rows": rows, "building": building, "enrolments": mine,
        "may_enrol": allowed(user, "expertise.enrol_self"),
        "has_email": bool(user.email),
    }, status=status)
    events.read(actor, E.COMPETENCIES_READ, user,
                detail="eigen competenties: " + (
                    "voldoet" if record and record.meets_standard else
                    f"{len(missing_ids)} ontbreken"))
    return response


@screen(["GET"], "expertise.view_team_competencies")
def team_competencies(request, actor):
    """Each worker of a team by name: the competencies held (until when) and missing. The case
    coordinator sees their own team; the centre chooses any team."""
    raw = request.GET.get("team") or ""
    teams = queries.teams_to_choose(request.user)
    team = queries.chosen_team(request.user, raw, teams)
    if team is not None:
        require(actor, "expertise.view_team_competencies", team)
    if (download := exports.answer(request, actor, queries.team_competencies_table,
                                   event=E.TEAM_COMPETENCIES_EXPORTED, obj=team,
                                   params={"team": raw} if raw else {})) is not None:
        return download
    required = queries.required_competencies()
    team_records = queries.records(queries.team_memberships([team.pk])) if team else []
    rows = [(r, [(c, r.holdings.get(c.pk)) for c in required]) for r in team_records]
    response = _page(request, "expertise/team_competencies.html", {
        "team": team, "teams": teams, "required": required, "rows": rows,
        "meeting": sum(1 for r in team_records if r.meets_standard),
        "export_links": exports.links(request) if team else [],
    })
    events.read(actor, E.COMPETENCIES_READ, team,
                detail=f"{team.name if team else '-'}: {len(team_records)} medewerkers")
    return response


@screen(["GET"], "expertise.view_competency_shares", access=STAFF)
def competency_shares(request, actor):
    """Per municipality and per team: the share of workers who meet the standard, and what is
    missing how often. No names: the view a municipality needs to direct its teams."""
    municipalities = list(Municipality.objects.order_by("name"))
    raw = request.GET.get("gemeente") or ""
    chosen = next((m for m in municipalities if raw.isdigit() and m.pk == int(raw)), None)
    params = {"municipality_id": chosen.pk} if chosen else {}
    if (download := exports.answer(
            request, actor, queries.municipality_shares_table
            if request.GET.get(exports.LIST_PARAM) == "gemeenten" else queries.team_shares_table,
            event=E.COMPETENCY_SHARES_EXPORTED, params=params)) is not None:
        return download
    shares = queries.team_shares(**params)
    return _page(request, "expertise/shares.html", {
        "shares": shares, "per_municipality": queries.municipality_shares(shares),
        "municipalities": municipalities, "chosen": chosen,
        "may_see_names": allowed(request.user, "expertise.view_team_competencies"),
        "municipality_export_links": exports.links(request, "gemeenten", _("per gemeente")),
        "export_links": exports.links(request, what=_("per team")),
    })


# --- Competencies: the functional administrator's reference data ------------------------------------


def _admin_page(request, *, standard_form=None, competency_form=None, status=200):
    standards = list(Standard.objects.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code"))).order_by(
        "order", "code"))
    return _page(request, "expertise/competency_admin.html", {
        "standards": standards,
        "standard_form": standard_form or f.StandardForm(prefix="standaard"),
        "competency_form": competency_form or f.CompetencyForm(prefix="competentie",
                                                               standards=standards),
    }, status=status)


@screen(["GET"], "expertise.manage_competencies", access=STAFF)
def competency_admin(request, actor):
    """The standards and competencies of Werken aan Veiligheid, maintained by the functional
    administrator."""
    return _admin_page(request)


@screen(["POST"], "expertise.manage_competencies", access=STAFF)
def standard_create(request, actor):
    form = f.StandardForm(request.POST, prefix="standaard")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_standard(actor, code=data["code"], title=data["title"],
                                   order=data["order"] or 0)
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De standaard is toegevoegd."))
            return redirect("expertise:competency_admin")
    return _admin_page(request, standard_form=form)


@screen(["POST"], "expertise.manage_competencies", access=STAFF)
def competency_create(request, actor):
    form = f.CompetencyForm(request.POST, prefix="competentie",
                            standards=Standard.objects.order_by("order", "code"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_competency(actor, standard=form.chosen_standard(), code=data["code"],
                                     title=data["title"], description=data["description"],
                                     required=data["required"], is_active=data["is_active"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De competentie is toegevoegd."))
            return redirect("expertise:competency_admin")
    return _admin_page(request, competency_form=form)


@screen(["GET", "POST"], "expertise.manage_competencies", _standard, access=STAFF)
def standard_edit(request, actor, standard):
    form = f.StandardForm(request.POST if request.method == "POST" else None, prefix="standaard",
                          initial={"code": standard.code, "title": standard.title,
                                   "order": standard.order})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_standard(actor, code=data["code"], title=data["title"],
                                   order=data["order"] or 0, standard=standard)
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De standaard is bijgewerkt."))
            return redirect("expertise:competency_admin")
    return _page(request, "expertise/edit.html", {
        "form": form, "title": _("Standaard bewerken: %(code)s") % {"code": standard.code},
        "action": reverse("expertise:standard_edit", args=[standard.pk]),
        "back": reverse("expertise:competency_admin"), "back_label": _("Alle standaarden"),
        "submit": _("Opslaan")})


@screen(["GET", "POST"], "expertise.manage_competencies", _competency, access=STAFF)
def competency_edit(request, actor, competency):
    standards = Standard.objects.order_by("order", "code")
    form = f.CompetencyForm(request.POST if request.method == "POST" else None,
                            prefix="competentie", standards=standards, initial={
                                "standard": competency.standard_id, "code": competency.code,
                                "title": competency.title,
                                "description": competency.description,
                                "required": competency.required,
                                "is_active": competency.is_active})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_competency(actor, standard=form.chosen_standard(), code=data["code"],
                                     title=data["title"], description=data["description"],
                                     required=data["required"], is_active=data["is_active"],
                                     competency=competency)
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De competentie is bijgewerkt."))
            return redirect("expertise:competency_admin")
    return _page(request, "expertise/edit.html", {
        "form": form, "title": _("Competentie bewerken: %(code)s") % {"code": competency.code},
        "action": reverse("expertise:competency_edit", args=[competency.pk]),
        "back": reverse("expertise:competency_admin"), "back_label": _("Alle standaarden"),
        "submit": _("Opslaan")})


# --- Advice questions ----------------------------------------------------------------------------------


def _questions_page(request, actor, *, form=None, status=200):
    now = timezone.now()
    open_questions = list(queries.open_questions())
    closed = Paginator(queries.handled_questions(), PAGE_SIZE).get_page(
        request.GET.get("page") or 1)
    closed.object_list = list(closed.object_list)
    for question in closed.object_list:
        question.time_to_answer = (question.answered_at - question.received_at
                                   if question.answered_at else None)
    response = _page(request, "expertise/questions.html", {
        "open_questions": open_questions, "page_obj": closed, "closed": closed.object_list,
        "now": now, "form": form or (f.QuestionForm(prefix="vraag") if allowed(
            request.user, "expertise.handle_questions") else None),
        "export_links": exports.links(request, path=reverse("expertise:questions"), query={}),
    }, status=status)
    events.read(actor, E.QUESTIONS_READ,
                detail=f"{len(open_questions)} open, pagina {closed.number}: "
                       f"{len(closed.object_list)} afgehandeld")
    return response


@screen(["GET"], "expertise.view_questions")
def questions(request, actor):
    """Open questions first (longest waiting on top), then the handled ones with their time to
    answer; register a new question."""
    if (download := exports.answer(request, actor, queries.questions_table,
                                   event=E.QUESTIONS_EXPORTED)) is not None:
        return download
    return _questions_page(request, actor)


@screen(["POST"], "expertise.handle_questions")
def question_register(request, actor):
    form = f.QuestionForm(request.POST, prefix="vraag")
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.register_question(actor, services.QuestionData(
                asker_type=data["asker_type"], topic=data["topic"], question=data["question"],
                anonymous=data["anonymous"], contact_name=data["contact_name"],
                contact_email=data["contact_email"], contact_phone=data["contact_phone"],
                received_at=data["received_at"]))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De vraag is geregistreerd als %(ref)s.")
                             % {"ref": question.reference})
            return redirect("expertise:question_detail", question_id=question.pk)
    return _questions_page(request, actor, form=form)


def _question_page(request, actor, question, *, answer_form=None, refer_form=None):
    may_handle = (question.status != QuestionStatus.REFERRED
                  and allowed(request.user, "expertise.handle_questions", question))
    if may_handle and answer_form is None:
        answer_form = f.AnswerForm(prefix="antwoord", initial={
            "answer": question.answer, "follow_up": question.follow_up or None})
    if may_handle and refer_form is None:
        refer_form = f.ReferForm(prefix="verwijzen",
                                 municipalities=Municipality.objects.order_by("name"))
    response = _page(request, "expertise/question_detail.html", {
        "question": question, "answer_form": answer_form if may_handle else None,
        "refer_form": refer_form if may_handle else None,
        "referred": question.status == QuestionStatus.REFERRED,
    })
    events.read(actor, E.QUESTIONS_READ, question, detail=question.reference)
    return response


@screen(["GET"], "expertise.view_questions", _question)
def question_detail(request, actor, question):
    return _question_page(request, actor, question)


@screen(["POST"], "expertise.handle_questions", _question)
def question_answer(request, actor, question):
    form = f.AnswerForm(request.POST, prefix="antwoord")
    if form.is_valid():
        try:
            services.answer_question(actor, question, answer=form.cleaned_data["answer"],
                                     follow_up=form.cleaned_data["follow_up"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Het antwoord is vastgelegd."))
            return redirect("expertise:question_detail", question_id=question.pk)
    return _question_page(request, actor, question, answer_form=form)


@screen(["POST"], "expertise.handle_questions", _question)
def question_refer(request, actor, question):
    """To Veilig Thuis, as an advice request or a report: afterwards only the reference stays."""
    form = f.ReferForm(request.POST, prefix="verwijzen",
                       municipalities=Municipality.objects.order_by("name"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = services.refer_question(actor, question, as_=data["as_"],
                                               municipality_id=data["municipality"],
                                               note=data["note"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Doorverwezen naar Veilig Thuis onder kenmerk %(ref)s. "
                                        "De inhoud staat alleen daar; hier blijft het kenmerk.")
                             % {"ref": question.referred_reference})
            return redirect("expertise:question_detail", question_id=question.pk)
    return _question_page(request, actor, _question(question.pk), refer_form=form)


# --- Experience experts -----------------------------------------------------------------------------


def _expert_kwargs(form) -> dict:
    data = form.cleaned_data
    return {"pseudonym": data["pseudonym"], "themes": data["themes"],
            "languages": f.languages_of(data["languages"]), "availability": data["availability"],
            "aftercare": data["aftercare"], "is_active": data["is_active"]}


def _experts_page(request, actor, *, form=None):
    experts = queries.experts()
    response = _page(request, "expertise/experts.html", {
        "experts": experts,
        "export_links": exports.links(request, path=reverse("expertise:experts"), query={}),
        "form": form or (f.ExpertForm(prefix="deskundige") if allowed(
            request.user, "expertise.manage_experts") else None),
    })
    events.read(actor, E.EXPERTS_READ, detail=f"pool: {len(experts)} ervaringsdeskundigen")
    return response


@screen(["GET"], "expertise.view_experts")
def experts(request, actor):
    """The pool: pseudonym, themes, languages, availability, aftercare."""
    if (download := exports.answer(request, actor, queries.experts_table,
                                   event=E.EXPERTS_EXPORTED)) is not None:
        return download
    return _experts_page(request, actor)


@screen(["POST"], "expertise.manage_experts")
def expert_create(request, actor):
    form = f.ExpertForm(request.POST, prefix="deskundige")
    if form.is_valid():
        try:
            expert = services.save_expert(actor, **_expert_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd aan de pool.")
                             % {"name": expert.pseudonym})
            return redirect("expertise:experts")
    return _experts_page(request, actor, form=form)


@screen(["GET", "POST"], "expertise.manage_experts", _expert)
def expert_edit(request, actor, expert):
    form = f.ExpertForm(request.POST if request.method == "POST" else None, prefix="deskundige",
                        initial={"pseudonym": expert.pseudonym, "themes": expert.themes,
                                 "languages": ", ".join(expert.languages),
                                 "availability": expert.availability,
                                 "aftercare": expert.aftercare, "is_active": expert.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_expert(actor, expert=expert, **_expert_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Het profiel is bijgewerkt."))
            return redirect("expertise:experts")
    response = _page(request, "expertise/edit.html", {
        "form": form, "title": _("Ervaringsdeskundige: %(name)s") % {"name": expert.pseudonym},
        "action": reverse("expertise:expert_edit", args=[expert.pk]),
        "back": reverse("expertise:experts"), "back_label": _("De pool"), "submit": _("Opslaan")})
    events.read(actor, E.EXPERTS_READ, expert, detail=expert.pseudonym)
    return response


@screen(["GET"], "expertise.view_experts")
def expert_requests(request, actor):
    """Requests to match, to schedule and to debrief; the handled ones below."""
    if (download := exports.answer(request, actor, queries.expert_requests_table,
                                   event=E.EXPERT_REQUESTS_EXPORTED)) is not None:
        return download
    open_requests = list(queries.open_expert_requests())
    handled = Paginator(queries.handled_expert_requests(),
                        PAGE_SIZE).get_page(request.GET.get("page") or 1)
    handled.object_list = list(handled.object_list)
    response = _page(request, "expertise/expert_requests.html", {
        "open_requests": open_requests, "page_obj": handled, "handled": handled.object_list,
        "export_links": exports.links(request, path=reverse("expertise:expert_requests"),
                                      query={}),
    })
    events.read(actor, E.EXPERTS_READ, detail=f"aanvragen: {len(open_requests)} open")
    return response


def _request_page(request, actor, expert_request, *, bound=None, status=200):
    """One request: the suggested experts (``services.matching_experts``) and the next step's form
    (match, schedule, debrief with aftercare), or cancel. ``bound``: (key, form) that came back."""
    forms = {}
    may_manage = allowed(request.user, "expertise.manage_experts", expert_request)
    state = expert_request.status
    suggestions = (services.matching_experts(expert_request)
                   if state in (ExpertRequestStatus.REQUESTED, ExpertRequestStatus.MATCHED)
                   else [])
    if may_manage:
        if state in (ExpertRequestStatus.REQUESTED, ExpertRequestStatus.MATCHED):
            forms["match"] = f.MatchForm(prefix="koppelen", suggestions=suggestions)
        if state == ExpertRequestStatus.MATCHED:
            forms["schedule"] = f.ScheduleForm(prefix="inplannen")
        if state == ExpertRequestStatus.SCHEDULED:
            forms["debrief"] = f.DebriefForm(prefix="nabespreking")
        if state in queries.OPEN_REQUESTS:
            forms["cancel"] = f.ReasonForm(prefix="vervallen")
    if bound is not None:
        forms[bound[0]] = bound[1]
    expert_request.theme_labels = _theme_labels(expert_request.themes)
    response = _page(request, "expertise/expert_request_detail.html", {
        "expert_request": expert_request, "suggestions": suggestions, "forms": forms,
    }, status=status)
    events.read(actor, E.EXPERTS_READ, expert_request, detail=f"aanvraag {expert_request.pk}")
    return response


@screen(["GET"], "expertise.view_experts", _request)
def expert_request_detail(request, actor, expert_request):
    return _request_page(request, actor, expert_request)


def _request_step(key: str, make: Callable, perform: Callable, message: str):
    """One POST URL per step of a request, each calling one service."""

    @screen(["POST"], "expertise.manage_experts", _request)
    def view(request, actor, expert_request):
        form = make(expert_request, request.POST)
        if form.is_valid():
            try:
                perform(actor, expert_request, form)
            except RuleViolation as exc:
                _failed(form, exc)
            else:
                messages.success(request, message)
                return redirect("expertise:expert_request_detail", request_id=expert_request.pk)
        return _request_page(request, actor, _request(expert_request.pk), bound=(key, form))

    view.__name__ = view.__qualname__ = f"expert_request_{key}"
    return view


expert_request_match = _request_step(
    "match",
    lambda r, data: f.MatchForm(data, prefix="koppelen", suggestions=services.matching_experts(r)),
    lambda actor, r, form: services.match_expert(actor, r, form.chosen_expert()),
    T("De ervaringsdeskundige is gekoppeld. Plan nu het moment."))
expert_request_schedule = _request_step(
    "schedule", lambda r, data: f.ScheduleForm(data, prefix="inplannen"),
    lambda actor, r, form: services.schedule_expert(
        actor, r, scheduled_at=form.cleaned_data["scheduled_at"]),
    T("De inzet is ingepland."))
expert_request_debrief = _request_step(
    "debrief", lambda r, data: f.DebriefForm(data, prefix="nabespreking"),
    lambda actor, r, form: services.debrief_expert(
        actor, r, debrief=form.cleaned_data["debrief"],
        aftercare_offered=form.cleaned_data["aftercare_offered"]),
    T("De nabespreking is vastgelegd."))
expert_request_cancel = _request_step(
    "cancel", lambda r, data: f.ReasonForm(data, prefix="vervallen"),
    lambda actor, r, form: services.cancel_expert_request(actor, r,
                                                          reason=form.cleaned_data["reason"]),
    T("De aanvraag is vervallen."))


@screen(["GET", "POST"], "expertise.request_expert", access=STAFF)
def expert_request_new(request, actor):
    """Anyone working in Eendak asks for an experience expert (a training, a team meeting)."""
    form = f.ExpertRequestForm(request.POST if request.method == "POST" else None,
                               prefix="aanvraag", initial={"language": "Nederlands"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert_request = services.request_expert(
                actor, purpose=data["purpose"], wanted_on=data["wanted_on"],
                themes=data["themes"], language=data["language"] or "Nederlands",
                note=data["note"], requester=data["requester"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            if allowed(request.user, "expertise.view_experts", expert_request):
                messages.success(request, _("De aanvraag is vastgelegd. Koppel nu een "
                                            "ervaringsdeskundige."))
                return redirect("expertise:expert_request_detail", request_id=expert_request.pk)
            messages.success(request, _("Uw aanvraag is naar het Expertisecentrum gestuurd. Het "
                                        "Expertisecentrum neemt contact met u op."))
            return redirect("expertise:expert_request_new")
    return _page(request, "expertise/edit.html", {
        "form": form, "title": _("Ervaringsdeskundige aanvragen"),
        "intro": _("Een ervaringsdeskundige vertelt over het geweld dat zij of hij meemaakte: "
                   "voor een training, een bewustwordingsbijeenkomst of een teamoverleg. Het "
                   "Expertisecentrum zoekt iemand die past bij de thema's en de taal."),
        "action": reverse("expertise:expert_request_new"), "submit": _("Aanvragen")})


# --- Awareness: campaigns and events -------------------------------------------------------------


def _event_form(data=None):
    return f.EventForm(data, prefix="bijeenkomst",
                       campaigns=Campaign.objects.order_by("-starts_on")[:20])


def _awareness_page(request, *, campaign_form=None, event_form=None, status=200):
    year = _year(request)
    calendar = list(queries.awareness_calendar(year))
    may_manage = allowed(request.user, "expertise.manage_awareness")
    return _page(request, "expertise/awareness.html", {
        "campaigns": list(Campaign.objects.annotate(event_count=Count("events"))
                          .order_by("-starts_on")[:20]),
        "calendar": calendar, "year": year, "today": timezone.localdate(),
        "reach": queries.awareness_reach_by_year(),
        "campaign_form": campaign_form or (f.CampaignForm(prefix="campagne") if may_manage
                                           else None),
        "event_form": event_form or (_event_form() if may_manage else None),
        "export_links": exports.links(request, path=reverse("expertise:awareness"),
                                      query={"jaar": year}),
    }, status=status)


@screen(["GET"], "expertise.view_work", access=STAFF)
def awareness(request, actor):
    """Campaigns (the Week tegen Kindermishandeling each November), the events calendar of a year
    (planned, held with its reach, cancelled) and the reach per year."""
    if (download := exports.answer(request, actor, queries.awareness_calendar_table,
                                   event=E.AWARENESS_EXPORTED,
                                   params={"year": _year(request)})) is not None:
        return download
    return _awareness_page(request)


def _campaign_kwargs(form) -> dict:
    data = form.cleaned_data
    return {"title": data["title"], "starts_on": data["starts_on"], "ends_on": data["ends_on"],
            "description": data["description"]}


@screen(["POST"], "expertise.manage_awareness", access=STAFF)
def campaign_create(request, actor):
    form = f.CampaignForm(request.POST, prefix="campagne")
    if form.is_valid():
        try:
            campaign = services.save_campaign(actor, **_campaign_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De campagne ‘%(title)s’ is vastgelegd.")
                             % {"title": campaign.title})
            return redirect("expertise:awareness")
    return _awareness_page(request, campaign_form=form)


@screen(["GET", "POST"], "expertise.manage_awareness", _campaign, access=STAFF)
def campaign_edit(request, actor, campaign):
    form = f.CampaignForm(request.POST if request.method == "POST" else None, prefix="campagne",
                          initial={"title": campaign.title, "starts_on": campaign.starts_on,
                                   "ends_on": campaign.ends_on,
                                   "description": campaign.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_campaign(actor, campaign=campaign, **_campaign_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De campagne is bijgewerkt."))
            return redirect("expertise:awareness")
    return _page(request, "expertise/edit.html", {
        "form": form, "title": _("Campagne bewerken: %(title)s") % {"title": campaign.title},
        "action": reverse("expertise:campaign_edit", args=[campaign.pk]),
        "back": reverse("expertise:awareness"), "back_label": _("Bewustwording"),
        "submit": _("Opslaan")})


@screen(["POST"], "expertise.manage_awareness", access=STAFF)
def event_plan(request, actor):
    form = _event_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            event = services.plan_event(
                actor, title=data["title"], kind=data["kind"], starts_at=data["starts_at"],
                place=data["place"], capacity=data["capacity"], is_public=data["is_public"],
                campaign=form.chosen_campaign())
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De bijeenkomst ‘%(title)s’ staat in de kalender.")
                             % {"title": event.title})
            return redirect("expertise:event_detail", event_id=event.pk)
    return _awareness_page(request, event_form=form)


def _event_page(request, actor, event, *, close_form=None):
    registrations = list(event.registrations.order_by("registered_at", "pk"))
    may_close = (event.status == EventStatus.PLANNED
                 and allowed(request.user, "expertise.manage_awareness", event))
    if may_close and close_form is None:
        close_form = f.CloseEventForm(prefix="afloop", initial={"reach": len(registrations)
                                                                or None})
    response = _page(request, "expertise/event_detail.html", {
        "event": event, "registrations": registrations,
        "close_form": close_form if may_close else None,
        "started": event.starts_at <= timezone.now(),
    })
    events.read(actor, E.ENROLMENTS_READ, event,
                detail=f"aanmeldingen {event.title}: {len(registrations)}"[:255])
    return response


@screen(["GET"], "expertise.view_enrolments", _event)
def event_detail(request, actor, event):
    """One event: its registrations (names: logged), held with its reach, or cancelled."""
    return _event_page(request, actor, event)


@screen(["POST"], "expertise.manage_awareness", _event)
def event_close(request, actor, event):
    form = f.CloseEventForm(request.POST, prefix="afloop")
    if form.is_valid():
        try:
            event = services.close_event(actor, event, target=form.cleaned_data["status"],
                                         reach=form.cleaned_data["reach"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De bijeenkomst is vastgelegd als %(status)s.")
                             % {"status": event.get_status_display().lower()})
            return redirect("expertise:event_detail", event_id=event.pk)
    return _event_page(request, actor, _event(event.pk), close_form=form)


# --- Dialogue leaders and meetings -------------------------------------------------------------------


def _leader_kwargs(form) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "community": data["community"],
            "languages": f.languages_of(data["languages"]), "trained_on": data["trained_on"],
            "trained_by": data["trained_by"], "is_active": data["is_active"]}


def _meeting_form(data=None):
    return f.MeetingForm(data, prefix="bijeenkomst",
                         leaders=DialogueLeader.objects.filter(is_active=True).order_by("name"))


def _dialogue_page(request, actor, *, leader_form=None, meeting_form=None, status=200):
    year = _year(request)
    leaders = list(queries.dialogue_leaders(year))
    meetings = list(queries.dialogue_meetings(year))
    may_manage = allowed(request.user, "expertise.manage_dialogue")
    response = _page(request, "expertise/dialogue.html", {
        "leaders": leaders, "meetings": meetings, "year": year,
        "overview": queries.dialogue_overview(year),
        "leader_form": leader_form or (f.LeaderForm(prefix="leider") if may_manage else None),
        "meeting_form": meeting_form or (_meeting_form() if may_manage else None),
        "export_links": exports.links(request, path=reverse("expertise:dialogue"),
                                      query={"jaar": year}),
        "leader_export_links": exports.links(request, "leiders", _("dialoogleiders"),
                                             path=reverse("expertise:dialogue"),
                                             query={"jaar": year}),
    }, status=status)
    events.read(actor, E.DIALOGUE_READ,
                detail=f"{year}: {len(leaders)} dialoogleiders, {len(meetings)} bijeenkomsten")
    return response


@screen(["GET"], "expertise.view_dialogue")
def dialogue(request, actor):
    """The leaders (community, languages, training) and the year's meetings; record a meeting
    (counts and topics, never the participants' names)."""
    build, event = ((queries.dialogue_leaders_table, E.DIALOGUE_LEADERS_EXPORTED)
                    if request.GET.get(exports.LIST_PARAM) == "leiders"
                    else (queries.dialogue_meetings_table, E.DIALOGUE_EXPORTED))
    if (download := exports.answer(request, actor, build, event=event,
                                   params={"year": _year(request)})) is not None:
        return download
    return _dialogue_page(request, actor)


@screen(["POST"], "expertise.manage_dialogue")
def leader_create(request, actor):
    form = f.LeaderForm(request.POST, prefix="leider")
    if form.is_valid():
        try:
            leader = services.save_leader(actor, **_leader_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd als dialoogleider.")
                             % {"name": leader.name})
            return redirect("expertise:dialogue")
    return _dialogue_page(request, actor, leader_form=form)


@screen(["GET", "POST"], "expertise.manage_dialogue", _leader)
def leader_edit(request, actor, leader):
    form = f.LeaderForm(request.POST if request.method == "POST" else None, prefix="leider",
                        initial={"name": leader.name, "community": leader.community,
                                 "languages": ", ".join(leader.languages),
                                 "trained_on": leader.trained_on, "trained_by": leader.trained_by,
                                 "is_active": leader.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_leader(actor, leader=leader, **_leader_kwargs(form))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De dialoogleider is bijgewerkt."))
            return redirect("expertise:dialogue")
    response = _page(request, "expertise/edit.html", {
        "form": form, "title": _("Dialoogleider: %(name)s") % {"name": leader.name},
        "action": reverse("expertise:leader_edit", args=[leader.pk]),
        "back": reverse("expertise:dialogue"), "back_label": _("Dialoog"),
        "submit": _("Opslaan")})
    events.read(actor, E.DIALOGUE_READ, leader, detail=leader.name)
    return response


@screen(["POST"], "expertise.manage_dialogue")
def meeting_record(request, actor):
    form = _meeting_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.record_meeting(actor, services.MeetingData(
                leader=form.chosen_leader(), held_on=data["held_on"], setting=data["setting"],
                language=data["language"], participants=data["participants"],
                topics=data["topics"], partner=data["partner"], notes=data["notes"]))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De dialoogbijeenkomst is vastgelegd."))
            return redirect("expertise:meeting_detail", meeting_id=meeting.pk)
    return _dialogue_page(request, actor, meeting_form=form)


def _meeting_page(request, actor, meeting, *, signal_form=None):
    may_pass = allowed(request.user, "expertise.manage_dialogue", meeting)
    response = _page(request, "expertise/meeting_detail.html", {
        "meeting": meeting, "signals": list(meeting.signals.order_by("passed_at", "pk")),
        "topics": [label for value, label in MeetingTopic.choices if value in meeting.topics],
        "signal_form": signal_form or (f.SignalForm(prefix="signaal") if may_pass else None),
    })
    events.read(actor, E.DIALOGUE_READ, meeting, detail=str(meeting))
    return response


@screen(["GET"], "expertise.view_dialogue", _meeting)
def meeting_detail(request, actor, meeting):
    return _meeting_page(request, actor, meeting)


@screen(["POST"], "expertise.manage_dialogue", _meeting)
def meeting_signal(request, actor, meeting):
    """A worry from the meeting passed on anonymously: kept here, or to Veilig Thuis."""
    form = f.SignalForm(request.POST, prefix="signaal")
    if form.is_valid():
        try:
            signal = services.pass_signal(actor, meeting, text=form.cleaned_data["text"],
                                          to=form.cleaned_data["to"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            if signal.veilig_thuis_reference:
                messages.success(request, _("Het signaal is anoniem doorgegeven aan Veilig Thuis "
                                            "onder kenmerk %(ref)s.")
                                 % {"ref": signal.veilig_thuis_reference})
            else:
                messages.success(request, _("Het signaal is vastgelegd bij het "
                                            "Expertisecentrum."))
            return redirect("expertise:meeting_detail", meeting_id=meeting.pk)
    return _meeting_page(request, actor, meeting, signal_form=form)


@screen(["GET"], "expertise.view_dialogue", access=STAFF)
def dialogue_year(request, actor):
    """The yearly overview: meetings, participants, settings, languages, topics, signals."""
    year = _year(request)
    overview = queries.dialogue_overview(year)
    topic_labels = dict(MeetingTopic.choices)
    return _page(request, "expertise/dialogue_year.html", {
        "overview": overview, "year": year,
        "topics": sorted(((topic_labels.get(k, k), n) for k, n in overview.by_topic.items()),
                         key=lambda p: -p[1]),
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    })

