"""Experience experts on screen: the pseudonymous pool kept by the centre, a request from anyone
working in Eendak (a local-team worker, from their start section), the suggestions that match, the
expert linked, the moment planned, the debrief with aftercare; the pool is the centre's only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.expertise import services
from eendak.expertise.events import Event
from eendak.expertise.models import Expert, ExpertRequest
from eendak.expertise.workflow import ExpertRequestStatus

from . import views_support
from .conftest import actor_for
from .views_support import assert_refused, d, field_error, reads, text_of, url, value_of

pytestmark = pytest.mark.django_db
analyst = views_support.analyst


def test_the_centre_keeps_the_pool_by_pseudonym(staff, login_as):
    client = login_as(staff)
    response = client.post(url("expert_create"), {
        "deskundige-pseudonym": "Roos", "deskundige-themes": ["partner_violence", "growing_up"],
        "deskundige-languages": "Nederlands, Turks", "deskundige-availability": "Doordeweeks",
        "deskundige-aftercare": "Na elke inzet een belafspraak.", "deskundige-is_active": "on"})
    assert response["Location"] == url("experts")
    expert = Expert.objects.get()
    assert expert.languages == ["Nederlands", "Turks"]
    page = text_of(client.get(url("experts")))
    assert "Roos" in page and "Partnergeweld, Opgroeien met geweld" in page
    assert "Na elke inzet een belafspraak." in page
    assert reads(staff, Event.EXPERTS_READ).exists()
    # A pseudonym in use: at the field, the rest kept.
    again = client.post(url("expert_create"), {
        "deskundige-pseudonym": "roos", "deskundige-themes": ["child_abuse"],
        "deskundige-languages": "Arabisch"})
    assert field_error(again, "deskundige-pseudonym") == "Deze schuilnaam is al in gebruik."
    assert value_of(again, "deskundige-languages") == "Arabisch"
    assert Expert.objects.count() == 1


def test_a_worker_asks_and_the_centre_matches_schedules_and_debriefs(staff, staff_actor, worker,
                                                                     login_as):
    roos = services.save_expert(staff_actor, pseudonym="Roos", themes=["child_abuse"],
                                languages=["Nederlands"])
    services.save_expert(staff_actor, pseudonym="Amal", themes=["honour_related"],
                         languages=["Arabisch"])
    me = login_as(worker)
    assert url("expert_request_new") in me.get("/").content.decode()
    wanted = timezone.localdate() + timedelta(days=14)
    missing = me.post(url("expert_request_new"), {
        "aanvraag-wanted_on": d(wanted), "aanvraag-themes": ["child_abuse"],
        "aanvraag-note": "Teamoverleg van 12 mensen"})
    assert field_error(missing, "aanvraag-purpose") == "Kies waarvoor de ervaringsdeskundige komt."
    assert value_of(missing, "aanvraag-wanted_on") == d(wanted)
    response = me.post(url("expert_request_new"), {
        "aanvraag-purpose": "team_meeting", "aanvraag-wanted_on": d(wanted),
        "aanvraag-themes": ["child_abuse"], "aanvraag-language": "Nederlands",
        "aanvraag-note": "Teamoverleg van 12 mensen"})
    assert response["Location"] == url("expert_request_new")
    assert "naar het Expertisecentrum gestuurd" in text_of(me.get(response["Location"]))
    request = ExpertRequest.objects.get()
    assert request.requested_by_organisation == worker.organisation
    assert request.requester == worker.user.get_full_name()
    assert_refused(me.get(url("expert_request_detail", request_id=request.pk)), worker,
                   "expertise.view_experts")

    client = login_as(staff)
    page = text_of(client.get(url("expert_request_detail", request_id=request.pk)))
    assert page.index("Roos") < page.index("Amal")  # the best match first
    response = client.post(url("expert_request_match", request_id=request.pk),
                           {"koppelen-expert": roos.pk})
    request.refresh_from_db()
    assert request.status == ExpertRequestStatus.MATCHED and request.expert == roos
    early = client.post(url("expert_request_schedule", request_id=request.pk),
                        {"inplannen-scheduled_at": "31-02-2026 10:00"})
    assert "Dit moment bestaat niet" in field_error(early, "inplannen-scheduled_at")
    when = timezone.localtime() - timedelta(hours=2)
    client.post(url("expert_request_schedule", request_id=request.pk),
                {"inplannen-scheduled_at": when.strftime("%Y-%m-%dT%H:%M")})
    request.refresh_from_db()
    assert request.status == ExpertRequestStatus.SCHEDULED
    empty = client.post(url("expert_request_debrief", request_id=request.pk),
                        {"nabespreking-aftercare_offered": "on"})
    assert field_error(empty, "nabespreking-debrief") == "Leg de nabespreking vast."
    client.post(url("expert_request_debrief", request_id=request.pk), {
        "nabespreking-debrief": "Indrukwekkend verhaal; team wil vervolg.",
        "nabespreking-aftercare_offered": "on"})
    request.refresh_from_db()
    assert request.status == ExpertRequestStatus.DONE and request.aftercare_offered
    page = text_of(client.get(url("expert_request_detail", request_id=request.pk)))
    assert "Indrukwekkend verhaal" in page and "Nazorg aangeboden ja" in page


def test_a_request_can_lapse_with_a_reason(staff, staff_actor, worker, login_as):
    request = services.request_expert(actor_for(worker), purpose="training",
                                      wanted_on=timezone.localdate() + timedelta(days=3),
                                      themes=[])
    client = login_as(staff)
    empty = client.post(url("expert_request_cancel", request_id=request.pk), {})
    assert field_error(empty, "vervallen-reason") == "Geef de reden."
    client.post(url("expert_request_cancel", request_id=request.pk),
                {"vervallen-reason": "Geen ervaringsdeskundige beschikbaar."})
    request.refresh_from_db()
    assert request.status == ExpertRequestStatus.CANCELLED
    assert "Geen ervaringsdeskundige beschikbaar." in request.note


def test_the_pool_is_the_centres_only(staff_actor, worker, intake, analyst, login_as):
    expert = services.save_expert(staff_actor, pseudonym="Roos", themes=["child_abuse"],
                                  languages=["Nederlands"])
    for member in (worker, intake, analyst):
        client = login_as(member)
        assert_refused(client.get(url("experts")), member, "expertise.view_experts")
        assert_refused(client.get(url("expert_edit", expert_id=expert.pk)), member,
                       "expertise.manage_experts")

