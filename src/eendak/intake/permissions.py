"""Who may do what in the intake: one named permission per action and per read of personal data.

Reports and advice requests are Veilig Thuis's own records (its statutory task): only the people of
the Veilig Thuis that received one, in a role that sees client data, read or change it. The one
exception is the joint conversation with the family, which the local team brought in at the decision
records as well ("verbindend samenwerken").

Everything that needs a rule asks it by name (``eendak.core.permissions``): the services
(``require`` before any change), the screens and the API (``allowed`` to show a form; the gate of
each view), ``docs/roles.md`` and the permission matrix. The querysets lists are built from
(``visible_reports``, ``visible_advice_requests``) sit beside the predicates and test the same field,
so a list never shows what its detail page would refuse.

Two rules the intake screens ask are not declared here, because they are about persons, not about
Veilig Thuis's records: "is this person already known?" looks across all persons
(``persons.search_all``), and merging two records of one person is ``persons.merge``.

**The public entry (/melden/) is not a permission-checked actor.** Anyone may report to Veilig Thuis
without signing in (meldrecht, Wmo 2015 art. 5.2.6), so there is no "who" to check: the web form
acts for Veilig Thuis with no user (``Actor.public``) through ``services.register_web_report`` and
``register_web_advice``, which accept only that actor. What guards it is not a role but the signed
one-time key, the rate limit and the honeypot (``intake.public``), and it can only *add* a report
or an advice request: it never reads one back.
"""

from django.db.models import QuerySet

from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability, OrganisationType

from .models import AdviceRequest, Report

# --- The one rule underneath: Veilig Thuis's own records ------------------------------------------


def _own_record(who: Subject, record) -> bool:
    """A report or advice request received by the acting Veilig Thuis, in a role with client data
    (``None``: any of them — the gate of a list or a form before there is a record)."""
    if not who.is_veilig_thuis:
        return False
    return record is None or record.organisation_id == who.organisation_id


def _report_of(item):
    """The report a step acts on: the report itself, or the report of its task or conversation."""
    return item if item is None or isinstance(item, Report) else item.report


def visible_reports(who) -> QuerySet:
    """The reports ``who`` may see: the same rule as ``intake.view_report``, as a queryset."""
    subject = subject_of(who)
    if not subject.is_veilig_thuis:
        return Report.objects.none()
    return Report.objects.filter(organisation_id=subject.organisation_id)


def visible_advice_requests(who) -> QuerySet:
    """The advice requests ``who`` may see: the rule of ``intake.view_advice_request``."""
    subject = subject_of(who)
    if not subject.is_veilig_thuis:
        return AdviceRequest.objects.none()
    return AdviceRequest.objects.filter(organisation_id=subject.organisation_id)


# --- Reads ------------------------------------------------------------------------------------------

VT_OWN = "Veilig Thuis, a role with client data, on {record} it received"


@declare("intake.view_report", Kind.READ, VT_OWN.format(record="a report")
         + " (the work queue: its own reports)")
def view_report(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.view_advice_request", Kind.READ, VT_OWN.format(record="an advice request"))
def view_advice_request(who: Subject, advice=None) -> bool:
    return _own_record(who, advice)


@declare("intake.view_reporter", Kind.READ, VT_OWN.format(record="a report")
         + "; the reporter's identity is shielded from everyone else, the local team included")
def view_reporter(who: Subject, report=None) -> bool:
    return _own_record(who, report)


# --- Changes to a report ------------------------------------------------------------------------------


@declare("intake.register_report", Kind.CHANGE,
         "Veilig Thuis, a role with client data (the report is received by its organisation); the "
         "public web form adds reports without a user, see intake.permissions")
def register_report(who: Subject, obj=None) -> bool:
    return who.is_veilig_thuis


@declare("intake.report_to_veilig_thuis", Kind.CHANGE,
         "a professional with client data outside Veilig Thuis (meldcode step 5), or the "
         "Expertisecentrum's staff (a question about an unsafe household), to a Veilig Thuis: a "
         "report or advice request it receives; the sender never reads it back here")
def report_to_veilig_thuis(who: Subject, veilig_thuis=None) -> bool:
    if who.is_veilig_thuis or not (who.has(Capability.CLIENT_DATA)
                                   or who.has(Capability.EXPERTISE_RECORDS)):
        return False
    return veilig_thuis is None or veilig_thuis.type == OrganisationType.VEILIG_THUIS


@declare("intake.link_person", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": add a person found or newly recorded")
def link_person(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.assess", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": the safety assessment")
def assess(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.record_instrument", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": a risk instrument's answers and outcome")
def record_instrument(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.decide", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": the decision on follow-up (opens or joins the household's case)")
def decide(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.complete_investigation", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": the investigation's outcome per kind of violence")
def complete_investigation(who: Subject, report=None) -> bool:
    return _own_record(who, report)


@declare("intake.record_joint_conversation", Kind.CHANGE,
         "Veilig Thuis, a role with client data, on a report it received; or the local team brought "
         "in at the decision, a role with client data, for its own conversation with the family")
def record_joint_conversation(who: Subject, conversation=None) -> bool:
    if _own_record(who, _report_of(conversation)):
        return True
    return bool(conversation is not None and who.has(Capability.CLIENT_DATA)
                and who.organisation_id == conversation.local_team_id)


@declare("intake.give_feedback", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": the feedback to the reporter")
def give_feedback(who: Subject, task=None) -> bool:
    return _own_record(who, _report_of(task))


@declare("intake.record_informing", Kind.CHANGE, VT_OWN.format(record="a report")
         + ": that a person concerned was informed, or why not")
def record_informing(who: Subject, task=None) -> bool:
    return _own_record(who, _report_of(task))


# --- Changes to an advice request ---------------------------------------------------------------------


@declare("intake.register_advice", Kind.CHANGE,
         "Veilig Thuis, a role with client data; the public web form adds advice requests without a "
         "user, see intake.permissions")
def register_advice(who: Subject, obj=None) -> bool:
    return who.is_veilig_thuis


@declare("intake.record_advice", Kind.CHANGE, VT_OWN.format(record="an advice request")
         + ": the advice given and the follow-up")
def record_advice(who: Subject, advice=None) -> bool:
    return _own_record(who, advice)


@declare("intake.convert_advice", Kind.CHANGE, VT_OWN.format(record="an advice request")
         + ": turn it into a report")
def convert_advice(who: Subject, advice=None) -> bool:
    return _own_record(who, advice)
