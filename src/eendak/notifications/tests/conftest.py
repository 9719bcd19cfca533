"""A household's case at Veilig Thuis, and the people who may or may not hear of it."""

import pytest

from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.testing import factories as f


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


def member(role, organisation, email=True):
    made = f.membership(role, organisation)
    if email:
        made.user.email = f"{made.user.username}@example.test"
        made.user.save(update_fields=["email"])
    return made


@pytest.fixture
def household(region):
    made = f.HouseholdFactory()
    f.person_in(made, "parent")
    f.person_in(made, "child")
    return made


@pytest.fixture
def names(household):
    """Every name of the household's persons: none may appear in a notification or a mail."""
    found = set()
    for m in household.members.select_related("person"):
        found |= {m.person.surname, m.person.given_names}
    return {n for n in found if n}


@pytest.fixture
def case(household, vt):
    return f.case_for(household, vt, responsible=vt)


@pytest.fixture
def vt_worker(vt):
    return member(Role.VT_INVESTIGATOR, vt)


@pytest.fixture
def coordinator(tilburg_team):
    return member(Role.CASE_COORDINATOR, tilburg_team)
