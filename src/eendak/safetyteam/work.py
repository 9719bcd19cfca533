"""The Veiligheidsteam's section on "Mijn werk" (registered with ``core.work``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eendak.core.permissions import allowed
from eendak.core.work import Link, Section


def start_section(user, membership) -> Section | None:
    links = []
    if allowed(user, "safetyteam.view_work"):
        links.append(Link(_("Werkvoorraad Veiligheidsteam"), reverse("safetyteam:work")))
    if allowed(user, "safetyteam.view_triage"):
        links.append(Link(_("Triage deze week"), reverse("safetyteam:triage")))
    if allowed(user, "safetyteam.view_own_contributions"):
        links.append(Link(_("Casusoverleggen"), reverse("safetyteam:conference_list")))
    if allowed(user, "safetyteam.view_notices"):
        links.append(Link(_("Aanmeldingen en terugkoppeling"), reverse("safetyteam:referral_list")))
    if not links:
        return None
    return Section(_("Veiligheidsteam"),
                   _("Aanmeldingen, de wekelijkse triage, casusoverleggen en de maatregelen van "
                     "straf en zorg samen."), links)
