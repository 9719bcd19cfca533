"""The demo accounts' notifications: a bell with something in it for every role that works with
families, about the demo's own reports, cases, handovers, referrals and conferences.

Made through ``notifications.services.deliver`` — so each is asked the thing's own permission as the
account (nobody is told what they may not see) — with the same keys the services use, so a real
notification about the same thing later is not made twice. No mail: seeding would otherwise fill the
worker's console. Deterministic by ``seed``: the moments and which ones are read already.
"""

import random
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from eendak.cases.models import Case, CaseStatus, Handover, HandoverStatus, MonitoringMoment, PlanAction
from eendak.cases.workflow import OPEN_ACTION_STATUSES
from eendak.conferences.models import AgendaItem, Referral
from eendak.core.models import Membership
from eendak.intake.models import Report
from eendak.intake.workflow import ReportStatus
from eendak.notifications.models import Kind, Notification
from eendak.notifications.services import deliver, emission

PER_KIND = 3  # at most this many notifications of one kind per account


def _membership(username: str):
    return (Membership.objects.filter(user__username=username, is_active=True)
            .select_related("user", "organisation").order_by("pk").first())


def _tell(membership, kind, things, text, url, key, permission, obj=lambda t: t) -> list:
    made = []
    for thing in things[:PER_KIND]:
        made += deliver(emission(
            kind, text=text(thing), url=url(thing), key=key(thing), permission=permission,
            obj=obj(thing), users=[membership.user], user_organisation=membership.organisation,
            synthetic=True, mail=False))
    return made


def seed_notifications(seed: int) -> int:
    """The notifications of the demo accounts (the old ones removed first); returns how many."""
    Notification.objects.filter(is_synthetic=True).delete()
    today = timezone.localdate()
    made: list = []
    intake = _membership("intake")
    if intake is not None:
        waiting = list(Report.objects.filter(organisation=intake.organisation,
                                             status=ReportStatus.RECEIVED)
                       .order_by("assessment_due_at", "pk"))
        made += _tell(intake, Kind.ACUTE_REPORT, [r for r in waiting if r.is_acute],
                      lambda r: f"Acute melding {r.reference}: veiligheidsbeoordeling binnen 24 uur",
                      lambda r: reverse("intake:report_detail", args=[r.pk]),
                      lambda r: f"acute:{r.pk}", "intake.assess")
        made += _tell(intake, Kind.ASSESSMENT_DEADLINE, waiting,
                      lambda r: f"De veiligheidsbeoordeling van melding {r.reference} moet uiterlijk "
                                f"{timezone.localtime(r.assessment_due_at):%d-%m-%Y %H:%M} klaar zijn",
                      lambda r: reverse("intake:report_detail", args=[r.pk]),
                      lambda r: f"assessment:{r.pk}:due", "intake.assess")
    monitor = _membership("monitor")
    if monitor is not None:
        moments = list(MonitoringMoment.objects.filter(
            planned_on__lte=today + timedelta(days=7), held_on__isnull=True,
            case__status=CaseStatus.OPEN, case__participations__organisation=monitor.organisation,
            case__participations__ended_at__isnull=True).select_related("case")
            .order_by("planned_on", "pk").distinct())
        made += _tell(monitor, Kind.MONITORING_DUE, moments,
                      lambda m: f"Monitoringsmoment van {m.planned_on:%d-%m-%Y} voor casus "
                                f"{m.case.reference}",
                      lambda m: reverse("cases:case_detail", args=[m.case_id]),
                      lambda m: f"monitoring:{m.pk}", "cases.record_monitoring", lambda m: m.case)
    for username in ("coordinator", "wijkteam", "veiligheidsteam"):
        member = _membership(username)
        if member is None:
            continue
        offered = list(Handover.objects.filter(to_organisation=member.organisation,
                                               status=HandoverStatus.OFFERED)
                       .select_related("case").order_by("offered_at", "pk"))
        made += _tell(member, Kind.HANDOVER_OFFERED, offered,
                      lambda h: f"Overdracht aangeboden voor casus {h.case.reference}",
                      lambda h: reverse("cases:case_detail", args=[h.case_id]),
                      lambda h: f"handover:{h.pk}", "cases.accept_handover")
        overdue = list(PlanAction.objects.filter(
            Q(owner=member.user) | Q(owner__isnull=True), owner_organisation=member.organisation,
            due_on__lt=today, status__in=OPEN_ACTION_STATUSES,
            goal__version__case__status=CaseStatus.OPEN)
            .select_related("goal__version__case").order_by("due_on", "pk"))
        made += _tell(member, Kind.ACTION_OVERDUE, overdue,
                      lambda a: f"Een actie uit het plan van casus {a.goal.version.case.reference} "
                                f"is over tijd (uiterlijk {a.due_on:%d-%m-%Y})",
                      lambda a: reverse("cases:case_detail", args=[a.goal.version.case_id]),
                      lambda a: f"action_overdue:{a.origin_id or a.pk}", "cases.set_action_status")
    for username in ("politie", "ggz", "veiligheidsteam", "coordinator"):
        member = _membership(username)
        if member is None:
            continue
        items = list(AgendaItem.objects.filter(
            invitations__organisation=member.organisation,
            conference__starts_at__gte=timezone.now()).select_related("conference")
            .order_by("conference__starts_at", "pk"))
        made += _tell(member, Kind.INVITATION, items,
                      lambda i: f"Uitnodiging: casusoverleg van het Veiligheidsteam op "
                                f"{timezone.localtime(i.conference.starts_at):%d-%m-%Y %H:%M} "
                                f"({i.conference.reference})",
                      lambda i: reverse("conferences:item_detail", args=[i.pk]),
                      lambda i: f"invitation:{i.pk}", "conferences.view_item")
        decided = list(Referral.objects.filter(requested_by=member.user,
                                               requesting_organisation=member.organisation)
                       .exclude(status="requested").order_by("pk"))
        made += _tell(member, Kind.REFERRAL_DECIDED, decided,
                      lambda r: f"Veilig Thuis heeft besloten over uw verzoek tot aanmelding "
                                f"{r.reference}",
                      lambda r: reverse("conferences:referral_detail", args=[r.pk]),
                      lambda r: f"referral:{r.pk}:veilig-thuis", "conferences.view_referral")
    closed = list(Case.objects.filter(is_synthetic=True, recurrences__isnull=False)
                  .order_by("pk").distinct()[:PER_KIND])
    for case in closed:
        for recurrence in case.recurrences.select_related("signalled_to").order_by("pk"):
            for member in Membership.objects.filter(
                    organisation=recurrence.signalled_to, is_active=True,
                    user__username__in=["intake", "monitor", "coordinator", "wijkteam"]):
                made += deliver(emission(
                    Kind.RECURRENCE, text=f"Herhaling: een nieuwe melding binnen 18 maanden na "
                                          f"afsluiten van casus {case.reference}",
                    url=reverse("cases:my_cases"), key=f"recurrence:{recurrence.pk}",
                    permission="cases.acknowledge_recurrence", obj=recurrence,
                    users=[member.user], user_organisation=member.organisation, synthetic=True,
                    mail=False))
    # Spread over the last days, the older third already read: a bell that has been in use.
    rng = random.Random(seed)
    now = timezone.now()
    for notification in made:
        created = now - timedelta(minutes=rng.randint(5, 4 * 24 * 60))
        read = created + timedelta(hours=2) if rng.random() < 0.34 else None
        Notification.objects.filter(pk=notification.pk).update(
            created_at=created, read_at=read if read and read < now else None)
    return len(made)
