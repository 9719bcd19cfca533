"""The read models of the acute pathway: what the pages, the API and the PDF show, built once.

Every list is built on the permission's own queryset (``acute.permissions.visible_presentations``,
``forensic_queue``, ``shares_with``), so a list never shows what the detail would refuse, and with
its related rows fetched up front (the query counts are tests: ``tests/test_query_counts.py``).
"""

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.disclosure import publish_count, publishable
from eendak.core.exports import COUNT, DATE, NUMBER, SHARE, Column
from eendak.core.permissions import allowed, subject_of
from eendak.core.roles import Capability
from eendak.core.workdays import add_months

from . import screening
from .models import (
    FollowUp,
    ForensicExamination,
    Injury,
    NamedPerson,
    Photo,
    Presentation,
    Screening,
    Share,
    VeiligThuisContact,
)
from .permissions import forensic_queue, shares_with, visible_presentations
from .workflow import (
    ACUTE_SEXUAL_VIOLENCE_DAYS,
    ContactKind,
    FollowUpKind,
    ForensicStatus,
    Pathway,
    PresentationStatus,
    Willingness,
)

LIST_RELATED = ("patient", "hospital", "municipality")


def _with_contacts(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(
        Prefetch("contacts", queryset=VeiligThuisContact.objects.select_related(
            "report", "report__decision", "advice")),
        Prefetch("examinations", queryset=ForensicExamination.objects.all()),
    )


def presentations(who, *, status: str = "") -> QuerySet:
    """The presentations ``who`` may see, newest first, with what the list shows."""
    qs = visible_presentations(who).select_related(*LIST_RELATED)
    if status:
        qs = qs.filter(status=status)
    return _with_contacts(qs).order_by("-arrived_at", "-pk")


def examinations_waiting(who) -> QuerySet:
    """The forensic doctor's queue: oldest arrival first (the time since arrival is what counts)."""
    return (forensic_queue(who).select_related("presentation", "presentation__patient",
                                               "requested_by")
            .order_by("presentation__arrived_at", "pk"))


def shared_with(who) -> QuerySet:
    return (shares_with(who).select_related("presentation", "presentation__patient",
                                            "presentation__hospital", "shared_by")
            .order_by("-shared_at", "-pk"))


# --- The lists as files (core.exports): the same queries, the same words ---------------------------


def _presentation_rows(qs):
    for p in qs:
        examination = live_examination(p)
        yield [p.reference, p.arrived_at, p.patient.full_name, p.get_status_display(),
               p.get_pathway_display(),
               examination.get_status_display() if examination else _("niet aangevraagd"),
               "; ".join(f"{c.get_kind_display()}: {outcome(c).state}" for c in p.contacts.all())
               or _("geen contact"),
               p.get_willingness_display()]


@exports.source("acute.view_work")
def presentations_table(who) -> exports.Table:
    """The Spoedplein's work list as a file: every presentation the page lists (``presentations``:
    open and discharged, newest first), its columns; the log names the patients."""
    qs = presentations(who)
    return exports.Table(
        title=_("Spoedplein"), name="spoedplein-presentaties",
        columns=[Column("reference", _("Kenmerk")), Column("arrived_at", _("Aankomst"), DATE),
                 Column("patient", _("Patiënt")), Column("status", _("Status")),
                 Column("pathway", _("Route")), Column("forensic", _("Forensisch")),
                 Column("veilig_thuis", _("Veilig Thuis")),
                 Column("willingness", _("Aangiftebereidheid"))],
        rows=_presentation_rows(qs.iterator(chunk_size=500)), count=qs.count(),
        persons=visible_presentations(who).values_list("patient_id", flat=True).distinct())


@exports.source("acute.view_forensic_queue")
def forensic_queue_table(who) -> exports.Table:
    """"Wachtrij forensisch onderzoek" as a file (``examinations_waiting``, oldest arrival first);
    the log names the patients."""
    waiting = list(examinations_waiting(who))
    return exports.Table(
        title=_("Wachtrij forensisch onderzoek"), name="wachtrij-forensisch-onderzoek",
        columns=[Column("arrived_at", _("Aankomst"), DATE), Column("patient", _("Patiënt")),
                 Column("reference", _("Kenmerk")), Column("pathway", _("Route")),
                 Column("question", _("Vraagstelling")), Column("requested_by", _("Aangevraagd door")),
                 Column("requested_at", _("Aangevraagd op"), DATE)],
        rows=[[e.presentation.arrived_at, e.presentation.patient.full_name,
               e.presentation.reference, e.presentation.get_pathway_display(), e.question,
               e.requested_by.get_full_name() or e.requested_by.username, e.requested_at]
              for e in waiting],
        persons={e.presentation.patient_id for e in waiting})


SHARED_SHOWN = 200  # the page shows the latest this many shares


@exports.source("acute.view_shared")
def shared_table(who) -> exports.Table:
    """"Gedeelde forensische rapporten" as a file: the shares the page lists (``shared_with``,
    latest first); the log names the patients."""
    shares = list(shared_with(who)[:SHARED_SHOWN])
    return exports.Table(
        title=_("Gedeelde forensische rapporten"), name="gedeelde-forensische-rapporten",
        columns=[Column("reference", _("Presentatie")), Column("patient", _("Patiënt")),
                 Column("born", _("Geboortedatum"), DATE), Column("hospital", _("Ziekenhuis")),
                 Column("shared_at", _("Gedeeld op"), DATE), Column("item", _("Wat")),
                 Column("basis", _("Grondslag"))],
        rows=[[s.presentation.reference, s.presentation.patient.full_name,
               s.presentation.patient.date_of_birth, s.presentation.hospital.name, s.shared_at,
               s.get_item_display(), s.get_basis_display()] for s in shares],
        persons={s.presentation.patient_id for s in shares})


PRESENTATION_RELATED = ("patient", "hospital", "municipality", "registered_by")


def presentation_for(pk) -> Presentation | None:
    """One presentation with everything its page shows, fetched up front."""
    return (Presentation.objects.select_related(*PRESENTATION_RELATED)
            .prefetch_related(
                Prefetch("named_persons", queryset=NamedPerson.objects.select_related("person")),
                Prefetch("injuries", queryset=Injury.objects.all()),
                Prefetch("screenings", queryset=Screening.objects.select_related("recorded_by")),
                Prefetch("examinations", queryset=ForensicExamination.objects.select_related(
                    "requested_by", "forensic_doctor")),
                Prefetch("photos", queryset=Photo.objects.select_related("uploaded_by")),
                Prefetch("contacts", queryset=VeiligThuisContact.objects.select_related(
                    "report", "report__decision", "advice", "veilig_thuis", "sent_by")),
                Prefetch("shares", queryset=Share.objects.select_related("organisation",
                                                                          "shared_by")),
                Prefetch("follow_ups", queryset=FollowUp.objects.select_related("organisation")),
            ).filter(pk=pk).first())


# --- What flows back from Veilig Thuis ------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """Where Veilig Thuis is with what the hospital sent: what the hospital may read back."""

    state: str
    decided: bool
    decided_at: datetime | None = None
    text: str = ""
    due_at: datetime | None = None


def outcome(contact: VeiligThuisContact) -> Outcome:
    if contact.kind == ContactKind.ADVICE:
        advice = contact.advice
        if advice.advice_given:
            return Outcome(_("Advies gegeven"), True, None, advice.advice_given)
        return Outcome(_("Wacht op advies van Veilig Thuis"), False)
    report = contact.report
    decision = getattr(report, "decision", None)
    if decision is not None:
        text = decision.get_kind_display()
        if decision.handover_target:
            text += f" ({decision.get_handover_target_display()})"
        return Outcome(_("Besluit van Veilig Thuis: %(kind)s") % {"kind": text}, True,
                       decision.decided_at, text)
    if report.status == "received":
        return Outcome(_("Ontvangen door Veilig Thuis; veiligheidsbeoordeling loopt"), False,
                       due_at=report.assessment_due_at)
    return Outcome(_("Beoordeeld door Veilig Thuis; besluit volgt"), False,
                   due_at=report.assessment_due_at)


def live_examination(presentation) -> ForensicExamination | None:
    return next((e for e in presentation.examinations.all()
                 if e.status != ForensicStatus.CANCELLED), None)


def report_contact(presentation) -> VeiligThuisContact | None:
    return next((c for c in presentation.contacts.all() if c.kind == ContactKind.REPORT), None)


# --- The page's (and the API's) read model --------------------------------------------------------


@dataclass
class Detail:
    presentation: Presentation
    can_see_forensic_report: bool
    can_see_photos: bool
    injuries: list
    screenings: list
    suggested: set
    screening_applies: bool
    examination: ForensicExamination | None
    photos: list
    contacts: list  # (contact, outcome)
    shares: list
    follow_ups: list
    named: list
    hague_due: bool
    csg_parts: list  # (label, done) for acute sexual violence


def detail(who, presentation: Presentation) -> Detail:
    """Everything a page, the API and the PDF show of one presentation, with what ``who`` may see
    of the forensic report and the photographs decided once."""
    forensic = allowed(who, "acute.view_forensic_report", presentation)
    photos = allowed(who, "acute.view_photos", presentation)
    injuries = list(presentation.injuries.all())
    months = presentation.age_in_months()
    examination = live_examination(presentation)
    contacts = [(c, outcome(c)) for c in presentation.contacts.all()]
    reported = any(c.kind == ContactKind.REPORT for c, _o in contacts)
    follow_ups = list(presentation.follow_ups.all())
    csg = []
    if presentation.pathway == Pathway.SEXUAL_VIOLENCE:
        csg = [
            (_("Medische zorg"), bool(presentation.complaint)),
            (_("Forensisch onderzoek"), examination is not None
             and examination.status == ForensicStatus.REPORTED),
            (_("Psychologische eerste hulp"), presentation.psychological_first_aid),
            (_("Casemanager"), bool(presentation.case_manager)
             or any(f.kind == FollowUpKind.CASE_MANAGER for f in follow_ups)),
        ]
    return Detail(
        presentation=presentation, can_see_forensic_report=forensic, can_see_photos=photos,
        injuries=injuries, screenings=list(presentation.screenings.all()),
        suggested=screening.suggested(injuries, months),
        screening_applies=screening.applies(months),
        examination=examination if (forensic or examination is None
                                     or examination.status != ForensicStatus.REPORTED)
        else None,
        photos=list(presentation.photos.all()) if photos else [],
        contacts=contacts, shares=list(presentation.shares.all()), follow_ups=follow_ups,
        named=list(presentation.named_persons.all()),
        hague_due=presentation.hague_applies and not reported,
        csg_parts=csg,
    )


def injury_summary(injuries) -> list[str]:
    lines = []
    for injury in injuries:
        size = ""
        if injury.length_mm:
            size = f", {injury.length_mm}" + (f" x {injury.width_mm}" if injury.width_mm else "") + " mm"
        pattern = f", patroon: {injury.pattern}" if injury.patterned else ""
        lines.append(f"- {injury.get_kind_display()} op {injury.region_label}{size}, "
                     f"{injury.get_age_estimate_display().lower()}{pattern}; "
                     f"{injury.get_explanation_fit_display().lower()}")
    return lines


def account_for_veilig_thuis(presentation: Presentation, text: str) -> str:
    """The account a report or consultation carries: the clinician's words, then the visit, the
    injury record, the screening and the forensic conclusion, so the family tells its story once."""
    parts = [text, "", f"Spoedplein {presentation.hospital.name}, presentatie "
             f"{presentation.reference}, aankomst "
             f"{timezone.localtime(presentation.arrived_at):%d-%m-%Y %H:%M}, "
             f"route: {presentation.get_pathway_display()}."]
    if presentation.accompanied_by:
        parts.append(f"Gekomen met: {presentation.accompanied_by}.")
    if presentation.explanation:
        parts.append(f"Uitleg over het ontstaan: {presentation.explanation}")
    if presentation.hague_applies:
        parts.append(f"Haags protocol: {presentation.get_hague_reason_display().lower()}, "
                     "minderjarige kinderen thuis.")
    if presentation.pathway == Pathway.SEXUAL_VIOLENCE and presentation.incident_at:
        acute = ("acuut, binnen " if presentation.is_acute_sexual_violence
                 else "niet acuut, langer dan ")
        parts.append(f"Seksueel geweld op {timezone.localtime(presentation.incident_at):%d-%m-%Y}"
                     f" ({acute}{ACUTE_SEXUAL_VIOLENCE_DAYS} dagen).")
    injuries = list(presentation.injuries.all())
    if injuries:
        parts += ["", "Letselregistratie:", *injury_summary(injuries)]
    last = presentation.screenings.order_by("-recorded_at", "-pk").first()
    if last is not None:
        parts.append(f"TEN-4-FACESp: {'positief' if last.positive else 'negatief'}.")
    examination = presentation.examinations.filter(status=ForensicStatus.REPORTED).first()
    if examination is not None:
        parts += ["", f"Forensisch-medische conclusie: {examination.conclusion}"]
    elif presentation.examinations.filter(status=ForensicStatus.REQUESTED).exists():
        parts += ["", "Forensisch-medisch onderzoek is aangevraagd; het rapport is te lezen bij de "
                      "presentatie zodra het er is."]
    return "\n".join(parts)


# --- The pilot figures ---------------------------------------------------------------------------


@dataclass
class MonthFigures:
    """One month's figures. Counts are exact for the hospital's own figures; for the region (the
    analyst's pseudonymised figures) they are published the CBS way (``core.disclosure``: rounded to
    5, "<5" below it) and a share or median over fewer than 5 is left out, so no figure points at a
    patient."""

    month: str
    presentations: int | str
    by_pathway: dict
    median_hours_to_forensic: float | None
    median_hours_to_veilig_thuis: float | None
    asked: int | str
    willing: int | str
    reported_to_police: int | str
    follow_up_started: int | str
    willing_share: int | None
    reported_share: int | None
    follow_up_share: int | None
    published: bool = False


def _share(part: int, whole: int, published: bool) -> int | None:
    if not whole or (published and not publishable(whole)):
        return None
    return round(100 * part / whole)


def _median(values: list[float], published: bool) -> float | None:
    if not values or (published and not publishable(len(values))):
        return None
    return round(median(values), 1)


def publishes_region(who) -> bool:
    """The analyst's figures are the region's, pseudonymised: published, never exact; a municipal
    policy officer's (monitoring's dashboards) its municipality's, published the same way."""
    subject = subject_of(who)
    return subject.has(Capability.STATISTICS) or subject.has(Capability.MUNICIPAL_FIGURES)


def figures_scope(who) -> QuerySet:
    """The presentations a figure is counted over: the hospital its own; the analyst the region's;
    a municipal policy officer those of patients living in the municipality of their organisation."""
    subject = subject_of(who)
    if subject.has(Capability.STATISTICS):
        return Presentation.objects.all()
    if subject.has(Capability.MUNICIPAL_FIGURES):
        return Presentation.objects.filter(municipality_id=subject.organisation.municipality_id)
    return visible_presentations(subject).filter(hospital_id=subject.organisation_id)


def _hours(start, end) -> float:
    return (end - start).total_seconds() / 3600


def figures(who, *, months: int = 12, today=None, municipality_id=None) -> list[MonthFigures]:
    """Per month of arrival (newest first): presentations (per pathway), the median time from arrival
    to the forensic examination and to the first contact with Veilig Thuis, willingness to report,
    reports filed, follow-up started. Counts only — no person — over ``figures_scope``, narrowed to
    the patients of one municipality when ``municipality_id`` is given."""
    return _month_figures(figures_scope(who), publishes_region(who), months=months, today=today,
                          municipality_id=municipality_id)


def _decimal_comma(value) -> str:
    """A median in CSV as the page and a Dutch spreadsheet write it: 2,5."""
    return f"{value:.1f}".replace(".", ",")


@exports.source("acute.view_figures")
def figures_table(who) -> exports.Table:
    """"Cijfers Spoedplein" as a file: the months of ``figures`` exactly as the page shows them —
    the hospital's own counts, or for the region the published ones (rounded to 5, "<5", a share or
    median over fewer than 5 left out: an empty cell). Counts only: no person."""
    rows = figures(who)
    pathways = list(Pathway.choices)
    return exports.Table(
        title=_("Cijfers Spoedplein"), name="cijfers-spoedplein",
        detail="gepubliceerde aantallen" if publishes_region(who) else "eigen ziekenhuis",
        columns=[Column("month", _("Maand")), Column("presentations", _("Presentaties"), COUNT),
                 *[Column(f"pathway_{value}", label, COUNT) for value, label in pathways],
                 Column("to_forensic", _("Mediaan uren tot forensisch onderzoek"), NUMBER,
                        _decimal_comma),
                 Column("to_veilig_thuis", _("Mediaan uren tot contact Veilig Thuis"), NUMBER,
                        _decimal_comma),
                 Column("asked", _("Gevraagd naar aangifte"), COUNT),
                 Column("willing", _("Bereid tot aangifte"), COUNT),
                 Column("willing_share", _("Bereid tot aangifte (van wie gevraagd)"), SHARE),
                 Column("reported", _("Aangifte gedaan"), COUNT),
                 Column("reported_share", _("Aangifte gedaan (aandeel)"), SHARE),
                 Column("follow_up", _("Vervolg gestart"), COUNT),
                 Column("follow_up_share", _("Vervolg gestart (aandeel)"), SHARE)],
        rows=[[row.month, row.presentations,
               *[row.by_pathway.get(label) for _value, label in pathways],
               row.median_hours_to_forensic, row.median_hours_to_veilig_thuis, row.asked,
               row.willing, row.willing_share, row.reported_to_police, row.reported_share,
               row.follow_up_started, row.follow_up_share] for row in rows])


def published_figures(*, months: int = 12, today=None, municipality_id=None) -> list[MonthFigures]:
    """``figures`` as the analyst and a municipal policy officer get them (the region's
    presentations, or one municipality's; published), without asking who: for the dashboards'
    stored read model (``monitoring.dashboards``), which asks the permission itself before it shows
    a scope and is computed in the background for nobody in particular."""
    return _month_figures(Presentation.objects.all(), True, months=months, today=today,
                          municipality_id=municipality_id)


def _month_figures(scope: QuerySet, published: bool, *, months: int, today,
                   municipality_id) -> list[MonthFigures]:
    today = today or timezone.localdate()
    start = add_months(today.replace(day=1), -(months - 1))
    if municipality_id is not None:
        scope = scope.filter(municipality_id=municipality_id)
    rows = (scope.filter(arrived_at__date__gte=start)
            .prefetch_related("contacts", "examinations", "follow_ups")
            .only("pk", "arrived_at", "pathway", "willingness"))
    by_month: dict[str, list[Presentation]] = {}
    for p in rows:
        by_month.setdefault(f"{timezone.localtime(p.arrived_at):%Y-%m}", []).append(p)
    result = []
    for month in sorted(by_month, reverse=True):
        items = by_month[month]
        to_forensic = [_hours(p.arrived_at, e.examined_at) for p in items
                       for e in p.examinations.all()
                       if e.status == ForensicStatus.REPORTED and e.examined_at]
        to_vt = [_hours(p.arrived_at, min(c.sent_at for c in p.contacts.all()))
                 for p in items if p.contacts.all()]
        asked = sum(1 for p in items if p.willingness != Willingness.NOT_ASKED)
        willing = sum(1 for p in items if p.willingness in (Willingness.WILLING, Willingness.FILED))
        filed = sum(1 for p in items if p.willingness == Willingness.FILED)
        followed = sum(1 for p in items if p.follow_ups.all())
        count = publish_count if published else int
        result.append(MonthFigures(
            month=month, presentations=count(len(items)),
            by_pathway={label: count(sum(1 for p in items if p.pathway == value))
                        for value, label in Pathway.choices},
            median_hours_to_forensic=_median(to_forensic, published),
            median_hours_to_veilig_thuis=_median(to_vt, published),
            asked=count(asked), willing=count(willing), reported_to_police=count(filed),
            follow_up_started=count(followed),
            willing_share=_share(willing, asked, published),
            reported_share=_share(filed, len(items), published),
            follow_up_share=_share(followed, len(items), published),
            published=published,
        ))
    return result


# --- The start page -----------------------------------------------------------------------------


def open_presentations(who) -> QuerySet:
    return presentations(who, status=PresentationStatus.OPEN)



