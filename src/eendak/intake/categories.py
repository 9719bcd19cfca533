"""The statistical categories of the Veilig Thuis Informatieprotocol, as CBS publishes them (85361NED).

Values are stored as these codes so the half-yearly CBS figures come straight out of the data. The
official CBS file codes are not public here: ``CBS_EXPORT_CODES`` is the one table that maps our codes
to theirs, and the only place to change when the layout is known.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceType(models.TextChoices):
    CHILD_ABUSE = "kindermishandeling", _("Kindermishandeling")
    VIOLENCE_AGAINST_PARENTS = "geweld_tegen_ouders", _("Geweld tegen ouders")
    PARTNER_VIOLENCE = "partnergeweld", _("(Ex-)partnergeweld")
    ELDER_ABUSE = "ouderenmishandeling", _("Ouderenmishandeling (slachtoffer ouder dan 65)")
    OTHER_DOMESTIC = "huiselijk_geweld_overig", _("Huiselijk geweld overig")
    OTHER_PROBLEMS = "andere_problematiek", _("Andere problematiek")
    NONE = "geen", _("Geen kindermishandeling/huiselijk geweld")
    UNKNOWN = "onbekend", _("Onbekend")


class AdditionalViolenceInfo(models.TextChoices):
    """Beside the kind of violence (list to confirm with the region)."""

    HUMAN_TRAFFICKING = "mensenhandel", _("Mensenhandel")
    HONOUR_RELATED = "eergerelateerd", _("Eergerelateerd geweld")
    FORCED_MARRIAGE = "huwelijksdwang", _("Huwelijksdwang")
    ABANDONMENT = "achterlating", _("Achterlating in het buitenland")
    FGM = "vgv", _("Vrouwelijke genitale verminking")
    SEXUAL_VIOLENCE = "seksueel_geweld", _("Seksueel geweld")


class ReporterRole(models.TextChoices):
    NON_PROFESSIONAL = "niet_beroepsmatig", _("Niet beroepsmatig")
    EDUCATION = "onderwijs", _("Beroepsmatig – onderwijs")
    CHILDCARE = "kinderopvang", _("Beroepsmatig – kinderopvang")
    MEDICAL = "medisch", _("Beroepsmatig – medisch (bijv. verpleegkundige)")
    PSYCHOLOGIST = "psycholoog", _("Beroepsmatig – psychologen e.a.")
    PARAMEDICAL = "paramedisch", _("Beroepsmatig – paramedisch")
    JUSTICE_POLICE = "justitie_politie", _("Beroepsmatig – justitie: politieagent")
    JUSTICE_PROSECUTOR = "justitie_ovj", _("Beroepsmatig – justitie: officier van justitie")
    JUSTICE_OTHER = "justitie_anders", _("Beroepsmatig – justitie: anders")
    PROFESSIONAL_OTHER = "beroepsmatig_anders", _("Beroepsmatig – anders")
    UNKNOWN = "onbekend", _("Onbekend")


class ReporterSector(models.TextChoices):
    HEALTH_CARE = "gezondheidszorg", _("Gezondheidszorg (incl. GGD, jeugdgezondheidszorg, huisarts)")
    MENTAL_HEALTH = "ggz", _("GGZ")
    CHILDCARE = "kinderopvang", _("Kinderopvang")
    EDUCATION = "onderwijs", _("Onderwijs")
    COMPULSORY_EDUCATION = "leerplicht", _("Bureau leerplicht")
    YOUTH_CARE = "jeugdzorg", _("Jeugdzorg")
    POLICE = "politie", _("Justitie en veiligheid – politie")
    PROSECUTION = "om", _("Justitie en veiligheid – OM")
    PROBATION = "reclassering", _("Justitie en veiligheid – reclassering")
    JUSTICE_OTHER = "justitie_anders", _("Justitie en veiligheid – anders")
    OTHER_VEILIG_THUIS = "veilig_thuis_andere_regio", _("Veilig Thuis andere regio")
    REGIONAL_CUSTOM = "regionaal_maatwerk", _("VT inzet regionaal maatwerk")
    SOCIAL_WORK = "maatschappelijk_werk", _("Maatschappelijk werk")
    OTHER = "anders", _("Anders")
    NOT_APPLICABLE = "niet_van_toepassing", _("Niet van toepassing")
    UNKNOWN = "onbekend", _("Onbekend")


class ViolenceDuration(models.TextChoices):
    UP_TO_WEEK = "tot_1_week", _("Korter dan of gelijk aan 1 week")
    WEEK_TO_MONTH = "1_week_1_maand", _("1 week tot 1 maand")
    ONE_TO_SIX_MONTHS = "1_6_maanden", _("1 tot 6 maanden")
    SIX_TO_TWELVE_MONTHS = "6_12_maanden", _("6 tot 12 maanden")
    ONE_TO_FIVE_YEARS = "1_5_jaar", _("1 tot 5 jaar")
    OVER_FIVE_YEARS = "meer_dan_5_jaar", _("Meer dan 5 jaar")
    UNKNOWN = "onbekend", _("Onbekend")


class PriorInvolvement(models.TextChoices):
    """How a report relates to what Veilig Thuis already knew (CBS: eerste melding / hermelding / ...)."""

    FIRST_REPORT = "eerste_melding", _("1e melding")
    RE_REPORT = "hermelding", _("Hermelding")
    FOLLOW_UP_DURING_ASSESSMENT = "vervolg_tijdens_beoordeling", _(
        "Vervolgmelding tijdens de veiligheidsbeoordeling")
    FOLLOW_UP_AFTER_ASSESSMENT = "vervolg_na_beoordeling", _(
        "Vervolgmelding na de veiligheidsbeoordeling")
    FOLLOW_UP_DURING_MONITORING = "vervolg_tijdens_monitoring", _("Vervolgmelding tijdens monitoring")
    UNCLASSIFIED = "niet_ingedeeld", _("Niet ingedeeld")


class AssessmentOutcome(models.TextChoices):
    """Outcome of the safety assessment as CBS counts it; follows from the decision on follow-up."""

    OWN_SERVICE = "vervolgstappen_vt", _("Vervolgstappen bij Veilig Thuis")
    HANDOVER = "overdracht", _("Overdracht")
    NO_FOLLOW_UP = "geen_vervolgstappen", _("Geen vervolgstappen nodig")
    REGIONAL_CUSTOM = "regionaal_maatwerk", _("Inzet regionaal maatwerk")
    NOT_YET = "nog_niet_beoordeeld", _("Nog niet beoordeeld")


class InvestigationResult(models.TextChoices):
    CONFIRMED = "bevestigd", _("Bevestigd")
    NOT_CONFIRMED = "niet_bevestigd", _("Niet bevestigd")
    REFUTED = "weerlegd", _("Weerlegd")


# Our code -> CBS file code. Unknown until the "Bestandsdefinitie Beleidsinformatie Veilig Thuis" is
# available; until then the export uses our own codes (identity mapping).
CBS_EXPORT_CODES: dict[str, dict[str, str]] = {
    "violence_type": {},
    "reporter_role": {},
    "reporter_sector": {},
    "duration": {},
    "prior_involvement": {},
    "assessment_outcome": {},
    "investigation_result": {},
}


def cbs_code(kind: str, value: str) -> str:
    return CBS_EXPORT_CODES.get(kind, {}).get(value, value)
