"""The Spoedplein's section on "Mijn werk" (registered with ``core.work``): where to go, and in one
line what is waiting there, so the start page (and the main navigation, which shows each section's
first link) leads hospital staff to their work.

- hospital staff: the open presentations; for forensic doctors the examinations waiting; what Veilig
  Thuis decided or advised on the hospital's open presentations;
- an organisation a forensic report was shared with (the police): the reports shared with it;
- the analyst: the pilot's figures for the region.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed, subject_of
from eendak.core.work import Link, Queue, Section

from . import permissions, queries
from .models import VeiligThuisContact
from .workflow import PresentationStatus


def _came_back(user) -> int:
    """Contacts on the hospital's open presentations that Veilig Thuis decided or answered."""
    subject = subject_of(user)
    contacts = VeiligThuisContact.objects.filter(
        presentation__hospital_id=subject.organisation_id,
        presentation__status=PresentationStatus.OPEN)
    return (contacts.filter(report__decision__isnull=False).count()
            + contacts.filter(advice__isnull=False).exclude(advice__advice_given="").count())


def _waiting(user) -> tuple[list[str], list[Queue]]:
    """The section's line and the start page's queues, from the same counts."""
    found, queues = [], []
    open_now = queries.open_presentations(user).count()
    found.append(ngettext("%(n)d patiënt op het Spoedplein", "%(n)d patiënten op het Spoedplein",
                          open_now) % {"n": open_now})
    queues.append(Queue(_("Patiënten op het Spoedplein"), open_now, reverse("acute:work")))
    if allowed(user, "acute.view_forensic_queue"):
        waiting = queries.examinations_waiting(user).count()
        found.append(ngettext("%(n)d forensisch onderzoek wacht", "%(n)d forensische onderzoeken "
                              "wachten", waiting) % {"n": waiting})
        queues.append(Queue(_("Forensische onderzoeken die wachten"), waiting,
                            reverse("acute:forensic_queue")))
    back = _came_back(user)
    if back:
        found.append(ngettext("%(n)d besluit of advies van Veilig Thuis terug",
                              "%(n)d besluiten of adviezen van Veilig Thuis terug", back)
                     % {"n": back})
    queues.append(Queue(_("Besluiten en adviezen van Veilig Thuis terug"), back,
                        reverse("acute:work")))
    return found, queues


def start_section(user, membership) -> Section | None:
    if permissions.at_hospital(user):
        links = [Link(_("Spoedplein"), reverse("acute:work"))]
        if allowed(user, "acute.register_presentation"):
            links.append(Link(_("Nieuwe presentatie"), reverse("acute:register")))
        if allowed(user, "acute.view_forensic_queue"):
            links.append(Link(_("Forensisch onderzoek"), reverse("acute:forensic_queue")))
        links.append(Link(_("Cijfers Spoedplein"), reverse("acute:figures")))
        waiting, queues = _waiting(user)
        text = _("Nu: %(waiting)s.") % {"waiting": "; ".join(waiting)}
        return Section(_("Spoedplein"), text, links, work=lambda: queues)
    if allowed(user, "acute.view_shared") and permissions.shares_with(user).exists():
        return Section(_("Forensische rapporten"),
                       _("Forensisch-medische rapporten van het Spoedplein die met uw organisatie "
                         "zijn gedeeld, met de grondslag."),
                       [Link(_("Gedeelde forensische rapporten"), reverse("acute:shared"))])
    if allowed(user, "acute.view_figures"):
        return Section(_("Spoedplein"),
                       _("Cijfers van de pilot: presentaties per maand, tijd tot forensisch onderzoek "
                         "en tot Veilig Thuis, aangiftebereidheid en vervolg."),
                       [Link(_("Cijfers Spoedplein"), reverse("acute:figures"))])
    return None
