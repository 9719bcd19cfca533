"""The Veiligheidsteam's world for its tests: the team, its coordinator, a police liaison taking part,
a consulting partner (GGz Breburg) and a household whose case Veilig Thuis and the Tilburg team hold."""

import pytest

from eendak.core.actors import Actor
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f


def actor_of(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership)


@pytest.fixture
def team(region):
    return f.organisation(T.SAFETY_HOUSE)


@pytest.fixture
def team_member(team):
    return f.membership(Role.SAFETY_TEAM_MEMBER, team)


@pytest.fixture
def ggz(region):
    return f.organisation(T.MENTAL_HEALTH)


@pytest.fixture
def ggz_contact(ggz):
    return f.membership(Role.PARTNER_LIAISON, ggz)


@pytest.fixture
def team_case(household_with_case, police):
    """Veilig Thuis responsible, the Tilburg team and the police taking part."""
    from eendak.cases.services import participate

    household, case, persons = household_with_case
    vt_membership = f.membership(Role.VT_INTAKE, case.responsible_organisation)
    participate(actor_of(vt_membership), case, police, "Politie: huisverbod en aangifte")
    return case, persons, vt_membership
