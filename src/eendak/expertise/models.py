"""The Expertisecentrum: knowledge, not cases.

Trainings that build the competencies of "Werken aan Veiligheid", advice questions from residents,
professionals and volunteers, experience experts, awareness campaigns and events, dialogue leaders
and their meetings. **Nothing here holds a household, a case or a person in a case**: an advice
question that turns out to be about an unsafe household is passed to Veilig Thuis (the intake) and
only its reference is kept; a dialogue meeting counts its participants and never names them. The
people named here are professionals (trainees, trainers), pseudonymous experience experts and
dialogue leaders — never clients.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import (
    AskerType,
    Community,
    EnrolmentStatus,
    EventKind,
    EventStatus,
    ExpertPurpose,
    ExpertRequestStatus,
    MeetingSetting,
    QuestionFollowUp,
    QuestionStatus,
    QuestionTopic,
    Referral,
    SessionStatus,
    SignalDestination,
)

# --- "Werken aan Veiligheid": standards and competencies (reference data) --------------------------


class Standard(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    title = models.CharField(_("standaard"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("standaard (Werken aan Veiligheid)")
        verbose_name_plural = _("standaarden (Werken aan Veiligheid)")

    def __str__(self):
        return f"{self.code} {self.title}"


class Competency(models.Model):
    standard = models.ForeignKey(Standard, models.PROTECT, related_name="competencies")
    code = models.CharField(_("code"), max_length=12, unique=True)
    title = models.CharField(_("competentie"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    # Part of the standard every local-team worker must meet.
    required = models.BooleanField(_("vereist voor medewerkers lokaal team"), default=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["standard__order", "code"]
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")

    def __str__(self):
        return f"{self.code} {self.title}"


# --- Trainings --------------------------------------------------------------------------------------


class Course(models.Model):
    title = models.CharField(_("titel"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    audiences = models.JSONField(_("doelgroepen"), default=list)
    competencies = models.ManyToManyField(Competency, related_name="courses", blank=True,
                                          verbose_name=_("competenties"))
    duration_hours = models.DecimalField(_("duur (uren)"), max_digits=4, decimal_places=1)
    # How long a certificate counts for the competency record; 0 = it does not expire.
    validity_months = models.PositiveSmallIntegerField(_("geldigheid (maanden)"), default=24)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"))
    status = models.CharField(_("status"), max_length=12, choices=SessionStatus.choices,
                              default=SessionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("trainingsbijeenkomst")
        verbose_name_plural = _("trainingsbijeenkomsten")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="expertise_session_ends_after_start")]

    def __str__(self):
        return f"{self.course} {timezone.localtime(self.starts_at):%d-%m-%Y}"


class Enrolment(models.Model):
    """A place in a session (or on its waiting list). ``user``: the professional's own account when
    they have one (a local-team worker), so attendance builds their competency record."""

    session = models.ForeignKey(Session, models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="enrolments")
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    job = models.CharField(_("functie"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    certificate_number = models.CharField(max_length=24, null=True, blank=True, unique=True)
    registered_at = models.DateTimeField(default=timezone.now)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [models.UniqueConstraint(
            fields=["session", "email"], condition=~models.Q(status=EnrolmentStatus.CANCELLED),
            name="expertise_one_live_enrolment_per_email")]

    def __str__(self):
        return f"{self.name} – {self.session}"


class Evaluation(models.Model):
    enrolment = models.OneToOneField(Enrolment, models.CASCADE, related_name="evaluation")
    score = models.PositiveSmallIntegerField(_("waardering (1-5)"))
    useful_for_work = models.PositiveSmallIntegerField(_("bruikbaar in het werk (1-5)"))
    comment = models.TextField(_("opmerkingen"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"evaluatie {self.enrolment_id}"


# --- Advice questions --------------------------------------------------------------------------------


class Question(models.Model):
    """An advice question to the Expertisecentrum: anonymous by default, no household recorded.
    Referred to Veilig Thuis when it is about an unsafe household: only the reference stays here."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    asker_type = models.CharField(_("vraagsteller"), max_length=14, choices=AskerType.choices)
    anonymous = models.BooleanField(_("anoniem"), default=True)
    contact_name = models.CharField(_("naam"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    topic = models.CharField(_("onderwerp"), max_length=20, choices=QuestionTopic.choices)
    question = models.TextField(_("vraag"))
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN)
    answer = models.TextField(_("antwoord"), blank=True)
    follow_up = models.CharField(_("vervolg"), max_length=10, choices=QuestionFollowUp.choices,
                                 blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    referred_as = models.CharField(_("doorverwezen als"), max_length=8, choices=Referral.choices,
                                   blank=True)
    referred_reference = models.CharField(_("kenmerk bij Veilig Thuis"), max_length=20,
                                          blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("vraag aan het Expertisecentrum")
        verbose_name_plural = _("vragen aan het Expertisecentrum")

    def __str__(self):
        return self.reference


# --- Experience experts -------------------------------------------------------------------------------


class Expert(models.Model):
    """An experience expert in the pool, known here by a pseudonym only."""

    pseudonym = models.CharField(_("schuilnaam"), max_length=100, unique=True)
    themes = models.JSONField(_("thema's"), default=list)
    languages = models.JSONField(_("talen"), default=list)
    availability = models.CharField(_("beschikbaarheid"), max_length=200, blank=True)
    aftercare = models.TextField(_("nazorg (afspraken)"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    joined_on = models.DateField(_("in de pool sinds"), default=timezone.localdate)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdeskundigen")

    def __str__(self):
        return self.pseudonym


class ExpertRequest(models.Model):
    requested_by_organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True,
                                                  blank=True, related_name="+")
    requester = models.CharField(_("aanvrager"), max_length=200)
    purpose = models.CharField(_("doel"), max_length=14, choices=ExpertPurpose.choices)
    wanted_on = models.DateField(_("gewenste datum"))
    themes = models.JSONField(_("thema's"), default=list)
    language = models.CharField(_("taal"), max_length=40, default="Nederlands")
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExpertRequestStatus.choices,
                              default=ExpertRequestStatus.REQUESTED)
    expert = models.ForeignKey(Expert, models.PROTECT, null=True, blank=True,
                               related_name="requests")
    scheduled_at = models.DateTimeField(_("ingepland op"), null=True, blank=True)
    debrief = models.TextField(_("nabespreking"), blank=True)
    aftercare_offered = models.BooleanField(_("nazorg aangeboden"), default=False)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["wanted_on", "pk"]
        verbose_name = _("aanvraag ervaringsdeskundige")
        verbose_name_plural = _("aanvragen ervaringsdeskundige")

    def __str__(self):
        return f"{self.get_purpose_display()} {self.wanted_on}"


# --- Awareness ------------------------------------------------------------------------------------


class Campaign(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="expertise_campaign_ends_after_start")]

    def __str__(self):
        return self.title


class AwarenessEvent(models.Model):
    campaign = models.ForeignKey(Campaign, models.PROTECT, null=True, blank=True,
                                 related_name="events")
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("begint"))
    place = models.CharField(_("plaats"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), null=True, blank=True)
    is_public = models.BooleanField(_("openbaar (op de publieke pagina's)"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices,
                              default=EventStatus.PLANNED)
    reach = models.PositiveIntegerField(_("bereik (aantal deelnemers)"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def __str__(self):
        return self.title


class EventRegistration(models.Model):
    event = models.ForeignKey(AwarenessEvent, models.PROTECT, related_name="registrations")
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisatie of school"), max_length=200, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "email"],
                                               name="expertise_one_registration_per_email")]

    def __str__(self):
        return f"{self.name} – {self.event}"


# --- Dialogue leaders and meetings -----------------------------------------------------------------


class DialogueLeader(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    community = models.CharField(_("gemeenschap"), max_length=12, choices=Community.choices)
    languages = models.JSONField(_("talen"), default=list)
    trained_on = models.DateField(_("getraind op"), null=True, blank=True)
    trained_by = models.CharField(_("getraind door"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("dialoogleider")
        verbose_name_plural = _("dialoogleiders")

    def __str__(self):
        return self.name


class DialogueMeeting(models.Model):
    """A dialogue meeting: where, with whom as partner, in which language, how many took part and
    what was talked about. Never the participants' names."""

    leader = models.ForeignKey(DialogueLeader, models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("datum"))
    setting = models.CharField(_("setting"), max_length=20, choices=MeetingSetting.choices)
    partner = models.CharField(_("partnerorganisatie"), max_length=200, blank=True)
    language = models.CharField(_("taal"), max_length=40)
    participants = models.PositiveSmallIntegerField(_("aantal deelnemers"))
    topics = models.JSONField(_("onderwerpen"), default=list)
    notes = models.TextField(_("verloop (zonder namen)"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dialoogbijeenkomst")
        verbose_name_plural = _("dialoogbijeenkomsten")

    def __str__(self):
        return f"{self.get_setting_display()} {self.held_on}"


class DialogueSignal(models.Model):
    """A worry raised at a meeting, passed on anonymously: to the Expertisecentrum, or to Veilig
    Thuis as an anonymous advice request (only its reference stays here)."""

    meeting = models.ForeignKey(DialogueMeeting, models.PROTECT, related_name="signals")
    text = models.TextField(_("signaal (anoniem)"))
    passed_to = models.CharField(_("doorgegeven aan"), max_length=14,
                                 choices=SignalDestination.choices)
    veilig_thuis_reference = models.CharField(max_length=20, blank=True)
    passed_at = models.DateTimeField(default=timezone.now)
    passed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["passed_at", "pk"]

    def __str__(self):
        return f"signaal {self.meeting_id}"
