"""The acute pathway's choices and states: one table each, one place.

A presentation is *open* while the patient is at the emergency department and *discharged* once the
safety before going home was answered. A forensic-medical examination is *requested* by the
clinician and *reported* by the forensic doctor (or cancelled). Willingness to report to the police
moves from not asked, through discussed, to willing or not willing, and to a report filed. Services
change a state only through ``cases.workflow.move`` over these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathway(models.TextChoices):
    """The pathway a presentation follows: its signals, its partners and its place in the figures."""

    CHILD_ABUSE = "child_abuse", _("Kindermishandeling")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Huiselijk geweld")
    SEXUAL_VIOLENCE = "sexual_violence", _("Acuut seksueel geweld (Centrum Seksueel Geweld)")
    ELDER_ABUSE = "elder_abuse", _("Ouderenmishandeling (65+)")


class PresentationStatus(models.TextChoices):
    OPEN = "open", _("Op het Spoedplein")
    DISCHARGED = "discharged", _("Ontslagen")


class HagueReason(models.TextChoices):
    """The Hague protocol: why an adult came in (a reason here with children at home means a report
    about the children to Veilig Thuis)."""

    NONE = "none", _("Niet van toepassing")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Huiselijk geweld")
    SUICIDE_ATTEMPT = "suicide_attempt", _("Suïcidepoging")
    INTOXICATION = "intoxication", _("Intoxicatie (alcohol of drugs)")


class YesNoUnknown(models.TextChoices):
    UNKNOWN = "unknown", _("Onbekend")
    YES = "yes", _("Ja")
    NO = "no", _("Nee")


class BodyView(models.TextChoices):
    FRONT = "front", _("Voorzijde")
    BACK = "back", _("Achterzijde")


class InjuryKind(models.TextChoices):
    BRUISE = "bruise", _("Blauwe plek (hematoom)")
    ABRASION = "abrasion", _("Schaafwond")
    LACERATION = "laceration", _("Snij- of scheurwond")
    BURN = "burn", _("Brandwond")
    BITE = "bite", _("Bijtwond")
    FRACTURE = "fracture", _("(Vermoedelijke) fractuur")
    PETECHIAE = "petechiae", _("Puntbloedingen")
    OTHER = "other", _("Anders")


class InjuryAge(models.TextChoices):
    """Colour and age, estimated: a judgement, never a dating (the colour of a bruise does not date
    it reliably)."""

    FRESH = "fresh", _("Vers (rood/blauw, minder dan 24 uur)")
    DAYS = "days", _("Enkele dagen (paars/groen)")
    OLDER = "older", _("Ouder (geel/bruin)")
    MIXED = "mixed", _("Verschillende leeftijden")
    UNKNOWN = "unknown", _("Niet in te schatten")


class ExplanationFit(models.TextChoices):
    FITS = "fits", _("Past bij de uitleg")
    DOES_NOT_FIT = "does_not_fit", _("Past niet bij de uitleg")
    UNCLEAR = "unclear", _("Onduidelijk")


class ForensicStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    REPORTED = "reported", _("Rapport vastgelegd")
    CANCELLED = "cancelled", _("Ingetrokken")


class ContactKind(models.TextChoices):
    ADVICE = "advice", _("Consultatie (adviesvraag)")
    REPORT = "report", _("Melding")


class Willingness(models.TextChoices):
    NOT_ASKED = "not_asked", _("Nog niet gevraagd")
    DISCUSSED = "discussed", _("Besproken")
    WILLING = "willing", _("Bereid aangifte te doen")
    NOT_WILLING = "not_willing", _("Niet bereid aangifte te doen")
    FILED = "filed", _("Aangifte gedaan")


class ShareItem(models.TextChoices):
    FORENSIC_REPORT = "forensic_report", _("Forensisch rapport")
    PHOTOS = "photos", _("Forensisch rapport met foto's")


class ShareBasis(models.TextChoices):
    """The recorded basis a forensic report leaves the hospital on."""

    CONSENT_VICTIM = "consent_victim", _("Toestemming van het slachtoffer")
    CONSENT_REPRESENTATIVE = "consent_representative", _(
        "Toestemming van de wettelijk vertegenwoordiger")
    MELDRECHT = "meldrecht", _("Meldrecht (Wmo 2015 art. 5.2.6)")
    COURT_ORDER = "court_order", _("Vordering van de officier van justitie of rechter")


class FollowUpKind(models.TextChoices):
    LOCAL_TEAM = "local_team", _("Lokaal team")
    SAFETY_TEAM = "safety_team", _("Veiligheidsteam (via Veilig Thuis)")
    CASE_MANAGER = "case_manager", _("Casemanager Centrum Seksueel Geweld")
    ELDER_CARE = "elder_care", _("Ouderenzorg of financiële bescherming")
    OTHER = "other", _("Andere hulp")


class Destination(models.TextChoices):
    HOME = "home", _("Naar huis")
    FAMILY = "family", _("Bij familie of bekenden")
    SHELTER = "shelter", _("Opvang")
    ADMITTED = "admitted", _("Opgenomen in het ziekenhuis")
    OTHER = "other", _("Anders")


class ElderAbuseKind(models.TextChoices):
    PHYSICAL = "physical", _("Lichamelijk")
    PSYCHOLOGICAL = "psychological", _("Psychisch")
    FINANCIAL = "financial", _("Financieel")
    NEGLECT = "neglect", _("Verwaarlozing")
    SEXUAL = "sexual", _("Seksueel")


class SuspectedRelation(models.TextChoices):
    UNKNOWN = "unknown", _("Onbekend")
    PARTNER = "partner", _("(Ex-)partner")
    PARENT = "parent", _("Ouder of verzorger")
    CHILD = "child", _("Kind (van het slachtoffer)")
    CARER = "carer", _("Mantelzorger of hulpverlener")
    FAMILY = "family", _("Ander familielid")
    OTHER = "other", _("Ander bekende of onbekende")


class CompanionRole(models.TextChoices):
    """A person named with a presentation besides the patient."""

    CHILD_AT_HOME = "child_at_home", _("Kind thuis")
    COMPANION = "companion", _("Begeleider")
    SUSPECT = "suspect", _("Vermoedelijke pleger")


P, F, W = PresentationStatus, ForensicStatus, Willingness

PRESENTATION: dict[str, frozenset[str]] = {
    P.OPEN: frozenset({P.DISCHARGED}),
    P.DISCHARGED: frozenset(),
}

FORENSIC: dict[str, frozenset[str]] = {
    F.REQUESTED: frozenset({F.REPORTED, F.CANCELLED}),
    F.REPORTED: frozenset(),
    F.CANCELLED: frozenset(),
}

WILLINGNESS: dict[str, frozenset[str]] = {
    W.NOT_ASKED: frozenset({W.DISCUSSED, W.WILLING, W.NOT_WILLING, W.FILED}),
    W.DISCUSSED: frozenset({W.WILLING, W.NOT_WILLING, W.FILED}),
    W.WILLING: frozenset({W.NOT_WILLING, W.FILED}),
    W.NOT_WILLING: frozenset({W.DISCUSSED, W.WILLING, W.FILED}),
    W.FILED: frozenset(),
}

# Acute sexual violence is within this many days of the incident (Centrum Seksueel Geweld).
ACUTE_SEXUAL_VIOLENCE_DAYS = 7
# Elder abuse: victims of this age and older.
ELDER_AGE = 65
