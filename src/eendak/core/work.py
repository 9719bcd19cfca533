"""The sections of "Mijn werk" per role. Each app contributes what its users start from.

Kept as data so the start page stays a thin view: a section is a title, a text and links, shown when
the acting membership has the capability.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Capability as C
from .roles import OrganisationType


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Section:
    title: str
    text: str
    links: list[Link] = field(default_factory=list)


# Apps above core add sections of their own (the Veiligheidsteam's work), registered in their
# AppConfig.ready: a callable (user, membership) -> Section | None, placed after the case sections.
_SECTION_SOURCES: list = []


def register_start_section(source) -> None:
    if source not in _SECTION_SOURCES:
        _SECTION_SOURCES.append(source)


def start_page_sections(user) -> list[Section]:
    membership = getattr(user, "acting_membership", None)
    if membership is None:
        return []
    caps = membership.spec.capabilities
    sections: list[Section] = []
    if C.CLIENT_DATA in caps and membership.organisation.type == OrganisationType.VEILIG_THUIS:
        sections.append(Section(
            _("Werkvoorraad"),
            _("Meldingen die op een veiligheidsbeoordeling of besluit wachten, de kortste termijn "
              "bovenaan."),
            [Link(_("Werkvoorraad meldingen"), reverse("intake:queue")),
             Link(_("Nieuwe melding"), reverse("intake:report_create")),
             Link(_("Adviesvragen"), reverse("intake:advice_list")),
             Link(_("Personen samenvoegen"), reverse("persons:person_merge"))],
        ))
    if C.CLIENT_DATA in caps:
        sections.append(Section(
            _("Casussen"),
            _("Eén gezin, één plan, één regisseur: de casussen van uw organisatie en wat er nu "
              "aandacht vraagt."),
            [Link(_("Mijn casussen en signalen"), reverse("cases:my_cases"))],
        ))
        sections.append(Section(
            _("Mijn dossiers"),
            _("Dossiers van huishoudens waarin uw organisatie deelneemt."),
            [Link(_("Dossiers van mijn organisatie"), reverse("persons:household_list")),
             Link(_("Persoon zoeken"), reverse("persons:person_search"))],
        ))
    for source in _SECTION_SOURCES:
        section = source(user, membership)
        if section is not None:
            sections.append(section)
    if C.BREAK_GLASS in caps:
        sections.append(Section(
            _("Noodtoegang"),
            _("Alleen bij acuut gevaar: toegang tot een dossier waarin u niet deelneemt, met een "
              "reden, voor beperkte tijd en altijd gemeld aan de privacyfunctionaris."),
            [Link(_("Noodtoegang aanvragen"), reverse("privacy:break_glass_start"))],
        ))
    if C.READ_ACCESS_LOG in caps:
        sections.append(Section(
            _("Toegangslog"),
            _("Zoeken in het toegangslog (NEN 7513) en de hashketen controleren."),
            [Link(_("Toegangslog doorzoeken"), reverse("privacy:log_search")),
             Link(_("Keten controleren"), reverse("privacy:verify"))],
        ))
    if C.PERSON_ACCESS_REPORT in caps:
        sections.append(Section(
            _("Inzageverzoeken"),
            _("Wie heeft de gegevens van een persoon ingezien, wanneer, in welke rol?"),
            [Link(_("Inzage per persoon"), reverse("privacy:person_access_lookup"))],
        ))
    if C.EMERGENCY_ACCESS_REPORT in caps:
        sections.append(Section(
            _("Noodtoegang bewaken"),
            _("Elk gebruik van noodtoegang, met reden en duur."),
            [Link(_("Rapport noodtoegang"), reverse("privacy:emergency_report"))],
        ))
    if C.MANAGE_USERS in caps or C.MANAGE_ORGANISATIONS in caps:
        sections.append(Section(
            _("Beheer"),
            _("Organisaties, medewerkers en hun rollen."),
            [Link(_("Organisaties"), reverse("core:organisation_list")),
             Link(_("Medewerkers"), reverse("core:user_list"))],
        ))
    if C.STATISTICS in caps:
        sections.append(Section(
            _("Cijfers"),
            _("Gepseudonimiseerde aantallen per gemeente; kleine aantallen worden afgeschermd."),
            [Link(_("Casussen per gemeente"), reverse("monitoring:statistics"))],
        ))
    return sections
