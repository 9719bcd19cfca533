"""What monitoring writes to the access log. The figures are counts and are not logged; the research
export of the monitoring institute is: every look at a study, every decision, every export and
every download (an export of pseudonymised personal data, naming the persons in it)."""

from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action


class ResearchEvent(StrEnum):
    STUDIES_READ = "research.studies_read"
    STUDY_READ = "research.study_read"
    STUDY_REGISTERED = "research.study_registered"
    STUDY_APPROVED = "research.study_approved"
    STUDY_REJECTED = "research.study_rejected"
    EXPORT_STARTED = "research.export_started"
    EXPORT_DOWNLOADED = "research.export_downloaded"
    STUDY_ENDED = "research.study_ended"
    # A change the API refused for its input (400), logged as a failed attempt
    CHANGE_REFUSED = "research.change_refused"


RESEARCH_CATALOGUE: dict[ResearchEvent, str] = {
    ResearchEvent.STUDIES_READ: Action.READ,
    ResearchEvent.STUDY_READ: Action.READ,
    ResearchEvent.STUDY_REGISTERED: Action.CREATE,
    ResearchEvent.STUDY_APPROVED: Action.UPDATE,
    ResearchEvent.STUDY_REJECTED: Action.UPDATE,
    ResearchEvent.EXPORT_STARTED: Action.EXPORT,
    ResearchEvent.EXPORT_DOWNLOADED: Action.EXPORT,
    ResearchEvent.STUDY_ENDED: Action.DELETE,
    ResearchEvent.CHANGE_REFUSED: Action.UPDATE,
}


def research_logged(actor, event: ResearchEvent, obj=None, *, persons=(), detail: str = ""):
    return audit.log_access(actor, event=event, action=RESEARCH_CATALOGUE[event], obj=obj,
                            persons=persons, detail=detail[:255])


class CbsEvent(StrEnum):
    """The CBS half-year delivery: counts only, but a delivery leaves the system — its start and
    each download are logged as an export, a look at it as a read."""

    DELIVERIES_READ = "cbs.deliveries_read"
    DELIVERY_READ = "cbs.delivery_read"
    DELIVERY_STARTED = "cbs.delivery_started"
    DELIVERY_DOWNLOADED = "cbs.delivery_downloaded"
    CHANGE_REFUSED = "cbs.change_refused"


CBS_CATALOGUE: dict[CbsEvent, str] = {
    CbsEvent.DELIVERIES_READ: Action.READ,
    CbsEvent.DELIVERY_READ: Action.READ,
    CbsEvent.DELIVERY_STARTED: Action.EXPORT,
    CbsEvent.DELIVERY_DOWNLOADED: Action.EXPORT,
    CbsEvent.CHANGE_REFUSED: Action.UPDATE,
}


def cbs_logged(actor, event: CbsEvent, obj=None, *, detail: str = ""):
    return audit.log_access(actor, event=event, action=CBS_CATALOGUE[event], obj=obj,
                            detail=detail[:255])


class StatisticsEvent(StrEnum):
    """/cijfers/, /cijfers/effect/ and /cijfers/vraag-en-aanbod/ downloaded as CSV or Excel:
    published counts, no person; logged as an export."""

    EXPORTED = "statistics.exported"
    IMPACT_EXPORTED = "statistics.impact_exported"  # /cijfers/effect/: published outcomes
    OFFER_DEMAND_EXPORTED = "statistics.offer_demand_exported"  # /cijfers/vraag-en-aanbod/


class ReportEvent(StrEnum):
    """The dashboards' PDF report (``report_tasks``): counts only, but it leaves the system — its
    start and its one download are logged as an export, a look at it through the API as a read."""

    STARTED = "dashboard.report_started"
    DOWNLOADED = "dashboard.report_downloaded"
    REPORTS_READ = "dashboard.reports_read"
    REPORT_READ = "dashboard.report_read"
    CHANGE_REFUSED = "dashboard.report_change_refused"
