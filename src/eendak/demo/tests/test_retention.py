"""Retention's demo: the periods, a request waiting for a proposal, one proposed by ``privacy``
waiting for ``logbeheer``, and two old Veilig Thuis files on this year's list; made again without
doubling, removed by the reset."""

import pytest

from eendak.core.reference import ensure_reference_data
from eendak.demo.accounts import create_demo_accounts
from eendak.demo.retention import remove_retention_demo, seed_retention
from eendak.persons.models import Household
from eendak.retention.models import DestructionRequest, DueItem, RetentionPeriod
from eendak.retention.workflow import RequestStatus

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_step_of_retention(db):
    ensure_reference_data()
    create_demo_accounts()
    assert seed_retention(TODAY)["due"] == 2
    assert seed_retention(TODAY)["due"] == 2  # an earlier demo's are removed first
    assert RetentionPeriod.objects.get(kind="vt_case", organisation_type="veilig_thuis").years == 20
    waiting = DestructionRequest.objects.get(status=RequestStatus.RECEIVED)
    proposed = DestructionRequest.objects.get(status=RequestStatus.PROPOSED)
    assert waiting.registered_by.username == "privacy"
    assert proposed.proposed_by.username == "privacy" and proposed.proposed_outcome == "destroy"
    assert set(DueItem.objects.values_list("household_reference", flat=True)) == {
        "DEMO-BEWAAR-1", "DEMO-BEWAAR-2"}
    remove_retention_demo()
    assert not DestructionRequest.objects.exists()
    assert not Household.objects.filter(reference__startswith="DEMO-").exists()


def test_without_the_demo_accounts_nothing_is_made(db):
    ensure_reference_data()
    assert seed_retention(TODAY) == {}
