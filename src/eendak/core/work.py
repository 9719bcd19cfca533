"""The sections of "Mijn werk" per role. Each app contributes what its users start from.

Kept as data so the start page stays a thin view: a section is a title, a text and links, shown when
the acting membership has the capability. The navigation of every page is built from the same
sections (each one's first link), so a section itself costs no query, or one at most.

The work waiting in a section — its queues, each with a count and its first few items — is asked
for only by the start page: ``Section.work`` is a callable the start page calls
(``start_page_work``), never the navigation. A queue is counted by the same read model (query) as
the list it links to, so the start page shows nothing that list would not show the same person;
each queue costs one or two queries whatever the data (a count and the top ``TOP_ITEMS``).

The items name no person: a reference (of a report, a case) and what waits. A reference still tells
who is known to Veilig Thuis, so showing items is a read of the persons they concern
(``Queue.person_ids``): the start page writes one access-log entry for them, as the lists do.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Capability as C


@dataclass
class Link:
    label: str
    url: str


TOP_ITEMS = 5  # the items a queue shows on the start page; its list has the rest


@dataclass
class Item:
    """One thing waiting: a reference and what waits (never a name), with its deadline if any."""

    label: str
    url: str
    detail: str = ""
    overdue: bool = False


@dataclass
class Queue:
    """A queue of a section on the start page: how many wait, where the whole list is, the first
    ``TOP_ITEMS`` of them, and the persons those items concern (for the access-log entry)."""

    title: str
    count: int
    url: str
    items: list[Item] = field(default_factory=list)
    overdue: int = 0
    person_ids: Iterable[int] = ()


@dataclass
class Section:
    title: str
    text: str
    links: list[Link] = field(default_factory=list)
    # The queues of the section, computed only when the start page asks (``start_page_work``).
    work: Callable[[], list[Queue]] | None = None


# Apps above core add sections of their own (the Veiligheidsteam's work), registered in their
# AppConfig.ready: a callable (user, membership) -> Section | None. ``order`` places it among the
# others: the intake's work queue (``ORDER_INTAKE``) and the case file's (``ORDER_CASES``) come first,
# then the household files (core's own), then the other apps' sections in the order they register,
# then core's sections for privacy and administration.
ORDER_INTAKE, ORDER_CASES, ORDER_FILES, ORDER_APPS, ORDER_LAST = 10, 20, 30, 100, 200
_SECTION_SOURCES: list[tuple[int, Callable]] = []


def register_start_section(source, *, order: int = ORDER_APPS) -> None:
    if all(known is not source for _order, known in _SECTION_SOURCES):
        _SECTION_SOURCES.append((order, source))


def start_page_sections(user) -> list[Section]:
    membership = getattr(user, "acting_membership", None)
    if membership is None:
        return []
    caps = membership.spec.capabilities
    placed: list[tuple[int, Section]] = []
    if C.CLIENT_DATA in caps:
        placed.append((ORDER_FILES, Section(
            _("Mijn dossiers"),
            _("Dossiers van huishoudens waarin uw organisatie deelneemt."),
            [Link(_("Dossiers van mijn organisatie"), reverse("persons:household_list")),
             Link(_("Persoon zoeken"), reverse("persons:person_search"))],
        )))
    for order, source in _SECTION_SOURCES:
        section = source(user, membership)
        if section is not None:
            placed.append((order, section))
    sections: list[Section] = []
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
    placed.extend((ORDER_LAST, section) for section in sections)
    placed.sort(key=lambda pair: pair[0])  # stable: equal orders keep their registration order
    return [section for _order, section in placed]


@dataclass
class SectionWork:
    section: Section
    queues: list[Queue]


def start_page_work(sections: list[Section]) -> list[SectionWork]:
    """Each section with its queues (asked for now: only the start page calls this)."""
    return [SectionWork(section, section.work() if section.work is not None else [])
            for section in sections]


def persons_shown(work: list[SectionWork]) -> list[int]:
    """The persons whom the items shown concern: the start page's access-log entry names them."""
    return sorted({pk for entry in work for queue in entry.queues for pk in queue.person_ids})
