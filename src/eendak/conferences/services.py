"""The Veiligheidsteam's work: every change goes through one function here.

Each function starts with ``require(actor, "conferences.<action>", obj)`` — the one declared rule of
who may (``conferences.permissions``) — then checks the data and the state (a ``RuleViolation`` with a
Dutch message at its field; a state moves only along ``conferences.workflow``'s tables), changes it,
and writes the case's journal entry and the access-log entry through ``conferences.events``.

What the team's work changes in the family's one file goes through the case file's own services:
taking part (``cases.services.participate``), the handover of oversight of safety (offer → accept),
the coordinator, and the plan's actions (``cases.services.add_action``, which asks its own rule).
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.cases import services as cases
from eendak.cases.models import (
    Case,
    CaseStatus,
    LegalBasis,
    Phase,
    PlanGoal,
    PlanPart,
    SafetyCondition,
)
from eendak.cases.workflow import move
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Organisation, User
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.core.roles import OrganisationType
from eendak.notifications import calendar
from eendak.notifications import services as notifications
from eendak.notifications.models import Kind as NoticeKind
from eendak.persons.queries import persons_of

from . import workflow
from .events import Event as E
from .events import changed, logged
from .models import (
    AgendaItem,
    Conference,
    ConferenceAction,
    ConferenceDecision,
    Contribution,
    EscalationSignal,
    Invitation,
    Measure,
    MeasureKind,
    Notice,
    Referral,
    TriageDecision,
)
from .queries import (
    active_referral,
    fixed_partners,
    hand_back_targets,
    invitable_partners,
    referral_history,
    team_organisation,
)
from .workflow import (
    ConferenceStatus,
    Informed,
    InvitationKind,
    MeasureStatus,
    ReferralStatus,
    TriageOutcome,
)

CONFERENCE_GOAL = "Afspraken uit het casusoverleg van het Veiligheidsteam"


def _text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(message, field=field)
    return value


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise RuleViolation("Deze casus is gesloten.")


def _notify(referral: Referral, organisation, text: str) -> Notice | None:
    if organisation is None:
        return None
    return Notice.objects.create(referral=referral, to_organisation=organisation, text=text)


def _tell_referrer(actor: Actor, referral: Referral, key: str, text: str) -> None:
    """The decision on a referral, told to the person who put the family forward (in their
    membership at the organisation that did), who reads it on the referral's page."""
    notifications.notify(
        NoticeKind.REFERRAL_DECIDED, text=text,
        url=reverse("conferences:referral_detail", args=[referral.pk]),
        key=f"referral:{referral.pk}:{key}", permission="conferences.view_referral", obj=referral,
        users=[referral.requested_by], user_organisation=referral.requesting_organisation,
        exclude=actor.user, synthetic=referral.case.is_synthetic)


CONFERENCE_HOURS = 2  # the calendar entry's length: a conference has a start, no stored end


def _invite(actor: Actor, item: AgendaItem, organisations) -> None:
    """The people of each newly invited organisation who may read the household on the agenda are
    told, with the conference in their calendar (nobody named in it)."""
    conference = item.conference
    url = reverse("conferences:item_detail", args=[item.pk])
    when = timezone.localtime(conference.starts_at)
    notifications.notify(
        NoticeKind.INVITATION,
        text=f"Uitnodiging: casusoverleg van het Veiligheidsteam op {when:%d-%m-%Y %H:%M} "
             f"({conference.reference})", url=url, key=f"invitation:{item.pk}",
        permission="conferences.view_item", obj=item, organisations=list(organisations),
        exclude=actor.user, synthetic=conference.is_synthetic,
        calendar=calendar.invitation(
            uid=f"conference-{conference.pk}", starts_at=conference.starts_at,
            duration=timedelta(hours=CONFERENCE_HOURS), location=conference.place,
            summary=f"Casusoverleg Veiligheidsteam {conference.reference}", path=url))


def _veilig_thuis_of(case: Case):
    return (Organisation.objects.filter(
        type=OrganisationType.VEILIG_THUIS, participations__case=case,
        participations__ended_at__isnull=True).first()
        or Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS, is_active=True)
        .order_by("pk").first())


# --- Referral ------------------------------------------------------------------------------------------


def _referral_fields(case: Case, *, reason, goal, escalation_signals, invited_partner_ids):
    reason = _text(reason, "reason", "Geef de reden van de aanmelding.")
    goal = _text(goal, "goal", "Beschrijf het doel van de aanmelding: wat moet het Veiligheidsteam "
                               "bereiken?")
    signals = list(dict.fromkeys(escalation_signals or []))
    unknown = [s for s in signals if s not in EscalationSignal.values]
    if unknown:
        raise RuleViolation("Kies signalen van escalatie uit de lijst.", field="escalation_signals")
    ids = {int(pk) for pk in (invited_partner_ids or [])}
    partners = list(invitable_partners(case).filter(pk__in=ids))
    if len(partners) != len(ids):
        raise RuleViolation("Kies uit te nodigen partners uit de lijst: de consulterende partners "
                            "van het Veiligheidsteam en de organisaties die deelnemen aan de casus.",
                            field="invited_partners")
    if active_referral(case) is not None:
        raise RuleViolation("Dit gezin is al aangemeld bij het Veiligheidsteam.", field="reason")
    return reason, goal, signals, partners


@audit.atomic
def request_referral(actor: Actor, case: Case, *, reason: str, goal: str,
                     escalation_signals=(), invited_partner_ids=()) -> Referral:
    """A partner asks Veilig Thuis to refer the family: Veilig Thuis decides whether the team fits."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(actor, "conferences.request_referral", case)
    _require_open(case)
    reason, goal, signals, partners = _referral_fields(
        case, reason=reason, goal=goal, escalation_signals=escalation_signals,
        invited_partner_ids=invited_partner_ids)
    referral = Referral.objects.create(
        reference=next_reference("VT-A"), case=case, status=ReferralStatus.REQUESTED,
        requesting_organisation=actor.organisation, requested_by=actor.user, reason=reason,
        # The history is counted from Veilig Thuis's reports and instruments: it is stored when
        # Veilig Thuis refers, not shown to the partner that asks.
        goal=goal, escalation_signals=signals, history={})
    referral.invited_partners.set(partners)
    _notify(referral, _veilig_thuis_of(case),
            f"{actor.organisation.name} vraagt Veilig Thuis dit gezin aan te melden bij het "
            f"Veiligheidsteam: {reason}")
    changed(actor, case, E.REFERRAL_REQUESTED,
            f"{actor.organisation.name} vraagt Veilig Thuis het gezin aan te melden bij het "
            f"Veiligheidsteam. Reden: {reason}", obj=referral, detail=referral.reference)
    return referral


def _put_on_triage(referral: Referral) -> None:
    now = timezone.now()
    referral.status = ReferralStatus.REFERRED
    referral.referred_at = now
    referral.triage_on = workflow.triage_date_for(now)


@audit.atomic
def refer(actor: Actor, case: Case, *, reason: str, goal: str, escalation_signals=(),
          invited_partner_ids=()) -> Referral:
    """Veilig Thuis refers the family: it goes on the triage list of the week its deadline allows."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(actor, "conferences.refer", case)
    _require_open(case)
    reason, goal, signals, partners = _referral_fields(
        case, reason=reason, goal=goal, escalation_signals=escalation_signals,
        invited_partner_ids=invited_partner_ids)
    referral = Referral(
        reference=next_reference("VT-A"), case=case, requesting_organisation=actor.organisation,
        requested_by=actor.user, reason=reason, goal=goal, escalation_signals=signals,
        history=referral_history(case), vt_decided_by=actor.user,
        vt_decision_reason="Aangemeld door Veilig Thuis")
    _put_on_triage(referral)
    referral.save()
    referral.invited_partners.set(partners)
    changed(actor, case, E.REFERRED,
            f"Veilig Thuis meldt het gezin aan bij het Veiligheidsteam (triage "
            f"{referral.triage_on:%d-%m-%Y}). Reden: {reason}", obj=referral,
            detail=referral.reference)
    return referral


@audit.atomic
def decide_on_request(actor: Actor, referral: Referral, *, refer_it: bool, reason: str) -> Referral:
    """Veilig Thuis's decision on a partner's request, with its reason, fed back to the partner."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    require(actor, "conferences.refer", referral.case)
    _require_open(referral.case)
    reason = _text(reason, "reason", "Geef de reden van het besluit; de partner die het vroeg "
                                     "krijgt die terug.")
    target = ReferralStatus.REFERRED if refer_it else ReferralStatus.NOT_REFERRED
    move(workflow.REFERRAL, ReferralStatus, referral.status, target, field="decision")
    referral.vt_decision_reason = reason
    referral.vt_decided_by = actor.user
    if refer_it:
        # Veilig Thuis refers from its own file: it takes part from here, and its history goes in.
        cases.participate(actor, referral.case, actor.organisation,
                          "Veilig Thuis: aanmelding bij het Veiligheidsteam")
        referral.history = referral_history(referral.case)
        _put_on_triage(referral)
    else:
        referral.status = ReferralStatus.NOT_REFERRED
    referral.save()
    outcome = (f"aangemeld bij het Veiligheidsteam (triage {referral.triage_on:%d-%m-%Y})"
               if refer_it else "niet aangemeld bij het Veiligheidsteam")
    _notify(referral, referral.requesting_organisation,
            f"Veilig Thuis heeft het gezin {outcome}. Reden: {reason}")
    changed(actor, referral.case, E.REFERRED if refer_it else E.NOT_REFERRED,
            f"Veilig Thuis heeft het gezin {outcome}. Reden: {reason}", obj=referral,
            detail=referral.reference)
    _tell_referrer(actor, referral, "veilig-thuis",
                   f"Veilig Thuis heeft besloten over uw verzoek tot aanmelding {referral.reference}")
    return referral


# --- The weekly triage ----------------------------------------------------------------------------


def team_coordinators(team=None):
    """People who may coordinate for the team (``team``, or the region's): its own case
    coordinators and members."""
    team = team or team_organisation()
    return (User.objects.filter(is_active=True, memberships__is_active=True,
                                memberships__organisation=team,
                                memberships__role__in=cases.COORDINATOR_ROLES)
            .distinct().order_by("first_name", "last_name"))


@audit.atomic
def decide_triage(actor: Actor, referral: Referral, *, outcome: str, reason: str,
                  coordinator: User | None = None,
                  seen_triage_on: date | None = None) -> TriageDecision:
    """Accept, not accept, or not yet — with a reason, fed back to the referrer.

    Accepting makes the Veiligheidsteam a participant, offers it oversight of safety (the existing
    offer → accept: the team accepts on the case page) and makes its member the case's coordinator,
    who stays until stable safety.
    """
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    require(actor, "conferences.decide_triage", referral)
    _require_open(referral.case)
    if outcome not in TriageOutcome.values:
        raise RuleViolation("Kies accepteren, niet accepteren of nog niet.", field="outcome")
    if referral.status != ReferralStatus.REFERRED:
        raise RuleViolation(f"Deze aanmelding is {referral.get_status_display().lower()}; er valt "
                            "geen triagebesluit meer te nemen.", field="outcome")
    if seen_triage_on is not None and seen_triage_on != referral.triage_on:
        # Decided at another desk meanwhile ("not yet" moved it): two decisions are not one.
        raise RuleViolation("Over dit gezin is intussen al besloten; bekijk de triage opnieuw.",
                            field="outcome")
    reason = _text(reason, "reason", "Geef de reden van het triagebesluit; de aanmelder krijgt die "
                                     "terug.")
    team = actor.organisation
    if outcome == TriageOutcome.ACCEPT and (
            coordinator is None
            or not team_coordinators(team).filter(pk=coordinator.pk).exists()):
        raise RuleViolation("Kies de regisseur van het Veiligheidsteam voor dit gezin.",
                            field="coordinator")
    decision = TriageDecision.objects.create(referral=referral, triage_on=referral.triage_on,
                                             outcome=outcome, reason=reason,
                                             decided_by=actor.user)
    case = referral.case
    if outcome == TriageOutcome.ACCEPT:
        move(workflow.REFERRAL, ReferralStatus, referral.status, ReferralStatus.ACCEPTED,
             field="outcome")
        referral.status = ReferralStatus.ACCEPTED
        referral.accepted_on = timezone.localdate()
        referral.coordinator = coordinator
        cases.participate(actor, case, team, "Veiligheidsteam: één gezin, één plan, één regisseur")
        if case.responsible_organisation_id != team.pk:
            cases.offer_handover_as_agreed(
                actor, case, to_organisation_id=team.pk,
                note=f"Geaccepteerd door de triage van het Veiligheidsteam: {reason}")
        cases.set_coordinator(actor, Case.objects.get(pk=case.pk), coordinator)
        text = (f"De triage van het Veiligheidsteam heeft het gezin geaccepteerd. Regisseur: "
                f"{coordinator.get_full_name() or coordinator.username}. Reden: {reason}")
    elif outcome == TriageOutcome.NOT_ACCEPT:
        move(workflow.REFERRAL, ReferralStatus, referral.status, ReferralStatus.NOT_ACCEPTED,
             field="outcome")
        referral.status = ReferralStatus.NOT_ACCEPTED
        text = f"De triage van het Veiligheidsteam heeft het gezin niet geaccepteerd. Reden: {reason}"
    else:
        referral.triage_on = workflow.next_triage_after(
            max(referral.triage_on or timezone.localdate(), timezone.localdate()))
        text = (f"De triage van het Veiligheidsteam besluit nog niet; het gezin komt terug op de "
                f"triage van {referral.triage_on:%d-%m-%Y}. Reden: {reason}")
    referral.save()
    receivers = {referral.requesting_organisation}
    if referral.requesting_organisation.type != OrganisationType.VEILIG_THUIS:
        receivers.add(_veilig_thuis_of(case))
    for organisation in receivers:
        _notify(referral, organisation, text)
    changed(actor, case, E.TRIAGE_DECIDED, text, obj=referral, detail=outcome)
    _tell_referrer(actor, referral, f"triage:{decision.pk}",
                   f"De triage van het Veiligheidsteam heeft besloten over aanmelding "
                   f"{referral.reference}")
    return decision


@audit.atomic
def acknowledge_notice(actor: Actor, notice: Notice) -> Notice:
    require(actor, "conferences.acknowledge_notice", notice)
    won = Notice.objects.filter(pk=notice.pk, seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=actor.user)
    notice.refresh_from_db()
    if won:
        logged(actor, E.NOTICE_SEEN, notice.referral, detail=str(notice.pk))
    return notice


# --- Case conferences ---------------------------------------------------------------------------------


def _not_cancelled(conference: Conference) -> None:
    if conference.status == ConferenceStatus.CANCELLED:
        raise RuleViolation("Dit casusoverleg is geannuleerd.")


def _planned(conference: Conference) -> None:
    if conference.status != ConferenceStatus.PLANNED:
        raise RuleViolation(f"Dit casusoverleg is {conference.get_status_display().lower()}; het "
                            "kan niet meer worden gewijzigd.")


@audit.atomic
def plan_conference(actor: Actor, *, starts_at: datetime, place: str, chair: User) -> Conference:
    require(actor, "conferences.plan_conference", None)
    if starts_at is None:
        raise RuleViolation("Kies de datum en tijd van het casusoverleg.", field="starts_at")
    require_plausible(starts_at.date() if isinstance(starts_at, datetime) else starts_at,
                      "starts_at")
    place = _text(place, "place", "Geef de plaats van het casusoverleg.")
    if chair is None or not team_coordinators(actor.organisation).filter(pk=chair.pk).exists():
        raise RuleViolation("De voorzitter is een lid van het Veiligheidsteam.", field="chair")
    conference = Conference.objects.create(reference=next_reference("CO"), starts_at=starts_at,
                                           place=place, chair=chair, created_by=actor.user)
    logged(actor, E.CONFERENCE_PLANNED, conference, detail=f"{starts_at:%Y-%m-%d %H:%M}")
    return conference


@audit.atomic
def add_to_agenda(actor: Actor, conference: Conference, referral: Referral, *,
                  consulting_ids=()) -> AgendaItem:
    """Put an accepted family on the agenda. The fixed members are invited for it, with the
    partners the referral asked for; ``consulting_ids`` invites consulting partners for it alone."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require(actor, "conferences.manage_agenda", conference)
    _planned(conference)
    referral = Referral.objects.select_related("case").get(pk=referral.pk)
    if referral.status != ReferralStatus.ACCEPTED:
        raise RuleViolation("Alleen een gezin dat het Veiligheidsteam heeft geaccepteerd komt op de "
                            "agenda.", field="referral")
    if conference.items.filter(referral=referral).exists():
        raise RuleViolation("Dit gezin staat al op de agenda.", field="referral")
    chosen = {int(pk) for pk in consulting_ids or []}
    invitable = invitable_partners(referral.case)
    if invitable.filter(pk__in=chosen).count() != len(chosen):
        raise RuleViolation("Nodig consulterende partners uit de lijst uit: de consulterende "
                            "partners van het Veiligheidsteam en de organisaties die deelnemen aan "
                            "de casus.", field="consulting_partners")
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(conference=conference, referral=referral,
                                             position=conference.items.count())
    except IntegrityError:
        raise RuleViolation("Dit gezin staat al op de agenda.", field="referral") from None
    fixed = set(fixed_partners().values_list("pk", flat=True))
    for organisation_id in fixed:
        Invitation.objects.create(item=item, organisation_id=organisation_id,
                                  kind=InvitationKind.FIXED)
    asked = set(referral.invited_partners.values_list("pk", flat=True)) | chosen
    for organisation in invitable.filter(pk__in=asked - fixed):
        Invitation.objects.create(item=item, organisation=organisation,
                                  kind=InvitationKind.CONSULTING)
    _invite(actor, item, Organisation.objects.filter(
        pk__in=item.invitations.values("organisation_id")))
    changed(actor, referral.case, E.ITEM_ADDED,
            f"Op de agenda van het casusoverleg van "
            f"{timezone.localtime(conference.starts_at):%d-%m-%Y %H:%M} ({conference.place}).",
            obj=item, detail=conference.reference)
    return item


@audit.atomic
def invite_partner(actor: Actor, item: AgendaItem, organisation: Organisation) -> Invitation:
    """Invite a consulting partner for this household alone."""
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.manage_agenda", item.conference)
    _planned(item.conference)
    if organisation is None or not invitable_partners(item.referral.case).filter(
            pk=organisation.pk).exists():
        raise RuleViolation("Nodig een consulterende partner van het Veiligheidsteam uit, of een "
                            "organisatie die deelneemt aan de casus.", field="organisation")
    if item.invitations.filter(organisation=organisation).exists():
        raise RuleViolation("Deze organisatie is al uitgenodigd voor dit gezin.",
                            field="organisation")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(item=item, organisation=organisation,
                                                   kind=InvitationKind.CONSULTING)
    except IntegrityError:
        raise RuleViolation("Deze organisatie is al uitgenodigd voor dit gezin.",
                            field="organisation") from None
    logged(actor, E.PARTNER_INVITED, item, detail=organisation.name)
    _invite(actor, item, [organisation])
    return invitation


@audit.atomic
def withdraw_invitation(actor: Actor, item: AgendaItem, organisation: Organisation | None, *,
                        reason: str) -> None:
    """A consulting partner invited by mistake, or no longer needed, is uninvited before the
    conference: from then on it does not see the household (``permissions.invited_items``)."""
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.manage_agenda", item.conference)
    _planned(item.conference)
    invitation = (item.invitations.filter(organisation=organisation).first()
                  if organisation is not None else None)
    if invitation is None:
        raise RuleViolation("Deze organisatie is niet uitgenodigd voor dit gezin.",
                            field="organisation")
    if invitation.kind != InvitationKind.CONSULTING:
        raise RuleViolation("De vaste deelnemers van het Veiligheidsteam zijn voor elk gezin "
                            "uitgenodigd; alleen een consulterende partner kan worden afgemeld.",
                            field="organisation")
    reason = _text(reason, "reason", "Geef de reden om de uitnodiging in te trekken.")
    invitation.delete()
    logged(actor, E.INVITATION_WITHDRAWN, item, detail=f"{organisation.name}: {reason}")


@audit.atomic
def record_attendance(actor: Actor, item: AgendaItem, attendance: dict) -> AgendaItem:
    """``attendance``: invitation id → (attended, attendee name)."""
    item = AgendaItem.objects.select_related("conference").get(pk=item.pk)
    require(actor, "conferences.record_outcome", item)
    _not_cancelled(item.conference)
    invitations = {i.pk: i for i in item.invitations.all()}
    for pk, (attended, attendee) in attendance.items():
        invitation = invitations.get(int(pk))
        if invitation is None:
            raise RuleViolation("Deze organisatie is niet uitgenodigd.", field="attendance")
        invitation.attended = bool(attended)
        invitation.attendee = (attendee or "").strip()[:200]
        invitation.save(update_fields=["attended", "attendee"])
    logged(actor, E.ATTENDANCE_RECORDED, item,
           detail=f"{sum(1 for a, _ in attendance.values() if a)} aanwezig")
    return item


@audit.atomic
def record_informing(actor: Actor, item: AgendaItem, *, informed: str, reason: str = "") -> AgendaItem:
    """Whether the persons discussed were informed; when informing would be unsafe, the reason."""
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.record_outcome", item)
    _not_cancelled(item.conference)
    if informed not in Informed.values:
        raise RuleViolation("Kies of de betrokkenen zijn geïnformeerd.", field="informed")
    reason = (reason or "").strip()
    if informed == Informed.UNSAFE and not reason:
        raise RuleViolation("Leg vast waarom informeren nu onveilig is (bijvoorbeeld een lopend "
                            "strafrechtelijk onderzoek).", field="not_informed_reason")
    item.informed = informed
    item.not_informed_reason = reason if informed == Informed.UNSAFE else ""
    item.informed_recorded_by = actor.user
    item.save(update_fields=["informed", "not_informed_reason", "informed_recorded_by"])
    text = f"Betrokkenen bij het casusoverleg: {Informed(informed).label.lower()}"
    if item.not_informed_reason:
        text += f" Reden: {item.not_informed_reason}"
    changed(actor, item.referral.case, E.INFORMING_RECORDED, text, obj=item,
            persons=persons_of(item.referral.case.household_id), detail=informed)
    return item


@audit.atomic
def contribute(actor: Actor, item: AgendaItem, *, text: str, legal_basis: str,
               conference_only: bool = False) -> Contribution:
    """An organisation's contribution about one household, under its own legal basis; unless marked
    for the conference only, it also goes into the family's shared journal."""
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.contribute", item)
    _not_cancelled(item.conference)
    text = _text(text, "text", "Schrijf uw inbreng.")
    if legal_basis not in LegalBasis.values:
        raise RuleViolation("Kies de grondslag waarop uw organisatie dit deelt.",
                            field="legal_basis")
    contribution = Contribution.objects.create(item=item, organisation=actor.organisation,
                                               author=actor.user, text=text,
                                               legal_basis=legal_basis,
                                               conference_only=bool(conference_only))
    case = item.referral.case
    if conference_only:
        logged(actor, E.CONTRIBUTED, contribution, persons=persons_of(case.household_id),
               detail="alleen casusoverleg")
    else:
        changed(actor, case, E.CONTRIBUTED,
                f"Inbreng casusoverleg ({actor.organisation.name}): {text}", obj=contribution,
                persons=persons_of(case.household_id), detail="gedeeld dossier",
                legal_basis=legal_basis)
    return contribution


@audit.atomic
def record_decision(actor: Actor, item: AgendaItem, *, text: str) -> ConferenceDecision:
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.record_outcome", item)
    _not_cancelled(item.conference)
    text = _text(text, "text", "Beschrijf het besluit.")
    decision = ConferenceDecision.objects.create(item=item, text=text, decided_by=actor.user)
    changed(actor, item.referral.case, E.DECISION_RECORDED, f"Besluit casusoverleg: {text}",
            obj=item, detail=item.conference.reference)
    return decision


def _conference_goal(actor: Actor, case: Case) -> PlanGoal:
    """The goal in the family's current plan that holds the conference's actions (a new version
    when there is none, or when the current one was agreed with the family and lies fixed)."""
    version = cases.current_plan(case)
    if version is None or version.agreed_with_family_on:
        version = cases.new_plan_version(actor, case, note="Afspraken uit het casusoverleg")
    goal = version.goals.filter(text=CONFERENCE_GOAL).first()
    return goal or cases.add_goal(actor, version, part=PlanPart.SAFETY, text=CONFERENCE_GOAL)


@audit.atomic
def agree_action(actor: Actor, item: AgendaItem, *, text: str, owner_organisation: Organisation | None,
                 owner: User | None = None, due_on: date | None = None,
                 decision: ConferenceDecision | None = None) -> ConferenceAction:
    """An action agreed at the conference goes straight into the family's one plan."""
    item = AgendaItem.objects.select_related("conference", "referral__case").get(pk=item.pk)
    require(actor, "conferences.record_outcome", item)
    _not_cancelled(item.conference)
    _text(text, "text", "Beschrijf de actie.")
    if owner_organisation is None:
        raise RuleViolation("Kies de organisatie die de actie uitvoert: een actie zonder eigenaar "
                            "wordt niet gedaan.", field="owner_organisation")
    if due_on is None:
        raise RuleViolation("Kies de datum waarop de actie uiterlijk klaar is.", field="due_on")
    if decision is not None and decision.item_id != item.pk:
        raise RuleViolation("Dit besluit hoort bij een ander gezin.", field="decision")
    case = Case.objects.get(pk=item.referral.case_id)
    start_on = min(timezone.localdate(), due_on)
    plan_action = cases.add_action(actor, _conference_goal(actor, case), text=text,
                                   owner_organisation=owner_organisation, owner=owner,
                                   start_on=start_on, due_on=due_on)
    link = ConferenceAction.objects.create(item=item, decision=decision, plan_action=plan_action)
    logged(actor, E.ACTION_AGREED, item, detail=owner_organisation.name)
    return link


@audit.atomic
def hold_conference(actor: Actor, conference: Conference) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require(actor, "conferences.plan_conference", conference)
    move(workflow.CONFERENCE, ConferenceStatus, conference.status, ConferenceStatus.HELD,
         field="status")
    if conference.starts_at > timezone.now():
        raise RuleViolation("Een casusoverleg in de toekomst kan nog niet gehouden zijn.",
                            field="status")
    conference.status = ConferenceStatus.HELD
    conference.save(update_fields=["status"])
    logged(actor, E.CONFERENCE_HELD, conference)
    return conference


@audit.atomic
def cancel_conference(actor: Actor, conference: Conference) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require(actor, "conferences.plan_conference", conference)
    move(workflow.CONFERENCE, ConferenceStatus, conference.status, ConferenceStatus.CANCELLED,
         field="status")
    conference.status = ConferenceStatus.CANCELLED
    conference.save(update_fields=["status"])
    logged(actor, E.CONFERENCE_CANCELLED, conference)
    return conference


# --- Measures of criminal justice and care -------------------------------------------------------------


def _house_ban_limit(starts_on: date) -> date:
    return starts_on + timedelta(days=settings.EENDAK_HOUSE_BAN_MAX_DAYS)


@audit.atomic
def record_measure(actor: Actor, case: Case, *, kind: str, starts_on: date | None,
                   ends_on: date | None = None, person=None, description: str = "",
                   conditions: str = "", supports_condition: SafetyCondition | None = None) -> Measure:
    require(actor, "conferences.record_measure", case)
    _require_open(case)
    if kind not in MeasureKind.values:
        raise RuleViolation("Kies de soort maatregel of het zorgtraject.", field="kind")
    if starts_on is None:
        raise RuleViolation("Geef de begindatum.", field="starts_on")
    require_plausible(starts_on, "starts_on")
    if ends_on is not None:
        require_plausible(ends_on, "ends_on")
        if ends_on < starts_on:
            raise RuleViolation("De einddatum ligt vóór de begindatum.", field="ends_on")
    if kind == MeasureKind.HOUSE_BAN:
        days = settings.EENDAK_HOUSE_BAN_DAYS
        ends_on = ends_on or starts_on + timedelta(days=days)
        if ends_on > starts_on + timedelta(days=days):
            raise RuleViolation(
                f"Een tijdelijk huisverbod geldt {days} dagen (tot uiterlijk "
                f"{starts_on + timedelta(days=days):%d-%m-%Y}); verlengen kan daarna tot "
                f"{settings.EENDAK_HOUSE_BAN_MAX_DAYS} dagen in totaal.", field="ends_on")
    if person is not None and not case.household.members.filter(person=person).exists():
        raise RuleViolation("Deze persoon hoort niet bij het huishouden.", field="person")
    if supports_condition is not None and (supports_condition.case_id != case.pk
                                           or supports_condition.ended_at):
        raise RuleViolation("Kies een lopende veiligheidsvoorwaarde van deze casus.",
                            field="supports_condition")
    measure = Measure.objects.create(
        case=case, kind=kind, source_organisation=actor.organisation, recorded_by=actor.user,
        person=person, starts_on=starts_on, ends_on=ends_on,
        description=(description or "").strip(), conditions=(conditions or "").strip(),
        supports_condition=supports_condition)
    period = f"vanaf {starts_on:%d-%m-%Y}" + (f" tot en met {ends_on:%d-%m-%Y}" if ends_on else "")
    changed(actor, case, E.MEASURE_RECORDED,
            f"{measure.get_kind_display()} ({actor.organisation.name}), {period}.", obj=measure,
            persons=[person] if person else (), detail=kind)
    return measure


@audit.atomic
def extend_measure(actor: Actor, measure: Measure, *, until: date | None, reason: str) -> Measure:
    measure = Measure.objects.select_for_update().select_related("case").get(pk=measure.pk)
    require(actor, "conferences.change_measure", measure)
    _require_open(measure.case)
    if measure.status != MeasureStatus.RUNNING:
        raise RuleViolation("Deze maatregel is beëindigd.", field="until")
    if until is None:
        raise RuleViolation("Kies de nieuwe einddatum.", field="until")
    require_plausible(until, "until")
    if measure.ends_on and until <= measure.ends_on:
        raise RuleViolation("Kies een nieuwe einddatum na de huidige.", field="until")
    if measure.kind == MeasureKind.HOUSE_BAN and until > _house_ban_limit(measure.starts_on):
        raise RuleViolation(
            f"Een huisverbod kan worden verlengd tot {settings.EENDAK_HOUSE_BAN_MAX_DAYS} dagen "
            f"in totaal: uiterlijk {_house_ban_limit(measure.starts_on):%d-%m-%Y}.", field="until")
    reason = _text(reason, "reason", "Geef de reden van de verlenging.")
    measure.ends_on = until
    measure.extended_on = timezone.localdate()
    measure.save(update_fields=["ends_on", "extended_on"])
    changed(actor, measure.case, E.MEASURE_EXTENDED,
            f"{measure.get_kind_display()} verlengd tot en met {until:%d-%m-%Y}: {reason}",
            obj=measure, detail=measure.kind)
    return measure


@audit.atomic
def end_measure(actor: Actor, measure: Measure, *, reason: str) -> Measure:
    measure = Measure.objects.select_for_update().select_related("case").get(pk=measure.pk)
    require(actor, "conferences.change_measure", measure)
    move(workflow.MEASURE, MeasureStatus, measure.status, MeasureStatus.ENDED, field="reason")
    reason = _text(reason, "reason", "Geef de reden van beëindigen.")
    measure.status = MeasureStatus.ENDED
    measure.ended_reason = reason
    measure.save(update_fields=["status", "ended_reason"])
    changed(actor, measure.case, E.MEASURE_ENDED,
            f"{measure.get_kind_display()} beëindigd: {reason}", obj=measure, detail=measure.kind)
    return measure


# --- Handing back at stable safety ------------------------------------------------------------------


@audit.atomic
def hand_back(actor: Actor, referral: Referral, *, to_organisation_id, note: str = "") -> Referral:
    """At stable safety the team offers oversight of safety back to the local team; Veilig Thuis and
    the local team get the signal."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    require(actor, "conferences.hand_back", referral)
    case = referral.case
    _require_open(case)
    if referral.status != ReferralStatus.HANDED_BACK:
        # Handed back already, but the local team declined: the team still holds oversight of
        # safety (the permission says so) and offers it again.
        move(workflow.REFERRAL, ReferralStatus, referral.status, ReferralStatus.HANDED_BACK,
             field="to_organisation")
    if case.phase == Phase.DIRECT_SAFETY:
        raise RuleViolation("Het Veiligheidsteam geeft een gezin terug bij stabiele veiligheid; de "
                            "casus is nog in de fase directe veiligheid.", field="to_organisation")
    receiver = hand_back_targets(case).filter(pk=to_organisation_id).first()
    if receiver is None:
        raise RuleViolation("Kies het lokale team dat het gezin overneemt.", field="to_organisation")
    note = _text(note, "note", "Beschrijf wat het lokale team overneemt: de afspraken en wat "
                               "stabiele veiligheid hier betekent.")
    cases.offer_handover(actor, case, to_organisation_id=receiver.pk,
                         note=f"Teruggave door het Veiligheidsteam bij stabiele veiligheid: {note}")
    referral.status = ReferralStatus.HANDED_BACK
    referral.handed_back_at = timezone.now()
    referral.handed_back_to = receiver
    referral.save(update_fields=["status", "handed_back_at", "handed_back_to"])
    text = (f"Het Veiligheidsteam geeft het gezin terug aan {receiver.name} bij stabiele "
            f"veiligheid: {note}")
    for organisation in {receiver, _veilig_thuis_of(case)}:
        _notify(referral, organisation, text)
    changed(actor, case, E.HANDED_BACK, text, obj=referral, detail=receiver.name)
    return referral


