"""The Expertisecentrum's and the help catalogue's demo: after seeding, each of its users finds what
the issue promises — trainings held and to come (one full, with a waiting list), competency records
that differ (``wijkteam`` misses what a coming session builds, a certificate expired), questions in
every state (one referred, leaving only its reference), experts and requests in every state, the Week
tegen Kindermishandeling, the dialogue leaders' year, and a sociale kaart with long and stale waiting
times and an offer wanted beyond its capacity — without a path from the centre to any case."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import PlanAction
from eendak.cases.queries import offer_demand
from eendak.catalogue.models import Offer, Provider
from eendak.catalogue.queries import is_long_wait, is_stale
from eendak.core.models import Membership, Municipality, User
from eendak.expertise import queries
from eendak.expertise.models import (
    AwarenessEvent,
    Campaign,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    DialogueSignal,
    Enrolment,
    Evaluation,
    Expert,
    ExpertRequest,
    Question,
    Session,
    Standard,
)
from eendak.expertise.workflow import (
    Audience,
    EnrolmentStatus,
    EventStatus,
    ExpertRequestStatus,
    QuestionStatus,
    Referral,
    SessionStatus,
    SignalDestination,
)
from eendak.intake.models import AdviceRequest
from eendak.persons.permissions import visible_households


def _acting(username):
    membership = Membership.objects.select_related("user", "organisation").get(user__username=username)
    user = membership.user
    user.acting_membership = membership
    return user


@pytest.fixture
def expertise_demo(seed):
    """One data set for every check: seeding is what costs."""
    return seed(persons=400, seed=1)


def test_the_expertisecentrum_and_the_help_catalogue_have_a_demo(expertise_demo):
    _werken_aan_veiligheid()
    _trainings()
    _competency_records()
    _questions()
    _experts()
    _awareness()
    _dialogue()
    _help_catalogue()
    # The centre's staff has the client-data capability but takes part in no case: it sees none.
    assert not visible_households(_acting("expertise")).exists()


def _werken_aan_veiligheid():
    assert Standard.objects.count() == 4
    assert Competency.objects.count() == 10
    assert Competency.objects.filter(required=True, is_active=True).count() == 9


def _trainings():
    assert Course.objects.count() == 6
    audiences = {a for course in Course.objects.all() for a in course.audiences}
    assert {Audience.LOCAL_TEAMS, Audience.TEACHERS, Audience.GPS, Audience.VOLUNTEERS} <= audiences
    now = timezone.now()
    held = Session.objects.filter(status=SessionStatus.HELD)
    assert held.count() == 8 and not held.filter(starts_at__gte=now).exists()
    assert Enrolment.objects.filter(session__in=held, attended=True).count() >= 40
    assert Enrolment.objects.filter(session__in=held, attended=False).exists(), "someone was absent"
    assert not Enrolment.objects.filter(attended=True, certificate_number__isnull=True).exists()
    assert Evaluation.objects.count() >= 20
    assert Session.objects.filter(status=SessionStatus.DRAFT, starts_at__gt=now).count() == 1
    assert Session.objects.filter(status=SessionStatus.CANCELLED).count() == 1
    open_sessions = list(queries.open_sessions())
    assert len(open_sessions) == 5
    full = [s for s in open_sessions if s.waiting]
    assert len(full) == 1 and full[0].taken == full[0].capacity
    # The cancelled place went to the first on the waiting list.
    assert full[0].enrolments.filter(status=EnrolmentStatus.CANCELLED).count() == 1
    # Registrations from the public pages, one of them a local-team worker with her work address.
    public = Enrolment.objects.filter(submission_key__isnull=False)
    assert public.filter(user__isnull=True).count() >= 10
    assert public.filter(user__isnull=False, attended=True).exists()
    # Registered before the session, evaluated after it.
    assert not Enrolment.objects.filter(registered_at__gte=now).exists()
    for enrolment in Enrolment.objects.filter(session__in=held).select_related("session")[:50]:
        assert enrolment.registered_at < enrolment.session.starts_at


def _competency_records():
    wendy = User.objects.get(username="wijkteam")
    record = queries.own_record(wendy)
    assert record.missing, "wijkteam misses a competency"
    missing = {c.pk for c in record.missing}
    building = queries.open_sessions().filter(course__competencies__in=missing)
    assert building.exists(), "a published session builds what wijkteam misses"
    assert not building.filter(enrolments__user=wendy).exists(), "she can still enrol"
    # The coordinator attended the course that builds it, but that certificate has expired.
    coordinator = User.objects.get(username="coordinator")
    expired = queries.own_record(coordinator)
    attended = {c.pk for e in Enrolment.objects.filter(user=coordinator, attended=True)
                for c in e.session.course.competencies.all()}
    assert {c.pk for c in expired.missing} & attended
    shares = {s.team.municipality.name: s.share for s in queries.team_shares() if s.workers}
    assert len(shares) >= 6
    assert 100 in shares.values() and 0 in shares.values()
    assert any(0 < share < 100 for share in shares.values())
    assert 0 < shares["Tilburg"] < 100


def _questions():
    open_questions = Question.objects.filter(status=QuestionStatus.OPEN)
    assert open_questions.count() >= 3
    assert all(q.anonymous and not q.contact_name for q in open_questions)
    answered = Question.objects.filter(status=QuestionStatus.ANSWERED)
    assert answered.count() >= 5
    assert all(q.answer and q.follow_up and q.received_at < q.answered_at <= timezone.now()
               for q in answered)
    assert answered.filter(anonymous=False).exclude(contact_email="").exists()
    referred = Question.objects.get(status=QuestionStatus.REFERRED)
    assert referred.referred_as == Referral.ADVICE
    assert "blauwe plekken" not in referred.question and not referred.contact_name
    advice = AdviceRequest.objects.get(reference=referred.referred_reference)
    assert "blauwe plekken" in advice.question and advice.organisation.type == "veilig_thuis"


def _experts():
    assert Expert.objects.filter(is_active=True).count() >= 5
    statuses = set(ExpertRequest.objects.values_list("status", flat=True))
    assert {ExpertRequestStatus.REQUESTED, ExpertRequestStatus.MATCHED, ExpertRequestStatus.SCHEDULED,
            ExpertRequestStatus.DONE} <= statuses
    done = ExpertRequest.objects.filter(status=ExpertRequestStatus.DONE)
    assert all(r.debrief and r.expert and r.scheduled_at < timezone.now() for r in done)
    assert done.filter(aftercare_offered=True).exists()
    # A local-team worker asked for one.
    assert ExpertRequest.objects.filter(requested_by_organisation__type="local_team").exists()


def _awareness():
    campaigns = Campaign.objects.filter(title__startswith="Week tegen Kindermishandeling")
    assert campaigns.count() == 2 and all(c.starts_on.month == 11 for c in campaigns)
    held = AwarenessEvent.objects.filter(status=EventStatus.HELD)
    assert held.filter(campaign__in=campaigns).exists() and all(e.reach for e in held)
    assert held.filter(kind="school_session").exists()
    coming = [e for e in queries.public_events() if e.registered]
    assert len(coming) >= 2
    assert queries.awareness_reach(held.latest("starts_at").starts_at.year) > 0


def _dialogue():
    leaders = DialogueLeader.objects.all()
    assert leaders.count() == 14
    assert set(leaders.values_list("community", flat=True)) == {"somali", "turkish", "moroccan"}
    assert set(leaders.values_list("trained_by", flat=True)) == {"Stichting Kezban"}
    year_ago = timezone.localdate() - timedelta(days=365)
    meetings = DialogueMeeting.objects.filter(held_on__gt=year_ago)
    assert meetings.count() == DialogueMeeting.objects.count() == 30
    assert set(meetings.values_list("setting", flat=True)) == {
        "parents_room", "community_centre", "self_organisation", "integration_course"}
    partners = set(meetings.values_list("partner", flat=True))
    assert {"GGD Hart voor Brabant", "Contour de Twern"} <= partners
    signals = DialogueSignal.objects.all()
    assert signals.count() == 3
    passed = signals.get(passed_to=SignalDestination.VEILIG_THUIS)
    assert AdviceRequest.objects.filter(reference=passed.veilig_thuis_reference, anonymous=True).exists()
    assert "bedreigingen" not in passed.text


def _help_catalogue():
    assert 10 <= Provider.objects.count() <= 15
    assert Provider.objects.filter(organisation__isnull=False).count() >= 3
    offers = list(Offer.objects.filter(is_active=True))
    assert any(is_long_wait(o) for o in offers) and any(is_stale(o) for o in offers)
    for municipality in Municipality.objects.all():
        assert Offer.objects.filter(municipalities=municipality).count() >= 5, municipality.name
    # GGz Breburg kept its own waiting time.
    assert Offer.objects.filter(provider__name="GGz Breburg", updated_by__username="ggz").exists()
    # Local-team workers picked offers in their families' plans; one is wanted beyond its capacity.
    actions = PlanAction.objects.filter(offer__isnull=False)
    assert actions.count() >= 10
    assert set(actions.values_list("owner_organisation__type", flat=True)) == {"local_team"}
    rows = offer_demand()
    exceeds = [row for row in rows if row["exceeds"]]
    assert len(exceeds) == 1 and exceeds[0]["median_days_waiting"] > 14


def test_a_reset_replaces_the_expertise_demo_without_doubling_it(seed):
    seed(persons=60, seed=2)
    counts = _counts()
    advice = AdviceRequest.objects.filter(is_synthetic=True).count()
    seed(persons=60, seed=2, reset=True)
    assert _counts() == counts
    # The advice requests the referrals made at Veilig Thuis went with the rest (and the Spoedplein's
    # consultations with its own): as many as before, not twice as many.
    assert AdviceRequest.objects.filter(is_synthetic=True).count() == advice


def _counts():
    return [model.objects.count() for model in (
        Standard, Competency, Course, Session, Enrolment, Question, Expert, ExpertRequest, Campaign,
        AwarenessEvent, DialogueLeader, DialogueMeeting, Provider, Offer)]
