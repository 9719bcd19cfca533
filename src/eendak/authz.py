"""Who may see and do what: the one module of object-level rules.

Everything here is derived from the *acting membership* (organisation + role) of the user and the
file's participation, never from what the UI happens to show. The UI, the API and management screens
all ask these rules; list views use the matching querysets below, so a list can never show what the
detail page would refuse. Deny by default: no membership, no capability, or no participation means no.
"""

import rules
from django.db.models import QuerySet

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


# --- Household, person and case visibility: declared in persons.permissions and cases.permissions ---
# (re-exported here only while callers move to the declaring modules; this module is going away)


def is_veilig_thuis(membership) -> bool:
    return bool(membership and membership.organisation.type == OrganisationType.VEILIG_THUIS
                and membership.has(C.CLIENT_DATA))


def visible_households(user) -> QuerySet:
    from eendak.persons.permissions import visible_households as rule

    return rule(user)


def visible_persons(user) -> QuerySet:
    from eendak.persons.permissions import visible_persons as rule

    return rule(user)


def participates_in_household(user, household) -> bool:
    from eendak.persons.permissions import holds_file

    return holds_file(user, household)


def emergency_grant(user, household):
    from eendak.persons.permissions import emergency_grant_for

    return emergency_grant_for(user, [household])


def visible_cases(user) -> QuerySet:
    from eendak.cases.permissions import visible_cases as rule

    return rule(user)


def visible_journal(user, case) -> QuerySet:
    from eendak.cases.permissions import visible_journal as rule

    return rule(user, case)


def own_contributions(user) -> QuerySet:
    from eendak.cases.permissions import own_contributions as rule

    return rule(user)


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


def can_view_person(user, person) -> bool:
    return rules.has_perm("persons.view_person", user, person)


def can_view_case(user, case) -> bool:
    return rules.has_perm("cases.view_case", user, case)


# --- Predicates ------------------------------------------------------------------------------------


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


rules.add_perm("intake.view_report", can_view_report)
rules.add_perm("intake.work_on_reports", may_search_all_persons)
rules.add_perm("intake.view_reporter", may_see_reporter)
rules.add_perm("audit.break_glass", may_break_glass)
rules.add_perm("audit.search_access_log", may_search_access_log)
rules.add_perm("audit.view_person_access", may_view_person_access)
rules.add_perm("audit.view_emergency_report", may_view_emergency_report)
rules.add_perm("core.manage_users", may_manage_users)
rules.add_perm("core.manage_organisations", may_manage_organisations)
