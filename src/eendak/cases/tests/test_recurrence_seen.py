"""A recurrence signal leaves the signals once the signalled organisation marks it as seen."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.cases import queries, services
from eendak.cases.models import Recurrence
from eendak.intake import services as intake

from .views_helpers import assert_refused


@pytest.mark.django_db
def test_marking_seen_clears_the_signal_for_that_organisation_only(
        open_case, vt_actor, team_actor, tilburg_team, goirle_actor, login_as):
    services.close_case(vt_actor, open_case, reason="stable_safety")
    person = open_case.household.members.first().person
    intake_member = vt_actor.membership
    intake.register_report(vt_actor, intake.ReportData(
        channel="phone", account="Weer zorgen.", violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Buurman"),
        involved=[intake.InvolvedPerson("victim", person=person)]))
    recurrence = Recurrence.objects.get()
    assert "recurrence" in {s.kind for s in queries.signals(vt_actor.user)}
    other = login_as(goirle_actor.membership)
    assert_refused(other.post(reverse("cases:recurrence_seen", args=[recurrence.pk])),
                   goirle_actor.membership, "cases.acknowledge_recurrence")
    recurrence.refresh_from_db()
    assert recurrence.seen_at is None
    client = login_as(intake_member)
    response = client.post(reverse("cases:recurrence_seen", args=[recurrence.pk]))
    assert response.status_code == 302
    recurrence.refresh_from_db()
    assert recurrence.seen_at is not None
    assert "recurrence" not in {s.kind for s in queries.signals(vt_actor.user)}
    assert AccessLogEntry.objects.filter(event="case.recurrence_seen", outcome="success").exists()
