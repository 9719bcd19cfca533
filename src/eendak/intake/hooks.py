"""What the intake contributes to the apps below it, registered in ``IntakeConfig.ready`` so that
those apps never import the intake (it sits above them in the layering):

- to ``persons.permissions``: Veilig Thuis holds the file of every household it received a report
  about (its statutory task) — an access source;
- to ``cases.queries``: a joint first conversation of Veilig Thuis and the local team that was not
  yet held ("verbindend samenwerken") — a signal on the household's case.
"""

from django.db.models import Exists, Q
from django.utils import timezone

from eendak.cases.queries import Signal, SignalContext
from eendak.core.permissions import Subject

from .models import JointConversation, Report


def report_access_source(membership, household_ref):
    if not Subject(None, membership).is_veilig_thuis:
        return None
    return Q(Exists(Report.objects.filter(organisation_id=membership.organisation_id,
                                          household_id=household_ref)))


def joint_conversation_signals(context: SignalContext) -> list[Signal]:
    """Conversations not yet held: Veilig Thuis sees those of its reports, a local team its own."""
    conversations = JointConversation.objects.filter(held_at__isnull=True,
                                                     report__household__isnull=False)
    if context.is_veilig_thuis:
        conversations = conversations.filter(report__organisation_id=context.org_id)
    else:
        conversations = conversations.filter(local_team_id=context.org_id)
    conversations = list(conversations.select_related("report"))
    cases_by_household = {c.household_id: c for c in context.visible.filter(
        household_id__in=[c.report.household_id for c in conversations])}
    found = []
    for conversation in conversations:
        case = cases_by_household.get(conversation.report.household_id)
        if case is None:
            continue
        planned = (timezone.localtime(conversation.planned_for).date()
                   if conversation.planned_for else None)
        found.append(Signal("joint_conversation", "Gezamenlijk eerste gesprek nog niet gehouden",
                            case, planned, bool(planned and planned < context.today),
                            conversation.report.reference))
    return found
