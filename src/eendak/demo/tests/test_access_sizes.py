"""Every demo account that may see client data sees households (but the Expertisecentrum, which
takes part in no case), with few persons and with many. Each size seeds its own data set, so these
tests live apart from ``test_access.py``, whose tests share one."""

import pytest

from eendak.core.models import Membership
from eendak.core.roles import Capability, role_spec
from eendak.demo.accounts import DEMO_ACCOUNTS
from eendak.persons.permissions import visible_households, visible_persons

# The Expertisecentrum's staff has the capability but takes part in no case: it must see none.
CLIENT_DATA_ACCOUNTS = [a for a in DEMO_ACCOUNTS if Capability.CLIENT_DATA in role_spec(a.role).capabilities
                        and a.username != "expertise"]


def _acting(account):
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=account.username, role=account.role)
    user = membership.user
    user.acting_membership = membership
    return user


@pytest.mark.parametrize("persons", [25, 400])
def test_every_client_data_account_sees_households(seed, persons):
    seed(persons=persons, seed=3)
    assert {a.username for a in CLIENT_DATA_ACCOUNTS} >= {"wijkteam", "politie", "spoedplein",
                                                           "veiligheidsteam"}
    for account in CLIENT_DATA_ACCOUNTS:
        user = _acting(account)
        assert visible_households(user).filter(is_synthetic=True).count() >= 3, account.username
        assert visible_persons(user).exists()
