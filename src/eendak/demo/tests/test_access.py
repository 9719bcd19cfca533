"""The accounts without client data see no households; the log verifies; one break-the-glass; the
privacy officer's reviews. All on one data set, seeded once for the module (``access_demo``):
seeding is what costs, and these tests only read. That every account with client data sees
households, at two sizes, is in ``test_access_sizes.py`` (it seeds each size itself)."""

import pytest

from eendak.audit.models import AccessLogEntry, EmergencyAccess
from eendak.audit.services import verify_chain
from eendak.core.models import Membership
from eendak.core.roles import Capability, role_spec
from eendak.demo.accounts import DEMO_ACCOUNTS
from eendak.persons.permissions import holds_file, visible_households

from .conftest import seed_for_module

# The Expertisecentrum's staff has the capability but takes part in no case: it must see none.
CLIENT_DATA_ACCOUNTS = [a for a in DEMO_ACCOUNTS if Capability.CLIENT_DATA in role_spec(a.role).capabilities
                        and a.username != "expertise"]


@pytest.fixture(scope="module")
def _module_access_demo(module_transaction, tmp_path_factory):
    return seed_for_module(tmp_path_factory, persons=200, seed=4, reads=120)


@pytest.fixture
def access_demo(_module_access_demo, db):
    """200 persons with 120 simulated reads, seeded once for the module."""
    return _module_access_demo


def _acting(account):
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=account.username, role=account.role)
    user = membership.user
    user.acting_membership = membership
    return user


def test_accounts_without_client_data_see_no_households(access_demo):
    for account in DEMO_ACCOUNTS:
        if account not in CLIENT_DATA_ACCOUNTS:
            assert not visible_households(_acting(account)).exists(), account.username


def test_the_access_log_has_a_history_that_verifies(access_demo):
    report = verify_chain()
    assert report.ok, report.problem
    assert report.checked >= 120
    assert report.unchained == 0  # seed_demo chains its entries, as the running chainer would
    reads = AccessLogEntry.objects.filter(event__in=["household.read", "person.read"])
    assert reads.count() >= 100
    usernames = set(reads.values_list("username", flat=True))
    assert {"intake", "wijkteam", "politie"} <= usernames
    # Demo users only read what they may see: no simulated read ended in "not found".
    assert not reads.exclude(outcome="success").exists()


def test_one_break_the_glass_grant_by_the_spoedplein_is_on_record(access_demo):
    grant = EmergencyAccess.objects.select_related("user", "household").get(
        user__username="spoedplein")
    assert grant.is_active and len(grant.reason) >= 20
    hospital = _acting(next(a for a in DEMO_ACCOUNTS if a.username == "spoedplein"))
    assert not holds_file(hospital, grant.household)
    assert visible_households(hospital).filter(pk=grant.household_id).exists()
    flagged = AccessLogEntry.objects.filter(emergency=True, username="spoedplein")
    assert flagged.filter(event="emergency_access.granted").count() == 1
    assert flagged.filter(event="household.read", reason=grant.reason).exists()


def test_the_demo_privacy_officer_has_reviews_one_done_one_open_one_overdue(access_demo):
    from eendak.privacy import queries

    grants = EmergencyAccess.objects.filter(user__username="vtarts").select_related("review")
    assert sorted(queries.review_status(g) for g in grants) == [
        queries.ReviewStatus.JUSTIFIED, queries.ReviewStatus.OPEN, queries.ReviewStatus.OVERDUE]
    assert AccessLogEntry.objects.filter(event="emergency_access.reviewed",
                                         username="privacy").count() == 1
