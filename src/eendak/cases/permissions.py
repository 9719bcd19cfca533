"""Who may see and do what in the shared case file: one named rule per action, declared once.

Every service of ``cases.services`` starts with ``require(actor, "cases.<action>", obj)``; the case
page asks ``allowed(user, "cases.<action>", obj)`` to show a form; the API, the permission matrix and
``docs/roles.md`` (generated from these declarations) ask the same names. Nothing else decides.

The rules follow the domain (``shared/domain.md``):

- **Taking part opens the file.** An organisation sees a case while it takes part (and Veilig Thuis
  while it holds a report about the household; anyone with an active break-the-glass grant). Reading
  is not acting: break the glass opens the file to read, never to change it.
- **Steering** — the phase, the coordinator, who takes part, closing — is for the organisation
  responsible for oversight of safety and for Veilig Thuis, while they take part.
- **A partner** writes its own journal entries, documents and plan actions, records the child's voice,
  shields an address from another participant, and ends only its own participation.
- **The plan** (versions, goals, agreeing it with the family) is made by those who steer and by the
  organisations that make plans: the local team and the Veiligheidsteam (``PLAN_MAKERS``).
- **Veilig Thuis** sets the safety conditions and monitors them.
- **Oversight of safety** is offered by the responsible organisation, accepted or declined by the one
  it was offered to, withdrawn by the one that offered it; the responsible organisation closes.

A rule about *who* is a permission (refused with a logged 404); a rule about the *data* or the state
(a closed case, a date in the future, a second open handover) is a ``RuleViolation`` in the service.
"""

from dataclasses import dataclass

from django.db.models import Exists, Q, QuerySet

from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability, OrganisationType
from eendak.persons.permissions import visible_households

from .models import Case, JournalEntry, Participation, Visibility

# Organisation types that make the safety, help and recovery plan (besides those who steer).
PLAN_MAKERS = frozenset({OrganisationType.LOCAL_TEAM, OrganisationType.SAFETY_HOUSE})


def participation_access_source(membership, household_ref) -> Q:
    """Taking part in one of the household's cases opens its file (registered with
    ``persons.permissions`` in ``CasesConfig.ready``)."""
    return Q(Exists(Participation.objects.filter(
        case__household_id=household_ref, organisation_id=membership.organisation_id,
        ended_at__isnull=True)))


# --- The acting organisation's relation to one case -----------------------------------------------


@dataclass(frozen=True)
class CaseRelation:
    """What the acting organisation is to one case; every case rule is a sentence over this."""

    participant: bool = False  # takes part now (with a role that sees client data)
    responsible: bool = False  # holds oversight of safety
    veilig_thuis: bool = False  # is Veilig Thuis
    plan_maker: bool = False  # is a local team or the Veiligheidsteam

    @property
    def steers(self) -> bool:
        return self.participant and (self.responsible or self.veilig_thuis)

    @property
    def makes_plan(self) -> bool:
        return self.participant and (self.steers or self.plan_maker)


NO_RELATION = CaseRelation()


def relation(who, case) -> CaseRelation:
    """The acting organisation's relation to ``case``, in at most one query, remembered on the case
    instance for the rest of the request (a page asks a dozen rules of one case).

    Services re-read the case under a row lock before they change it, so a remembered relation never
    outlives the state it was computed from.
    """
    subject = subject_of(who)
    if case is None or not subject.has(Capability.CLIENT_DATA):
        return NO_RELATION
    cache = case.__dict__.setdefault("_relations", {})
    key = subject.membership.pk
    if key not in cache:
        organisation = subject.membership.organisation
        cache[key] = CaseRelation(
            participant=Participation.objects.filter(case_id=case.pk, organisation_id=organisation.pk,
                                                     ended_at__isnull=True).exists(),
            responsible=case.responsible_organisation_id == organisation.pk,
            veilig_thuis=organisation.type == OrganisationType.VEILIG_THUIS,
            plan_maker=organisation.type in PLAN_MAKERS,
        )
    return cache[key]


# --- Querysets: what an organisation may see --------------------------------------------------------


def visible_cases(who) -> QuerySet:
    """A case is seen by those who see its household: participants, Veilig Thuis holding a report,
    and break-the-glass. When an organisation's part ends, so does this."""
    return Case.objects.filter(household__in=visible_households(who))


def visible_journal(who, case) -> QuerySet:
    """Entries for all participants, plus the acting organisation's own source-only entries."""
    subject = subject_of(who)
    if subject.membership is None:
        return case.journal.none()
    return case.journal.filter(Q(visibility=Visibility.ALL_PARTICIPANTS)
                               | Q(source_organisation_id=subject.organisation_id))


def own_contributions(who) -> QuerySet:
    """What the acting organisation wrote stays visible to it, also after its part ended."""
    subject = subject_of(who)
    if not subject.has(Capability.CLIENT_DATA):
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(source_organisation_id=subject.organisation_id)


# --- Reads ---------------------------------------------------------------------------------------


@declare("cases.view_case", Kind.READ,
         "a client-data role whose organisation takes part in the case, holds a report about the "
         "household (Veilig Thuis), or has broken the glass for it")
def view_case(who: Subject, case) -> bool:
    return case is not None and visible_cases(who).filter(pk=case.pk).exists()


@declare("cases.view_journal", Kind.READ,
         "whoever may see the case (cases.view_case); entries marked for the source organisation "
         "only are shown to that organisation alone")
def view_journal(who: Subject, case) -> bool:
    return view_case(who, case)


@declare("cases.view_document", Kind.READ,
         "whoever may read the journal entry that brought the document in; the organisation that "
         "added it, also after its part ended")
def view_document(who: Subject, document) -> bool:
    if document is None:
        return False
    if view_case(who, document.case):
        return visible_journal(who, document.case).filter(document=document).exists()
    return own_contributions(who).filter(document=document).exists()


@declare("cases.print_plan", Kind.READ,
         "whoever may see the case (cases.view_case); every print is an export in the log")
def print_plan(who: Subject, case) -> bool:
    return view_case(who, case)


@declare("cases.view_work", Kind.READ,
         "a client-data role: its organisation's open cases, its own plan actions and signals")
def view_work(who: Subject, obj=None) -> bool:
    return who.has(Capability.CLIENT_DATA)


@declare("cases.view_own_contributions", Kind.READ,
         "a client-data role: what its organisation wrote, also in files it no longer takes part in")
def view_own_contributions(who: Subject, obj=None) -> bool:
    return who.has(Capability.CLIENT_DATA)


# --- Changes: what every participant may do -------------------------------------------------------


@declare("cases.add_journal_entry", Kind.CHANGE, "every participating organisation")
def add_journal_entry(who: Subject, case) -> bool:
    return relation(who, case).participant


@declare("cases.add_own_statement", Kind.CHANGE,
         "the privacy officer (capability person_access_report), second factor passed: the "
         "person's own statement in their household's file after a refused correction (AVG art. 16); "
         "never the text of the file itself")
def add_own_statement(who: Subject, case=None) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified


@declare("cases.upload_document", Kind.CHANGE, "every participating organisation")
def upload_document(who: Subject, case) -> bool:
    return relation(who, case).participant


@declare("cases.shield_person", Kind.CHANGE,
         "every participating organisation (hiding an address from another participant)")
def shield_person(who: Subject, case) -> bool:
    return relation(who, case).participant


@declare("cases.record_child_voice", Kind.CHANGE, "every participating organisation")
def record_child_voice(who: Subject, case) -> bool:
    return relation(who, case).participant


@declare("cases.add_action", Kind.CHANGE,
         "every participating organisation; one that does not make the plan adds actions for "
         "itself only")
def add_action(who: Subject, case) -> bool:
    return relation(who, case).participant


@declare("cases.set_action_status", Kind.CHANGE,
         "the participating organisation that carries out the action")
def set_action_status(who: Subject, action) -> bool:
    if action is None:
        return False
    case = action.goal.version.case
    return (relation(who, case).participant
            and action.owner_organisation_id == who.organisation_id)


@declare("cases.end_participation", Kind.CHANGE,
         "a participating organisation ends its own part; the responsible organisation and Veilig "
         "Thuis may end another's")
def end_participation(who: Subject, participation) -> bool:
    if participation is None:
        return False
    related = relation(who, participation.case)
    own = participation.organisation_id == who.organisation_id
    return related.participant and (own or related.steers)


# --- Changes: steering the case ---------------------------------------------------------------------


@declare("cases.add_participant", Kind.CHANGE,
         "the responsible organisation and Veilig Thuis, taking part")
def add_participant(who: Subject, case) -> bool:
    return relation(who, case).steers


@declare("cases.choose_coordinator", Kind.CHANGE,
         "the responsible organisation and Veilig Thuis, taking part")
def choose_coordinator(who: Subject, case) -> bool:
    return relation(who, case).steers


@declare("cases.change_phase", Kind.CHANGE,
         "the responsible organisation and Veilig Thuis, taking part")
def change_phase(who: Subject, case) -> bool:
    return relation(who, case).steers


@declare("cases.close", Kind.CHANGE,
         "the organisation responsible for oversight of safety (closing ends its oversight)")
def close(who: Subject, case) -> bool:
    return relation(who, case).responsible and who.has(Capability.CLIENT_DATA)


# --- Changes: the plan ----------------------------------------------------------------------------


@declare("cases.edit_plan", Kind.CHANGE,
         "the responsible organisation, Veilig Thuis, the local team and the Veiligheidsteam, taking "
         "part: a new version, goals, agreeing it with the family")
def edit_plan(who: Subject, case) -> bool:
    return relation(who, case).makes_plan


# --- Changes: safety conditions and monitoring ------------------------------------------------------


@declare("cases.set_conditions", Kind.CHANGE, "Veilig Thuis, taking part")
def set_conditions(who: Subject, case) -> bool:
    related = relation(who, case)
    return related.participant and related.veilig_thuis


@declare("cases.record_monitoring", Kind.CHANGE, "Veilig Thuis, taking part")
def record_monitoring(who: Subject, case) -> bool:
    return set_conditions(who, case)


@declare("cases.decide_monitoring_limit", Kind.CHANGE,
         "Veilig Thuis, taking part: extend at the limit, or escalate to the Veiligheidsteam")
def decide_monitoring_limit(who: Subject, case) -> bool:
    return set_conditions(who, case)


@declare("cases.record_impact", Kind.CHANGE,
         "whoever records the monitoring moments (cases.record_monitoring: Veilig Thuis, taking "
         "part), also after the case closed (the 18-month measurement follows the family)")
def record_impact(who: Subject, case) -> bool:
    return record_monitoring(who, case)


@declare("cases.view_impact", Kind.READ,
         "whoever may see the case (cases.view_case): the impact measurements name the family's "
         "members")
def view_impact(who: Subject, case) -> bool:
    return view_case(who, case)


@declare("cases.view_impact_outcomes", Kind.READ,
         "a role with the statistics capability (the analyst): the impact per cohort, published "
         "by core.disclosure, never a household")
def view_impact_outcomes(who: Subject, obj=None) -> bool:
    return who.has(Capability.STATISTICS)


# --- Changes: oversight of safety -----------------------------------------------------------------


@declare("cases.offer_handover", Kind.CHANGE,
         "the organisation responsible for oversight of safety")
def offer_handover(who: Subject, case) -> bool:
    return close(who, case)


def _receives(who: Subject, handover) -> bool:
    return (handover is not None and who.has(Capability.CLIENT_DATA)
            and handover.to_organisation_id == who.organisation_id)


@declare("cases.accept_handover", Kind.CHANGE, "the organisation the handover was offered to")
def accept_handover(who: Subject, handover) -> bool:
    return _receives(who, handover)


@declare("cases.decline_handover", Kind.CHANGE, "the organisation the handover was offered to")
def decline_handover(who: Subject, handover) -> bool:
    return _receives(who, handover)


@declare("cases.withdraw_handover", Kind.CHANGE, "the organisation that offered the handover")
def withdraw_handover(who: Subject, handover) -> bool:
    return (handover is not None and who.has(Capability.CLIENT_DATA)
            and handover.from_organisation_id == who.organisation_id)


@declare("cases.acknowledge_recurrence", Kind.CHANGE,
         "the organisation the recurrence was signalled to (the one last responsible)")
def acknowledge_recurrence(who: Subject, recurrence) -> bool:
    return (recurrence is not None and who.has(Capability.CLIENT_DATA)
            and recurrence.signalled_to_id == who.organisation_id)
