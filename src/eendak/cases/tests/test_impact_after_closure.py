"""The impact measurements T12 and T18 follow the family after its file closed (issue 12): closing
keeps Veilig Thuis's part, so Veilig Thuis — who records them (``cases.record_impact``) — is
signalled in "Mijn werk" while a moment's window is open and it is not recorded, and the closed
case's page lets it record the measurement. Nobody else is signalled: the local team's part ended
with the case, and an organisation that never took part sees neither the signal nor the case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.cases import impact, queries, services
from eendak.cases.models import Case, CaseStatus, ImpactMeasurement, ImpactMoment
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType, Role
from eendak.core.workdays import add_months
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, step, text_of

pytestmark = pytest.mark.django_db

T12_LABEL, T18_LABEL = "Impactmeting T12: na 12 maanden", "Impactmeting T18: na 18 maanden"


def _closed_at_ten_months(case, vt_actor, *, opened_months_ago: int = 10) -> Case:
    """The case opened ``opened_months_ago`` months ago and closed 10 months after its start."""
    opened = add_months(timezone.localdate(), -opened_months_ago)
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.make_aware(timezone.datetime(opened.year, opened.month, opened.day, 10)))
    case.refresh_from_db()
    services.close_case(vt_actor, case, reason="stable_safety")
    closed = add_months(opened, 10)
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.make_aware(timezone.datetime(closed.year, closed.month, closed.day, 16)))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    return case


def _impact(user, today):
    return [(s.case.pk, s.label, s.overdue) for s in queries.signals(user, today=today)
            if s.kind == "impact_due"]


def _measured(case, moment, on, actor):
    """As recorded on its date (the service refuses a date in the future)."""
    ImpactMeasurement.objects.create(
        case=case, moment=moment, measured_on=on, incidents=0, severity="none", new_reports=0,
        professional_safety=8, recorded_by=actor.user, organisation=actor.membership.organisation)


def test_a_case_closed_at_ten_months_signals_t12_and_t18_to_veilig_thuis(open_case, vt_actor):
    case = _closed_at_ten_months(open_case, vt_actor)
    t12, t18 = impact.due_on(case, ImpactMoment.T12), impact.due_on(case, ImpactMoment.T18)

    assert _impact(vt_actor.user, t12 - timedelta(days=31)) == []  # T12's window not open yet
    assert _impact(vt_actor.user, t12 - timedelta(days=30)) == [(case.pk, T12_LABEL, False)]
    _measured(case, ImpactMoment.T12, t12, vt_actor)
    assert _impact(vt_actor.user, t12 + timedelta(days=1)) == []

    assert _impact(vt_actor.user, t18 - timedelta(days=31)) == []  # T18's window not open yet
    assert _impact(vt_actor.user, t18 - timedelta(days=30)) == [(case.pk, T18_LABEL, False)]
    assert _impact(vt_actor.user, t18 + timedelta(days=30)) == [(case.pk, T18_LABEL, False)]
    _measured(case, ImpactMoment.T18, t18, vt_actor)
    assert _impact(vt_actor.user, t18) == []


def test_a_closed_case_is_followed_until_t18s_window_has_passed(open_case, vt_actor):
    """Unrecorded, T12 shows as late beside T18; past T18's window a closed case asks nothing more
    (an open one keeps asking: it is still followed)."""
    case = _closed_at_ten_months(open_case, vt_actor)
    t18 = impact.due_on(case, ImpactMoment.T18)
    assert _impact(vt_actor.user, t18) == [(case.pk, T12_LABEL, True), (case.pk, T18_LABEL, False)]
    assert _impact(vt_actor.user, t18 + timedelta(days=31)) == []


def test_only_veilig_thuis_taking_part_is_signalled(open_case, vt_actor, team_actor, goirle_actor):
    case = _closed_at_ten_months(open_case, vt_actor)
    other_vt = Organisation.objects.create(name="Veilig Thuis Brabant Noordoost",
                                           type=OrganisationType.VEILIG_THUIS)
    stranger = actor_for(f.membership(Role.VT_MONITOR, other_vt))
    in_window = impact.due_on(case, ImpactMoment.T18)
    assert _impact(vt_actor.user, in_window)
    for other in (team_actor, goirle_actor, stranger):
        assert _impact(other.user, in_window) == []
    # The team's part ended with the case: it may not record, the case is not even visible.
    assert not case.participations.filter(organisation=team_actor.organisation,
                                          ended_at__isnull=True).exists()
    assert not queries.visible_cases(stranger.user).filter(pk=case.pk).exists()


def test_mijn_werk_shows_t18_and_the_closed_case_page_records_it(open_case, vt_actor, team_actor,
                                                                 login_as):
    """Today in T18's window: "Mijn werk" names it for Veilig Thuis (not for the team), and the
    closed case's page offers "Impactmeting vastleggen", which records it; then the signal is gone."""
    case = _closed_at_ten_months(open_case, vt_actor, opened_months_ago=18)
    _measured(case, ImpactMoment.T12, impact.due_on(case, ImpactMoment.T12), vt_actor)
    client = login_as(vt_actor.membership)
    work = text_of(client.get(reverse("cases:my_cases")))
    assert "Impactmeting T18" in work
    assert "Impactmeting T18" not in text_of(login_as(team_actor.membership)
                                             .get(reverse("cases:my_cases")))

    page = client.get(case_url(case))
    assert page.status_code == 200 and "Impactmeting vastleggen" in text_of(page)
    form = client.get(case_url(case, "step_impact"), HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    response = step(client, case, "impact", {
        "moment": "t18", "measured_on": timezone.localdate().strftime("%d-%m-%Y"),
        "incidents": "0", "severity": "none", "new_reports": "0", "professional_safety": "8",
        "note": "Na afsluiten gemeten."}, prefix="impact")
    assert "De impactmeting is vastgelegd." in text_of(response)
    assert case.impact_measurements.filter(moment="t18").exists()
    assert "Impactmeting T18" not in text_of(client.get(reverse("cases:my_cases")))
