"""The privacy app's declared permissions (``eendak.core.permissions``)."""

from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability


@declare("privacy.export_access_log", Kind.READ,
         "the log administrator (capability read_access_log), second factor passed: every entry "
         "that matches a search, as a CSV file, made as long work and downloaded by them only")
def export_access_log(who: Subject, obj=None) -> bool:
    return who.has(Capability.READ_ACCESS_LOG) and who.is_verified


@declare("privacy.search_access_log", Kind.READ,
         "the log administrator (capability read_access_log), second factor passed: searching the "
         "access log and checking its chain")
def search_access_log(who: Subject, obj=None) -> bool:
    return who.has(Capability.READ_ACCESS_LOG) and who.is_verified


@declare("privacy.view_person_access", Kind.READ,
         "the privacy officer (capability person_access_report), second factor passed: who looked at "
         "one person's data, for that person")
def view_person_access(who: Subject, person=None) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified


@declare("privacy.view_emergency_report", Kind.READ,
         "the log administrator and the privacy officer (capability emergency_access_report), second "
         "factor passed: every break-the-glass grant with its reason")
def view_emergency_report(who: Subject, obj=None) -> bool:
    return who.has(Capability.EMERGENCY_ACCESS_REPORT) and who.is_verified


@declare("privacy.review_emergency_access", Kind.CHANGE,
         "the log administrator and the privacy officer (capability emergency_access_report), second "
         "factor passed, of the organisation on whose behalf the glass was broken: judging a grant "
         "justified or not, once, with a note; never another organisation's grant (reviewing one's "
         "own grant is a rule of the data)")
def review_emergency_access(who: Subject, grant=None) -> bool:
    if grant is not None and not grant_in_scope(who, grant):
        return False
    return who.has(Capability.EMERGENCY_ACCESS_REPORT) and who.is_verified


def grant_in_scope(who, grant) -> bool:
    """The object part of ``privacy.review_emergency_access``: a grant broken on behalf of the
    reviewer's own organisation. A list that asked the permission once (without an object) asks
    this per row, so a page of grants costs no query per grant."""
    return grant.membership.organisation_id == subject_of(who).organisation_id
