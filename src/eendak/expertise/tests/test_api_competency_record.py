"""``GET /my-competencies/``: a local-team worker's own competency record names them, so every look
at it is a read in the access log — the same entry as the screen's (/expertisecentrum/
mijn-competenties/): the event, the record's owner as the object, and whether they meet the
standard or how much is missing."""

import pytest

from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.expertise import services
from eendak.expertise.events import Event

from .conftest import actor_for
from .views_support import hold, url

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _read_by(membership) -> tuple:
    entry = AccessLogEntry.objects.filter(user_id=membership.user_id).latest("id")
    return (entry.event, entry.action, entry.outcome, entry.organisation_id, entry.role,
            entry.object_type, entry.object_id, entry.detail)


def test_reading_ones_own_record_is_logged_as_on_the_screen(login_as, worker, session, staff_actor):
    me = login_as(worker)

    assert me.get(f"{API}/my-competencies/").status_code == 200
    api = _read_by(worker)
    assert api[:3] == (Event.COMPETENCIES_READ, Action.READ, Outcome.SUCCESS)
    assert api[-2:] == (str(worker.user_id), "eigen competenties: 2 ontbreken")
    assert me.get(url("my_competencies")).status_code == 200
    assert _read_by(worker) == api

    # After the training: the record meets the standard, and the entry says so.
    enrolment = services.enrol_self(actor_for(worker), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    assert me.get(f"{API}/my-competencies/").status_code == 200
    api = _read_by(worker)
    assert api[-1] == "eigen competenties: voldoet"
    assert me.get(url("my_competencies")).status_code == 200
    assert _read_by(worker) == api
