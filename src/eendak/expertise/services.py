"""The Expertisecentrum's steps: every change through one function here, permission first.

Each function asks its named permission (``require(actor, "expertise.…", obj)``), then the rules of
the data and the workflow tables (``expertise.workflow``; a ``RuleViolation`` with a Dutch message
at the field), and logs (``expertise.events``), in one transaction.

Two things keep this area from ever holding case data:
- an advice question about an unsafe household is *referred* to Veilig Thuis through the intake's
  partner entry (``intake.services.receive_partner_advice`` / ``receive_partner_report``); what it
  said then lives only at Veilig Thuis — here its text and contact details are cleared and only the
  reference stays;
- a dialogue meeting's signal goes to Veilig Thuis as an *anonymous* advice request.

The public registration for a session or an event has no user (``Actor.public`` for the
Expertisecentrum), like the public report form: ``enrol_public`` and ``register_public`` accept only
that actor, and the public views guard it with the same signed one-time key, rate limit and honeypot.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from eendak.audit import services as audit
from eendak.cases.workflow import move
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Membership, Municipality, Organisation, User
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.core.roles import OrganisationType
from eendak.intake import services as intake
from eendak.intake.categories import ReporterRole, ReporterSector
from eendak.intake.models import AskerType as IntakeAskerType
from eendak.intake.models import Channel

from .events import Event as E
from .events import logged
from .models import (
    AwarenessEvent,
    Campaign,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    DialogueSignal,
    Enrolment,
    Evaluation,
    EventRegistration,
    Expert,
    ExpertRequest,
    Question,
    Session,
    Standard,
)
from .permissions import LOCAL_TEAM_ROLES
from .workflow import (
    ENROLMENT,
    EVENT,
    EXPERT_REQUEST,
    SESSION,
    AskerType,
    Audience,
    Community,
    EnrolmentStatus,
    EventKind,
    EventStatus,
    ExpertPurpose,
    ExpertRequestStatus,
    ExpertTheme,
    MeetingSetting,
    MeetingTopic,
    QuestionFollowUp,
    QuestionStatus,
    QuestionTopic,
    Referral,
    SessionStatus,
    SignalDestination,
)


def _text(value, field_name: str, message: str, *, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(message, field=field_name)
    return value[:max_length] if max_length else value


def _choices(values, choices, field_name: str, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if any(v not in choices.values for v in values):
        raise RuleViolation(message, field=field_name)
    return values


def _choice(value, choices, field_name: str, message: str) -> str:
    if value not in choices.values:
        raise RuleViolation(message, field=field_name)
    return value


def expertise_centre() -> Organisation:
    found = (Organisation.objects.filter(type=OrganisationType.EXPERTISE_CENTRE, is_active=True)
             .order_by("pk").first())
    if found is None:
        raise RuleViolation("Er is geen Expertisecentrum.")
    return found


def _require_public_entry(actor: Actor) -> None:
    """The public pages' actor only (``Actor.public`` for the Expertisecentrum): a signed-in actor
    here would step around its permission, so that is a programming error, not a refusal."""
    organisation = actor.organisation
    if (actor.user is not None or actor.membership is not None or organisation is None
            or organisation.type != OrganisationType.EXPERTISE_CENTRE):
        raise ValueError("enrol_public/register_public take the public actor of the "
                         "Expertisecentrum only")


# --- Standards and competencies (Werken aan Veiligheid) -------------------------------------------


@audit.atomic
def save_standard(actor: Actor, *, code: str, title: str, order: int = 0,
                  standard: Standard | None = None) -> Standard:
    require(actor, "expertise.manage_competencies")
    code = _text(code, "code", "Vul de code in.", max_length=12)
    title = _text(title, "title", "Vul de naam van de standaard in.", max_length=200)
    if Standard.objects.filter(code__iexact=code).exclude(pk=getattr(standard, "pk", None)).exists():
        raise RuleViolation("Deze code bestaat al.", field="code")
    standard = standard or Standard()
    standard.code, standard.title, standard.order = code, title, order
    standard.save()
    logged(actor, E.COMPETENCY_SAVED, standard, detail=code)
    return standard


@audit.atomic
def save_competency(actor: Actor, *, standard: Standard, code: str, title: str,
                    description: str = "", required: bool = True, is_active: bool = True,
                    competency: Competency | None = None) -> Competency:
    require(actor, "expertise.manage_competencies")
    if standard is None:
        raise RuleViolation("Kies de standaard.", field="standard")
    code = _text(code, "code", "Vul de code in.", max_length=12)
    title = _text(title, "title", "Vul de naam van de competentie in.", max_length=200)
    if Competency.objects.filter(code__iexact=code).exclude(
            pk=getattr(competency, "pk", None)).exists():
        raise RuleViolation("Deze code bestaat al.", field="code")
    competency = competency or Competency()
    competency.standard, competency.code, competency.title = standard, code, title
    competency.description, competency.required = (description or "").strip(), required
    competency.is_active = is_active
    competency.save()
    logged(actor, E.COMPETENCY_SAVED, competency, detail=code)
    return competency


# --- Courses and sessions --------------------------------------------------------------------------


@dataclass
class CourseData:
    title: str
    audiences: list[str]
    duration_hours: Decimal
    validity_months: int = 24
    description: str = ""
    competency_ids: list[int] = field(default_factory=list)
    is_active: bool = True


@audit.atomic
def save_course(actor: Actor, data: CourseData, *, course: Course | None = None) -> Course:
    require(actor, "expertise.manage_trainings")
    title = _text(data.title, "title", "Vul de titel van de training in.", max_length=200)
    if Course.objects.filter(title__iexact=title).exclude(pk=getattr(course, "pk", None)).exists():
        raise RuleViolation("Er is al een training met deze titel.", field="title")
    audiences = _choices(data.audiences, Audience, "audiences", "Kies de doelgroepen uit de lijst.")
    if not audiences:
        raise RuleViolation("Kies ten minste één doelgroep.", field="audiences")
    hours = Decimal(str(data.duration_hours)) if data.duration_hours is not None else None
    if hours is None or not (Decimal("0.5") <= hours <= Decimal("200")):
        raise RuleViolation("Geef de duur in uren (0,5 tot 200).", field="duration_hours")
    if data.validity_months is None or not (0 <= data.validity_months <= 120):
        raise RuleViolation("Geef de geldigheid in maanden (0 = verloopt niet, tot 120).",
                            field="validity_months")
    competencies = list(Competency.objects.filter(pk__in=data.competency_ids or [],
                                                  is_active=True))
    if len(competencies) != len(set(data.competency_ids or [])):
        raise RuleViolation("Kies de competenties uit de lijst.", field="competencies")
    course = course or Course()
    course.title, course.audiences, course.duration_hours = title, audiences, hours
    course.validity_months, course.description = data.validity_months, (data.description or "").strip()
    course.is_active = data.is_active
    course.save()
    course.competencies.set(competencies)
    logged(actor, E.COURSE_SAVED, course, detail=title)
    return course


@audit.atomic
def plan_session(actor: Actor, course: Course, *, starts_at: datetime, ends_at: datetime,
                 place: str, trainer: str, capacity: int) -> Session:
    require(actor, "expertise.manage_trainings")
    if course is None or not course.is_active:
        raise RuleViolation("Kies een actieve training.", field="course")
    if starts_at is None:
        raise RuleViolation("Vul het begin in.", field="starts_at")
    require_plausible(starts_at, "starts_at")
    if ends_at is None or ends_at <= starts_at:
        raise RuleViolation("Het einde ligt na het begin.", field="ends_at")
    if ends_at - starts_at > timedelta(days=5):
        raise RuleViolation("Een bijeenkomst duurt hoogstens vijf dagen.", field="ends_at")
    place = _text(place, "place", "Vul de plaats in.", max_length=200)
    trainer = _text(trainer, "trainer", "Vul de trainer in.", max_length=200)
    if capacity is None or not (1 <= capacity <= 500):
        raise RuleViolation("Geef het aantal plaatsen (1 tot 500).", field="capacity")
    session = Session.objects.create(course=course, starts_at=starts_at, ends_at=ends_at,
                                     place=place, trainer=trainer, capacity=capacity,
                                     created_by=actor.user)
    logged(actor, E.SESSION_PLANNED, session, detail=str(session))
    return session


@audit.atomic
def move_session(actor: Actor, session: Session, target: str) -> Session:
    """Publish (on the public pages, open for enrolment), mark held, or cancel a session."""
    require(actor, "expertise.manage_trainings", session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    move(SESSION, SessionStatus, session.status, target, field="status")
    if target == SessionStatus.PUBLISHED and session.starts_at <= timezone.now():
        raise RuleViolation("Een bijeenkomst in het verleden kan niet meer worden gepubliceerd.",
                            field="status")
    if target == SessionStatus.HELD and session.starts_at > timezone.now():
        raise RuleViolation("De bijeenkomst is nog niet begonnen.", field="status")
    session.status = target
    session.save(update_fields=["status"])
    logged(actor, E.SESSION_MOVED, session, detail=session.get_status_display())
    return session


# --- Enrolment -------------------------------------------------------------------------------------


@dataclass
class Registrant:
    name: str
    email: str
    organisation_name: str = ""
    job: str = ""


def _worker_with_email(email: str) -> User | None:
    """The one active local-team worker with this e-mail address, so a registration from the
    public page still builds their competency record (attendance is marked by the trainer)."""
    users = list(User.objects.filter(
        email__iexact=email, is_active=True,
        memberships__in=Membership.objects.filter(role__in=LOCAL_TEAM_ROLES, is_active=True))
        .distinct()[:2])
    return users[0] if len(users) == 1 else None


def _enrol(actor: Actor, session: Session, registrant: Registrant, *, user: User | None,
           submission_key: str | None = None) -> Enrolment:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PUBLISHED or session.starts_at <= timezone.now():
        raise RuleViolation("Voor deze bijeenkomst kan niet (meer) worden ingeschreven.",
                            field="session")
    name = _text(registrant.name, "name", "Vul uw naam in.", max_length=200)
    email = _text(registrant.email, "email", "Vul uw e-mailadres in.", max_length=254).lower()
    if "@" not in email:
        raise RuleViolation("Vul een geldig e-mailadres in.", field="email")
    if session.enrolments.exclude(status=EnrolmentStatus.CANCELLED).filter(email=email).exists():
        raise RuleViolation("Met dit e-mailadres is al ingeschreven voor deze bijeenkomst.",
                            field="email")
    taken = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    status = EnrolmentStatus.ENROLLED if taken < session.capacity else EnrolmentStatus.WAITING
    enrolment = Enrolment.objects.create(
        session=session, user=user or _worker_with_email(email), name=name, email=email,
        organisation_name=(registrant.organisation_name or "").strip()[:200],
        job=(registrant.job or "").strip()[:200], status=status,
        submission_key=submission_key or None)
    logged(actor, E.ENROLLED, enrolment, detail=enrolment.get_status_display())
    return enrolment


@audit.atomic
def enrol_self(actor: Actor, session: Session) -> Enrolment:
    """A professional enrols themselves: their account's name and e-mail, their organisation."""
    require(actor, "expertise.enrol_self", session)
    user = actor.user
    return _enrol(actor, session, Registrant(
        name=user.get_full_name() or user.get_username(), email=user.email or "",
        organisation_name=actor.organisation.name if actor.organisation else ""), user=user)


@audit.atomic
def enrol_someone(actor: Actor, session: Session, registrant: Registrant) -> Enrolment:
    """The Expertisecentrum enrols someone (by phone, by e-mail)."""
    require(actor, "expertise.manage_trainings", session)
    return _enrol(actor, session, registrant, user=None)


@audit.atomic
def enrol_public(actor: Actor, session: Session, registrant: Registrant, *,
                 submission_key: str) -> Enrolment:
    """From the public page, no login. The same submission key twice returns the first enrolment."""
    _require_public_entry(actor)
    existing = Enrolment.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    return _enrol(actor, session, registrant, user=None, submission_key=submission_key)


@audit.atomic
def cancel_enrolment(actor: Actor, enrolment: Enrolment) -> Enrolment:
    """A place given up: the first on the waiting list gets it."""
    require(actor, "expertise.cancel_enrolment", enrolment)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.session.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
        raise RuleViolation("Na de bijeenkomst kan niet meer worden afgemeld.")
    was = enrolment.status
    move(ENROLMENT, EnrolmentStatus, was, EnrolmentStatus.CANCELLED, field="status")
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.save(update_fields=["status"])
    logged(actor, E.ENROLMENT_CANCELLED, enrolment)
    if was == EnrolmentStatus.ENROLLED:
        first = (enrolment.session.enrolments.filter(status=EnrolmentStatus.WAITING)
                 .order_by("registered_at", "pk").first())
        if first is not None:
            first.status = EnrolmentStatus.ENROLLED
            first.save(update_fields=["status"])
            logged(actor, E.ENROLLED, first, detail="van de wachtlijst")
    return enrolment


@audit.atomic
def record_attendance(actor: Actor, session: Session, *, present_ids) -> Session:
    """Who was there (the enrolled): their certificates are issued and their competency records
    grow. Marks the session held if it was not yet."""
    require(actor, "expertise.manage_trainings", session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.PUBLISHED:
        move_session(actor, session, SessionStatus.HELD)
        session.refresh_from_db()
    if session.status != SessionStatus.HELD:
        raise RuleViolation("Aanwezigheid wordt vastgelegd bij een gehouden bijeenkomst.",
                            field="status")
    enrolled = {e.pk: e for e in session.enrolments.filter(status=EnrolmentStatus.ENROLLED)}
    present = {int(pk) for pk in present_ids or []}
    if present - set(enrolled):
        raise RuleViolation("Kies deelnemers van deze bijeenkomst.", field="present")
    for pk, enrolment in enrolled.items():
        enrolment.attended = pk in present
        if enrolment.attended and not enrolment.certificate_number:
            enrolment.certificate_number = next_reference("CERT")
        enrolment.save(update_fields=["attended", "certificate_number"])
    logged(actor, E.ATTENDANCE_RECORDED, session, detail=f"{len(present)} aanwezig")
    return session


@audit.atomic
def record_evaluation(actor: Actor, enrolment: Enrolment, *, score: int, useful_for_work: int,
                      comment: str = "") -> Evaluation:
    require(actor, "expertise.evaluate", enrolment)
    if not enrolment.attended:
        raise RuleViolation("Alleen wie aanwezig was, evalueert de training.")
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise RuleViolation("Deze training is al geëvalueerd.")
    for name, value in (("score", score), ("useful_for_work", useful_for_work)):
        if value is None or not (1 <= int(value) <= 5):
            raise RuleViolation("Kies een waardering van 1 tot 5.", field=name)
    evaluation = Evaluation.objects.create(enrolment=enrolment, score=score,
                                           useful_for_work=useful_for_work,
                                           comment=(comment or "").strip())
    logged(actor, E.EVALUATED, enrolment)
    return evaluation


# --- Advice questions --------------------------------------------------------------------------------


@dataclass
class QuestionData:
    asker_type: str
    topic: str
    question: str
    anonymous: bool = True
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    received_at: datetime | None = None


@audit.atomic
def register_question(actor: Actor, data: QuestionData) -> Question:
    """An advice question: anonymous by default; contact details only when the asker is not."""
    require(actor, "expertise.handle_questions")
    _choice(data.asker_type, AskerType, "asker_type", "Kies wie de vraag stelt.")
    _choice(data.topic, QuestionTopic, "topic", "Kies het onderwerp.")
    text = _text(data.question, "question", "Beschrijf de vraag.")
    contact = [(data.contact_name or "").strip(), (data.contact_email or "").strip(),
               (data.contact_phone or "").strip()]
    if any(contact) and data.anonymous:
        raise RuleViolation("Een anonieme vraag heeft geen contactgegevens. Zet 'anoniem' uit als "
                            "de vraagsteller teruggebeld wil worden.", field="anonymous")
    received_at = data.received_at or timezone.now()
    require_plausible(received_at, "received_at")
    if received_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Het moment van ontvangst ligt in de toekomst.", field="received_at")
    question = Question.objects.create(
        reference=next_reference("EV", when=received_at), received_at=received_at,
        asker_type=data.asker_type, anonymous=data.anonymous, contact_name=contact[0][:200],
        contact_email=contact[1][:254], contact_phone=contact[2][:30], topic=data.topic,
        question=text, registered_by=actor.user)
    logged(actor, E.QUESTION_REGISTERED, question, detail=question.get_topic_display())
    return question


def _require_open_question(question: Question) -> None:
    if question.status == QuestionStatus.REFERRED:
        raise RuleViolation("Deze vraag is doorverwezen naar Veilig Thuis; de inhoud staat alleen "
                            "daar.")


@audit.atomic
def answer_question(actor: Actor, question: Question, *, answer: str,
                    follow_up: str) -> Question:
    require(actor, "expertise.handle_questions", question)
    question = Question.objects.select_for_update().get(pk=question.pk)
    _require_open_question(question)
    question.answer = _text(answer, "answer", "Schrijf het antwoord.")
    question.follow_up = _choice(follow_up, QuestionFollowUp, "follow_up", "Kies het vervolg.")
    question.status = QuestionStatus.ANSWERED
    question.answered_at = question.answered_at or timezone.now()
    question.answered_by = actor.user
    question.save()
    logged(actor, E.QUESTION_ANSWERED, question)
    return question


@audit.atomic
def refer_question(actor: Actor, question: Question, *, as_: str, municipality_id: int | None = None,
                   note: str = "") -> Question:
    """About an unsafe household: to Veilig Thuis, as an advice request or (the asker not anonymous,
    with their name as reporter) a report. What the question said then lives only at Veilig Thuis:
    here its text and the contact details are cleared, the reference stays — never a shadow file."""
    require(actor, "expertise.handle_questions", question)
    question = Question.objects.select_for_update().get(pk=question.pk)
    _require_open_question(question)
    _choice(as_, Referral, "as_", "Kies adviesvraag of melding.")
    if municipality_id and not Municipality.objects.filter(pk=municipality_id).exists():
        raise RuleViolation("Kies een bestaande gemeente.", field="municipality")
    account = question.question + (f"\n\nToelichting Expertisecentrum: {note.strip()}"
                                   if (note or "").strip() else "")
    veilig_thuis = (Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS, is_active=True)
                    .order_by("pk").first())
    if veilig_thuis is None:
        raise RuleViolation("Er is geen Veilig Thuis om naar door te verwijzen.")
    professional = question.asker_type == AskerType.PROFESSIONAL
    if as_ == Referral.REPORT:
        if question.anonymous or not question.contact_name:
            raise RuleViolation("Een melding heeft de naam van de melder nodig. Verwijs een anonieme "
                                "vraag door als adviesvraag.", field="as_")
        if not municipality_id:
            raise RuleViolation("Kies de gemeente van het huishouden.", field="municipality")
        record = intake.receive_partner_report(actor, intake.ReportData(
            channel=Channel.PROFESSIONAL if professional else Channel.PHONE, account=account,
            violence_types=["onbekend"],
            reporter=intake.ReporterData(
                name=question.contact_name, is_professional=professional,
                role=ReporterRole.PROFESSIONAL_OTHER if professional
                else ReporterRole.NON_PROFESSIONAL,
                sector=ReporterSector.OTHER if professional else ReporterSector.NOT_APPLICABLE,
                phone=question.contact_phone, email=question.contact_email,
                relation="Via het Expertisecentrum"),
            municipality_id=municipality_id), veilig_thuis=veilig_thuis)
    else:
        record = intake.receive_partner_advice(actor, intake.AdviceData(
            channel=Channel.PHONE,
            asker_type={AskerType.RESIDENT: IntakeAskerType.RESIDENT,
                        AskerType.PROFESSIONAL: IntakeAskerType.PROFESSIONAL,
                        AskerType.VOLUNTEER: IntakeAskerType.VOLUNTEER}[question.asker_type],
            question=account, anonymous=question.anonymous,
            consent_to_contact=not question.anonymous,
            asker_name=question.contact_name if not question.anonymous else "",
            asker_phone=question.contact_phone if not question.anonymous else "",
            asker_email=question.contact_email if not question.anonymous else "",
            municipality_id=municipality_id), veilig_thuis=veilig_thuis)
    question.status = QuestionStatus.REFERRED
    question.referred_as, question.referred_reference = as_, record.reference
    question.referred_at = timezone.now()
    question.question = "Doorverwezen naar Veilig Thuis; de inhoud staat alleen daar."
    question.contact_name = question.contact_email = question.contact_phone = ""
    question.answer = ""
    question.save()
    logged(actor, E.QUESTION_REFERRED, question, detail=record.reference)
    return question


# --- Experience experts ------------------------------------------------------------------------------


@audit.atomic
def save_expert(actor: Actor, *, pseudonym: str, themes: list[str], languages: list[str],
                availability: str = "", aftercare: str = "", is_active: bool = True,
                expert: Expert | None = None) -> Expert:
    require(actor, "expertise.manage_experts")
    pseudonym = _text(pseudonym, "pseudonym", "Vul een schuilnaam in.", max_length=100)
    if Expert.objects.filter(pseudonym__iexact=pseudonym).exclude(
            pk=getattr(expert, "pk", None)).exists():
        raise RuleViolation("Deze schuilnaam is al in gebruik.", field="pseudonym")
    themes = _choices(themes, ExpertTheme, "themes", "Kies de thema's uit de lijst.")
    if not themes:
        raise RuleViolation("Kies ten minste één thema.", field="themes")
    languages = [lang.strip()[:40] for lang in languages or [] if lang and lang.strip()]
    if not languages:
        raise RuleViolation("Vul ten minste één taal in.", field="languages")
    expert = expert or Expert()
    expert.pseudonym, expert.themes, expert.languages = pseudonym, themes, languages
    expert.availability, expert.aftercare = (availability or "").strip()[:200], (aftercare or "").strip()
    expert.is_active = is_active
    expert.save()
    logged(actor, E.EXPERT_SAVED, expert, detail=pseudonym)
    return expert


@audit.atomic
def request_expert(actor: Actor, *, purpose: str, wanted_on: date, themes: list[str],
                   language: str = "Nederlands", note: str = "",
                   requester: str = "") -> ExpertRequest:
    require(actor, "expertise.request_expert")
    _choice(purpose, ExpertPurpose, "purpose", "Kies waarvoor de ervaringsdeskundige komt.")
    if wanted_on is None:
        raise RuleViolation("Kies de gewenste datum.", field="wanted_on")
    require_plausible(wanted_on, "wanted_on")
    if wanted_on < timezone.localdate():
        raise RuleViolation("De gewenste datum ligt in het verleden.", field="wanted_on")
    themes = _choices(themes, ExpertTheme, "themes", "Kies de thema's uit de lijst.")
    user = actor.user
    requester = (requester or "").strip() or (user.get_full_name() if user else "")
    request = ExpertRequest.objects.create(
        requested_by_organisation=actor.organisation, requester=requester[:200] or "—",
        purpose=purpose, wanted_on=wanted_on, themes=themes,
        language=(language or "Nederlands").strip()[:40], note=(note or "").strip())
    logged(actor, E.EXPERT_REQUESTED, request, detail=request.get_purpose_display())
    return request


def matching_experts(request: ExpertRequest) -> list[tuple[Expert, int]]:
    """Active experts, best first: shared themes, and the language asked for."""
    scored = []
    for expert in Expert.objects.filter(is_active=True):
        score = len(set(expert.themes) & set(request.themes)) * 2
        if request.language.lower() in [lang.lower() for lang in expert.languages]:
            score += 3
        scored.append((expert, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].pseudonym))
    return scored


@audit.atomic
def match_expert(actor: Actor, request: ExpertRequest, expert: Expert) -> ExpertRequest:
    require(actor, "expertise.manage_experts", request)
    request = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    if expert is None or not expert.is_active:
        raise RuleViolation("Kies een actieve ervaringsdeskundige.", field="expert")
    move(EXPERT_REQUEST, ExpertRequestStatus, request.status, ExpertRequestStatus.MATCHED,
         field="status")
    request.status, request.expert = ExpertRequestStatus.MATCHED, expert
    request.save(update_fields=["status", "expert"])
    logged(actor, E.EXPERT_REQUEST_MOVED, request, detail=f"gekoppeld aan {expert.pseudonym}")
    return request


@audit.atomic
def schedule_expert(actor: Actor, request: ExpertRequest, *, scheduled_at: datetime) -> ExpertRequest:
    require(actor, "expertise.manage_experts", request)
    request = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    if scheduled_at is None:
        raise RuleViolation("Kies het moment.", field="scheduled_at")
    require_plausible(scheduled_at, "scheduled_at")
    move(EXPERT_REQUEST, ExpertRequestStatus, request.status, ExpertRequestStatus.SCHEDULED,
         field="status")
    request.status, request.scheduled_at = ExpertRequestStatus.SCHEDULED, scheduled_at
    request.save(update_fields=["status", "scheduled_at"])
    logged(actor, E.EXPERT_REQUEST_MOVED, request, detail="ingepland")
    return request


@audit.atomic
def debrief_expert(actor: Actor, request: ExpertRequest, *, debrief: str,
                   aftercare_offered: bool) -> ExpertRequest:
    """After the deployment: the debrief with the expert, and whether aftercare was offered (telling
    one's story costs something)."""
    require(actor, "expertise.manage_experts", request)
    request = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    debrief = _text(debrief, "debrief", "Leg de nabespreking vast.")
    move(EXPERT_REQUEST, ExpertRequestStatus, request.status, ExpertRequestStatus.DONE,
         field="status")
    if request.scheduled_at and request.scheduled_at > timezone.now():
        raise RuleViolation("De inzet heeft nog niet plaatsgevonden.", field="debrief")
    request.status, request.debrief = ExpertRequestStatus.DONE, debrief
    request.aftercare_offered = bool(aftercare_offered)
    request.save(update_fields=["status", "debrief", "aftercare_offered"])
    logged(actor, E.EXPERT_REQUEST_MOVED, request, detail="nabespreking")
    return request


@audit.atomic
def cancel_expert_request(actor: Actor, request: ExpertRequest, *, reason: str) -> ExpertRequest:
    require(actor, "expertise.manage_experts", request)
    request = ExpertRequest.objects.select_for_update().get(pk=request.pk)
    reason = _text(reason, "reason", "Geef de reden.")
    move(EXPERT_REQUEST, ExpertRequestStatus, request.status, ExpertRequestStatus.CANCELLED,
         field="status")
    request.status = ExpertRequestStatus.CANCELLED
    request.note = (request.note + f"\n\nVervallen: {reason}").strip()
    request.save(update_fields=["status", "note"])
    logged(actor, E.EXPERT_REQUEST_MOVED, request, detail="vervallen")
    return request


# --- Awareness ----------------------------------------------------------------------------------------


@audit.atomic
def save_campaign(actor: Actor, *, title: str, starts_on: date, ends_on: date,
                  description: str = "", campaign: Campaign | None = None) -> Campaign:
    require(actor, "expertise.manage_awareness")
    title = _text(title, "title", "Vul de titel in.", max_length=200)
    if starts_on is None:
        raise RuleViolation("Vul de begindatum in.", field="starts_on")
    require_plausible(starts_on, "starts_on")
    if ends_on is None or ends_on < starts_on:
        raise RuleViolation("De einddatum ligt op of na de begindatum.", field="ends_on")
    campaign = campaign or Campaign()
    campaign.title, campaign.starts_on, campaign.ends_on = title, starts_on, ends_on
    campaign.description = (description or "").strip()
    campaign.save()
    logged(actor, E.CAMPAIGN_SAVED, campaign, detail=title)
    return campaign


@audit.atomic
def plan_event(actor: Actor, *, title: str, kind: str, starts_at: datetime, place: str,
               capacity: int | None = None, is_public: bool = True,
               campaign: Campaign | None = None) -> AwarenessEvent:
    require(actor, "expertise.manage_awareness")
    title = _text(title, "title", "Vul de titel in.", max_length=200)
    _choice(kind, EventKind, "kind", "Kies de soort bijeenkomst.")
    if starts_at is None:
        raise RuleViolation("Vul het begin in.", field="starts_at")
    require_plausible(starts_at, "starts_at")
    place = _text(place, "place", "Vul de plaats in.", max_length=200)
    if capacity is not None and not (1 <= capacity <= 5000):
        raise RuleViolation("Geef het aantal plaatsen (1 tot 5000) of laat het leeg.",
                            field="capacity")
    event = AwarenessEvent.objects.create(campaign=campaign, title=title, kind=kind,
                                          starts_at=starts_at, place=place, capacity=capacity,
                                          is_public=is_public)
    logged(actor, E.EVENT_PLANNED, event, detail=title)
    return event


@audit.atomic
def register_public(actor: Actor, event: AwarenessEvent, registrant: Registrant, *,
                    submission_key: str) -> EventRegistration:
    """Registration for a public event, from the public page (no login)."""
    _require_public_entry(actor)
    existing = EventRegistration.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    event = AwarenessEvent.objects.select_for_update().get(pk=event.pk)
    if (not event.is_public or event.status != EventStatus.PLANNED
            or event.starts_at <= timezone.now()):
        raise RuleViolation("Voor deze bijeenkomst kan niet (meer) worden aangemeld.", field="event")
    name = _text(registrant.name, "name", "Vul uw naam in.", max_length=200)
    email = _text(registrant.email, "email", "Vul uw e-mailadres in.", max_length=254).lower()
    if "@" not in email:
        raise RuleViolation("Vul een geldig e-mailadres in.", field="email")
    if event.registrations.filter(email=email).exists():
        raise RuleViolation("Met dit e-mailadres bent u al aangemeld.", field="email")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise RuleViolation("Deze bijeenkomst is vol.", field="event")
    registration = EventRegistration.objects.create(
        event=event, name=name, email=email,
        organisation_name=(registrant.organisation_name or "").strip()[:200],
        submission_key=submission_key)
    logged(actor, E.EVENT_REGISTERED, registration)
    return registration


@audit.atomic
def close_event(actor: Actor, event: AwarenessEvent, *, target: str,
                reach: int | None = None) -> AwarenessEvent:
    """Held (with its reach: how many people it reached) or cancelled."""
    require(actor, "expertise.manage_awareness", event)
    event = AwarenessEvent.objects.select_for_update().get(pk=event.pk)
    move(EVENT, EventStatus, event.status, target, field="status")
    if target == EventStatus.HELD:
        if event.starts_at > timezone.now():
            raise RuleViolation("De bijeenkomst is nog niet geweest.", field="status")
        if reach is None or not (0 <= reach <= 1_000_000):
            raise RuleViolation("Vul het bereik in (aantal deelnemers).", field="reach")
        event.reach = reach
    event.status = target
    event.save(update_fields=["status", "reach"])
    logged(actor, E.EVENT_MOVED, event, detail=event.get_status_display())
    return event


# --- Dialogue leaders and meetings --------------------------------------------------------------------


@audit.atomic
def save_leader(actor: Actor, *, name: str, community: str, languages: list[str],
                trained_on: date | None = None, trained_by: str = "", is_active: bool = True,
                leader: DialogueLeader | None = None) -> DialogueLeader:
    require(actor, "expertise.manage_dialogue")
    name = _text(name, "name", "Vul de naam in.", max_length=200)
    _choice(community, Community, "community", "Kies de gemeenschap.")
    languages = [lang.strip()[:40] for lang in languages or [] if lang and lang.strip()]
    if not languages:
        raise RuleViolation("Vul ten minste één taal in.", field="languages")
    require_plausible(trained_on, "trained_on")
    if trained_on and trained_on > timezone.localdate():
        raise RuleViolation("De trainingsdatum ligt in de toekomst.", field="trained_on")
    leader = leader or DialogueLeader()
    leader.name, leader.community, leader.languages = name, community, languages
    leader.trained_on, leader.trained_by = trained_on, (trained_by or "").strip()[:200]
    leader.is_active = is_active
    leader.save()
    logged(actor, E.LEADER_SAVED, leader, detail=name)
    return leader


@dataclass
class MeetingData:
    leader: DialogueLeader
    held_on: date
    setting: str
    language: str
    participants: int
    topics: list[str]
    partner: str = ""
    notes: str = ""


@audit.atomic
def record_meeting(actor: Actor, data: MeetingData) -> DialogueMeeting:
    """A dialogue meeting as it happened: counts and topics, never the participants' names."""
    require(actor, "expertise.manage_dialogue")
    if data.leader is None:
        raise RuleViolation("Kies de dialoogleider.", field="leader")
    if data.held_on is None:
        raise RuleViolation("Vul de datum in.", field="held_on")
    require_plausible(data.held_on, "held_on")
    if data.held_on > timezone.localdate():
        raise RuleViolation("Een bijeenkomst wordt vastgelegd nadat ze is gehouden.",
                            field="held_on")
    _choice(data.setting, MeetingSetting, "setting", "Kies de setting.")
    language = _text(data.language, "language", "Vul de taal in.", max_length=40)
    if data.participants is None or not (1 <= data.participants <= 500):
        raise RuleViolation("Vul het aantal deelnemers in (1 tot 500).", field="participants")
    topics = _choices(data.topics, MeetingTopic, "topics", "Kies de onderwerpen uit de lijst.")
    if not topics:
        raise RuleViolation("Kies ten minste één onderwerp.", field="topics")
    meeting = DialogueMeeting.objects.create(
        leader=data.leader, held_on=data.held_on, setting=data.setting,
        partner=(data.partner or "").strip()[:200], language=language,
        participants=data.participants, topics=topics, notes=(data.notes or "").strip(),
        recorded_by=actor.user)
    logged(actor, E.MEETING_RECORDED, meeting, detail=str(meeting))
    return meeting


@audit.atomic
def pass_signal(actor: Actor, meeting: DialogueMeeting, *, text: str,
                to: str) -> DialogueSignal:
    """A worry from a meeting passed on anonymously: kept at the Expertisecentrum, or sent to
    Veilig Thuis as an anonymous advice request (then only its reference stays here)."""
    require(actor, "expertise.manage_dialogue", meeting)
    text = _text(text, "text", "Beschrijf het signaal (zonder namen).")
    _choice(to, SignalDestination, "to", "Kies aan wie het signaal wordt doorgegeven.")
    reference = ""
    if to == SignalDestination.VEILIG_THUIS:
        veilig_thuis = (Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS,
                                                    is_active=True).order_by("pk").first())
        if veilig_thuis is None:
            raise RuleViolation("Er is geen Veilig Thuis om aan door te geven.")
        advice = intake.receive_partner_advice(actor, intake.AdviceData(
            channel=Channel.PHONE, asker_type=IntakeAskerType.PROFESSIONAL, anonymous=True,
            question=f"Signaal uit een dialoogbijeenkomst ({meeting.get_setting_display()}, "
                     f"{meeting.held_on:%d-%m-%Y}): {text}"), veilig_thuis=veilig_thuis)
        reference, text = advice.reference, "Doorgegeven aan Veilig Thuis; de inhoud staat daar."
    signal = DialogueSignal.objects.create(meeting=meeting, text=text, passed_to=to,
                                           veilig_thuis_reference=reference, passed_by=actor.user)
    logged(actor, E.SIGNAL_PASSED, signal, detail=signal.get_passed_to_display())
    return signal



