"""Fixtures for fuzzing the API: the WSGI application, callers in the roles the endpoints serve, and a
small world of real records so that generated requests also reach the code behind a found id.

The fuzzer talks to Django's WSGI handler in-process (no network, no server), inside the test's
transaction (see ``InProcessApp``).
"""

import json
import secrets
import traceback
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from eendak.acute import services as acute_services
from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.cases import services as case_services
from eendak.cases.models import Case, Handover, HandoverStatus
from eendak.catalogue import services as catalogue_services
from eendak.conferences import services as team_services
from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services as expertise_services
from eendak.expertise.models import Competency, Session, Standard
from eendak.intake.models import Report
from eendak.persons.registry import PersonData
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

from .support import API, auth

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The smallest PNG (1 x 1 pixel): a forensic photograph for the Spoedplein's world.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489000000"
                    "0d49444154789c6360000002000001e221bc330000000049454e44ae426082")


@dataclass
class ServerErrors:
    """Exceptions the application raised while answering, with their tracebacks (for the report)."""

    tracebacks: list[str] = field(default_factory=list)

    def record(self, sender, request=None, **kwargs):
        self.tracebacks.append(traceback.format_exc())

    def take(self) -> list[str]:
        taken, self.tracebacks = self.tracebacks, []
        return taken


class InProcessApp:
    """Django's WSGI handler, sharing the test's database connection and transaction.

    Behind a server Django closes the connection when a request starts and finishes; here that would
    close the test's own connection (PostgreSQL) in the middle of its transaction. So, as Django's
    test client does, the clean-up is switched off for each request, and the response is read and
    closed (which sends ``request_finished``) before it is switched on again.
    """

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


@pytest.fixture
def wsgi_app():
    return InProcessApp()


@pytest.fixture
def server_errors():
    errors = ServerErrors()
    got_request_exception.connect(errors.record)
    yield errors
    got_request_exception.disconnect(errors.record)



def token_for(membership, name="fuzzer") -> str:
    """A service token acting for ``membership``; only its hash is stored, as in production."""
    plain = secrets.token_urlsafe(32)
    ServiceToken.objects.create(membership=membership, name=name, prefix=plain[:8],
                                key_hash=hash_token(plain))
    return plain


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


def post(client: Client, url: str, data: dict):
    response = client.post(url, json.dumps(data), content_type="application/json")
    assert response.status_code in (200, 201), (url, response.status_code, response.content[:500])
    return json.loads(response.content)


POLICE_REPORT = {
    "channel": "police",
    "reporter": {"name": "Agent K. de Boer", "isProfessional": True, "role": "justitie_politie",
                 "sector": "politie", "organisationName": "Politie Tilburg"},
    "violenceTypes": ["partnergeweld", "kindermishandeling"],
    "duration": "1_5_jaar",
    "account": "Politie werd gebeld door buren na geschreeuw; moeder had een blauw oog.",
    "involved": [
        {"role": "victim", "newPerson": {"givenNames": "Fatma", "surname": "Yilmaz", "sex": "V",
                                         "dateOfBirth": "1988-04-12", "bsn": f.test_bsn()}},
        {"role": "suspect", "newPerson": {"givenNames": "Kees", "surname": "Berg", "sex": "M",
                                          "dateOfBirth": "1985-01-30"}},
        {"role": "child", "newPerson": {"givenNames": "Noah", "surname": "Berg", "sex": "M",
                                        "dateOfBirth": "2017-09-03"}},
    ],
}

ADVICE_REQUEST = {
    "channel": "phone", "askerType": "professional", "askerRole": "onderwijs",
    "question": "Een leerling vertelt over ruzies thuis; wat kan ik doen?",
    "violenceTypes": ["kindermishandeling"],
}


@dataclass
class World:
    """The callers (tokens by role) and the records the fuzzer's ids are drawn from."""

    tokens: dict[str, str]
    members: dict
    report: Report
    case: Case


@pytest.fixture
def world(region, settings, tmp_path) -> World:
    """One household's file, made the way people make it: a police report taken by Veilig Thuis
    (through the API), assessed and decided (conditions: the case opens, the Tilburg team joins);
    conditions, a plan with a goal and an action, the police taking part, a document and a handover
    offered to the Tilburg team (through the services); and an advice request."""
    settings.MEDIA_ROOT = tmp_path
    settings.EENDAK_EXPORT_ROOT = tmp_path / "exports"
    vt = f.organisation(T.VEILIG_THUIS)
    tilburg = Organisation.objects.get(name="Lokaal team Tilburg")
    members = {
        "vt_intake": f.membership(Role.VT_INTAKE, vt),
        "coordinator": f.membership(Role.CASE_COORDINATOR, tilburg),
        "clinician": f.membership(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL)),
        "log_admin": f.membership(Role.LOG_ADMIN, vt),
        "privacy_officer": f.membership(Role.PRIVACY_OFFICER, vt),
        "functional_admin": f.membership(Role.FUNCTIONAL_ADMIN, vt),
        "safety_team": f.membership(Role.SAFETY_TEAM_MEMBER, f.organisation(T.SAFETY_HOUSE)),
        "police": f.membership(Role.PARTNER_LIAISON, f.organisation(T.POLICE)),
        "expertise_staff": f.membership(Role.EXPERTISE_STAFF, f.organisation(T.EXPERTISE_CENTRE)),
        "local_worker": f.membership(Role.LOCAL_TEAM_WORKER, tilburg),
        "analyst": f.membership(Role.ANALYST, vt),
    }
    members["forensic_doctor"] = f.membership(Role.FORENSIC_DOCTOR,
                                              members["clinician"].organisation)
    client = verified_client(members["vt_intake"])
    municipality = tilburg.municipality_id
    report = post(client, f"{API}/reports/", {**POLICE_REPORT, "municipality": municipality})
    url = f"{API}/reports/{report['id']}/"
    post(client, url + "assessment/", {"acuteUnsafety": False, "structuralUnsafety": True,
                                       "triage": "structural_serious",
                                       "rationale": "Herhaald partnergeweld met een kind in huis."})
    post(client, url + "decision/", {"kind": "conditions",
                                     "rationale": "Voorwaarden met het gezin afspreken."})
    post(client, f"{API}/advice-requests/", {**ADVICE_REQUEST, "municipality": municipality})

    report = Report.objects.select_related("decision__case").get(pk=report["id"])
    case = report.decision.case
    vt_actor, team_actor = actor_for(members["vt_intake"]), actor_for(members["coordinator"])
    case_services.set_conditions(vt_actor, case, [("Geen geweld in huis.", "Beide ouders")])
    version = case_services.new_plan_version(team_actor, case, note="Eerste plan")
    goal = case_services.add_goal(team_actor, version, part="safety", text="Iedereen is veilig.",
                                  child_text="Thuis is het rustig.")
    today = timezone.localdate()
    case_services.add_action(team_actor, goal, text="Huisbezoek", owner_organisation=tilburg,
                             owner=members["coordinator"].user, start_on=today - timedelta(days=3),
                             due_on=today + timedelta(days=7))
    case_services.add_participant(vt_actor, case, f.organisation(T.POLICE),
                                  task="Strafrechtelijk traject", legal_basis="statutory_task")
    case_services.upload_document(vt_actor, case,
                                  SimpleUploadedFile("verslag.pdf", PDF, "application/pdf"),
                                  description="Verslag huisbezoek", visibility="all")
    # The Veiligheidsteam's work for the household: referred by Veilig Thuis, accepted at the triage
    # (the team takes over oversight of safety and coordinates), on a coming conference's agenda
    # with a decision and an action, and the police's house ban.
    member = members["safety_team"]
    safety_actor = actor_for(member)
    referral = team_services.refer(vt_actor, case, reason="Derde huisverbod in twee jaar.",
                                   goal="Escalatie stoppen: straf en zorg samen.",
                                   escalation_signals=["weapon"])
    team_services.decide_triage(safety_actor, referral, outcome="accept", reason="Past.",
                                coordinator=member.user)
    case_services.accept_handover(safety_actor, Handover.objects.get(
        case=case, status=HandoverStatus.OFFERED))
    conference = team_services.plan_conference(
        safety_actor, starts_at=timezone.now() + timedelta(days=2), place="Zorg- en Veiligheidshuis",
        chair=member.user)
    item = team_services.add_to_agenda(safety_actor, conference, referral,
                                       consulting_ids=[f.organisation(T.MENTAL_HEALTH).pk])
    team_services.record_decision(safety_actor, item, text="Contactverbod aanvragen.")
    team_services.agree_action(safety_actor, item, text="Contactverbod voorbereiden",
                               owner_organisation=f.organisation(T.POLICE),
                               due_on=today + timedelta(days=7))
    police = members["police"]
    team_services.record_measure(actor_for(police), case, kind="house_ban",
                                 starts_on=today - timedelta(days=2))
    # Oversight of safety offered on to the Tilburg team (by the team, now responsible).
    case_services.offer_handover(safety_actor, case, to_organisation_id=tilburg.pk)
    acute_pathway(members, municipality)
    # The Expertisecentrum's work and the help catalogue, and an action in the family's plan that
    # waits for an offer (the demand).
    offer = _expertise_world(members, tilburg)
    case_services.add_action(team_actor, goal, text="Traumabehandeling voor het kind",
                             owner_organisation=tilburg, owner=None,
                             start_on=today - timedelta(days=5), due_on=today + timedelta(days=60),
                             offer=offer)
    _research_world(members)
    _rights_world(members, case)
    _retention_world(members)
    # A household nobody of the callers takes part in: something to break the glass for.
    other = f.HouseholdFactory()
    f.person_in(other, "parent", bsn=f.test_bsn())
    return World(tokens={key: token_for(m) for key, m in members.items()}, members=members,
                 report=report, case=case)


def _research_world(members):
    """The monitoring institute's studies: one of the analyst's waiting for the privacy officer,
    one approved with an export ready for its one download; and a CBS half-year delivery."""
    from eendak.monitoring import services as research
    from eendak.testing.tasks import run_queued_tasks

    analyst, officer = actor_for(members["analyst"]), actor_for(members["privacy_officer"])
    today = timezone.localdate()

    def study(title):
        return research.register_study(analyst, research.StudyData(
            title=title, purpose="Stopt het geweld na een melding (synthetisch)?",
            variables=["municipality", "half_year", "age_band"],
            period_from=today - timedelta(days=60), period_to=today,
            ends_on=today + timedelta(days=60)))

    study("Wachtende studie (synthetisch)")
    approved = research.approve_study(officer, study("Goedgekeurde studie (synthetisch)"))
    research.start_export(analyst, approved)
    # The CBS half-year delivery of the analyst, ready for its downloads.
    from eendak.monitoring import cbs, cbs_tasks

    cbs_tasks.start_delivery(analyst, cbs.latest_complete_half_year().label)
    run_queued_tasks()


def _retention_world(members):
    """Two destruction requests of Veilig Thuis, each about a household of its own (an approval
    destroys it, so never the world's): one received, one proposed by the privacy officer and
    waiting for the log administrator."""
    from eendak.retention import services as retention

    officer = actor_for(members["privacy_officer"])
    for propose in (False, True):
        household = f.HouseholdFactory()
        person = f.person_in(household, "parent")
        request = retention.register_request(officer, household=household, person=person)
        if propose:
            retention.propose(officer, request, outcome="destroy",
                              explanation="Toegewezen, geen wettelijke grond (synthetisch).")


def _rights_world(members, case):
    """The privacy officer's data subject's requests: an access request with its inzage PDF, and an
    open correction request, about a person of the case's household."""
    from eendak.privacy import services as privacy

    officer = actor_for(members["privacy_officer"])
    person = case.household.persons.order_by("pk").first()
    today = timezone.localdate()
    access = privacy.register_request(officer, person=person, kind="access", received_on=today,
                                      received_via="letter", request_text="Inzage (synthetisch).")
    privacy.build_access_file(officer, access)
    privacy.register_request(officer, person=person, kind="correction", received_on=today,
                             received_via="email", request_text="Voornaam fout (synthetisch).",
                             correction_field="given_names", correction_value="Anna")


def acute_pathway(members, municipality):
    """The Spoedplein's work at the clinician's hospital: a two-year-old with bruises on the body
    map, the checklist, the forensic examination reported, a photograph, an acute report to Veilig
    Thuis, the report shared with the police and follow-up; an adult under the Hague protocol with
    a child at home named, waiting for the forensic doctor."""
    clinician, doctor = actor_for(members["clinician"]), actor_for(members["forensic_doctor"])
    born = timezone.localdate() - timedelta(days=2 * 365 + 30)
    toddler = acute_services.register_presentation(clinician, acute_services.PresentationData(
        pathway="child_abuse", municipality_id=municipality, accompanied_by="Moeder",
        explanation="Van de bank gevallen.",
        patient_data=PersonData(given_names="Noor", surname="Bakker", date_of_birth=born)))
    for region in ("cheek_left", "ear_right"):
        acute_services.record_injury(clinician, toddler, acute_services.InjuryData(
            region=region, kind="bruise"))
    acute_services.record_screening(clinician, toddler, ticked=["cheeks", "ears"])
    examination = acute_services.request_forensic(clinician, toddler, question="Past het bij een val?")
    acute_services.report_forensic(doctor, examination, findings="Twee hematomen.",
                                   conclusion="Past niet bij een val.")
    acute_services.add_photo(clinician, toddler, SimpleUploadedFile("wang.png", PNG, "image/png"),
                             description="Wang links", consent_by="Moeder")
    acute_services.contact_veilig_thuis(clinician, toddler, kind="report", text="Zorgen.",
                                        person_ids=[toddler.patient_id])
    acute_services.share_forensic_report(clinician, toddler,
                                         organisation=members["police"].organisation,
                                         item="photos", basis="consent_representative")
    acute_services.record_follow_up(clinician, toddler, kind="local_team", note="Huisbezoek.")
    adult = acute_services.register_presentation(clinician, acute_services.PresentationData(
        pathway="domestic_violence", municipality_id=municipality,
        hague_reason="domestic_violence", children_at_home="yes",
        patient_data=PersonData(given_names="Sara", surname="Bakker",
                                date_of_birth=born.replace(year=born.year - 30))))
    acute_services.name_person(clinician, adult, role="child_at_home",
                               data=PersonData(given_names="Kim", surname="Bakker",
                                               date_of_birth=born.replace(year=born.year - 4)))
    acute_services.record_injury(clinician, adult, acute_services.InjuryData(region="upper_arm_left",
                                                                             kind="bruise"))
    acute_services.request_forensic(clinician, adult, question="Letsel vastleggen.")


def _expertise_world(members, tilburg):
    """The Expertisecentrum's records, made through its services: the standards and competencies
    of Werken aan Veiligheid, a course with a draft, a published and a held session (the local
    worker enrolled, attended and evaluated; someone else on the waiting list), an open, an answered
    and a referred question, an expert and two requests, a campaign with an event and a public
    registration, a dialogue leader with a meeting and a signal; and the help catalogue: a provider
    whose own people are the shelter's, with an offer in Tilburg. Returns the offer."""
    centre = actor_for(members["expertise_staff"])
    worker = members["local_worker"]
    worker.user.email = f"werker{worker.user_id}@example.test"
    worker.user.save()
    standard = Standard.objects.create(code="S1", title="Veiligheid centraal", order=1)
    competencies = [Competency.objects.create(standard=standard, code=code, title=title)
                    for code, title in (("C1", "Onveiligheid herkennen"),
                                        ("C2", "Veiligheidsplan maken"))]
    course = expertise_services.save_course(centre, expertise_services.CourseData(
        title="Werken aan Veiligheid – basis", audiences=["local_teams"], duration_hours=6,
        competency_ids=[c.pk for c in competencies]))
    now = timezone.now()

    def session(days, capacity=1):
        start = now + timedelta(days=days)
        return expertise_services.plan_session(centre, course, starts_at=start,
                                               ends_at=start + timedelta(hours=6), place="Tilburg",
                                               trainer="T. Trainer", capacity=capacity)

    session(20)  # a draft
    published = expertise_services.move_session(centre, session(10), "published")
    expertise_services.enrol_self(actor_for(worker), published)
    expertise_services.enrol_someone(centre, published, expertise_services.Registrant(
        name="Op de wachtlijst", email="wachtlijst@example.test"))
    held = expertise_services.move_session(centre, session(2, capacity=5), "published")
    attended = expertise_services.enrol_self(actor_for(worker), held)
    Session.objects.filter(pk=held.pk).update(starts_at=now - timedelta(days=2),
                                              ends_at=now - timedelta(days=2) + timedelta(hours=6))
    expertise_services.record_attendance(centre, held, present_ids=[attended.pk])
    attended.refresh_from_db()
    expertise_services.record_evaluation(actor_for(worker), attended, score=4, useful_for_work=5)

    def question(text, **kwargs):
        return expertise_services.register_question(centre, expertise_services.QuestionData(
            asker_type="professional", topic="meldcode", question=text, **kwargs))

    question("Wanneer bel ik Veilig Thuis?")
    expertise_services.answer_question(centre, question("Hoe werkt de meldcode?"),
                                       answer="In vijf stappen.", follow_up="material")
    expertise_services.refer_question(centre, question("Het buurmeisje wordt geslagen."),
                                      as_="advice")
    expert = expertise_services.save_expert(centre, pseudonym="Zonnebloem",
                                            themes=["child_abuse", "partner_violence"],
                                            languages=["Nederlands", "Turks"])
    wanted = timezone.localdate() + timedelta(days=30)
    expertise_services.request_expert(centre, purpose="training", wanted_on=wanted,
                                      themes=["child_abuse"])
    expertise_services.match_expert(centre, expertise_services.request_expert(
        centre, purpose="team_meeting", wanted_on=wanted, themes=["partner_violence"]), expert)
    campaign = expertise_services.save_campaign(
        centre, title="Week tegen Kindermishandeling", starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=6))
    event = expertise_services.plan_event(centre, title="Informatieavond", kind="information_evening",
                                          starts_at=now + timedelta(days=4), place="Tilburg",
                                          capacity=50, campaign=campaign)
    expertise_services.register_public(
        Actor.public(None, members["expertise_staff"].organisation), event,
        expertise_services.Registrant(name="Een ouder", email="ouder@example.test"),
        submission_key="fuzz-world")
    leader = expertise_services.save_leader(centre, name="H. Dialoogleider", community="somali",
                                            languages=["Somalisch"])
    meeting = expertise_services.record_meeting(centre, expertise_services.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="parents_room", language="Somalisch",
        participants=12, topics=["raising_children"]))
    expertise_services.pass_signal(centre, meeting, text="Zorgen over opvoeden.", to="expertise")
    admin = actor_for(members["functional_admin"])
    provider = catalogue_services.save_provider(admin, name="Opvang (fuzz)",
                                                organisation=f.organisation(T.SHELTER))
    return catalogue_services.save_offer(admin, catalogue_services.OfferData(
        provider=provider, title="Traumabehandeling kind", kind="trauma_treatment",
        target_groups=["children"], municipality_ids=[tilburg.municipality_id], capacity=1,
        waiting_weeks=8))


_RAW_SCHEMA: dict[str, dict] = {}


@pytest.fixture
def schema(wsgi_app, world):
    """The schema exactly as /api/v1/schema/ serves it to a signed-in caller, bound to the WSGI app.

    Fetched once per run (generating it takes seconds); every test gets its own loaded copy.
    """
    if "raw" not in _RAW_SCHEMA:
        loaded = schemathesis.openapi.from_wsgi(
            f"{API}/schema/", wsgi_app,
            headers={**auth(world.tokens["functional_admin"]),
                     "Accept": "application/vnd.oai.openapi+json"})
        _RAW_SCHEMA["raw"] = loaded.raw_schema
    loaded = schemathesis.openapi.from_dict(_RAW_SCHEMA["raw"])
    loaded.app = wsgi_app
    return loaded
