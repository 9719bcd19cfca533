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
         "access log")
def search_access_log(who: Subject, obj=None) -> bool:
    return who.has(Capability.READ_ACCESS_LOG) and who.is_verified


@declare("privacy.verify_access_log", Kind.READ,
         "the log administrator (capability read_access_log), second factor passed: recomputing the "
         "access log's hash chain, on the screen and through the API (entry numbers only, no client "
         "data)")
def verify_access_log(who: Subject, obj=None) -> bool:
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


# --- The data subject's requests (AVG art. 12-21) ------------------------------------------------------
#
# The privacy officer of the organisation that received the request handles it; another organisation's
# request is as if it did not exist. Each action has its own name, so the matrix, the API and
# docs/roles.md can say exactly who may do what; they share one sentence of who.


def _rights_officer(who: Subject) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified


def request_in_scope(who: Subject, request) -> bool:
    """The object part of every rights rule: a request received by the officer's own organisation.
    A list asks the rule once and filters on the organisation, so no query per row."""
    return request.organisation_id == subject_of(who).organisation_id


def _officer_of(who: Subject, request) -> bool:
    if request is not None and not request_in_scope(who, request):
        return False
    return _rights_officer(who)


@declare("privacy.view_rights_requests", Kind.READ,
         "the privacy officer (capability person_access_report), second factor passed: the "
         "requests of data subjects received by their organisation, and each one's steps")
def view_rights_requests(who: Subject, request=None) -> bool:
    return _officer_of(who, request)


@declare("privacy.register_rights_request", Kind.CHANGE,
         "the privacy officer (capability person_access_report), second factor passed: recording "
         "a request of a data subject (inzage, correction, restriction, objection) for their "
         "organisation")
def register_rights_request(who: Subject, obj=None) -> bool:
    return _rights_officer(who)


@declare("privacy.start_rights_request", Kind.CHANGE,
         "the privacy officer of the receiving organisation, second factor passed: taking a request "
         "in hand")
def start_rights_request(who: Subject, request=None) -> bool:
    return _officer_of(who, request)


@declare("privacy.extend_rights_request", Kind.CHANGE,
         "the privacy officer of the receiving organisation, second factor passed: extending the "
         "deadline once, by at most two months, with the reason the person is told (AVG art. 12(3))")
def extend_rights_request(who: Subject, request=None) -> bool:
    return _officer_of(who, request)


@declare("privacy.decide_rights_request", Kind.CHANGE,
         "the privacy officer of the receiving organisation, second factor passed: granting or "
         "refusing a request with its reason; a granted correction changes the person's data "
         "through the persons service")
def decide_rights_request(who: Subject, request=None) -> bool:
    return _officer_of(who, request)


@declare("privacy.add_own_statement", Kind.CHANGE,
         "the privacy officer of the receiving organisation, second factor passed: the person's own "
         "statement in the file after a refused correction (AVG art. 16)")
def add_own_statement(who: Subject, request=None) -> bool:
    return _officer_of(who, request)


@declare("privacy.build_access_file", Kind.READ,
         "the privacy officer of the receiving organisation, second factor passed: the inzage PDF "
         "of an access request (the person's file, others redacted, with who looked) — built and "
         "downloaded, each logged as an export")
def build_access_file(who: Subject, request=None) -> bool:
    return _officer_of(who, request)
