"""Fixtures for the persons screens: a second household that Veilig Thuis does not take part in."""

import pytest

from eendak.testing import factories as f


@pytest.fixture
def foreign_household(region, police):
    """A household in Dongen whose only participant is the police: Veilig Thuis sees nothing of it."""
    household = f.HouseholdFactory(municipality=f.Municipality.objects.get(name="Dongen"))
    person = f.person_in(household, "parent", bsn=f.test_bsn())
    f.case_for(household, police)
    return household, person
