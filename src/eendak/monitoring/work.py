"""Monitoring's section on "Mijn werk" (registered with ``core.work``): where the municipalities'
question "is the help sufficiently present?" is answered, for whoever may see it. No query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eendak.core.permissions import allowed
from eendak.core.work import Link, Section


def start_section(user, membership) -> Section | None:
    if not allowed(user, "catalogue.view_demand"):
        return None
    return Section(_("Vraag en aanbod hulp"),
                   _("Waar de vraag naar hulp uit de sociale kaart groter is dan het aanbod: "
                     "wachtende acties en wachttijd per aanbod, alleen aantallen."),
                   [Link(_("Vraag en aanbod hulp"), reverse("monitoring:offer_demand"))])
