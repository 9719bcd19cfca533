"""The Veiligheidsteam's section on "Mijn werk" (registered with ``core.work``): where to go, and in
one line what is waiting there for this organisation, so the start page shows real work."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed
from eendak.core.work import Link, Queue, Section

from . import queries, workflow


def _waiting(user) -> tuple[list[str], list[Queue]]:
    """What waits for the acting organisation, in a few counts (one query each): as the section's
    line and as the start page's queues (with a count, each a link to its list)."""
    found, queues = [], []
    if allowed(user, "conferences.view_triage"):
        triage_on = workflow.coming_triage(timezone.localdate())
        families = queries.triage_list(user, triage_on).count()
        found.append(ngettext("%(n)d gezin op de triage van %(date)s",
                              "%(n)d gezinnen op de triage van %(date)s", families)
                      % {"n": families, "date": f"{triage_on:%d-%m-%Y}"})
        queues.append(Queue(_("Gezinnen op de triage van %(date)s") % {"date": f"{triage_on:%d-%m-%Y}"},
                            families, reverse("conferences:triage")))
    if allowed(user, "conferences.view_own_contributions"):
        coming = queries.conferences_for(user, upcoming=True).count()
        if coming:
            found.append(ngettext("%(n)d casusoverleg gepland", "%(n)d casusoverleggen gepland",
                                  coming) % {"n": coming})
        queues.append(Queue(_("Geplande casusoverleggen"), coming,
                            reverse("conferences:conference_list")))
    if allowed(user, "conferences.view_notices"):
        notices = queries.notices_for(user).count()
        if notices:
            found.append(ngettext("%(n)d terugkoppeling te lezen", "%(n)d terugkoppelingen te lezen",
                                  notices) % {"n": notices})
        queues.append(Queue(_("Terugkoppelingen te lezen"), notices,
                            reverse("conferences:referral_list")))
    return found, queues


def start_section(user, membership) -> Section | None:
    links = []
    if allowed(user, "conferences.view_work"):
        links.append(Link(_("Werkvoorraad Veiligheidsteam"), reverse("conferences:work")))
    if allowed(user, "conferences.view_triage"):
        links.append(Link(_("Triage deze week"), reverse("conferences:triage")))
    if allowed(user, "conferences.view_own_contributions"):
        links.append(Link(_("Casusoverleggen"), reverse("conferences:conference_list")))
    if allowed(user, "conferences.view_notices"):
        links.append(Link(_("Aanmeldingen en terugkoppeling"), reverse("conferences:referral_list")))
    if not links:
        return None
    text = _("Aanmeldingen, de wekelijkse triage, casusoverleggen en de maatregelen van straf en "
             "zorg samen.")
    waiting, queues = _waiting(user)
    if waiting:
        text = _("Nu: %(waiting)s.") % {"waiting": "; ".join(waiting)}
    return Section(_("Veiligheidsteam"), text, links, work=lambda: queues)
