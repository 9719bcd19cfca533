"""Who may see and do what: the one module of object-level rules.

Everything here is derived from the *acting membership* (organisation + role) of the user and the
file's participation, never from what the UI happens to show. The UI, the API and management screens
all ask these rules; list views use the matching querysets below, so a list can never show what the
detail page would refuse. Deny by default: no membership, no capability, or no participation means no.
"""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from eendak.core.roles import Capability as C
from eendak.core.roles import OrganisationType

# --- Subject helpers ------------------------------------------------------------------------------


def acting_membership(user):
    return getattr(user, "acting_membership", None) if user is not None else None


def has_capability(user, capability: str) -> bool:
    membership = acting_membership(user)
    return bool(membership and membership.is_active and membership.has(capability))


def is_verified(user) -> bool:
    """True when the user passed the second factor in this session (or needs none)."""
    if user is None or not user.is_authenticated:
        return False
    if not user.requires_second_factor:
        return True
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


# --- Querysets: what an organisation may see --------------------------------------------------------
#
# Visibility is written as correlated EXISTS conditions on a household id, not as ``pk IN (subquery)``:
# for one object (``.filter(pk=...)``) PostgreSQL then probes three indexed rows instead of building
# the set of every household a large organisation takes part in (250 ms for Veilig Thuis at 26,000
# households), and a list is still one semi-join.


def is_veilig_thuis(membership) -> bool:
    return bool(membership and membership.organisation.type == OrganisationType.VEILIG_THUIS
                and membership.has(C.CLIENT_DATA))


def _participation_exists(membership, household_ref):
    from eendak.cases.models import Participation

    return Exists(Participation.objects.filter(
        case__household_id=household_ref, organisation_id=membership.organisation_id,
        ended_at__isnull=True,
    ))


def _emergency_exists(membership, household_ref):
    from eendak.audit.models import EmergencyAccess

    return Exists(EmergencyAccess.objects.filter(
        membership=membership, household_id=household_ref, expires_at__gt=timezone.now(),
    ))


def _report_exists(membership, household_ref):
    """Veilig Thuis holds the file of every household it received a report about (statutory task)."""
    from eendak.intake.models import Report

    return Exists(Report.objects.filter(organisation_id=membership.organisation_id,
                                        household_id=household_ref))


def _regular_access(membership, household_ref) -> Q:
    condition = Q(_participation_exists(membership, household_ref))
    if is_veilig_thuis(membership):
        condition |= Q(_report_exists(membership, household_ref))
    return condition


def _household_visible(membership, household_ref) -> Q:
    return _regular_access(membership, household_ref) | Q(_emergency_exists(membership,
                                                                            household_ref))


def visible_households(user) -> QuerySet:
    """Households whose file the acting organisation takes part in, holds a report about (Veilig
    Thuis), or has broken the glass for."""
    from eendak.persons.models import Household

    membership = acting_membership(user)
    if membership is None or not membership.has(C.CLIENT_DATA):
        return Household.objects.none()
    return Household.objects.filter(_household_visible(membership, OuterRef("pk")))


def visible_cases(user) -> QuerySet:
    """A case is seen by those who see its household: participants, Veilig Thuis holding a report,
    and break-the-glass. When an organisation's part ends, so does this."""
    from eendak.cases.models import Case

    return Case.objects.filter(household__in=visible_households(user))


def visible_journal(user, case) -> QuerySet:
    """Entries for all participants, plus the acting organisation's own source-only entries."""
    membership = acting_membership(user)
    if membership is None:
        return case.journal.none()
    return case.journal.filter(
        Q(visibility="all") | Q(source_organisation_id=membership.organisation_id)
    )


def own_contributions(user) -> QuerySet:
    """What the acting organisation wrote stays visible to it, also after its part ended."""
    from eendak.cases.models import JournalEntry

    membership = acting_membership(user)
    if membership is None or not membership.has(C.CLIENT_DATA):
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(source_organisation_id=membership.organisation_id)


def visible_reports(user) -> QuerySet:
    """Reports and advice requests are Veilig Thuis's own records: only its people see them."""
    from eendak.intake.models import Report

    membership = acting_membership(user)
    if not is_veilig_thuis(membership):
        return Report.objects.none()
    return Report.objects.filter(organisation_id=membership.organisation_id)


def visible_advice_requests(user) -> QuerySet:
    from eendak.intake.models import AdviceRequest

    membership = acting_membership(user)
    if not is_veilig_thuis(membership):
        return AdviceRequest.objects.none()
    return AdviceRequest.objects.filter(organisation_id=membership.organisation_id)


def visible_persons(user) -> QuerySet:
    """Persons in a visible household (same EXISTS shape, one level deeper)."""
    from eendak.persons.models import HouseholdMember, Person

    membership = acting_membership(user)
    if membership is None or not membership.has(C.CLIENT_DATA):
        return Person.objects.none()
    return Person.objects.filter(Exists(
        HouseholdMember.objects.filter(person_id=OuterRef("pk")).filter(
            _household_visible(membership, OuterRef("household_id")))
    ))


def emergency_grant(user, household):
    """The active break-the-glass grant that (alone) lets this user see the household, if any."""
    from eendak.audit.models import EmergencyAccess

    membership = acting_membership(user)
    if membership is None:
        return None
    return (
        EmergencyAccess.objects.filter(
            membership=membership, household=household, expires_at__gt=timezone.now()
        )
        .order_by("-granted_at")
        .first()
    )


def participates_in_household(user, household) -> bool:
    """Regular (not emergency) access: taking part in the file, or Veilig Thuis holding a report."""
    from eendak.persons.models import Household

    membership = acting_membership(user)
    if membership is None or not membership.has(C.CLIENT_DATA):
        return False
    return Household.objects.filter(pk=household.pk).filter(
        _regular_access(membership, OuterRef("pk"))).exists()


# --- Predicates ------------------------------------------------------------------------------------


@rules.predicate
def can_view_household(user, household) -> bool:
    if household is None:
        return False
    return visible_households(user).filter(pk=household.pk).exists()


@rules.predicate
def can_view_person(user, person) -> bool:
    if person is None:
        return False
    return visible_persons(user).filter(pk=person.pk).exists()


@rules.predicate
def may_break_glass(user, household=None) -> bool:
    """Emergency access: only roles that allow it, and only where normal access is lacking."""
    if not has_capability(user, C.BREAK_GLASS):
        return False
    if household is None:
        return True
    return not participates_in_household(user, household)


@rules.predicate
def may_search_all_persons(user) -> bool:
    """Finding who is already known looks across all persons: Veilig Thuis only (issue 3)."""
    return is_veilig_thuis(acting_membership(user))


@rules.predicate
def may_see_reporter(user, report=None) -> bool:
    """The reporter's identity is shielded from everyone outside Veilig Thuis."""
    return is_veilig_thuis(acting_membership(user))


@rules.predicate
def can_view_report(user, report) -> bool:
    return report is not None and visible_reports(user).filter(pk=report.pk).exists()


@rules.predicate
def can_view_case(user, case) -> bool:
    return case is not None and visible_cases(user).filter(pk=case.pk).exists()


@rules.predicate
def can_view_document(user, document) -> bool:
    if document is None:
        return False
    case = document.case
    if can_view_case(user, case):
        return visible_journal(user, case).filter(document=document).exists()
    return own_contributions(user).filter(document=document).exists()


@rules.predicate
def is_responsible_for(user, case) -> bool:
    membership = acting_membership(user)
    return bool(membership and case is not None
                and case.responsible_organisation_id == membership.organisation_id)


@rules.predicate
def may_search_access_log(user) -> bool:
    return has_capability(user, C.READ_ACCESS_LOG) and is_verified(user)


@rules.predicate
def may_view_person_access(user, person=None) -> bool:
    return has_capability(user, C.PERSON_ACCESS_REPORT) and is_verified(user)


@rules.predicate
def may_view_emergency_report(user) -> bool:
    return has_capability(user, C.EMERGENCY_ACCESS_REPORT) and is_verified(user)


@rules.predicate
def may_manage_users(user) -> bool:
    return has_capability(user, C.MANAGE_USERS) and is_verified(user)


@rules.predicate
def may_manage_organisations(user) -> bool:
    return has_capability(user, C.MANAGE_ORGANISATIONS) and is_verified(user)


@rules.predicate
def may_view_statistics(user) -> bool:
    return has_capability(user, C.STATISTICS)


rules.add_perm("persons.view_household", can_view_household)
rules.add_perm("persons.view_person", can_view_person)
rules.add_perm("persons.search_all", may_search_all_persons)
rules.add_perm("persons.merge", may_search_all_persons)
rules.add_perm("intake.view_report", can_view_report)
rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.view_document", can_view_document)
rules.add_perm("cases.hand_over", is_responsible_for)
rules.add_perm("cases.close", is_responsible_for)
rules.add_perm("cases.monitor", may_search_all_persons)
rules.add_perm("intake.work_on_reports", may_search_all_persons)
rules.add_perm("intake.view_reporter", may_see_reporter)
rules.add_perm("audit.break_glass", may_break_glass)
rules.add_perm("audit.search_access_log", may_search_access_log)
rules.add_perm("audit.view_person_access", may_view_person_access)
rules.add_perm("audit.view_emergency_report", may_view_emergency_report)
rules.add_perm("core.manage_users", may_manage_users)
rules.add_perm("core.manage_organisations", may_manage_organisations)
