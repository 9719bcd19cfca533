"""Issue 14's "done when": a handover offered by ``intake`` shows up in the coordinator's bell and in
the mail (the console in development; here Django's test outbox) without a name in it.

Ilse (intake, Veilig Thuis) offers oversight of safety of a family's case to the local team of
Tilburg on the case page; the worker sends the mail; Cor (coordinator) sees "1 ongelezen" in the
header, opens the list, opens the notification and lands on the case with the handover to accept.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.notifications.models import Notification
from eendak.testing import factories
from eendak.testing.tasks import run_queued_tasks

from .test_journeys import TEAM, folded_form, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_handover_reaches_the_coordinators_bell_and_mail(journey, demo_accounts):
    vt = Organisation.objects.get(type=T.VEILIG_THUIS, memberships__user=demo_accounts["intake"])
    household = factories.HouseholdFactory()
    persons = [factories.person_in(household, "parent"), factories.person_in(household, "child")]
    case = factories.case_for(household, vt, responsible=vt)
    names = {p.surname for p in persons} | {p.given_names for p in persons}

    intake = journey.as_user("intake")
    with journey.step("overdracht aangeboden (intake)"):
        intake.goto(f"/casussen/{case.pk}/")
        step = folded_form(intake, "Zicht op veiligheid overdragen")
        step.get_by_label("Overdragen aan").select_option(label=TEAM)
        step.get_by_role("button", name="Overdracht aanbieden").click()
        expect(messages(intake)).to_contain_text("De overdracht is aangeboden.")

    with journey.step("de mail gaat uit zonder naam (verwerker)"):
        run_queued_tasks()
        coordinator_mail = [m for m in mail.outbox if m.to == [demo_accounts["coordinator"].email]]
        assert len(coordinator_mail) == 1, [m.to for m in mail.outbox]
        message = coordinator_mail[0]
        assert "Er staat iets voor u klaar in Eendak" in message.body
        for secret in [*names, case.reference, household.reference]:
            assert secret not in message.body and secret not in message.subject

    coordinator = journey.as_user("coordinator")
    with journey.step("de bel telt de overdracht (coordinator)"):
        bell = coordinator.get_by_test_id("bell")
        expect(bell).to_contain_text("1 ongelezen")
        bell.click()
        expect(coordinator.get_by_role("heading", level=1)).to_have_text("Meldingen voor mij")
        link = coordinator.get_by_role("link", name=f"Overdracht aangeboden voor casus {case.reference}")
        expect(link).to_be_visible()
        for name in names:
            expect(coordinator.locator("main")).not_to_contain_text(name)
        link.click()
        expect(coordinator).to_have_url(re.compile(rf"/casussen/{case.pk}/$"))
        expect(coordinator.get_by_role("button", name="Overdracht accepteren")).to_be_visible()
        expect(coordinator.get_by_test_id("bell")).to_contain_text("0 ongelezen")
    assert Notification.objects.get(membership__user=demo_accounts["coordinator"]).read_at
