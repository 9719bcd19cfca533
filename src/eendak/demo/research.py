"""The research export's demo: two studies of the monitoring institute, registered by the demo
analyst (``analist``) through ``monitoring.services`` — one approved by the demo privacy officer
(``privacy``) of Veilig Thuis, ready to be exported over the synthetic reports, and one waiting for
their decision. An earlier demo's studies (by title) are removed first, with their exports and
files; a reset removes them too. Without the demo accounts it does nothing."""

from datetime import date, timedelta

from django.utils import timezone

from eendak.core import jobs
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.monitoring import services
from eendak.monitoring.models import Study

from .accounts import demo_actor

APPROVED = "Stopt het geweld? Cohort 2024 Hart van Brabant (demo)"
WAITING = "Herhaald partnergeweld en leeftijd van de kinderen (demo)"
TITLES = (APPROVED, WAITING)


def remove_research_demo() -> None:
    studies = Study.objects.filter(title__in=TITLES)
    for study in studies:
        for export in study.exports.all():
            if export.file_name:
                (jobs.export_root() / export.file_name).unlink(missing_ok=True)
    studies.delete()


def _actor(username: str, role: str, index: int) -> Actor | None:
    return demo_actor(username, role, f"10.50.{index}.{index}")


def seed_research() -> int:
    """The two studies; returns how many were made."""
    remove_research_demo()
    analyst = _actor("analist", Role.ANALYST, 1)
    officer = _actor("privacy", Role.PRIVACY_OFFICER, 2)
    if analyst is None or officer is None:
        return 0
    today = timezone.localdate()
    approved = services.register_study(analyst, services.StudyData(
        title=APPROVED,
        purpose="Volgen of het geweld stopt na een melding: metingen bij de melding, na 12 en na 18 "
                "maanden, per gemeente en leeftijdsgroep (Verwey-Jonker Instituut).",
        variables=["municipality", "half_year", "violence_types", "assessment_outcome", "age_band",
                   "phase_reached", "days_to_stable_safety", "monitoring_incidents",
                   "recurrence_18m"],
        period_from=date(today.year - 2, 1, 1), period_to=today, ends_on=today + timedelta(days=365)))
    services.approve_study(officer, approved)
    services.register_study(analyst, services.StudyData(
        title=WAITING,
        purpose="Hangt herhaald partnergeweld samen met de leeftijd van de kinderen in het gezin?",
        variables=["half_year", "violence_types", "age_band", "person_role", "recurrence_18m"],
        period_from=date(today.year - 1, 1, 1), period_to=today, ends_on=today + timedelta(days=180)))
    return 2
