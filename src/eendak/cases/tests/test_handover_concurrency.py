"""Two people accept the same handover at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from eendak.cases import services
from eendak.cases.models import Case, HandoverStatus
from eendak.core.exceptions import RuleViolation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_have_exactly_one_winner(region, vt, tilburg_team):
    household = f.HouseholdFactory()
    f.person_in(household, "parent")
    case = f.case_for(household, vt, tilburg_team, responsible=vt)
    offer = services.offer_handover(actor_for(f.membership(Role.VT_MONITOR, vt)), case,
                                    to_organisation_id=tilburg_team.pk)
    acceptors = [actor_for(f.membership(Role.CASE_COORDINATOR, tilburg_team)) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(actor):
        try:
            barrier.wait()
            services.accept_handover(actor, offer)
            outcomes.append("won")
        except RuleViolation:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(a,)) for a in acceptors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    case = Case.objects.get(pk=case.pk)
    assert case.responsible_organisation == tilburg_team
    assert case.handovers.filter(status=HandoverStatus.ACCEPTED).count() == 1
    assert case.journal.filter(kind="handover", text__contains="overgedragen").count() == 1
