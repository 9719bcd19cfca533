"""Every change of monitoring's research studies, permission first (``monitoring.permissions``).

A study is registered by the analyst who will do the research, approved or rejected by the privacy
officer of Veilig Thuis; while approved and not ended, its researcher starts exports (long work,
``monitoring.tasks``) and downloads each once. When a study ends, its key and the exports not yet
downloaded are destroyed (``end_expired_studies``, run daily by ``manage.py end_research_studies``);
until that has run, ``Study.may_export`` refuses an ended study all the same.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.core import download_once, jobs
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import JobStatus
from eendak.core.permissions import require

from . import research, tasks
from .events import ResearchEvent, research_logged
from .models import ResearchExport, Study, StudyStatus

MAX_STUDY_YEARS = 5
MIN_PURPOSE = 20
MIN_REASON = 10


@dataclass
class StudyData:
    title: str
    purpose: str
    variables: list[str] = field(default_factory=list)
    period_from: date | None = None
    period_to: date | None = None
    ends_on: date | None = None


def _check(data: StudyData, today: date) -> None:
    title = (data.title or "").strip()
    if not title:
        raise RuleViolation(_("Vul de titel van het onderzoek in."), field="title")
    if len(title) > 200:
        raise RuleViolation(_("De titel is te lang (hoogstens 200 tekens)."), field="title")
    if len((data.purpose or "").strip()) < MIN_PURPOSE:
        raise RuleViolation(_("Beschrijf het doel van het onderzoek (minstens %(n)s tekens): de "
                              "privacyfunctionaris toetst de variabelen eraan.") % {"n": MIN_PURPOSE},
                            field="purpose")
    if not data.variables:
        raise RuleViolation(_("Kies minstens één variabele."), field="variables")
    unknown = [code for code in data.variables if code not in research.BY_CODE]
    if unknown:
        raise RuleViolation(_("Kies de variabelen uit de lijst."), field="variables")
    if data.period_from is None:
        raise RuleViolation(_("Vul de begindatum van de periode in."), field="period_from")
    if data.period_to is None:
        raise RuleViolation(_("Vul de einddatum van de periode in."), field="period_to")
    if data.period_from > data.period_to:
        raise RuleViolation(_("De periode eindigt vóór ze begint: kies een einddatum op of na de "
                              "begindatum."), field="period_to")
    if data.ends_on is None:
        raise RuleViolation(_("Vul de einddatum van de studie in."), field="ends_on")
    if data.ends_on <= today:
        raise RuleViolation(_("De einddatum van de studie moet na vandaag liggen."), field="ends_on")
    if data.ends_on > today + timedelta(days=366 * MAX_STUDY_YEARS):
        raise RuleViolation(_("Een studie duurt hoogstens %(years)s jaar: kies een eerdere "
                              "einddatum.") % {"years": MAX_STUDY_YEARS}, field="ends_on")


@audit.atomic
def register_study(actor: Actor, data: StudyData) -> Study:
    """The analyst registers a study; it waits for the privacy officer."""
    require(actor, "monitoring.register_study")
    _check(data, timezone.localdate())
    variables = [v.code for v in research.VARIABLES if v.code in set(data.variables)]
    study = Study.objects.create(
        title=data.title.strip(), purpose=data.purpose.strip(), variables=variables,
        period_from=data.period_from, period_to=data.period_to, ends_on=data.ends_on,
        researcher=actor.user, organisation=actor.membership.organisation)
    research_logged(actor, ResearchEvent.STUDY_REGISTERED, study, detail=", ".join(variables))
    return study


def _waiting(study: Study) -> Study:
    locked = Study.objects.select_for_update().get(pk=study.pk)
    if locked.status != StudyStatus.SUBMITTED:
        raise RuleViolation(_("Over deze studie is al besloten (%(status)s).") % {
            "status": locked.get_status_display()})
    return locked


@audit.atomic
def approve_study(actor: Actor, study: Study) -> Study:
    """The privacy officer approves: the study gets its own random key, and may be exported."""
    require(actor, "monitoring.decide_study", study)
    study = _waiting(study)
    if study.has_ended():
        raise RuleViolation(_("Deze studie is al afgelopen; goedkeuren kan niet meer."))
    study.status, study.decided_by, study.decided_at = StudyStatus.APPROVED, actor.user, timezone.now()
    study.key = secrets.token_bytes(research.KEY_BYTES)
    study.save(update_fields=["status", "decided_by", "decided_at", "key"])
    research_logged(actor, ResearchEvent.STUDY_APPROVED, study)
    return study


@audit.atomic
def reject_study(actor: Actor, study: Study, *, reason: str) -> Study:
    require(actor, "monitoring.decide_study", study)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise RuleViolation(_("Geef de reden van afwijzen (minstens %(n)s tekens): de onderzoeker "
                              "leest die.") % {"n": MIN_REASON}, field="reason")
    study = _waiting(study)
    study.status, study.decided_by, study.decided_at = StudyStatus.REJECTED, actor.user, timezone.now()
    study.rejection_reason = reason
    study.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    research_logged(actor, ResearchEvent.STUDY_REJECTED, study)
    return study


def refuse_unless_exportable(study: Study) -> None:
    """The rule of the data for every export and download: approved, not ended."""
    if study.status != StudyStatus.APPROVED:
        raise RuleViolation(_("Deze studie is niet goedgekeurd door de privacyfunctionaris: "
                              "exporteren kan niet."))
    if not study.may_export():
        raise RuleViolation(_("Deze studie is afgelopen (einddatum %(date)s): exporteren en "
                              "downloaden kunnen niet meer.") % {
            "date": study.ends_on.strftime("%d-%m-%Y")})


@audit.atomic
def start_export(actor: Actor, study: Study, *, back_url: str = "") -> ResearchExport:
    """The researcher starts an export of an approved study that has not ended (long work)."""
    require(actor, "monitoring.export_research", study)
    study = Study.objects.select_for_update().get(pk=study.pk)
    refuse_unless_exportable(study)
    for export in study.exports.select_related("job"):
        if export.job.status in (JobStatus.QUEUED, JobStatus.RUNNING) or export.downloadable:
            raise RuleViolation(_("Er loopt al een export van deze studie, of er staat er een klaar "
                                  "om te downloaden: download die eerst."))
    job = jobs.start(actor, tasks.RESEARCH_EXPORT, params={"study": study.pk},
                     description=study.title, back_url=back_url)
    export = ResearchExport.objects.create(study=study, job=job, requested_by=actor.user)
    research_logged(actor, ResearchEvent.EXPORT_STARTED, export,
                    detail=f"{study.period_from:%Y-%m-%d}..{study.period_to:%Y-%m-%d}: "
                           + ", ".join(study.variables))
    return export


def download_export(actor: Actor, export: ResearchExport):
    """The researcher's one download: an open file and its name. Logged as an export naming the
    persons in it; the file is removed at once (``core.download_once``; an open file stays
    readable until it is closed). The study is locked first, as starting and ending do."""
    require(actor, "monitoring.download_research_export", export)
    study = export.study

    def exportable() -> None:
        nonlocal study
        study = Study.objects.select_for_update().get(pk=export.study_id)
        refuse_unless_exportable(study)

    already = _("Deze export is al gedownload: een export kan één keer worden gedownload. Vraag "
                "zo nodig een nieuwe export aan.")
    handle, export = download_once.take(
        ResearchExport.objects, export.pk,
        file_field="file_name", taken_field="downloaded_at", before=exportable,
        words=download_once.Words(
            already=already, not_ready=_("Deze export is nog niet klaar."),
            gone=_("Het bestand van deze export is er niet meer. Vraag een nieuwe export aan.")),
        log=lambda taken: research_logged(
            actor, ResearchEvent.EXPORT_DOWNLOADED, taken, persons=taken.person_ids,
            detail=f"{study.title}: {taken.rows} regels, sha256 {taken.sha256}"))
    return handle, f"onderzoek-{study.pk}-export-{export.pk}.csv"


def end_expired_studies(today: date | None = None) -> int:
    """Destroy the key of every study whose end date has passed, and every file of its exports not
    yet downloaded; return how many studies. Idempotent (a system action: no permission)."""
    today = today or timezone.localdate()
    ended = 0
    with_key = Study.objects.filter(ends_on__lt=today, key__isnull=False).values_list("pk", flat=True)
    with_files = ResearchExport.objects.filter(
        study__ends_on__lt=today, destroyed_at__isnull=True, downloaded_at__isnull=True
    ).values_list("study_id", flat=True)
    for study_id in sorted({*with_key, *with_files}):
        with audit.atomic():
            locked = Study.objects.select_for_update().get(pk=study_id)
            now = timezone.now()
            destroyed = 0
            for export in locked.exports.filter(destroyed_at__isnull=True, downloaded_at__isnull=True):
                if export.file_name:
                    (jobs.export_root() / export.file_name).unlink(missing_ok=True)
                ResearchExport.objects.filter(pk=export.pk).update(destroyed_at=now)
                destroyed += 1
            if locked.key is not None:
                locked.key, locked.key_destroyed_at = None, now
                locked.save(update_fields=["key", "key_destroyed_at"])
            research_logged(Actor.system(), ResearchEvent.STUDY_ENDED, locked,
                            detail=f"sleutel vernietigd; {destroyed} export(s) vernietigd")
        ended += 1
    return ended
