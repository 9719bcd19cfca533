"""Monitoring's sections on "Mijn werk" (registered with ``core.work``): the dashboards (the analyst:
the region; a municipal policy officer: their municipality), and where the municipalities'
question "is the help sufficiently present?" is answered, for whoever may see it. No query."""

from django.urls import reverse
from django.utils.translation import gettext as _

from eendak.core.permissions import allowed, subject_of
from eendak.core.work import Link, Section

from .permissions import dashboard_municipality_id


def start_section(user, membership) -> Section | None:
    if not allowed(user, "catalogue.view_demand"):
        return None
    return Section(_("Vraag en aanbod hulp"),
                   _("Waar de vraag naar hulp uit de sociale kaart groter is dan het aanbod: "
                     "wachtende acties en wachttijd per aanbod, alleen aantallen."),
                   [Link(_("Vraag en aanbod hulp"), reverse("monitoring:offer_demand"))])


def dashboard_section(user, membership) -> Section | None:
    if not allowed(user, "monitoring.view_dashboards"):
        return None
    municipality_id = dashboard_municipality_id(subject_of(user))
    if municipality_id is not None:
        url = reverse("monitoring:dashboard_municipality", args=[municipality_id])
        return Section(_("Cijfers van uw gemeente"),
                       _("Dashboards met grafieken en tabellen van de gemeente %(name)s: trends per "
                         "halfjaar, termijnen, caseload, Veiligheidsteam, Spoedplein en "
                         "wachttijden. Alleen gepubliceerde aantallen, nooit een persoon.")
                       % {"name": membership.organisation.municipality},
                       [Link(_("Dashboards van de gemeente"), url)])
    return Section(_("Dashboards"),
                   _("Grafieken en tabellen voor de regio en elke gemeente, te downloaden als PNG, "
                     "SVG, CSV en XLSX."),
                   [Link(_("Dashboards"), reverse("monitoring:dashboard"))])


def cbs_section(user, membership) -> Section | None:
    if not allowed(user, "monitoring.view_cbs_delivery"):
        return None
    return Section(_("CBS-levering"),
                   _("De halfjaarcijfers voor het CBS per gemeente en voor de regio, volgens het "
                     "Informatieprotocol: het leveringsbestand, een leesbaar verslag en de "
                     "controles die verklaren wat niet optelt."),
                   [Link(_("CBS-levering per halfjaar"), reverse("monitoring:cbs_start"))])
