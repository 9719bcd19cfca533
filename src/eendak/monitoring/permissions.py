"""Who may see the figures (the analyst's capability). Counts are no personal data, so unlike the
client-data reads this needs no second factor: the analyst works without one."""

from eendak.core.permissions import Kind, Subject, declare
from eendak.core.roles import Capability, OrganisationType, Role


@declare("monitoring.view_statistics", Kind.READ,
         "a role with the statistics capability (the analyst): rounded counts per municipality, "
         "never a person")
def view_statistics(who: Subject, obj=None) -> bool:
    return who.has(Capability.STATISTICS)


# --- The dashboards (``monitoring.dashboards``): the analyst the region, a municipality its own ------


def dashboard_municipality_id(who: Subject):
    """The one municipality whose figures ``who`` is bound to (a municipal policy officer: the
    municipality of the organisation they act for), or None (the analyst: every municipality)."""
    if who.has(Capability.STATISTICS):
        return None
    if who.has(Capability.MUNICIPAL_FIGURES):
        return who.membership.organisation.municipality_id
    return None


@declare("monitoring.view_dashboards", Kind.READ,
         "the analyst (capability statistics: every municipality and the region) or a municipal "
         "policy officer (capability municipal_figures: the municipality of their organisation "
         "only): charts and tables of published counts, their downloads and the API — never a "
         "person")
def view_dashboards(who: Subject, municipality=None) -> bool:
    if who.has(Capability.STATISTICS):
        return True
    if not who.has(Capability.MUNICIPAL_FIGURES):
        return False
    own = who.membership.organisation.municipality_id
    if own is None:
        return False
    return municipality is None or getattr(municipality, "pk", municipality) == own


# --- The research export of the monitoring institute (``monitoring.research``) -------------------
#
# A study is the researcher's (an analyst, who registered it) and the privacy officer's of Veilig
# Thuis, which holds the reports and case files the export is drawn from. Whether a study may be
# exported *now* (approved, not ended) is a rule of the data (``RuleViolation``), not of who asks.


def _researcher(who: Subject, study) -> bool:
    return bool(who.has(Capability.STATISTICS) and who.is_verified and who.user is not None
                and (study is None or study.researcher_id == who.user.pk))


def _privacy_officer(who: Subject) -> bool:
    membership = who.membership
    return bool(membership and membership.is_active and membership.role == Role.PRIVACY_OFFICER
                and membership.organisation.type == OrganisationType.VEILIG_THUIS
                and who.is_verified)


def _study_of(obj):
    return getattr(obj, "study", obj)  # a study, or an export of one


@declare("monitoring.view_studies", Kind.READ,
         "the analyst who registered the study (their own studies) or the privacy officer of Veilig "
         "Thuis (every study): the registration, its decision and its exports — never the key")
def view_studies(who: Subject, study=None) -> bool:
    if _privacy_officer(who):
        return True
    return _researcher(who, study)


@declare("monitoring.register_study", Kind.CHANGE,
         "a role with the statistics capability (the analyst), as the study's researcher")
def register_study(who: Subject, obj=None) -> bool:
    return _researcher(who, None)


@declare("monitoring.decide_study", Kind.CHANGE,
         "the privacy officer of Veilig Thuis, second factor passed: approve or reject a study "
         "(not one they registered themselves)")
def decide_study(who: Subject, study=None) -> bool:
    return _privacy_officer(who) and (study is None or study.researcher_id != who.user.pk)


@declare("monitoring.export_research", Kind.CHANGE,
         "the study's researcher (an analyst): start the pseudonymised export of an approved study "
         "that has not ended")
def export_research(who: Subject, study=None) -> bool:
    return _researcher(who, _study_of(study))


@declare("monitoring.download_research_export", Kind.CHANGE,
         "the study's researcher (an analyst): download the export once (logged as an export; the "
         "file is removed after it)")
def download_research_export(who: Subject, export=None) -> bool:
    return _researcher(who, _study_of(export))


# --- The CBS half-year delivery (``monitoring.cbs``): the analyst's, each delivery its starter's -----


def _own_delivery(who: Subject, delivery) -> bool:
    return delivery is None or (who.user is not None and delivery.requested_by_id == who.user.pk)


@declare("monitoring.view_cbs_delivery", Kind.READ,
         "a role with the statistics capability (the analyst), of a delivery they started: its "
         "progress, its published figures and its checks — counts only, never a person")
def view_cbs_delivery(who: Subject, delivery=None) -> bool:
    return who.has(Capability.STATISTICS) and _own_delivery(who, delivery)


@declare("monitoring.produce_cbs_delivery", Kind.CHANGE,
         "a role with the statistics capability (the analyst): start the CBS half-year delivery and "
         "download its file and report once each (logged as an export), only their own")
def produce_cbs_delivery(who: Subject, delivery=None) -> bool:
    return who.has(Capability.STATISTICS) and _own_delivery(who, delivery)


# --- The dashboards' PDF report (``monitoring.report_tasks``): the dashboards' scope, its starter's --


def _report_in_scope(who: Subject, report) -> bool:
    """The report is ``who``'s own and within the dashboards they see: the region's report is the
    analyst's only; a municipality's, whoever sees that municipality (``view_dashboards``)."""
    if who.user is None or report.requested_by_id != who.user.pk:
        return False
    if report.municipality_id is None:
        return who.has(Capability.STATISTICS)
    return view_dashboards(who, report.municipality_id)


@declare("monitoring.view_dashboard_report", Kind.READ,
         "whoever started the dashboards' PDF report, while they still see its dashboards "
         "(monitoring.view_dashboards, the same scope): its progress — counts only, never a person")
def view_dashboard_report(who: Subject, report=None) -> bool:
    if report is None:
        return view_dashboards(who)
    return _report_in_scope(who, report)


@declare("monitoring.make_dashboard_report", Kind.CHANGE,
         "whoever sees the dashboards (monitoring.view_dashboards: the analyst the region or any "
         "municipality, a municipal policy officer their own only): start the PDF report of them, "
         "and download their own report once (logged as an export; the file is removed after it)")
def make_dashboard_report(who: Subject, obj=None) -> bool:
    if hasattr(obj, "requested_by_id"):  # a report: its starter's, within their scope
        return _report_in_scope(who, obj)
    return view_dashboards(who, obj)  # starting one: the region (None) or a municipality
