"""The Veiligheidsteam's demo work: every team role finds real work on its start page, written
through the team's services, dated plausibly, and the consulting partner sees only its household."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.audit.services import verify_chain
from eendak.cases.models import ActionStatus, HandoverStatus, JournalEntry, Phase, PlanAction
from eendak.cases.queries import signals
from eendak.conferences import queries, workflow
from eendak.conferences.models import (
    CARE_KINDS,
    Conference,
    Contribution,
    Measure,
    MeasureKind,
    Notice,
    Referral,
    TriageDecision,
)
from eendak.conferences.permissions import invited_items, visible_conferences
from eendak.conferences.workflow import (
    ConferenceStatus,
    Informed,
    InvitationKind,
    ReferralStatus,
    TriageOutcome,
)
from eendak.core.models import Membership, User
from eendak.core.roles import OrganisationType
from eendak.core.work import start_page_sections
from eendak.demo.conferences import COLLEAGUES, HISTORIES
from eendak.demo.history import TEAM_PREFIX
from eendak.intake.models import Decision, FeedbackTask, InformingTask, InstrumentResult, Report
from eendak.intake.queries import work_queue
from eendak.intake.workflow import DecisionKind, ReportStatus
from eendak.persons.permissions import visible_households

from .conftest import seed_for_module


def _acting(username):
    membership = Membership.objects.select_related("user", "organisation").get(user__username=username)
    user = membership.user
    user.acting_membership = membership
    return user


@pytest.fixture(scope="module")
def _module_team_demo(module_transaction, tmp_path_factory):
    return seed_for_module(tmp_path_factory, persons=80, seed=2)


@pytest.fixture
def team_demo(_module_team_demo, db):
    """A data set with room for every family of the team's demo (about 25 households), seeded once
    for the module (``conftest.seed_for_module``): seeding is what costs, every test only reads."""
    return _module_team_demo


def _kinds(found, kind):
    return [signal for signal in found if signal.kind == kind]


def test_every_team_role_has_work_on_its_start_page(team_demo):
    _team_member()
    _police()
    _veilig_thuis()
    _consulting_partner()
    _local_team()


def _team_member():
    member = _acting("veiligheidsteam")
    work = queries.team_work(member)
    assert work.triage_on == workflow.coming_triage(timezone.localdate())
    assert len(work.agenda) >= 3, "this week's triage list"
    # One came back from last week's triage with "not yet".
    carried = [r for r in work.agenda
               if r.triage_decisions.filter(outcome=TriageOutcome.NOT_YET,
                                            triage_on__lt=work.triage_on).exists()]
    assert len(carried) == 1
    assert work.conferences and all(c.status == ConferenceStatus.PLANNED for c in work.conferences)
    assert work.actions_due
    assert [m.kind for m in work.measures_ending] == [MeasureKind.HOUSE_BAN]
    assert work.without_conference, "the family accepted last week has had no conference yet"
    # It coordinates the families it accepted, and their cases are its own.
    accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED).select_related("case")
    assert accepted.count() == 3
    for referral in accepted:
        assert referral.coordinator.username == "veiligheidsteam"
        assert referral.case.coordinator == referral.coordinator
        assert referral.case.responsible_organisation.type == OrganisationType.SAFETY_HOUSE
    assert visible_households(member).count() == 4  # the three and the one handed back
    section = next(s for s in start_page_sections(member) if s.title == "Veiligheidsteam")
    assert [str(link.label) for link in section.links][0] == "Werkvoorraad Veiligheidsteam"


def _police():
    police = _acting("politie")
    work = queries.team_work(_acting("veiligheidsteam"))
    assert list(queries.triage_list(police, work.triage_on)) == work.agenda
    statuses = set(visible_conferences(police).values_list("status", flat=True))
    assert statuses == {ConferenceStatus.PLANNED, ConferenceStatus.HELD}
    found = signals(police)
    house_ban = _kinds(found, "measure_ending")
    assert len(house_ban) == 1 and house_ban[0].label == "Tijdelijk huisverbod loopt af"
    assert 0 <= (house_ban[0].due - timezone.localdate()).days <= 3
    assert _kinds(found, "action_overdue"), "the police's conference action is overdue"
    feedback = _kinds(found, "safety_team_notice")
    assert len(feedback) == 1 and "Veilig Thuis heeft het gezin aangemeld" in feedback[0].detail
    # Its own request still waits for Veilig Thuis.
    assert Referral.objects.filter(status=ReferralStatus.REQUESTED,
                                   requesting_organisation=police.acting_membership.organisation,
                                   requested_by=police).count() == 1


def _veilig_thuis():
    intake = _acting("intake")
    notices = list(queries.notices_for(intake))
    texts = " | ".join(n.text for n in notices)
    assert "vraagt Veilig Thuis dit gezin aan te melden" in texts
    assert "besluit nog niet" in texts and "niet geaccepteerd" in texts
    assert "geeft het gezin terug" in texts
    assert len(_kinds(signals(intake), "safety_team_notice")) == len(notices)
    # Older feedback was read when it came; what waits is from the last two weeks.
    two_weeks_ago = timezone.now() - timedelta(days=15)
    assert all(n.created_at > two_weeks_ago for n in notices)
    assert Notice.objects.filter(seen_at__isnull=False).exists()


def _consulting_partner():
    ggz = _acting("ggz")
    items = list(invited_items(ggz))
    assert len(items) == 1
    item = items[0]
    assert item.conference.status == ConferenceStatus.PLANNED
    assert item.conference.starts_at > timezone.now()
    assert item.invitations.get(organisation=ggz.acting_membership.organisation).kind == (
        InvitationKind.CONSULTING)
    # The agenda is its only way to that household: it takes part in no case of it.
    assert not visible_households(ggz).filter(pk=item.referral.case.household_id).exists()
    assert visible_households(ggz).count() >= 3  # the cases it treats in
    # What it brought into the conference held before stays its own, marked for the conference only.
    own = Contribution.objects.filter(organisation=ggz.acting_membership.organisation)
    assert own.count() == 1 and own.get().conference_only
    assert own.get().item.conference.status == ConferenceStatus.HELD
    assert not invited_items(ggz).filter(pk=own.get().item_id).exists()


def test_a_held_conference_has_contributions_informing_decisions_and_actions_in_the_plan(team_demo):
    held = Conference.objects.filter(status=ConferenceStatus.HELD).order_by("-starts_at").first()
    assert held.starts_at < timezone.now() - timedelta(days=9)
    items = list(held.items.all())
    assert len(items) == 2
    contributions = Contribution.objects.filter(item__conference=held)
    assert contributions.values("organisation").distinct().count() >= 5
    assert all(c.legal_basis for c in contributions)
    conference_only = contributions.get(conference_only=True)
    case = conference_only.item.referral.case
    assert not case.journal.filter(text__contains=conference_only.text).exists()
    shared = contributions.filter(conference_only=False).first()
    assert shared.item.referral.case.journal.filter(text__contains=shared.text).exists()
    informed = {item.informed: item for item in items}
    assert set(informed) == {Informed.UNSAFE, Informed.INFORMED}
    assert informed[Informed.UNSAFE].not_informed_reason
    assert all(item.decisions.exists() for item in items)
    actions = PlanAction.objects.filter(pk__in=[a.plan_action_id for item in items
                                                for a in item.actions.all()])
    assert actions.count() >= 5
    assert all(a.owner_id and a.owner_organisation_id and a.due_on for a in actions)
    assert {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE} <= set(
        actions.values_list("status", flat=True))
    assert all(a.goal.version.case_id == item.referral.case_id
               for item in items for a in PlanAction.objects.filter(
                   pk__in=item.actions.values("plan_action_id")))
    assert held.items.filter(invitations__attended=True).exists()
    coming = Conference.objects.get(status=ConferenceStatus.PLANNED)
    assert coming.items.count() == 2 and coming.starts_at > timezone.now()


def test_measures_of_justice_and_care_each_from_its_source(team_demo):
    measures = list(Measure.objects.select_related("case", "source_organisation", "person"))
    kinds = {m.kind for m in measures}
    assert {MeasureKind.HOUSE_BAN, MeasureKind.CONTACT_BAN, MeasureKind.PROBATION,
            MeasureKind.PROSECUTOR_DECISION, MeasureKind.CHILD_PROTECTION_REQUEST,
            MeasureKind.MENTAL_HEALTH, MeasureKind.ADDICTION_CARE, MeasureKind.SHELTER,
            MeasureKind.PERPETRATOR_APPROACH} <= kinds
    assert kinds & CARE_KINDS and kinds - CARE_KINDS
    sources = {m.kind: m.source_organisation.type for m in measures}
    assert sources[MeasureKind.HOUSE_BAN] == OrganisationType.POLICE
    assert sources[MeasureKind.PROSECUTOR_DECISION] == OrganisationType.PROSECUTION
    assert sources[MeasureKind.PROBATION] == OrganisationType.PROBATION
    assert sources[MeasureKind.MENTAL_HEALTH] == OrganisationType.MENTAL_HEALTH
    probation = next(m for m in measures if m.kind == MeasureKind.PROBATION)
    assert probation.conditions and probation.supports_condition_id
    for measure in measures:
        assert measure.case.participations.filter(organisation=measure.source_organisation).exists()
        if measure.person:
            assert measure.case.household.members.filter(person=measure.person).exists()
    house_ban = next(m for m in measures if m.kind == MeasureKind.HOUSE_BAN)
    assert house_ban.ends_on == house_ban.starts_on + timedelta(days=10)


def _local_team():
    """The family handed back at stable safety waits for the Tilburg team (the demo's wijkteam)."""
    referral = (Referral.objects.select_related("case", "handed_back_to")
                .exclude(reference__startswith=TEAM_PREFIX)  # the history's (``demo.history``)
                .get(status=ReferralStatus.HANDED_BACK))
    case = referral.case
    assert case.phase == Phase.STABLE_SAFETY
    assert referral.handed_back_to.name == "Lokaal team Tilburg"
    handover = case.handovers.get(status=HandoverStatus.OFFERED)
    assert handover.to_organisation == referral.handed_back_to
    told = set(referral.notices.filter(seen_at__isnull=True)
               .values_list("to_organisation__type", flat=True))
    assert told == {OrganisationType.VEILIG_THUIS, OrganisationType.LOCAL_TEAM}
    waiting = _kinds(signals(_acting("wijkteam")), "handover_waiting")
    assert [s.case for s in waiting] == [case]


def test_written_through_the_services_and_dated_in_the_past(team_demo):
    now = timezone.now()
    for referral in Referral.objects.exclude(status=ReferralStatus.REQUESTED):
        assert referral.is_synthetic
        assert referral.requested_at <= referral.referred_at < now
        # The triage date follows from the moment of referral, by the triage calendar's rule.
        first = referral.triage_decisions.order_by("decided_at").first()
        assert (first.triage_on if first else referral.triage_on) == (
            workflow.triage_date_for(referral.referred_at))
        assert referral.referred_at.weekday() < 5
    for decision in TriageDecision.objects.all():
        assert decision.decided_at.date() == decision.triage_on < timezone.localdate()
    assert not JournalEntry.objects.filter(occurred_at__gt=now).exists()
    assert not Contribution.objects.filter(created_at__gt=now).exists()
    # Every change was logged by the services and the log verifies.
    for event in ("conferences.referred", "conferences.triage_decided", "conferences.contributed",
                  "conferences.measure_recorded", "conferences.handed_back",
                  "case.handover_accepted"):
        assert AccessLogEntry.objects.filter(event=event).exists(), event
    assert verify_chain().ok
    # The colleagues at the partners write, but cannot log in.
    for colleague in COLLEAGUES.values():
        assert not User.objects.get(username=colleague.username).has_usable_password()


def test_every_referred_family_has_a_history_of_reports_and_a_risk_instrument(team_demo):
    """The team is for families with a long history of reports and a high risk: every referral's
    history, counted from the file when it was made, has earlier reports and an instrument's outcome,
    taken through the intake before the referral, and none of them still waits at Veilig Thuis."""
    referrals = list(Referral.objects.exclude(reference__startswith=TEAM_PREFIX)
                     .select_related("case"))  # not the history's bulk ones (``demo.history``)
    assert len(referrals) == len(HISTORIES)
    bands = set()
    for referral in referrals:
        history = referral.history
        if referral.status == ReferralStatus.REQUESTED:
            # A partner asked; Veilig Thuis has not referred yet: its history is not shared yet.
            assert history == {}, referral.reference
            continue
        asked_on = f"{timezone.localtime(referral.requested_at):%Y-%m-%d}"
        assert history["reports"] >= 2, referral.reference
        assert history["instruments"], f"{referral.reference}: no risk instrument in its history"
        assert history["first_report_on"] < asked_on
        assert all(i["assessed_on"] <= asked_on for i in history["instruments"])
        bands |= {(i["instrument"], i["band"]) for i in history["instruments"]}
        reports = Report.objects.filter(household_id=referral.case.household_id)
        assert reports.count() == history["reports"]
        assert not reports.filter(is_synthetic=False).exists()
        assert not reports.filter(received_at__gte=referral.requested_at).exists()
        assert not InstrumentResult.objects.filter(report__in=reports,
                                                   assessed_at__gte=referral.requested_at).exists()
        # Older reports ended and closed; the later ones were decided into the family's open case.
        assert set(reports.values_list("status", flat=True)) <= {ReportStatus.CLOSED,
                                                                 ReportStatus.DECIDED}
        for decision in Decision.objects.filter(report__in=reports).select_related("report"):
            if decision.kind == DecisionKind.END:
                assert decision.report.status == ReportStatus.CLOSED
                assert decision.report.closed_at < referral.requested_at
            else:
                assert decision.case_id == referral.case_id
        assert not FeedbackTask.objects.filter(report__in=reports, completed_at__isnull=True).exists()
        assert not InformingTask.objects.filter(report__in=reports, informed_on__isnull=True).exists()
    # A high risk, as the instruments put it.
    assert ("dash", "hoog risico") in bands and ("rihg", "huisverbod in beginsel") in bands
    # None of it in the intake's work queue or among its signals.
    intake = _acting("intake")
    households = [r.case.household_id for r in referrals]
    assert not work_queue(intake).filter(household_id__in=households).exists()
    waiting = [s for s in signals(intake) if s.kind in ("joint_conversation", "recurrence")
               and s.case.household_id in households]
    assert waiting == []
