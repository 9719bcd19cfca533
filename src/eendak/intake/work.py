"""The intake's section on "Mijn werk" (registered with ``core.work``, first on the page): for Veilig
Thuis, the reports waiting for an assessment or a decision and the advice requests without a
follow-up yet.

The queues are counted by the read models of the lists they link to (``queries.work_queue`` and
``queries.advice_queue``), so the start page shows what the work queue would show the same person,
nothing more. Each queue costs two queries (a count with the overdue ones, and its first items),
whatever the number of reports. The items show a reference and the deadline, never a name.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core.permissions import allowed
from eendak.core.work import TOP_ITEMS, Item, Link, Queue, Section

from . import queries


def report_queue(user) -> Queue:
    """Reports waiting for an assessment or a decision, the nearest deadline first."""
    at = queries.now()
    reports = queries.work_queue(user, at=at)
    counts = reports.order_by().aggregate(n=Count("pk"),
                                          overdue=Count("pk", filter=Q(assessment_due_at__lt=at)))
    top = queries.decorate_queue_rows(reports[:TOP_ITEMS], at)
    items = [Item(report.reference, reverse("intake:report_detail", args=[report.pk]),
                  _("%(signal)s: beoordelen uiterlijk %(due)s")
                  % {"signal": report.signal.label,
                     "due": f"{timezone.localtime(report.assessment_due_at):%d-%m-%Y %H:%M}"},
                  overdue=report.signal.kind == "overdue")
             for report in top]
    return Queue(_("Meldingen die op beoordeling of besluit wachten"), counts["n"],
                 reverse("intake:queue"), items, overdue=counts["overdue"],
                 person_ids=queries.person_ids_of(top))


def advice_queue(user) -> Queue:
    """Advice requests without a follow-up (advice given or turned into a report), newest first.
    An advice request records no family: its items concern no person."""
    advices = queries.advice_queue(user, open_only=True)
    items = [Item(advice.reference, reverse("intake:advice_detail", args=[advice.pk]),
                  _("ontvangen %(day)s") % {"day": f"{timezone.localtime(advice.received_at):%d-%m-%Y}"})
             for advice in advices[:TOP_ITEMS]]
    return Queue(_("Adviesvragen zonder vervolg"), advices.count(),
                 reverse("intake:advice_list") + "?open=1", items)


def start_section(user, membership) -> Section | None:
    if not allowed(user, "intake.view_report"):
        return None
    links = [Link(_("Werkvoorraad meldingen"), reverse("intake:queue"))]
    if allowed(user, "intake.register_report"):
        links.append(Link(_("Nieuwe melding"), reverse("intake:report_create")))
    queues = [report_queue]
    if allowed(user, "intake.view_advice_request"):
        links.append(Link(_("Adviesvragen"), reverse("intake:advice_list")))
        queues.append(advice_queue)
    if allowed(user, "persons.merge"):
        links.append(Link(_("Personen samenvoegen"), reverse("persons:person_merge")))
    return Section(_("Werkvoorraad"),
                   _("Meldingen die op een veiligheidsbeoordeling of besluit wachten, de kortste "
                     "termijn bovenaan."),
                   links, work=lambda: [queue(user) for queue in queues])
