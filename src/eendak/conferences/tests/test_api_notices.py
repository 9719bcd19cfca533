"""Feedback the Veiligheidsteam's work owes an organisation, over the API: listed for that
organisation, marked seen by it alone."""

import pytest

from eendak.conferences.models import Notice

from .api_support import (
    API,
    assert_read,
    assert_refused,
    ok,
    post_json,
    requested,
    state,
)

pytestmark = pytest.mark.django_db

NOTICES = f"{API}/notices/"


def test_veilig_thuis_reads_the_request_it_owes_a_decision_and_marks_it_seen(login_as, team_case,
                                                                            liaison):
    _case, persons, vt_membership = team_case
    referral = requested(team_case, liaison)
    client = login_as(vt_membership)

    [notice] = ok(client.get(NOTICES))["results"]
    assert notice["referral"]["id"] == referral.pk and "vraagt Veilig Thuis" in notice["text"]
    assert_read(vt_membership, "conferences.notices_read", persons)

    seen = ok(post_json(client, f"{NOTICES}{notice['id']}/acknowledge/"))
    assert seen["seenAt"]
    assert ok(client.get(NOTICES))["results"] == []
    assert [n["id"] for n in ok(client.get(NOTICES, {"all": "true"}))["results"]] == [notice["id"]]


def test_feedback_seen_already_changes_nothing_and_the_look_is_logged(login_as, team_case, liaison):
    _case, persons, vt_membership = team_case
    requested(team_case, liaison)
    notice = Notice.objects.get()
    client = login_as(vt_membership)
    first = ok(post_json(client, f"{NOTICES}{notice.pk}/acknowledge/"))["seenAt"]
    before = state()

    again = ok(post_json(client, f"{NOTICES}{notice.pk}/acknowledge/"))

    assert again["seenAt"] == first and state() == before
    assert_read(vt_membership, "conferences.notices_read", persons)


def test_a_notice_for_another_organisation_is_a_logged_404(login_as, team_case, liaison):
    requested(team_case, liaison)
    notice = Notice.objects.get()
    before = state()

    assert ok(login_as(liaison).get(NOTICES))["results"] == []
    assert_refused(post_json(login_as(liaison), f"{NOTICES}{notice.pk}/acknowledge/"), liaison,
                   "conferences.acknowledge_notice", before)


def test_a_role_without_client_data_has_no_notices(login_as, log_admin):
    assert_refused(login_as(log_admin).get(NOTICES), log_admin, "conferences.view_notices")
