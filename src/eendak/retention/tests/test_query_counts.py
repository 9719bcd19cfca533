"""The requests page, the API list and the yearly list cost the same number of queries however many
requests or files they show."""

from datetime import datetime

import pytest
from django.utils import timezone

from eendak.cases.models import Case
from eendak.retention import services
from eendak.retention.tasks import compile_due_list
from eendak.testing import factories as f
from eendak.testing.clients import verified_client
from eendak.testing.query_counts import assert_flat

from .conftest import actor_for

pytestmark = pytest.mark.django_db


def _requests(officer, count):
    for _ in range(count):
        household = f.HouseholdFactory()
        services.register_request(actor_for(officer), household=household,
                                  person=f.person_in(household))


def test_the_requests_do_not_grow(privacy_officer, capsys):
    _requests(privacy_officer, 2)
    client = verified_client(privacy_officer)
    assert_flat(capsys, "/bewaren/", client, "/bewaren/",
                grow=lambda: _requests(privacy_officer, 6))
    assert_flat(capsys, "API destruction-requests", client, "/api/v1/destruction-requests/",
                grow=lambda: _requests(privacy_officer, 6))


def _old_cases(vt, count):
    for _ in range(count):
        household = f.HouseholdFactory()
        f.person_in(household, "parent")
        case = f.case_for(household, vt)
        Case.objects.filter(pk=case.pk).update(
            status="closed", closed_at=timezone.make_aware(datetime(2001, 1, 1)))
    compile_due_list(vt, 2026)


def test_the_yearly_list_does_not_grow(privacy_officer, vt, capsys):
    _old_cases(vt, 2)
    client = verified_client(privacy_officer)
    assert_flat(capsys, "/bewaren/vernietigingslijst/", client,
                "/bewaren/vernietigingslijst/?jaar=2026", grow=lambda: _old_cases(vt, 6))
