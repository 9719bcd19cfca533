"""The data subject's requests of the demo privacy officer: one in each situation (overdue, near,
extended, restriction granted, refused correction with the person's own statement, fresh), made
again without doubling, removed by the reset."""

import pytest

from eendak.cases.models import JournalEntry, JournalKind
from eendak.core.roles import OrganisationType as T
from eendak.demo.accounts import create_demo_accounts
from eendak.demo.rights import remove_rights_demo, seed_rights
from eendak.privacy import queries
from eendak.privacy.models import DataSubjectRequest
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_privacy_officer_has_a_request_in_each_state(region):
    create_demo_accounts()
    vt = f.organisation(T.VEILIG_THUIS)
    for _ in range(6):
        household = f.HouseholdFactory()
        f.person_in(household, "parent")
        f.case_for(household, vt)
    assert seed_rights() == 6
    assert seed_rights() == 6  # an earlier demo's requests are removed first
    requests = DataSubjectRequest.objects.all()
    assert requests.count() == 6
    assert {r.organisation.type for r in requests} == {T.VEILIG_THUIS}
    signals = sorted(queries.deadline_signal(r) for r in requests)
    assert signals.count(queries.RequestFilter.OVERDUE) == 1
    assert signals.count(queries.RequestFilter.NEAR) == 1
    states = sorted(requests.values_list("state", flat=True))
    assert states == sorted(["in_progress", "in_progress", "extended", "granted", "refused",
                             "received"])
    assert queries.restricted_person_ids()
    # The statement stays in the file when the demo is seeded again, as in real use.
    assert JournalEntry.objects.filter(kind=JournalKind.OWN_STATEMENT).exists()
    remove_rights_demo()
    assert not DataSubjectRequest.objects.exists()


def test_without_the_demo_accounts_nothing_is_made(region):
    assert seed_rights() == 0 and not DataSubjectRequest.objects.exists()
