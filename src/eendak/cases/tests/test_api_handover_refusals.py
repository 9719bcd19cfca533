"""Handing over oversight of safety, refused: to an organisation that does not exist or may not hold
it, by an organisation that is not responsible, acceptance by the wrong organisation, a second
acceptance. A refusal about the data answers with a clear Dutch message as problem+json; one about
who acts (not responsible, not the receiver, not the sender) is the logged 404 of something that is
not there. Either way the case is unchanged: the sender stays responsible."""

import json

import pytest

from eendak.cases import services
from eendak.cases.models import Handover
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    assert_not_permitted,
    assert_problem,
    build_case,
    case_url,
    invalid_names,
    post_json,
    state,
    use_tmp_media,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case, pending_handover=False)


def offer(client, built, to):
    return post_json(client, case_url(built.case, "handovers/"), {"toOrganisation": to})


@pytest.mark.parametrize("target", ["missing", "hospital", "police", "inactive", "self", "text"])
def test_an_offer_to_an_organisation_that_does_not_exist_or_may_not_hold_it(login_as, built, target):
    to = {
        "missing": 999_999,
        "hospital": lambda: f.organisation(T.HOSPITAL).pk,
        "police": lambda: built.police.pk,
        "inactive": lambda: Organisation.objects.create(name="Opgeheven jeugdbescherming",
                                                        type=T.YOUTH_PROTECTION, is_active=False).pk,
        "self": lambda: built.vt.organisation_id,
        "text": "Lokaal team Tilburg",
    }[target]
    to = to() if callable(to) else to
    before = state(built.case)

    response = offer(login_as(built.vt), built, to)

    problem = assert_problem(response, 400)
    assert invalid_names(response) == {"toOrganisation"}
    assert problem["invalidParams"][0]["reason"]  # a Dutch sentence, not a code
    assert state(built.case) == before


def test_only_the_responsible_organisation_can_offer(login_as, built):
    before = state(built.case)

    response = offer(login_as(built.team), built, built.vt.organisation_id)

    assert_not_permitted(response, built.case, before, built.team, "cases.offer_handover")


def test_one_offer_at_a_time(login_as, built):
    client = login_as(built.vt)
    assert offer(client, built, built.team.organisation_id).status_code == 201
    before = state(built.case)

    response = offer(client, built, Organisation.objects.get(type=T.SAFETY_HOUSE).pk)

    assert "al een overdracht open" in assert_problem(response, 400)["invalidParams"][0]["reason"]
    assert state(built.case) == before


@pytest.fixture
def offered(built):
    return services.offer_handover(actor_for(built.vt), built.case,
                                   to_organisation_id=built.team.organisation_id)


def accept(client, built, handover):
    return client.post(case_url(built.case, f"handovers/{handover.pk}/accept/"))


def test_acceptance_by_an_organisation_outside_the_case_is_404(login_as, built, offered):
    before = state(built.case)

    assert_problem(accept(login_as(built.goirle), built, offered), 404)

    assert state(built.case) == before


@pytest.mark.parametrize("who", ["sender", "police", "goirle_colleague_of_team"])
def test_acceptance_by_the_wrong_organisation_is_refused(login_as, built, offered, who):
    member = {
        "sender": lambda: built.vt,
        "police": lambda: f.membership(Role.PARTNER_LIAISON, built.police),
        # Same kind of organisation as the receiver, but not the receiver; it takes part here.
        "goirle_colleague_of_team": lambda: _participating_goirle(built),
    }[who]()
    before = state(built.case)

    response = accept(login_as(member), built, offered)

    assert_not_permitted(response, built.case, before, member, "cases.accept_handover")
    offered.refresh_from_db()
    assert offered.status == "offered"


def _participating_goirle(built):
    services.add_participant(actor_for(built.vt), built.case, built.goirle.organisation,
                             task="Broer woont in Goirle", legal_basis="consent")
    return built.goirle


def test_a_second_acceptance_is_refused_and_changes_nothing(login_as, built, offered):
    client = login_as(built.team)
    assert accept(client, built, offered).status_code == 200
    before = state(built.case)

    response = accept(client, built, offered)

    problem = assert_problem(response, 409)  # the state refuses it: not "velden ongeldig"
    assert problem["code"] == "state_conflict" and "al geaccepteerd" in problem["detail"]
    assert state(built.case) == before


def test_a_declined_or_withdrawn_offer_cannot_be_accepted(login_as, built, offered):
    declined = post_json(login_as(built.team), case_url(built.case, f"handovers/{offered.pk}/decline/"),
                         {"reason": "Gezin is naar Goirle verhuisd."})
    assert declined.status_code == 200, declined.content
    before = state(built.case)

    assert_problem(accept(login_as(built.team), built, offered), 409)
    assert_problem(login_as(built.vt).post(case_url(built.case, f"handovers/{offered.pk}/withdraw/")),
                   409)
    assert state(built.case) == before


def test_declining_needs_a_reason_and_only_the_sender_withdraws(login_as, built, offered):
    before = state(built.case)
    team = login_as(built.team)

    no_reason = post_json(team, case_url(built.case, f"handovers/{offered.pk}/decline/"),
                          {"reason": "  "})
    assert invalid_names(no_reason) == {"reason"} and no_reason.status_code == 400
    assert state(built.case) == before

    by_receiver = team.post(case_url(built.case, f"handovers/{offered.pk}/withdraw/"))

    assert_not_permitted(by_receiver, built.case, before, built.team, "cases.withdraw_handover")
    offered.refresh_from_db()
    assert offered.status == "offered"


def test_malformed_json_is_a_problem_and_changes_nothing(login_as, built):
    before = state(built.case)

    response = login_as(built.vt).post(case_url(built.case, "handovers/"), "{toOrganisation: 3",
                                       content_type="application/json")

    assert "geen geldige JSON" in assert_problem(response, 400)["detail"]
    assert state(built.case) == before
    assert not Handover.objects.exists()
    assert json.loads(response.content)["status"] == 400
