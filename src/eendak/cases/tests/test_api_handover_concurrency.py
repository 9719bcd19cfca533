"""Two people of the receiving team accept the same handover through the API at the same moment:
exactly one gets 200, the other the 409 state conflict as problem+json (never a 500), and the case has one
responsible organisation (PostgreSQL: real concurrent transactions)."""

import json
import threading

import pytest
from django.db import connection, connections

from eendak.cases import services
from eendak.cases.models import Case, HandoverStatus
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import case_url
from .conftest import actor_for


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_through_the_api_have_one_winner(region, vt, tilburg_team,
                                                                       login_as):
    household = f.HouseholdFactory()
    f.person_in(household, "parent")
    case = f.case_for(household, vt, tilburg_team, responsible=vt)
    offer = services.offer_handover(actor_for(f.membership(Role.VT_MONITOR, vt)), case,
                                    to_organisation_id=tilburg_team.pk)
    clients = [login_as(f.membership(Role.CASE_COORDINATOR, tilburg_team)) for _ in range(2)]
    url = case_url(case, f"handovers/{offer.pk}/accept/")
    barrier = threading.Barrier(2)
    answers = []

    def accept(client):
        try:
            barrier.wait()
            response = client.post(url)
            answers.append((response.status_code, response["Content-Type"],
                            json.loads(response.content)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(status for status, _type, _body in answers) == [200, 409]
    _status, content_type, problem = next(a for a in answers if a[0] == 409)
    assert content_type.startswith("application/problem+json")
    assert problem["code"] == "state_conflict" and "al geaccepteerd" in problem["detail"]
    case = Case.objects.get(pk=case.pk)
    assert case.responsible_organisation == tilburg_team
    assert case.handovers.filter(status=HandoverStatus.ACCEPTED).count() == 1
