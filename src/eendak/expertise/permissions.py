"""Who may see and do what at the Expertisecentrum: one named rule per action, declared once.

The Expertisecentrum holds no case data and must never become a back door to it: its staff's rules
here name only the centre's own records (trainings, questions, experts, events, dialogue meetings),
and the centre takes part in no case, so ``persons``' and ``cases``' rules give its people nothing
(the permission matrix proves it). Professionals elsewhere see the trainings, enrol themselves and
see their own competency record; a team's coordinator sees the team's record; the analyst sees the
shares per team and municipality, without names.
"""

from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability, OrganisationType, Role

LOCAL_TEAM_ROLES = frozenset({Role.LOCAL_TEAM_WORKER, Role.CASE_COORDINATOR})


def at_centre(who) -> bool:
    """Works at the Expertisecentrum (its staff role)."""
    subject = subject_of(who)
    membership = subject.membership
    return bool(membership and membership.is_active and membership.role == Role.EXPERTISE_STAFF
                and membership.organisation.type == OrganisationType.EXPERTISE_CENTRE)


def _works_here(who) -> bool:
    membership = subject_of(who).membership
    return bool(membership and membership.is_active)


def in_local_team(who) -> bool:
    membership = subject_of(who).membership
    return bool(membership and membership.is_active and membership.role in LOCAL_TEAM_ROLES
                and membership.organisation.type == OrganisationType.LOCAL_TEAM)


# --- Reads -----------------------------------------------------------------------------------------


@declare("expertise.view_work", Kind.READ,
         "the Expertisecentrum's staff: its work (questions, enrolments, requests, meetings)")
def view_work(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.view_trainings", Kind.READ,
         "anyone working in Eendak: the trainings and their published sessions (no participants)")
def view_trainings(who: Subject, obj=None) -> bool:
    return _works_here(who)


@declare("expertise.view_enrolments", Kind.READ,
         "the Expertisecentrum's staff: who enrolled for a session, attendance, evaluations")
def view_enrolments(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.view_questions", Kind.READ,
         "the Expertisecentrum's staff: the advice questions put to it")
def view_questions(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.view_experts", Kind.READ,
         "the Expertisecentrum's staff: the pool of experience experts (pseudonymous) and requests")
def view_experts(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.view_dialogue", Kind.READ,
         "the Expertisecentrum's staff: dialogue leaders, meetings (no participants' names), signals")
def view_dialogue(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.print_certificate", Kind.READ,
         "the participant (their own enrolment) or the Expertisecentrum's staff: the certificate "
         "of an attended training, as PDF")
def print_certificate(who: Subject, enrolment=None) -> bool:
    if at_centre(who):
        return True
    return bool(enrolment is not None and _works_here(who) and enrolment.user_id
                and enrolment.user_id == subject_of(who).user.pk)


@declare("expertise.view_own_competencies", Kind.READ,
         "a local-team worker or coordinator: their own competency record")
def view_own_competencies(who: Subject, obj=None) -> bool:
    return in_local_team(who)


@declare("expertise.view_team_competencies", Kind.READ,
         "the Expertisecentrum's staff (every team), a local team's case coordinator (their own "
         "team): each worker's competency record by name")
def view_team_competencies(who: Subject, team=None) -> bool:
    if at_centre(who):
        return True
    membership = subject_of(who).membership
    return bool(in_local_team(who) and membership.role == Role.CASE_COORDINATOR
                and (team is None or team.pk == membership.organisation_id))


@declare("expertise.view_competency_shares", Kind.READ,
         "the analyst (pseudonymised figures), the Expertisecentrum's staff: per team and "
         "municipality the share of workers who meet the standard, no names")
def view_competency_shares(who: Subject, obj=None) -> bool:
    return at_centre(who) or who.has(Capability.STATISTICS)


# --- Changes ------------------------------------------------------------------------------------

CENTRE = "the Expertisecentrum's staff"


@declare("expertise.manage_trainings", Kind.CHANGE,
         CENTRE + ": courses, sessions (publish, cancel, held), attendance, certificates")
def manage_trainings(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.enrol_self", Kind.CHANGE,
         "anyone working in Eendak: enrol themselves for a published session")
def enrol_self(who: Subject, obj=None) -> bool:
    return _works_here(who)


@declare("expertise.cancel_enrolment", Kind.CHANGE,
         "the participant (their own enrolment) or the Expertisecentrum's staff: a place given up, "
         "the first on the waiting list moves up")
def cancel_enrolment(who: Subject, enrolment=None) -> bool:
    if at_centre(who):
        return True
    return bool(enrolment is not None and _works_here(who) and enrolment.user_id
                and enrolment.user_id == subject_of(who).user.pk)


@declare("expertise.evaluate", Kind.CHANGE,
         "the participant (their own enrolment, after attending); the Expertisecentrum's staff "
         "(an evaluation handed in on paper)")
def evaluate(who: Subject, enrolment=None) -> bool:
    if at_centre(who):
        return True
    return bool(enrolment is not None and _works_here(who) and enrolment.user_id
                and enrolment.user_id == subject_of(who).user.pk)


@declare("expertise.manage_competencies", Kind.CHANGE,
         "the functional administrator: the standards and competencies of Werken aan Veiligheid")
def manage_competencies(who: Subject, obj=None) -> bool:
    return who.has(Capability.MANAGE_ORGANISATIONS) and who.is_verified


@declare("expertise.handle_questions", Kind.CHANGE,
         CENTRE + ": register, answer and refer advice questions (to Veilig Thuis: only the "
         "reference stays)")
def handle_questions(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.manage_experts", Kind.CHANGE,
         CENTRE + ": the pool of experience experts, matching, scheduling, debrief and aftercare")
def manage_experts(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.request_expert", Kind.CHANGE,
         "anyone working in Eendak: ask for an experience expert (a training, a team meeting)")
def request_expert(who: Subject, obj=None) -> bool:
    return _works_here(who)


@declare("expertise.manage_awareness", Kind.CHANGE,
         CENTRE + ": campaigns, events, their registrations and reach")
def manage_awareness(who: Subject, obj=None) -> bool:
    return at_centre(who)


@declare("expertise.manage_dialogue", Kind.CHANGE,
         CENTRE + ": dialogue leaders, meetings and the signals passed on from them")
def manage_dialogue(who: Subject, obj=None) -> bool:
    return at_centre(who)
