"""The acute pathway's steps: every change to a presentation goes through one function here.

Each function first asks its named permission (``require(actor, "acute.…", obj)``, declared in
``acute.permissions``; a refusal is the caller's logged 404), then the rules of the data and the
workflow table (``acute.workflow``, a ``RuleViolation`` with a Dutch message naming the field), and
writes its access-log entry (``acute.events``), all in one transaction.

What reaches Veilig Thuis goes through the intake (``intake.services.receive_partner_report`` /
``receive_partner_advice``): the report is Veilig Thuis's own there, with its 24-hour deadline when
acute, and its decision is read back through the link kept here (``VeiligThuisContact``).
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import filetype
from django.db.models import Q
from django.utils import timezone

from eendak.audit import services as audit
from eendak.cases.uploads import HEAD_BYTES, MARKUP
from eendak.cases.workflow import move
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality, Organisation
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.core.roles import OrganisationType
from eendak.intake import services as intake
from eendak.intake.categories import ReporterRole, ReporterSector, ViolenceType
from eendak.intake.models import AskerType, Channel, PersonRole
from eendak.persons import matching, names, registry
from eendak.persons.bsn import lookup_hash, normalise
from eendak.persons.models import BSNStatus, HouseholdMember, Person
from eendak.persons.permissions import held_persons
from eendak.persons.services import describe_known_search

from . import bodymap, screening
from .events import Event as E
from .events import logged, read
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
from .workflow import (
    ACUTE_SEXUAL_VIOLENCE_DAYS,
    ELDER_AGE,
    FORENSIC,
    PRESENTATION,
    WILLINGNESS,
    CompanionRole,
    ContactKind,
    Destination,
    ElderAbuseKind,
    ExplanationFit,
    FollowUpKind,
    ForensicStatus,
    HagueReason,
    InjuryAge,
    InjuryKind,
    Pathway,
    PresentationStatus,
    ShareBasis,
    ShareItem,
    SuspectedRelation,
    Willingness,
    YesNoUnknown,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png"}
MAX_INJURY_MM = 1000

# --- Finding the patient: the intake's matcher, within what the hospital may see --------------------


def _known_to_hospital(actor) -> Q:
    """Persons the hospital already knows: its own patients and persons named with them, and the
    persons of files it holds (not those it sees only through break-the-glass: offering them would be
    an emergency read without its reason). The matcher's other candidates are not shown to it."""
    own = Presentation.objects.filter(hospital_id=actor.organisation.pk)
    return (Q(pk__in=own.values("patient_id"))
            | Q(pk__in=NamedPerson.objects.filter(presentation__in=own).values("person_id"))
            | Q(pk__in=held_persons(actor).values("pk")))


def _bsn_match(bsn: str) -> Person | None:
    digits = normalise(bsn or "")
    if not digits:
        return None
    registry.validate_bsn_input(digits)
    return Person.objects.filter(bsn__lookup_hash=lookup_hash(digits), merged_into__isnull=True).first()


def find_patient(actor: Actor, *, bsn: str = "", surname: str = "", given_names: str = "",
                 date_of_birth: date | None = None) -> list[matching.Candidate]:
    """Who the patient may already be: the intake's tolerant matcher (``persons.matching``), but
    only persons the hospital already knows are offered. A BSN known elsewhere in Eendak is *not*
    shown: that a BSN is known here would tell the hospital the person is known to Veilig Thuis.
    Registering with that BSN links the same record anyway (``_resolve_person``: one person per
    BSN), so the family's story still comes together at Veilig Thuis. Logged as a search naming
    whom it showed, with the criteria's names only."""
    require(actor, "acute.register_presentation")
    if bsn:
        registry.validate_bsn_input(bsn)
        person = _bsn_match(bsn)
        candidates = [matching.Candidate(person, 100.0, ["BSN gelijk"])] if person else []
    else:
        candidates = matching.find_candidates(surname=surname, given_names=given_names,
                                              date_of_birth=date_of_birth, limit=50)
    known = set(Person.objects.filter(_known_to_hospital(actor),
                                      pk__in=[c.person.pk for c in candidates])
                .values_list("pk", flat=True))
    candidates = [c for c in candidates if c.person.pk in known][:10]
    read(actor, E.PATIENT_SEARCH, persons=[c.person for c in candidates],
         detail=describe_known_search(bsn=bsn, surname=surname, given_names=given_names,
                                      date_of_birth=date_of_birth))
    return candidates


def _resolve_person(actor: Actor, person: Person | None, data: registry.PersonData | None,
                    *, field_name: str) -> Person:
    """An existing person the hospital may pick (one it knows, or the record of the BSN it typed
    when what it typed agrees with it), or a new record.

    A BSN the hospital does not know yet is one person in Eendak, but the hospital must not learn
    from it what it did not type: that the BSN is known here (so known to Veilig Thuis), nor the
    record's name, date of birth or address. So a BSN whose record the hospital does not know is
    linked only when the surname and date of birth typed are the record's own; otherwise the patient
    is recorded as typed, without the BSN, and Veilig Thuis merges the two records when the report
    reaches it (``persons.merge``). Either way the hospital is told nothing about the other record."""
    if data is not None and data.bsn:
        matched = _bsn_match(data.bsn)
        if matched is not None:
            if Person.objects.filter(_known_to_hospital(actor), pk=matched.pk).exists():
                # Its own patient: a date of birth that disagrees is a typing error to point at.
                if (data.date_of_birth and matched.date_of_birth
                        and data.date_of_birth != matched.date_of_birth):
                    raise RuleViolation("Het BSN en de geboortedatum horen niet bij elkaar; "
                                        "controleer beide.", field="bsn")
                return matched
            if (data.date_of_birth is not None and data.date_of_birth == matched.date_of_birth
                    and names.surname_key(data.surname) == matched.search_surname):
                return matched
            data = replace(data, bsn="", bsn_status=BSNStatus.ABSENT)
    if person is not None:
        if not Person.objects.filter(_known_to_hospital(actor), pk=person.pk).exists():
            raise RuleViolation("Deze persoon is niet gevonden. Zoek opnieuw of leg een nieuwe "
                                "persoon vast.", field=field_name)
        return person
    if data is None or not (data.surname or "").strip():
        raise RuleViolation("Vul ten minste de achternaam in, of kies een gevonden persoon.",
                            field=field_name)
    return registry.create_person(actor, data)


# --- The presentation --------------------------------------------------------------------------


@dataclass
class PresentationData:
    pathway: str
    arrived_at: datetime | None = None
    patient: Person | None = None
    patient_data: registry.PersonData | None = None
    municipality_id: int | None = None
    accompanied_by: str = ""
    explanation: str = ""
    complaint: str = ""
    hague_reason: str = HagueReason.NONE
    children_at_home: str = YesNoUnknown.UNKNOWN
    incident_at: datetime | None = None
    psychological_first_aid: bool = False
    case_manager: str = ""
    elder_abuse_kinds: list[str] = field(default_factory=list)
    suspected_relation: str = SuspectedRelation.UNKNOWN
    submission_key: str | None = None


def _choice(value, choices, field_name: str, message: str):
    if value not in choices.values:
        raise RuleViolation(message, field=field_name)
    return value


def _validate_details(values: dict, *, arrived_at: datetime, patient: Person) -> None:
    """The rules of a presentation's details, for registering and changing alike."""
    _choice(values["pathway"], Pathway, "pathway", "Kies de route.")
    _choice(values["hague_reason"], HagueReason, "hague_reason",
            "Kies de reden volgens het Haags protocol.")
    _choice(values["children_at_home"], YesNoUnknown, "children_at_home",
            "Geef aan of er minderjarige kinderen thuis zijn.")
    _choice(values["suspected_relation"], SuspectedRelation, "suspected_relation",
            "Kies de relatie van de vermoedelijke pleger.")
    unknown = [k for k in values["elder_abuse_kinds"] or [] if k not in ElderAbuseKind.values]
    if unknown:
        raise RuleViolation("Kies de vormen van ouderenmishandeling uit de lijst.",
                            field="elder_abuse_kinds")
    if values["pathway"] == Pathway.ELDER_ABUSE and patient.date_of_birth:
        age = _age_in_years(patient.date_of_birth, timezone.localtime(arrived_at).date())
        if age < ELDER_AGE:
            raise RuleViolation(f"De route ouderenmishandeling is voor slachtoffers van {ELDER_AGE} "
                                f"jaar en ouder; deze patiënt is {age}.", field="pathway")
    incident_at = values["incident_at"]
    if incident_at is not None:
        require_plausible(incident_at, "incident_at")
        if incident_at > arrived_at:
            raise RuleViolation("Het incident ligt na de aankomst op het Spoedplein.",
                                field="incident_at")
    if values["pathway"] == Pathway.SEXUAL_VIOLENCE and incident_at is None:
        raise RuleViolation("Leg vast wanneer het seksueel geweld plaatsvond: binnen "
                            f"{ACUTE_SEXUAL_VIOLENCE_DAYS} dagen is het acuut.", field="incident_at")
    if values["municipality_id"] and not Municipality.objects.filter(
            pk=values["municipality_id"]).exists():
        raise RuleViolation("Kies een bestaande gemeente.", field="municipality")


def _age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


DETAIL_FIELDS = ("pathway", "municipality_id", "accompanied_by", "explanation", "complaint",
                 "hague_reason", "children_at_home", "incident_at", "psychological_first_aid",
                 "case_manager", "elder_abuse_kinds", "suspected_relation")
TEXT_FIELDS = ("accompanied_by", "explanation", "complaint", "case_manager")


@audit.atomic
def register_presentation(actor: Actor, data: PresentationData) -> Presentation:
    """A patient at the emergency department, found or newly recorded: the start of the pathway.
    The same ``submission_key`` twice (a double click, a retried call) returns the first one."""
    require(actor, "acute.register_presentation")
    if data.submission_key:
        earlier = Presentation.objects.filter(submission_key=data.submission_key,
                                              hospital_id=actor.organisation.pk).first()
        if earlier is not None:
            return earlier
    arrived_at = data.arrived_at or timezone.now()
    require_plausible(arrived_at, "arrived_at")
    if arrived_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Het moment van aankomst ligt in de toekomst.", field="arrived_at")
    values = {name: getattr(data, name) for name in DETAIL_FIELDS}
    for name in TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
    if data.patient is None and data.patient_data is not None:
        registry.validate_bsn_input(data.patient_data.bsn, data.patient_data.bsn_status)
        registry.validate_date_of_birth(data.patient_data.date_of_birth)
    patient = _resolve_person(actor, data.patient, data.patient_data, field_name="patient")
    _validate_details(values, arrived_at=arrived_at, patient=patient)
    if not values["municipality_id"]:
        values["municipality_id"] = patient.municipality_id
    presentation = Presentation.objects.create(
        reference=next_reference("SP", when=arrived_at), hospital=actor.organisation,
        patient=patient, arrived_at=arrived_at, registered_by=actor.user,
        submission_key=data.submission_key or None, **values)
    logged(actor, E.REGISTERED, presentation, detail=presentation.get_pathway_display())
    return presentation


def _require_open(presentation: Presentation) -> None:
    if presentation.status != PresentationStatus.OPEN:
        raise RuleViolation("De patiënt is ontslagen; het letsel en de gegevens van het bezoek "
                            "liggen vast.")


@audit.atomic
def update_presentation(actor: Actor, presentation: Presentation, **changes) -> Presentation:
    """Change the details: the explanation, the Hague protocol's questions, the pathway's parts."""
    require(actor, "acute.change_presentation", presentation)
    _require_open(presentation)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise RuleViolation(f"Onbekend veld: {', '.join(sorted(unknown))}.")
    if not changes:
        return presentation  # nothing asked, nothing changed, nothing to log
    values = {name: getattr(presentation, name) for name in DETAIL_FIELDS}
    values.update(changes)
    for name in TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
    _validate_details(values, arrived_at=presentation.arrived_at, patient=presentation.patient)
    for name, value in values.items():
        setattr(presentation, name, value)
    presentation.save()
    logged(actor, E.UPDATED, presentation, detail=", ".join(sorted(changes))[:255])
    return presentation


@audit.atomic
def name_person(actor: Actor, presentation: Presentation, *, role: str,
                person: Person | None = None,
                data: registry.PersonData | None = None) -> NamedPerson:
    """A child at home, who came along, the suspected perpetrator: named once, carried to Veilig
    Thuis with a report."""
    require(actor, "acute.change_presentation", presentation)
    _require_open(presentation)
    _choice(role, CompanionRole, "role", "Kies de rol van deze persoon.")
    named = _resolve_person(actor, person, data, field_name="person")
    if named.pk == presentation.patient_id or presentation.named_persons.filter(
            person=named).exists():
        raise RuleViolation("Deze persoon staat al bij deze presentatie.", field="person")
    entry = NamedPerson.objects.create(presentation=presentation, person=named, role=role)
    logged(actor, E.PERSON_NAMED, presentation, detail=entry.get_role_display())
    return entry


# --- The injury record ---------------------------------------------------------------------------


@dataclass
class InjuryData:
    region: str
    kind: str
    view: str = ""
    length_mm: int | None = None
    width_mm: int | None = None
    colour: str = ""
    age_estimate: str = InjuryAge.UNKNOWN
    patterned: bool = False
    pattern: str = ""
    explanation_fit: str = ExplanationFit.UNCLEAR
    note: str = ""


@audit.atomic
def record_injury(actor: Actor, presentation: Presentation, data: InjuryData) -> Injury:
    """One injury on the body map: its place (the side follows from the region), kind, size,
    colour and estimated age, pattern, and whether the explanation given fits it."""
    require(actor, "acute.record_injury", presentation)
    _require_open(presentation)
    region = bodymap.region(data.region or "")
    if region is None:
        raise RuleViolation("Kies de plaats van het letsel op de lichaamskaart.", field="region")
    if data.view and data.view != region.view:
        raise RuleViolation("Deze plaats hoort niet bij de gekozen zijde van het lichaam.",
                            field="view")
    _choice(data.kind, InjuryKind, "kind", "Kies de soort letsel.")
    _choice(data.age_estimate, InjuryAge, "age_estimate", "Kies de geschatte leeftijd.")
    _choice(data.explanation_fit, ExplanationFit, "explanation_fit",
            "Geef aan of het letsel past bij de uitleg.")
    for name in ("length_mm", "width_mm"):
        value = getattr(data, name)
        if value is not None and not (0 < value <= MAX_INJURY_MM):
            raise RuleViolation(f"Geef de maat in millimeters (1 tot {MAX_INJURY_MM}).",
                                field=name)
    if data.patterned and not data.pattern.strip():
        raise RuleViolation("Beschrijf het patroon (bijvoorbeeld een handafdruk of een lus).",
                            field="pattern")
    injury = Injury.objects.create(
        presentation=presentation, view=region.view, region=region.code, kind=data.kind,
        length_mm=data.length_mm, width_mm=data.width_mm, colour=data.colour.strip()[:100],
        age_estimate=data.age_estimate, patterned=data.patterned,
        pattern=data.pattern.strip()[:200] if data.patterned else "",
        explanation_fit=data.explanation_fit, note=data.note.strip(), recorded_by=actor.user)
    logged(actor, E.INJURY_RECORDED, presentation, obj=injury,
           detail=f"{injury.get_kind_display()}, {region.label}")
    return injury


@audit.atomic
def remove_injury(actor: Actor, injury: Injury) -> None:
    """An injury recorded by mistake, while the patient is still here."""
    presentation = injury.presentation
    require(actor, "acute.record_injury", presentation)
    _require_open(presentation)
    detail = f"{injury.get_kind_display()}, {injury.region_label}"
    injury.delete()
    logged(actor, E.INJURY_REMOVED, presentation, detail=detail)


@audit.atomic
def record_screening(actor: Actor, presentation: Presentation, *, ticked: list[str],
                     note: str = "") -> Screening:
    """The TEN-4-FACESp checklist as the clinician ticked it; positive supports, never decides."""
    require(actor, "acute.record_screening", presentation)
    _require_open(presentation)
    months = presentation.age_in_months()
    if not screening.applies(months):
        raise RuleViolation("De TEN-4-FACESp-regel is voor kinderen jonger dan 4 jaar (met bekende "
                            "geboortedatum).", field="ticked")
    unknown = set(ticked or []) - screening.CODES
    if unknown:
        raise RuleViolation("Kies de punten van de checklist uit de lijst.", field="ticked")
    result = Screening.objects.create(
        presentation=presentation, instrument=screening.NAME, version=screening.VERSION,
        ticked=sorted(set(ticked or [])), positive=screening.evaluate(ticked or []),
        age_in_months=round(months, 1), note=note.strip(), recorded_by=actor.user)
    logged(actor, E.SCREENED, presentation, obj=result,
           detail="positief" if result.positive else "negatief")
    return result


# --- Forensic expertise ---------------------------------------------------------------------------


@audit.atomic
def request_forensic(actor: Actor, presentation: Presentation, *,
                     question: str) -> ForensicExamination:
    """Ask the forensic doctor to examine and document the injuries: it appears in their queue."""
    require(actor, "acute.request_forensic", presentation)
    if not (question or "").strip():
        raise RuleViolation("Beschrijf de vraag aan de forensisch arts.", field="question")
    if presentation.examinations.exclude(status=ForensicStatus.CANCELLED).exists():
        raise RuleViolation("Er is al een forensisch onderzoek aangevraagd.", field="question")
    examination = ForensicExamination.objects.create(
        presentation=presentation, question=question.strip(), requested_by=actor.user)
    logged(actor, E.FORENSIC_REQUESTED, presentation, obj=examination)
    return examination


@audit.atomic
def cancel_forensic(actor: Actor, examination: ForensicExamination, *,
                    reason: str) -> ForensicExamination:
    require(actor, "acute.request_forensic", examination.presentation)
    examination = ForensicExamination.objects.select_for_update().get(pk=examination.pk)
    if not (reason or "").strip():
        raise RuleViolation("Geef aan waarom het onderzoek niet meer nodig is.", field="reason")
    move(FORENSIC, ForensicStatus, examination.status, ForensicStatus.CANCELLED, field="status")
    examination.status = ForensicStatus.CANCELLED
    examination.cancel_reason = reason.strip()
    examination.save(update_fields=["status", "cancel_reason"])
    logged(actor, E.FORENSIC_CANCELLED, examination.presentation, obj=examination)
    return examination


@audit.atomic
def report_forensic(actor: Actor, examination: ForensicExamination, *, findings: str,
                    conclusion: str, examined_at: datetime | None = None) -> ForensicExamination:
    """The forensic doctor's findings and conclusion: the report (``acute.pdf``) is final."""
    require(actor, "acute.report_forensic", examination)
    examination = ForensicExamination.objects.select_for_update().get(pk=examination.pk)
    if not (findings or "").strip():
        raise RuleViolation("Beschrijf de bevindingen.", field="findings")
    if not (conclusion or "").strip():
        raise RuleViolation("Geef de conclusie.", field="conclusion")
    examined_at = examined_at or timezone.now()
    require_plausible(examined_at, "examined_at")
    if examined_at < examination.presentation.arrived_at:
        raise RuleViolation("Het onderzoek ligt voor de aankomst op het Spoedplein.",
                            field="examined_at")
    if examined_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Het moment van onderzoek ligt in de toekomst.", field="examined_at")
    move(FORENSIC, ForensicStatus, examination.status, ForensicStatus.REPORTED, field="status")
    examination.status = ForensicStatus.REPORTED
    examination.findings, examination.conclusion = findings.strip(), conclusion.strip()
    examination.examined_at, examination.reported_at = examined_at, timezone.now()
    examination.forensic_doctor = actor.user
    examination.save()
    logged(actor, E.FORENSIC_REPORTED, examination.presentation, obj=examination)
    return examination


@audit.atomic
def add_photo(actor: Actor, presentation: Presentation, uploaded_file, *, description: str,
              consent_by: str) -> Photo:
    """A forensic photograph, taken with consent: checked by content (JPEG or PNG), size limited,
    stored outside the web root under a random name."""
    require(actor, "acute.add_photo", presentation)
    if not (consent_by or "").strip():
        raise RuleViolation("Leg vast wie toestemming gaf voor de foto.", field="consent_by")
    if not (description or "").strip():
        raise RuleViolation("Beschrijf wat de foto laat zien.", field="description")
    if uploaded_file is None:
        raise RuleViolation("Kies een foto.", field="file")
    if uploaded_file.size > MAX_PHOTO_BYTES:
        raise RuleViolation("De foto is groter dan 10 MB.", field="file")
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in PHOTO_TYPES:
        raise RuleViolation("Dit is geen foto: alleen JPEG en PNG kunnen worden toegevoegd.",
                            field="file")
    # A file that starts as an image and also holds web-page code is a polyglot: a browser that is
    # ever talked into rendering it as HTML runs the script. The same test as the case file's uploads.
    if MARKUP.search(head):
        raise RuleViolation("Dit bestand bevat webpagina-code (HTML of script) en wordt niet aanvaard.",
                            field="file")
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    photo = Photo(presentation=presentation, original_name=(uploaded_file.name or "foto")[:200],
                  content_type=mime, size=uploaded_file.size, sha256=digest.hexdigest(),
                  description=description.strip()[:200], consent_by=consent_by.strip()[:200],
                  uploaded_by=actor.user)
    photo.file.save(f"{next_reference('FOTO')}.{PHOTO_TYPES[mime]}", uploaded_file, save=False)
    photo.save()
    logged(actor, E.PHOTO_ADDED, presentation, obj=photo, detail=photo.description)
    return photo


# --- Veilig Thuis in the loop ----------------------------------------------------------------------

_VIOLENCE_OF_PATHWAY = {
    Pathway.CHILD_ABUSE: ViolenceType.CHILD_ABUSE,
    Pathway.DOMESTIC_VIOLENCE: ViolenceType.OTHER_DOMESTIC,
    Pathway.SEXUAL_VIOLENCE: ViolenceType.OTHER_DOMESTIC,
    Pathway.ELDER_ABUSE: ViolenceType.ELDER_ABUSE,
}
_REPORT_ROLE = {CompanionRole.CHILD_AT_HOME: PersonRole.CHILD,
                CompanionRole.COMPANION: PersonRole.OTHER,
                CompanionRole.SUSPECT: PersonRole.SUSPECT}


def veilig_thuis_for(presentation: Presentation) -> Organisation:
    """The Veilig Thuis the hospital reports to: the region's (one per region here)."""
    found = (Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS, is_active=True)
             .order_by("pk").first())
    if found is None:
        raise RuleViolation("Er is geen Veilig Thuis om aan te melden.")
    return found


def compose_account(presentation: Presentation, text: str) -> str:
    """What the hospital tells Veilig Thuis, the injury record and the forensic conclusion included,
    so the family tells its story once."""
    from . import queries

    return queries.account_for_veilig_thuis(presentation, text)


@audit.atomic
def contact_veilig_thuis(actor: Actor, presentation: Presentation, *, kind: str, text: str,
                         person_ids: list[int], is_acute: bool = True,
                         about_children: bool = False) -> VeiligThuisContact:
    """A consultation (advice request) or a report to Veilig Thuis, channel "hospital", acute by
    default so the 24-hour assessment starts. It carries the injury record and the forensic report
    (Veilig Thuis reads them on the presentation: ``acute.view_presentation``)."""
    require(actor, "acute.contact_veilig_thuis", presentation)
    _choice(kind, ContactKind, "kind", "Kies consultatie of melding.")
    if not (text or "").strip():
        raise RuleViolation("Beschrijf uw zorg voor Veilig Thuis.", field="text")
    named = {n.person_id: n for n in presentation.named_persons.select_related("person")}
    allowed = {presentation.patient_id, *named}
    chosen = [pk for pk in dict.fromkeys(person_ids or []) if pk in allowed]
    if len(chosen) != len(set(person_ids or [])):
        raise RuleViolation("Kies personen van deze presentatie.", field="persons")
    if kind == ContactKind.REPORT and not chosen:
        raise RuleViolation("Kies ten minste één persoon over wie u meldt.", field="persons")
    if about_children and not any(named.get(pk) and named[pk].role == CompanionRole.CHILD_AT_HOME
                                  for pk in chosen):
        raise RuleViolation("Noem de kinderen thuis en kies ze voor de melding (Haags protocol).",
                            field="persons")
    if kind == ContactKind.REPORT and presentation.contacts.filter(kind=ContactKind.REPORT).exists():
        raise RuleViolation("Deze presentatie is al gemeld bij Veilig Thuis.", field="kind")
    if (kind == ContactKind.REPORT and not presentation.municipality_id
            and not HouseholdMember.objects.filter(person_id__in=chosen).exists()):
        # Veilig Thuis files a new household under its municipality (intake._household_for).
        raise RuleViolation("Vul eerst de woongemeente van de patiënt in (bij Patiënt en bezoek): "
                            "Veilig Thuis legt het gezin vast bij die gemeente.",
                            field="municipality")
    veilig_thuis = veilig_thuis_for(presentation)
    account = compose_account(presentation, text.strip())
    violence = [ViolenceType.CHILD_ABUSE] if about_children else [
        _VIOLENCE_OF_PATHWAY[presentation.pathway]]
    additional = ["seksueel_geweld"] if presentation.pathway == Pathway.SEXUAL_VIOLENCE else []
    user = actor.user
    contact = VeiligThuisContact(presentation=presentation, kind=kind, veilig_thuis=veilig_thuis,
                                 about_children=about_children, sent_by=user)
    if kind == ContactKind.REPORT:
        involved = []
        for pk in chosen:
            if pk == presentation.patient_id:
                role = PersonRole.OTHER if about_children else PersonRole.VICTIM
                person = presentation.patient
                household_role = "child" if presentation.is_child else (
                    "parent" if about_children else "other")
            else:
                role = _REPORT_ROLE[named[pk].role]
                person = named[pk].person
                household_role = "child" if role == PersonRole.CHILD else (
                    "partner" if role == PersonRole.SUSPECT else "other")
            involved.append(intake.InvolvedPerson(role=role, person=person,
                                                  household_role=household_role))
        contact.report = intake.receive_partner_report(actor, intake.ReportData(
            channel=Channel.HOSPITAL, account=account, violence_types=violence,
            additional_info=additional,
            reporter=intake.ReporterData(
                name=user.get_full_name() or user.get_username(), is_professional=True,
                role=ReporterRole.MEDICAL, sector=ReporterSector.HEALTH_CARE,
                organisation_name=presentation.hospital.name,
                relation="Behandelaar op het Spoedplein"),
            involved=involved, municipality_id=presentation.municipality_id,
            is_acute=is_acute), veilig_thuis=veilig_thuis)
        event = E.REPORTED_TO_VEILIG_THUIS
        detail = contact.report.reference
    else:
        contact.advice = intake.receive_partner_advice(actor, intake.AdviceData(
            channel=Channel.HOSPITAL, asker_type=AskerType.PROFESSIONAL, question=account,
            consent_to_contact=True, asker_name=user.get_full_name() or user.get_username(),
            asker_email=user.email or "", asker_role=ReporterRole.MEDICAL,
            asker_sector=ReporterSector.HEALTH_CARE,
            municipality_id=presentation.municipality_id, violence_types=violence),
            veilig_thuis=veilig_thuis)
        event = E.VEILIG_THUIS_CONSULTED
        detail = contact.advice.reference
    contact.save()
    logged(actor, event, presentation, obj=contact, detail=detail)
    return contact


# --- Willingness to report, sharing, follow-up, discharge ----------------------------------------


@audit.atomic
def record_willingness(actor: Actor, presentation: Presentation, *, state: str, note: str = "",
                       police_report_on: date | None = None, police_unit: str = "",
                       police_reference: str = "") -> Presentation:
    """Asked, discussed, willing or not, report filed (with its date, police unit and reference)."""
    require(actor, "acute.record_willingness", presentation)
    presentation = Presentation.objects.select_for_update().get(pk=presentation.pk)
    move(WILLINGNESS, Willingness, presentation.willingness, state, field="state")
    if state == Willingness.FILED:
        if police_report_on is None:
            raise RuleViolation("Vul de datum van de aangifte in.", field="police_report_on")
        if police_report_on > timezone.localdate():
            raise RuleViolation("De datum van de aangifte ligt in de toekomst.",
                                field="police_report_on")
        if police_report_on < timezone.localtime(presentation.arrived_at).date() - timedelta(days=7):
            raise RuleViolation("De aangifte ligt meer dan een week voor de aankomst; leg een "
                                "eerdere aangifte vast in de toelichting.", field="police_report_on")
        if not police_unit.strip():
            raise RuleViolation("Vul de politie-eenheid in.", field="police_unit")
        presentation.police_report_on = police_report_on
        presentation.police_unit = police_unit.strip()[:200]
        presentation.police_reference = police_reference.strip()[:60]
    presentation.willingness = state
    if note.strip():
        presentation.willingness_note = note.strip()
    presentation.save()
    logged(actor, E.WILLINGNESS_RECORDED, presentation, detail=presentation.get_willingness_display())
    return presentation


@audit.atomic
def share_forensic_report(actor: Actor, presentation: Presentation, *, organisation: Organisation,
                          item: str, basis: str, note: str = "") -> Share:
    """The forensic report leaves the hospital only on a recorded basis: to the police with the
    victim's (or the representative's) consent or an order; meldrecht is for Veilig Thuis only."""
    require(actor, "acute.share_forensic_report", presentation)
    if not presentation.examinations.filter(status=ForensicStatus.REPORTED).exists():
        raise RuleViolation("Er is nog geen forensisch rapport om te delen.")
    _choice(item, ShareItem, "item", "Kies wat u deelt.")
    if not basis:
        raise RuleViolation("Leg de grondslag vast waarop u het rapport deelt (toestemming, "
                            "meldrecht of een vordering).", field="basis")
    _choice(basis, ShareBasis, "basis", "Kies een grondslag uit de lijst.")
    if organisation is None or not organisation.is_active:
        raise RuleViolation("Kies de organisatie waarmee u deelt.", field="organisation")
    if organisation.type == OrganisationType.HOSPITAL:
        raise RuleViolation("Delen binnen het ziekenhuis is niet nodig; kies een andere "
                            "organisatie.", field="organisation")
    if basis == ShareBasis.MELDRECHT and organisation.type != OrganisationType.VEILIG_THUIS:
        raise RuleViolation("Het meldrecht geldt alleen voor Veilig Thuis. Deel met de politie op "
                            "toestemming of een vordering.", field="basis")
    months = presentation.age_in_months()
    if basis == ShareBasis.CONSENT_VICTIM and months is not None and months < 12 * 12:
        raise RuleViolation("Bij een kind jonger dan 12 geeft de wettelijk vertegenwoordiger "
                            "toestemming.", field="basis")
    share = Share.objects.create(presentation=presentation, organisation=organisation, item=item,
                                 basis=basis, note=note.strip(), shared_by=actor.user)
    logged(actor, E.SHARED, presentation, obj=share,
           detail=f"{share.get_item_display()} met {organisation.name} ({share.get_basis_display()})")
    return share


@audit.atomic
def record_follow_up(actor: Actor, presentation: Presentation, *, kind: str, note: str,
                     organisation: Organisation | None = None,
                     started_on: date | None = None) -> FollowUp:
    """Help against repetition, started from the hospital. The Veiligheidsteam only through Veilig
    Thuis: it is asked for in the report."""
    require(actor, "acute.record_follow_up", presentation)
    _choice(kind, FollowUpKind, "kind", "Kies het vervolg.")
    if not (note or "").strip():
        raise RuleViolation("Beschrijf wat is afgesproken.", field="note")
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate() + timedelta(days=90):
        raise RuleViolation("De startdatum ligt te ver in de toekomst.", field="started_on")
    if started_on < timezone.localtime(presentation.arrived_at).date():
        raise RuleViolation("De startdatum ligt voor de aankomst op het Spoedplein.",
                            field="started_on")
    if kind == FollowUpKind.SAFETY_TEAM and not presentation.contacts.filter(
            kind=ContactKind.REPORT).exists():
        raise RuleViolation("Een gezin komt alleen via Veilig Thuis bij het Veiligheidsteam: meld "
                            "eerst bij Veilig Thuis.", field="kind")
    if kind == FollowUpKind.LOCAL_TEAM and organisation is None and presentation.municipality_id:
        organisation = Organisation.objects.filter(
            type=OrganisationType.LOCAL_TEAM, municipality_id=presentation.municipality_id,
            is_active=True).first()
    follow_up = FollowUp.objects.create(presentation=presentation, kind=kind,
                                        organisation=organisation, note=note.strip(),
                                        started_on=started_on, recorded_by=actor.user)
    logged(actor, E.FOLLOW_UP_RECORDED, presentation, obj=follow_up,
           detail=follow_up.get_kind_display())
    return follow_up


@audit.atomic
def discharge(actor: Actor, presentation: Presentation, *, safe_to_go_home: str, destination: str,
              safety_conditions: str = "") -> Presentation:
    """"Is it safe to go home tonight?" answered, the safety conditions set with the family, and —
    under the Hague protocol — the children reported to Veilig Thuis before the patient leaves."""
    require(actor, "acute.discharge", presentation)
    presentation = Presentation.objects.select_for_update().get(pk=presentation.pk)
    move(PRESENTATION, PresentationStatus, presentation.status, PresentationStatus.DISCHARGED,
         field="status")
    if safe_to_go_home not in (YesNoUnknown.YES, YesNoUnknown.NO):
        raise RuleViolation("Beantwoord of het veilig is om naar huis te gaan.",
                            field="safe_to_go_home")
    _choice(destination, Destination, "destination", "Kies waar de patiënt naartoe gaat.")
    if safe_to_go_home == YesNoUnknown.NO and destination == Destination.HOME:
        raise RuleViolation("Het is niet veilig om naar huis te gaan: kies waar de patiënt "
                            "naartoe gaat.", field="destination")
    conditions = (safety_conditions or "").strip()
    if not conditions and (safe_to_go_home == YesNoUnknown.NO or presentation.is_child
                           or presentation.injuries.exists()):
        raise RuleViolation("Leg de veiligheidsafspraken vast die met het gezin zijn gemaakt.",
                            field="safety_conditions")
    if presentation.hague_applies and not presentation.contacts.filter(
            kind=ContactKind.REPORT).exists():
        raise RuleViolation("Volgens het Haags protocol meldt u de kinderen thuis bij Veilig Thuis "
                            "voordat de patiënt naar huis gaat.", field="safe_to_go_home")
    presentation.status = PresentationStatus.DISCHARGED
    presentation.safe_to_go_home, presentation.destination = safe_to_go_home, destination
    presentation.safety_conditions, presentation.discharged_at = conditions, timezone.now()
    presentation.save()
    logged(actor, E.DISCHARGED, presentation, detail=presentation.get_destination_display())
    return presentation
