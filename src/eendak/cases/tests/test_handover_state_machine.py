"""Random sequences of case steps never leave a case with zero or two responsible organisations."""

import contextlib

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from eendak.cases import services
from eendak.cases.models import Case, Handover, HandoverStatus
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Organisation
from eendak.core.reference import ensure_reference_data
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for

RECEIVER_NAMES = ["Veilig Thuis Midden-Brabant", "Lokaal team Tilburg",
                  "Zorg- en Veiligheidshuis Hart van Brabant (Veiligheidsteam)",
                  "Jeugdbescherming Brabant", "Elisabeth-TweeSteden Ziekenhuis (Spoedplein)"]


class CaseSteps(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        ensure_reference_data()
        self.orgs = {name: Organisation.objects.get(name=name) for name in RECEIVER_NAMES}
        roles = {"Veilig Thuis Midden-Brabant": Role.VT_MONITOR,
                 "Lokaal team Tilburg": Role.CASE_COORDINATOR,
                 "Zorg- en Veiligheidshuis Hart van Brabant (Veiligheidsteam)":
                     Role.SAFETY_TEAM_MEMBER,
                 "Jeugdbescherming Brabant": Role.SAFETY_TEAM_MEMBER,
                 "Elisabeth-TweeSteden Ziekenhuis (Spoedplein)": Role.HOSPITAL_CLINICIAN}
        self.actors = {name: actor_for(f.membership(roles[name], org))
                       for name, org in self.orgs.items()}
        household = f.HouseholdFactory()
        f.person_in(household, "parent")
        vt = self.orgs["Veilig Thuis Midden-Brabant"]
        self.case = f.case_for(household, vt, self.orgs["Lokaal team Tilburg"], responsible=vt)

    def _attempt(self, step, *args, **kwargs):
        # Refusals — about who acts (NotPermitted) or about the data (RuleViolation) — are fine;
        # the invariants say what must never happen.
        with contextlib.suppress(NotPermitted, RuleViolation):
            step(*args, **kwargs)

    @rule(sender=st.sampled_from(RECEIVER_NAMES), receiver=st.sampled_from(RECEIVER_NAMES))
    def offer(self, sender, receiver):
        self._attempt(services.offer_handover, self.actors[sender], self.case,
                      to_organisation_id=self.orgs[receiver].pk)

    @rule(who=st.sampled_from(RECEIVER_NAMES))
    def accept(self, who):
        pending = Handover.objects.filter(case=self.case, status=HandoverStatus.OFFERED).first()
        if pending:
            self._attempt(services.accept_handover, self.actors[who], pending)

    @rule(who=st.sampled_from(RECEIVER_NAMES))
    def decline(self, who):
        pending = Handover.objects.filter(case=self.case, status=HandoverStatus.OFFERED).first()
        if pending:
            self._attempt(services.decline_handover, self.actors[who], pending, reason="Past niet.")

    @rule(who=st.sampled_from(RECEIVER_NAMES))
    def withdraw(self, who):
        pending = Handover.objects.filter(case=self.case, status=HandoverStatus.OFFERED).first()
        if pending:
            self._attempt(services.withdraw_handover, self.actors[who], pending)

    @rule(who=st.sampled_from(RECEIVER_NAMES))
    def close(self, who):
        self._attempt(services.close_case, self.actors[who], self.case, reason="stable_safety")

    @invariant()
    def exactly_one_responsible_organisation(self):
        if not hasattr(self, "case"):
            return
        case = Case.objects.get(pk=self.case.pk)
        assert case.responsible_organisation_id is not None
        accepted = list(Handover.objects.filter(case=case, status=HandoverStatus.ACCEPTED)
                        .order_by("responded_at", "id"))
        expected = accepted[-1].to_organisation_id if accepted else self.orgs[
            "Veilig Thuis Midden-Brabant"].pk
        assert case.responsible_organisation_id == expected
        assert Handover.objects.filter(case=case, status=HandoverStatus.OFFERED).count() <= 1
        if case.status == "closed":
            assert not Handover.objects.filter(case=case, status=HandoverStatus.OFFERED).exists()
        else:
            # The responsible organisation always takes part in the file it is responsible for.
            assert case.participations.filter(organisation_id=case.responsible_organisation_id,
                                              ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_random_step_sequences_keep_one_owner_of_safety():
    machine = CaseSteps.TestCase
    machine.settings = settings(max_examples=30, stateful_step_count=15, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow])
    machine().runTest()
