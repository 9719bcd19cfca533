"""Who may see and do what in the Veiligheidsteam's work: one named rule per action, declared once.

The rules follow the domain (``shared/domain.md``, "The Veiligheidsteam (MDA++)"):

- **Referral only through Veilig Thuis.** A partner taking part in the case asks Veilig Thuis to
  refer; Veilig Thuis, taking part, refers (or decides not to) — nobody else puts a family on the
  triage list.
- **The team** (a client-data role at the Zorg- en Veiligheidshuis) keeps the triage, plans the case
  conferences, records what was decided there and hands the family back at stable safety.
- **The triage partners** (``TeamPartner.at_triage``: police, OM, Reclassering, Veilig Thuis) read
  the triage list; the team records the decision.
- **A conference's invitees** see the households they are invited for. A *consulting* partner (GGz,
  verslavingszorg, opvang, Amarant) sees a household only while it is on an agenda it is invited to,
  and afterwards only its own contributions.
- **Measures** are recorded by a participating organisation as their source, and changed (extended,
  ended) only by that source.

A rule about *who* is a permission (refused with a logged 404); a rule about the data or the state (a
house ban of 40 days, a decision without reason) is a ``RuleViolation`` in ``conferences.services``.
"""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from eendak.cases import permissions as case_rules
from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability, OrganisationType

from .models import AgendaItem, Conference, Contribution, Referral, TeamPartner
from .workflow import ConferenceStatus, InvitationKind, ReferralStatus


def in_team(who) -> bool:
    """Works in the Veiligheidsteam itself (client data at the Zorg- en Veiligheidshuis)."""
    subject = subject_of(who)
    return bool(subject.has(Capability.CLIENT_DATA)
                and subject.membership.organisation.type == OrganisationType.SAFETY_HOUSE)


def at_triage(who) -> bool:
    """Decides with the team at the weekly triage (a triage partner), with client data."""
    subject = subject_of(who)
    return bool(subject.has(Capability.CLIENT_DATA)
                and TeamPartner.objects.filter(organisation_id=subject.organisation_id,
                                               at_triage=True).exists())


# --- Querysets: what an organisation may see --------------------------------------------------------


def visible_referrals(who) -> QuerySet:
    """The team sees every referral; Veilig Thuis every referral (it decides on all of them); the
    organisation that put a family forward its own; the triage partners those on the triage list."""
    subject = subject_of(who)
    if not subject.has(Capability.CLIENT_DATA):
        return Referral.objects.none()
    if in_team(subject) or subject.is_veilig_thuis:
        return Referral.objects.all()
    seen = Q(requesting_organisation_id=subject.organisation_id)
    if at_triage(subject):
        seen |= Q(status=ReferralStatus.REFERRED)
    return Referral.objects.filter(seen)


def invited_items(who) -> QuerySet:
    """The agenda items an organisation is invited for and may still read: a fixed member always, a
    consulting partner only while the conference has not yet been held."""
    subject = subject_of(who)
    if not subject.has(Capability.CLIENT_DATA):
        return AgendaItem.objects.none()
    if in_team(subject):
        return AgendaItem.objects.all()
    return AgendaItem.objects.filter(
        Q(invitations__organisation_id=subject.organisation_id,
          invitations__kind=InvitationKind.FIXED)
        | Q(invitations__organisation_id=subject.organisation_id,
            invitations__kind=InvitationKind.CONSULTING,
            conference__status=ConferenceStatus.PLANNED,
            conference__starts_at__gte=consulting_cutoff())).distinct()


def consulting_cutoff():
    """A consulting partner's look at a household ends with the conference: when it is marked held,
    and at the latest the day after it was planned to start (nobody has to press a button for
    access to end)."""
    return timezone.now() - timedelta(days=1)


def visible_conferences(who) -> QuerySet:
    """The team sees every conference (also one just planned, with nothing on its agenda yet); an
    invited organisation those with a household it may read."""
    if in_team(who):
        return Conference.objects.all()
    return Conference.objects.filter(pk__in=invited_items(who).values("conference_id"))


def visible_contributions(who, item) -> QuerySet:
    """On an item: every contribution for those who may read the item; otherwise nothing."""
    return item.contributions.all() if view_item(who, item) else Contribution.objects.none()


def own_contributions(who) -> QuerySet:
    subject = subject_of(who)
    if not subject.has(Capability.CLIENT_DATA):
        return Contribution.objects.none()
    return Contribution.objects.filter(organisation_id=subject.organisation_id)


# --- Reads ---------------------------------------------------------------------------------------


@declare("conferences.view_work", Kind.READ,
         "the Veiligheidsteam (a client-data role at the Zorg- en Veiligheidshuis): its work queues")
def view_work(who: Subject, obj=None) -> bool:
    return in_team(who)


@declare("conferences.view_triage", Kind.READ,
         "the Veiligheidsteam and the triage partners (police, OM, Reclassering, Veilig Thuis): the "
         "weekly triage list")
def view_triage(who: Subject, obj=None) -> bool:
    return in_team(who) or at_triage(who)


@declare("conferences.view_referral", Kind.READ,
         "the Veiligheidsteam, Veilig Thuis, the organisation that put the family forward, and the "
         "triage partners while it waits for triage")
def view_referral(who: Subject, referral) -> bool:
    return referral is not None and visible_referrals(who).filter(pk=referral.pk).exists()


@declare("conferences.view_referral_history", Kind.READ,
         "the Veiligheidsteam, Veilig Thuis, and the triage partners while the family waits for "
         "triage: the history counted from Veilig Thuis's reports and risk instruments")
def view_referral_history(who: Subject, referral) -> bool:
    if referral is None or not who.has(Capability.CLIENT_DATA):
        return False
    return (in_team(who) or who.is_veilig_thuis
            or (referral.status == ReferralStatus.REFERRED and at_triage(who)))


@declare("conferences.view_conference", Kind.READ,
         "the Veiligheidsteam and the organisations invited for a household on its agenda (a "
         "consulting partner only until the conference is held)")
def view_conference(who: Subject, conference) -> bool:
    return conference is not None and visible_conferences(who).filter(pk=conference.pk).exists()


@declare("conferences.view_item", Kind.READ,
         "the Veiligheidsteam and the organisations invited for this household; a consulting partner "
         "only while the conference has not yet been held")
def view_item(who: Subject, item) -> bool:
    return item is not None and invited_items(who).filter(pk=item.pk).exists()


@declare("conferences.print_minutes", Kind.READ,
         "whoever may read the household on the agenda (conferences.view_item); every print is an "
         "export in the log")
def print_minutes(who: Subject, item) -> bool:
    return view_item(who, item)


@declare("conferences.view_measures", Kind.READ,
         "whoever may see the case (cases.view_case)")
def view_measures(who: Subject, case) -> bool:
    return case_rules.view_case(who, case)


@declare("conferences.view_own_contributions", Kind.READ,
         "a client-data role: what its organisation brought into case conferences, also afterwards")
def view_own_contributions(who: Subject, obj=None) -> bool:
    return who.has(Capability.CLIENT_DATA)


@declare("conferences.view_notices", Kind.READ,
         "a client-data role: the feedback the Veiligheidsteam's work owes its organisation")
def view_notices(who: Subject, obj=None) -> bool:
    return who.has(Capability.CLIENT_DATA)


# --- Changes: referral ------------------------------------------------------------------------------


def referral_rule(who) -> str:
    """Which step a referral from a case is for this organisation: Veilig Thuis refers, anyone else
    asks Veilig Thuis to (the screen and the API both ask this)."""
    return "conferences.refer" if subject_of(who).is_veilig_thuis else "conferences.request_referral"


@declare("conferences.request_referral", Kind.CHANGE,
         "an organisation taking part in the case other than Veilig Thuis: it asks Veilig Thuis to "
         "refer")
def request_referral(who: Subject, case) -> bool:
    related = case_rules.relation(who, case)
    return related.participant and not related.veilig_thuis


@declare("conferences.refer", Kind.CHANGE,
         "Veilig Thuis, taking part in the case (or asked by a partner's request waiting for its "
         "decision): it refers, or decides on the request")
def refer(who: Subject, case) -> bool:
    if not who.is_veilig_thuis or case is None:
        return False
    # A partner's request waits for Veilig Thuis's decision: it may decide (and so join the case)
    # also where it does not take part yet.
    return (case_rules.relation(who, case).participant
            or Referral.objects.filter(case=case, status=ReferralStatus.REQUESTED).exists())


@declare("conferences.acknowledge_notice", Kind.CHANGE,
         "the organisation the feedback is for")
def acknowledge_notice(who: Subject, notice) -> bool:
    return (notice is not None and who.has(Capability.CLIENT_DATA)
            and notice.to_organisation_id == who.organisation_id)


# --- Changes: the team's own work ---------------------------------------------------------------------


@declare("conferences.decide_triage", Kind.CHANGE,
         "the Veiligheidsteam (its coordinator records what the triage decided)")
def decide_triage(who: Subject, referral) -> bool:
    return referral is not None and in_team(who)


@declare("conferences.plan_conference", Kind.CHANGE,
         "the Veiligheidsteam: plan, hold or cancel a case conference")
def plan_conference(who: Subject, conference=None) -> bool:
    return in_team(who)


@declare("conferences.manage_agenda", Kind.CHANGE,
         "the Veiligheidsteam: the households on the agenda and who is invited for each")
def manage_agenda(who: Subject, conference) -> bool:
    return conference is not None and in_team(who)


@declare("conferences.record_outcome", Kind.CHANGE,
         "the Veiligheidsteam: attendance, informing the persons discussed, decisions and actions")
def record_outcome(who: Subject, item) -> bool:
    return item is not None and in_team(who)


@declare("conferences.contribute", Kind.CHANGE,
         "the Veiligheidsteam and the organisations invited for this household (a consulting partner "
         "until the conference is held)")
def contribute(who: Subject, item) -> bool:
    return view_item(who, item)


@declare("conferences.hand_back", Kind.CHANGE,
         "the Veiligheidsteam, while it holds oversight of safety: back to the local team at stable "
         "safety")
def hand_back(who: Subject, referral) -> bool:
    return (referral is not None and in_team(who)
            and case_rules.relation(who, referral.case).responsible)


# --- Changes: measures of criminal justice and care ------------------------------------------------


@declare("conferences.record_measure", Kind.CHANGE,
         "every organisation taking part in the case, as the measure's source")
def record_measure(who: Subject, case) -> bool:
    return case_rules.relation(who, case).participant


@declare("conferences.change_measure", Kind.CHANGE,
         "the measure's source organisation, taking part in the case: extend or end it")
def change_measure(who: Subject, measure) -> bool:
    return (measure is not None and measure.source_organisation_id == who.organisation_id
            and case_rules.relation(who, measure.case).participant)
