"""The case file's section on "Mijn werk" (registered with ``core.work``, after the intake's): for
every role with client data, what waits in the cases the organisation takes part in.

Four queues, each counted by the read model of the list it links to, so the start page shows what
"Mijn casussen" would show the same person and nothing more: the organisation's open cases
(``queries.my_cases``), the signals in them (``queries.signals``, most urgent first), the user's own
open plan actions (``queries.my_actions``) and the handovers offered to the organisation
(``queries.handovers_offered_to``). Each costs a fixed number of queries whatever the number of
cases. An item shows the case's reference and what waits, never a name; the persons of the cases
shown are returned for the start page's access-log entry (one query per queue).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core.roles import Capability
from eendak.core.work import TOP_ITEMS, Item, Link, Queue, Section
from eendak.persons.models import HouseholdMember

from . import queries


def _persons_of(cases) -> list[int]:
    """The members of the households of ``cases`` (one query)."""
    household_ids = {case.household_id for case in cases}
    if not household_ids:
        return []
    return list(HouseholdMember.objects.filter(household_id__in=household_ids)
                .values_list("person_id", flat=True))


def _case_url(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def _day(day) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def my_cases_queue(user) -> Queue:
    """Only a count: the list itself is one click away (no item, so no person shown)."""
    return Queue(_("Open casussen van uw organisatie"), queries.my_cases(user).count(),
                 reverse("cases:my_cases"))


def signals_queue(user) -> Queue:
    found = queries.signals(user)
    top = found[:TOP_ITEMS]
    items = [Item(f"{signal.case.reference}: {signal.label}", _case_url(signal.case),
                  _day(signal.due), overdue=signal.overdue) for signal in top]
    return Queue(_("Signalen in uw casussen"), len(found), reverse("cases:my_cases") + "#signalen-kop",
                 items,
                 overdue=sum(1 for signal in found if signal.overdue),
                 person_ids=_persons_of(signal.case for signal in top))


def actions_queue(user) -> Queue:
    today = timezone.localdate()
    actions = queries.my_actions(user)
    top = list(actions[:TOP_ITEMS])
    items = [Item(f"{action.goal.version.case.reference}: {action.text[:80]}",
                  _case_url(action.goal.version.case),
                  _("uiterlijk %(day)s") % {"day": _day(action.due_on)},
                  overdue=action.due_on < today) for action in top]
    return Queue(_("Mijn acties"), actions.count(), reverse("cases:my_cases") + "#acties-kop", items,
                 overdue=actions.filter(due_on__lt=today).count(),
                 person_ids=_persons_of(action.goal.version.case for action in top))


def handovers_queue(user) -> Queue:
    handovers = queries.handovers_offered_to(user)
    top = list(handovers[:TOP_ITEMS])
    items = [Item(_("%(case)s: overdracht van %(org)s")
                  % {"case": handover.case.reference, "org": handover.from_organisation.name},
                  _case_url(handover.case),
                  _("aangeboden %(day)s") % {"day": _day(timezone.localtime(handover.offered_at).date())})
             for handover in top]
    return Queue(_("Overdrachten die op uw acceptatie wachten"), handovers.count(),
                 reverse("cases:my_cases"), items,
                 person_ids=_persons_of(handover.case for handover in top))


QUEUES = (my_cases_queue, signals_queue, actions_queue, handovers_queue)


def start_section(user, membership) -> Section | None:
    if not membership.has(Capability.CLIENT_DATA):
        return None
    return Section(_("Casussen"),
                   _("Eén gezin, één plan, één regisseur: de casussen van uw organisatie en wat er "
                     "nu aandacht vraagt."),
                   [Link(_("Mijn casussen en signalen"), reverse("cases:my_cases"))],
                   work=lambda: [queue(user) for queue in QUEUES])
