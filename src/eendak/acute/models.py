"""The acute pathway at the hospital (Spoedplein): a victim with injuries, documented once.

A ``Presentation`` is one visit to the emergency department: the patient (a ``persons.Person``,
found or new through the intake's matcher), the injuries on the body map, the screening checklist,
the forensic-medical examination with its restricted photographs, the contact with Veilig Thuis
(an advice request or a report in the intake, ``intake.Report``, so the 24-hour assessment starts
there), the willingness to report to the police, the follow-up help and the safety before going
home. The presentation is the hospital's own record; Veilig Thuis reads it because it was sent
there, the police only a forensic report shared on a recorded basis (``acute.permissions``).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import (
    ACUTE_SEXUAL_VIOLENCE_DAYS,
    BodyView,
    CompanionRole,
    ContactKind,
    Destination,
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


class Presentation(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    hospital = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                 verbose_name=_("ziekenhuis"))
    patient = models.ForeignKey("persons.Person", models.PROTECT, related_name="presentations",
                                verbose_name=_("patiënt"))
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("woongemeente"))
    pathway = models.CharField(_("route"), max_length=20, choices=Pathway.choices)
    status = models.CharField(_("status"), max_length=12, choices=PresentationStatus.choices,
                              default=PresentationStatus.OPEN)
    arrived_at = models.DateTimeField(_("aankomst"))
    accompanied_by = models.CharField(_("gekomen met"), max_length=200, blank=True)
    explanation = models.TextField(_("uitleg over het ontstaan"), blank=True)
    complaint = models.TextField(_("reden van komst en medische zorg"), blank=True)
    # The Hague protocol (adults): why they came in, and whether children live at home.
    hague_reason = models.CharField(_("reden volgens Haags protocol"), max_length=20,
                                    choices=HagueReason.choices, default=HagueReason.NONE)
    children_at_home = models.CharField(_("minderjarige kinderen thuis"), max_length=8,
                                        choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    # Acute sexual violence (Centrum Seksueel Geweld): when it happened and the four parts.
    incident_at = models.DateTimeField(_("moment van het incident"), null=True, blank=True)
    psychological_first_aid = models.BooleanField(_("psychologische eerste hulp gegeven"),
                                                  default=False)
    case_manager = models.CharField(_("casemanager"), max_length=200, blank=True)
    # Elder abuse (65+): its kinds and by whom.
    elder_abuse_kinds = models.JSONField(_("vormen van ouderenmishandeling"), default=list,
                                         blank=True)
    suspected_relation = models.CharField(_("relatie vermoedelijke pleger"), max_length=12,
                                          choices=SuspectedRelation.choices,
                                          default=SuspectedRelation.UNKNOWN)
    # Willingness to report to the police.
    willingness = models.CharField(_("aangiftebereidheid"), max_length=12,
                                   choices=Willingness.choices, default=Willingness.NOT_ASKED)
    willingness_note = models.TextField(_("toelichting aangiftebereidheid"), blank=True)
    police_report_on = models.DateField(_("datum aangifte"), null=True, blank=True)
    police_unit = models.CharField(_("politie-eenheid"), max_length=200, blank=True)
    police_reference = models.CharField(_("kenmerk aangifte"), max_length=60, blank=True)
    # Safety before going home ("is het vanavond veilig om naar huis te gaan?").
    safe_to_go_home = models.CharField(_("veilig om naar huis te gaan"), max_length=8,
                                       choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    destination = models.CharField(_("gaat naar"), max_length=12, choices=Destination.choices,
                                   blank=True)
    safety_conditions = models.TextField(_("veiligheidsafspraken met het gezin"), blank=True)
    discharged_at = models.DateTimeField(_("ontslagen op"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # One form, one presentation: a second press of "vastleggen" (or a retried API call) with the
    # same key returns the first presentation instead of registering the patient twice.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-arrived_at"]
        verbose_name = _("presentatie op het Spoedplein")
        verbose_name_plural = _("presentaties op het Spoedplein")
        indexes = [models.Index(fields=["hospital", "status", "-arrived_at"])]

    def __str__(self):
        return self.reference

    def age_in_months(self, on: date | None = None) -> float | None:
        """The patient's age at arrival, in months (None when the date of birth is unknown)."""
        born = self.patient.date_of_birth
        if born is None:
            return None
        on = on or timezone.localtime(self.arrived_at).date()
        return (on - born).days / 30.4375

    @property
    def is_child(self) -> bool | None:
        months = self.age_in_months()
        return None if months is None else months < 18 * 12

    @property
    def hague_applies(self) -> bool:
        """An adult after domestic violence, a suicide attempt or intoxication with children at home:
        the children are reported to Veilig Thuis."""
        return (self.hague_reason != HagueReason.NONE
                and self.children_at_home == YesNoUnknown.YES)

    @property
    def is_acute_sexual_violence(self) -> bool:
        return bool(self.pathway == Pathway.SEXUAL_VIOLENCE and self.incident_at
                    and (self.arrived_at - self.incident_at).days < ACUTE_SEXUAL_VIOLENCE_DAYS)


class NamedPerson(models.Model):
    """A person named with a presentation besides the patient: a child at home, who came along, the
    suspected perpetrator. Goes with a report to Veilig Thuis, so the family tells its story once."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="named_persons")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=16, choices=CompanionRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["presentation", "person"],
                                               name="acute_one_role_per_named_person")]

    def __str__(self):
        return f"{self.person_id} {self.role} in {self.presentation_id}"


class Injury(models.Model):
    """One injury on the body map."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="injuries")
    view = models.CharField(_("zijde"), max_length=8, choices=BodyView.choices)
    region = models.CharField(_("plaats op het lichaam"), max_length=32)
    kind = models.CharField(_("soort letsel"), max_length=12, choices=InjuryKind.choices)
    length_mm = models.PositiveIntegerField(_("lengte (mm)"), null=True, blank=True)
    width_mm = models.PositiveIntegerField(_("breedte (mm)"), null=True, blank=True)
    colour = models.CharField(_("kleur"), max_length=100, blank=True)
    age_estimate = models.CharField(_("geschatte leeftijd"), max_length=8,
                                    choices=InjuryAge.choices, default=InjuryAge.UNKNOWN)
    patterned = models.BooleanField(_("met patroon"), default=False)
    pattern = models.CharField(_("patroon"), max_length=200, blank=True)
    explanation_fit = models.CharField(_("past bij de uitleg"), max_length=14,
                                       choices=ExplanationFit.choices,
                                       default=ExplanationFit.UNCLEAR)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("letsel")
        verbose_name_plural = _("letsels")

    def __str__(self):
        return f"{self.get_kind_display()} {self.region}"

    @property
    def region_label(self) -> str:
        from .bodymap import region

        found = region(self.region)
        return str(found.label) if found else self.region


class Screening(models.Model):
    """A TEN-4-FACESp checklist as the clinician ticked it (``acute.screening``): supports the
    judgement, never decides. A later screening replaces none: each is kept."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="screenings")
    instrument = models.CharField(max_length=20)
    version = models.CharField(max_length=10)
    ticked = models.JSONField(default=list, blank=True)
    positive = models.BooleanField()
    age_in_months = models.DecimalField(max_digits=5, decimal_places=1)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.instrument} {'positief' if self.positive else 'negatief'}"


class ForensicExamination(models.Model):
    """The forensic-medical examination: requested by the clinician, reported by the forensic
    doctor. One per presentation that is not cancelled."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="examinations")
    status = models.CharField(_("status"), max_length=12, choices=ForensicStatus.choices,
                              default=ForensicStatus.REQUESTED)
    question = models.TextField(_("vraagstelling"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    examined_at = models.DateTimeField(_("onderzocht op"), null=True, blank=True)
    findings = models.TextField(_("bevindingen"), blank=True)
    conclusion = models.TextField(_("conclusie"), blank=True)
    forensic_doctor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                        blank=True, related_name="+")
    reported_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["presentation"], condition=~models.Q(status=ForensicStatus.CANCELLED),
            name="acute_one_live_examination")]

    def __str__(self):
        return f"forensisch onderzoek {self.presentation_id}"


class Photo(models.Model):
    """A forensic photograph: a restricted document, stored outside the web root and served only
    through ``acute.view_photos``. Taken only with consent, which is recorded with it."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="forensic-photos/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("omschrijving"), max_length=200)
    consent_by = models.CharField(_("toestemming gegeven door"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class VeiligThuisContact(models.Model):
    """A consultation or a report to Veilig Thuis straight from the presentation: the advice
    request or report lives in the intake (its deadline, its decision); this is the link back."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="contacts")
    kind = models.CharField(_("soort"), max_length=8, choices=ContactKind.choices)
    veilig_thuis = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    report = models.OneToOneField("intake.Report", models.PROTECT, null=True, blank=True,
                                  related_name="acute_contact")
    advice = models.OneToOneField("intake.AdviceRequest", models.PROTECT, null=True, blank=True,
                                  related_name="acute_contact")
    about_children = models.BooleanField(_("over de kinderen thuis (Haags protocol)"),
                                         default=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(kind="report", report__isnull=False, advice__isnull=True)
                       | models.Q(kind="advice", advice__isnull=False, report__isnull=True)),
            name="acute_contact_is_report_or_advice")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.presentation_id}"


class Share(models.Model):
    """A forensic report (with or without its photographs) shared with an organisation outside the
    hospital, on its recorded basis. Sending it with a report to Veilig Thuis is a share too."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("gedeeld met"))
    item = models.CharField(_("wat"), max_length=16, choices=ShareItem.choices)
    basis = models.CharField(_("grondslag"), max_length=24, choices=ShareBasis.choices)
    note = models.TextField(_("toelichting"), blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["shared_at", "pk"]

    def __str__(self):
        return f"{self.get_item_display()} → {self.organisation_id}"


class FollowUp(models.Model):
    """Help against repetition, started from the hospital."""

    presentation = models.ForeignKey(Presentation, models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("vervolg"), max_length=14, choices=FollowUpKind.choices)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisatie"))
    note = models.TextField(_("afspraak"))
    started_on = models.DateField(_("gestart op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.presentation_id}"
