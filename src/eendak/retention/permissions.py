"""The retention app's declared permissions (``eendak.core.permissions``).

A destruction request belongs to the organisation whose privacy officer registered it: another
organisation's request is not there (404). Who may propose is the privacy officer; who may decide
is a second person with the emergency-access report capability (the log administrator or another
privacy officer) — that the decider is not the proposer is a rule of the data (four eyes), checked
by the service and by a database constraint.
"""

from eendak.core.permissions import Kind, Subject, declare
from eendak.core.roles import Capability


def _own(who: Subject, request) -> bool:
    return request is None or request.organisation_id == who.organisation_id


@declare("retention.view_requests", Kind.READ,
         "the privacy officer and the log administrator (capability emergency_access_report), second "
         "factor passed: their organisation's destruction requests, with the household they concern")
def view_requests(who: Subject, request=None) -> bool:
    return who.has(Capability.EMERGENCY_ACCESS_REPORT) and who.is_verified and _own(who, request)


@declare("retention.register_request", Kind.CHANGE,
         "the privacy officer (capability person_access_report), second factor passed: recording a "
         "person's request to destroy their file, with the date received (deadline one month)")
def register_request(who: Subject, obj=None) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified


@declare("retention.propose_decision", Kind.CHANGE,
         "the privacy officer (capability person_access_report) of the request's organisation, second "
         "factor passed: proposing to destroy, or to refuse on a legal ground with an explanation")
def propose_decision(who: Subject, request=None) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified and _own(who, request)


@declare("retention.decide", Kind.CHANGE,
         "a second person of the request's organisation — the log administrator or another privacy "
         "officer (capability emergency_access_report), second factor passed: approving a proposal "
         "(which destroys the file, or refuses) or sending it back; never the proposer (a rule of "
         "the data: four eyes)")
def decide(who: Subject, request=None) -> bool:
    return who.has(Capability.EMERGENCY_ACCESS_REPORT) and who.is_verified and _own(who, request)


@declare("retention.view_periods", Kind.READ,
         "the functional administrator (capability manage_organisations) and the privacy officer "
         "(capability person_access_report), second factor passed: the retention periods per kind of "
         "file")
def view_periods(who: Subject, obj=None) -> bool:
    return (who.has(Capability.MANAGE_ORGANISATIONS) or who.has(Capability.PERSON_ACCESS_REPORT)) \
        and who.is_verified


@declare("retention.manage_periods", Kind.CHANGE,
         "the functional administrator (capability manage_organisations), second factor passed: "
         "setting a retention period per kind of file and organisation (type)")
def manage_periods(who: Subject, obj=None) -> bool:
    return who.has(Capability.MANAGE_ORGANISATIONS) and who.is_verified


@declare("retention.due_list", Kind.READ,
         "the privacy officer (capability person_access_report), second factor passed: the yearly "
         "list of their organisation's files due for destruction, compiling it as long work and "
         "downloading it")
def due_list(who: Subject, obj=None) -> bool:
    if obj is not None and getattr(obj, "organisation_id", None) != who.organisation_id:
        return False
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified
