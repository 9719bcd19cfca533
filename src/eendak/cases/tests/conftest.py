import pytest

from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def open_case(household_with_case):
    """The conftest household: Veilig Thuis responsible, the Tilburg team taking part."""
    return household_with_case[1]


@pytest.fixture
def vt_actor(vt):
    return actor_for(f.membership(Role.VT_MONITOR, vt))


@pytest.fixture
def team_actor(tilburg_team):
    return actor_for(f.membership(Role.CASE_COORDINATOR, tilburg_team))


@pytest.fixture
def goirle_actor(region):
    return actor_for(f.membership(Role.LOCAL_TEAM_WORKER,
                                  Organisation.objects.get(name="Lokaal team Goirle")))
