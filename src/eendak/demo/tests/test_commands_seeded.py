"""What seed_demo does on a database that already holds a data set: --if-empty leaves it alone, a
second run without --reset is refused, --reset replaces it (and keeps the access log). The data set
is seeded once for the module (``conftest.seed_for_module``); each test's changes roll back to it."""

import pytest
from django.core.management import CommandError

from eendak.audit.models import AccessLogEntry
from eendak.audit.services import verify_chain
from eendak.demo.digest import data_digest
from eendak.persons.models import Household, Person

from .conftest import seed_for_module


@pytest.fixture(scope="module")
def _module_seeded(module_transaction, tmp_path_factory):
    return seed_for_module(tmp_path_factory, persons=60, seed=2)


@pytest.fixture
def seeded(_module_seeded, db):
    """A data set of 60 persons (seed 2), as a first ``seed_demo`` run leaves it."""
    return _module_seeded


def test_if_empty_leaves_existing_demo_data_alone(seeded, seed):
    before = data_digest()
    output = seed(persons=60, seed=9, if_empty=True)
    assert "niets gedaan" in output
    assert data_digest() == before


def test_a_second_run_refuses_without_reset(seeded, seed):
    with pytest.raises(CommandError, match="--reset"):
        seed(persons=60, seed=2)


def test_reset_replaces_the_demo_data_but_keeps_the_access_log(seeded, seed):
    households = Household.objects.filter(is_synthetic=True).count()
    old_ids = set(Person.objects.values_list("pk", flat=True))
    entries = AccessLogEntry.objects.count()
    seed(persons=60, seed=2, reset=True)
    assert Household.objects.filter(is_synthetic=True).count() == households
    assert not old_ids & set(Person.objects.values_list("pk", flat=True))
    assert AccessLogEntry.objects.count() > entries
    assert verify_chain().ok
