"""Destruction requests on "Mijn werk" (registered with ``core.work``): how many of the
organisation's requests are open, how many wait for this user's second look, and the first
deadline. Two queries, whatever the number of requests."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed
from eendak.core.work import Link, Queue, Section

from . import queries
from .workflow import RequestStatus


def start_section(user, membership) -> Section | None:
    if not allowed(user, "retention.view_requests"):
        if allowed(user, "retention.view_periods"):  # the functional administrator
            return Section(_("Bewaartermijnen"),
                           _("Hoe lang elk soort dossier bewaard wordt, per organisatie."),
                           [Link(_("Bewaartermijnen"), reverse("retention:periods"))])
        return None
    counts = queries.open_requests(membership.organisation_id).aggregate(
        open=Count("pk"), first=Min("deadline"),
        mine=Count("pk", filter=Q(status=RequestStatus.PROPOSED) & ~Q(proposed_by_id=user.pk)),
        late=Count("pk", filter=Q(deadline__lt=timezone.localdate())))
    texts = []
    if counts["open"]:
        texts.append(ngettext(
            "%(n)s vernietigingsverzoek loopt; het eerste uiterlijk %(deadline)s beslissen.",
            "%(n)s vernietigingsverzoeken lopen; het eerste uiterlijk %(deadline)s beslissen.",
            counts["open"]) % {"n": counts["open"], "deadline": counts["first"].strftime("%d-%m-%Y")})
    if counts["mine"]:
        texts.append(ngettext("%(n)s voorstel wacht op uw tweede beoordeling.",
                              "%(n)s voorstellen wachten op uw tweede beoordeling.",
                              counts["mine"]) % {"n": counts["mine"]})
    if counts["late"]:
        texts.append(ngettext("%(n)s verzoek is over de termijn.",
                              "%(n)s verzoeken zijn over de termijn.", counts["late"])
                     % {"n": counts["late"]})
    if not texts:
        texts.append(_("Geen lopende vernietigingsverzoeken."))
    links = [Link(_("Vernietigingsverzoeken"), reverse("retention:requests"))]
    if allowed(user, "retention.due_list"):
        links.append(Link(_("Vernietigingslijst"), reverse("retention:due_list")))
    if allowed(user, "retention.view_periods"):
        links.append(Link(_("Bewaartermijnen"), reverse("retention:periods")))
    queues = [Queue(_("Lopende vernietigingsverzoeken"), counts["open"], reverse("retention:requests"),
                    overdue=counts["late"]),
              Queue(_("Wachten op uw tweede beoordeling"), counts["mine"],
                    reverse("retention:requests"))]
    return Section(_("Bewaren en vernietigen"), " ".join(texts), links, work=lambda: queues)
