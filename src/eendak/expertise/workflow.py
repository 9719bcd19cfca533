"""The Expertisecentrum's choices and states: one table each, one place.

A training session is prepared (draft), published (open for enrolment, on the public pages), held
(attendance recorded, certificates issued) or cancelled. An enrolment is *enrolled* while there is a
place and *waiting* otherwise; a cancellation frees the place for the first on the waiting list. A
request for an experience expert is matched to an expert, scheduled, and done with a debrief.
Services change a state only through ``cases.workflow.move`` over these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    LOCAL_TEAMS = "local_teams", _("Lokale teams")
    TEACHERS = "teachers", _("Leerkrachten en onderwijs")
    GPS = "gps", _("Huisartsen en praktijkondersteuners")
    VOLUNTEERS = "volunteers", _("Vrijwilligers")
    CHILDCARE = "childcare", _("Kinderopvang")
    PROFESSIONALS = "professionals", _("Andere professionals")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    PUBLISHED = "published", _("Gepubliceerd")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Ingeschreven")
    WAITING = "waiting", _("Op de wachtlijst")
    CANCELLED = "cancelled", _("Afgemeld")


class AskerType(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Vrijwilliger")


class QuestionTopic(models.TextChoices):
    CHILD_ABUSE = "child_abuse", _("Kindermishandeling")
    PARTNER_VIOLENCE = "partner_violence", _("(Ex-)partnergeweld")
    ELDER_ABUSE = "elder_abuse", _("Ouderenmishandeling")
    HONOUR_RELATED = "honour_related", _("Eergerelateerd geweld")
    SEXUAL_VIOLENCE = "sexual_violence", _("Seksueel geweld")
    MELDCODE = "meldcode", _("De meldcode")
    TRAINING = "training", _("Scholing en deskundigheid")
    OTHER = "other", _("Anders")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Beantwoord")
    REFERRED = "referred", _("Doorverwezen naar Veilig Thuis")


class QuestionFollowUp(models.TextChoices):
    NONE = "none", _("Geen vervolg nodig")
    TRAINING = "training", _("Scholing aangeboden")
    EXPERT = "expert", _("Ervaringsdeskundige ingezet")
    MATERIAL = "material", _("Informatiemateriaal gestuurd")


class Referral(models.TextChoices):
    ADVICE = "advice", _("Adviesvraag aan Veilig Thuis")
    REPORT = "report", _("Melding bij Veilig Thuis")


class ExpertTheme(models.TextChoices):
    CHILD_ABUSE = "child_abuse", _("Kindermishandeling")
    PARTNER_VIOLENCE = "partner_violence", _("Partnergeweld")
    SEXUAL_VIOLENCE = "sexual_violence", _("Seksueel geweld")
    HONOUR_RELATED = "honour_related", _("Eergerelateerd geweld")
    ELDER_ABUSE = "elder_abuse", _("Ouderenmishandeling")
    GROWING_UP = "growing_up", _("Opgroeien met geweld")


class ExpertPurpose(models.TextChoices):
    TRAINING = "training", _("Training")
    AWARENESS = "awareness", _("Bewustwordingsbijeenkomst")
    TEAM_MEETING = "team_meeting", _("Teamoverleg")
    OTHER = "other", _("Anders")


class ExpertRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    MATCHED = "matched", _("Gekoppeld aan een ervaringsdeskundige")
    SCHEDULED = "scheduled", _("Ingepland")
    DONE = "done", _("Uitgevoerd, nabespreking vastgelegd")
    CANCELLED = "cancelled", _("Vervallen")


class EventKind(models.TextChoices):
    CAMPAIGN_EVENT = "campaign_event", _("Campagnebijeenkomst")
    SCHOOL_SESSION = "school_session", _("Voorlichting op school")
    INFORMATION_EVENING = "information_evening", _("Informatieavond")
    WEBINAR = "webinar", _("Webinar")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


class Community(models.TextChoices):
    SOMALI = "somali", _("Somalisch")
    TURKISH = "turkish", _("Turks")
    MOROCCAN = "moroccan", _("Marokkaans")
    OTHER = "other", _("Andere gemeenschap")


class MeetingSetting(models.TextChoices):
    PARENTS_ROOM = "parents_room", _("Ouderkamer")
    COMMUNITY_CENTRE = "community_centre", _("Buurthuis")
    SELF_ORGANISATION = "self_organisation", _("Zelforganisatie")
    INTEGRATION_COURSE = "integration_course", _("Inburgeringscursus")
    OTHER = "other", _("Anders")


class MeetingTopic(models.TextChoices):
    RAISING_CHILDREN = "raising_children", _("Opvoeden zonder geweld")
    PARTNER_VIOLENCE = "partner_violence", _("Geweld tussen partners")
    HONOUR = "honour", _("Eer en eergerelateerd geweld")
    WHERE_TO_GET_HELP = "where_to_get_help", _("Waar vind je hulp")
    CHILD_RIGHTS = "child_rights", _("Rechten van kinderen")
    FORCED_MARRIAGE = "forced_marriage", _("Huwelijksdwang en achterlating")


class SignalDestination(models.TextChoices):
    EXPERTISE = "expertise", _("Expertisecentrum")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (anoniem, als adviesvraag)")


S, E, R = SessionStatus, EnrolmentStatus, ExpertRequestStatus

SESSION: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PUBLISHED, S.CANCELLED}),
    S.PUBLISHED: frozenset({S.HELD, S.CANCELLED}),
    S.HELD: frozenset(),
    S.CANCELLED: frozenset(),
}

ENROLMENT: dict[str, frozenset[str]] = {
    E.ENROLLED: frozenset({E.CANCELLED}),
    E.WAITING: frozenset({E.ENROLLED, E.CANCELLED}),
    E.CANCELLED: frozenset(),
}

EXPERT_REQUEST: dict[str, frozenset[str]] = {
    R.REQUESTED: frozenset({R.MATCHED, R.CANCELLED}),
    R.MATCHED: frozenset({R.SCHEDULED, R.REQUESTED, R.CANCELLED}),
    R.SCHEDULED: frozenset({R.DONE, R.CANCELLED}),
    R.DONE: frozenset(),
    R.CANCELLED: frozenset(),
}

EVENT: dict[str, frozenset[str]] = {
    EventStatus.PLANNED: frozenset({EventStatus.HELD, EventStatus.CANCELLED}),
    EventStatus.HELD: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}
