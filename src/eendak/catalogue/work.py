"""The help catalogue's section on "Mijn werk" (registered with ``core.work``): where to search the
regional help; for a provider's people where to keep its waiting times (one query: whether the
acting organisation is a provider); for the functional administrator where to keep providers and
offers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eendak.core.permissions import allowed
from eendak.core.work import Link, Section

from .models import Provider


def start_section(user, membership) -> Section | None:
    if not allowed(user, "catalogue.view_offers"):
        return None
    links = [Link(_("Hulpaanbod zoeken"), reverse("catalogue:offer_list"))]
    if Provider.objects.filter(organisation_id=membership.organisation_id, is_active=True).exists():
        links.append(Link(_("Wachttijden van ons aanbod bijwerken"),
                          reverse("catalogue:offer_list") + "?own=on"))
    if allowed(user, "catalogue.manage_offers"):
        links.append(Link(_("Aanbieders en aanbod beheren"), reverse("catalogue:provider_list")))
    return Section(_("Sociale kaart"),
                   _("Welke hulp er is in de regio, voor wie en waar, met de actuele wachttijd."),
                   links)
