"""Walk every URL pattern of the project and hold each one to the access policy.

Whatever views exist when this runs — the UI, the API, views added next week — each must:

(a) carry an access mark (``@view_access(...)`` or ``eendak_access = ...``); an unmarked view fails
    with its route named;
(b) be public only if its route is in ``PUBLIC_ROUTES`` below. This list is the source; the list of
    public URLs in ``docs/security.md`` must say the same;
(c) when requested anonymously, send a person to the login page (UI) or answer 401/403 as
    ``application/problem+json`` (API);
(d) when marked ``PERSONAL``, write at least one access-log entry when a user who may see the object
    opens it (GET, or POST where GET is not allowed). The walker tries the people of the samples in
    turn; the first one let in (a success, or a 400 for the empty body it sends to an action) is
    the one who may. ``REQUEST_SAMPLES`` gives form pages the input that makes them do their work.

URL kwargs are filled from ``KWARG_SAMPLES`` by name, or, for ambiguous names such as ``pk``, from
the collection in front of them (``persons/<pk>``) through ``PK_COLLECTIONS``. A new kwarg fails the test with a message saying where to add a
sample, so a new route is never silently skipped.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.utils import timezone
from django.utils.regex_helper import normalize
from matrix_support import acting, png_bytes

from eendak.api.models import ServiceToken
from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess, Outcome
from eendak.audit.services import log_access
from eendak.core.access import ViewAccess, access_of, is_api_view, view_access
from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.models import PersonMerge
from eendak.testing import factories as f

ROOT = Path(__file__).resolve().parent.parent

# (b) Public by design, route -> why. Keep docs/security.md in step with this list.
PUBLIC_ROUTES = {
    "/inloggen/": "the login page: nobody is signed in yet",
    # The public entry to Veilig Thuis: it receives advice requests and reports and shows no client
    # data back; the meldcode guide and decision tree are public information for professionals.
    "/melden/": "public entry: start page",
    "/melden/meldcode/": "public entry: the meldcode guide",
    "/melden/meldcode/afwegingskader/": "public entry: the afwegingskader decision tree",
    "/melden/formulier/": "public entry: choose advice or report",
    "/melden/formulier/advies/": "public entry: advice request form",
    "/melden/formulier/melding/": "public entry: report form",
    # The public pages speak the region's languages: the switch only keeps the choice in a cookie.
    "/taal/": "public pages: the language switch (Django's set_language)",
    # The Expertisecentrum's trainings and events: open to anyone, registration with the report
    # form's protections, nothing shown back but the visitor's own registration.
    "/trainingen-en-bijeenkomsten/": "Expertisecentrum: open sessions and public events",
    "/trainingen-en-bijeenkomsten/aanmelden/training/": "Expertisecentrum: enrol for a session",
    "/trainingen-en-bijeenkomsten/aanmelden/bijeenkomst/": "Expertisecentrum: register for an event",
}

# Values for URL kwargs, by kwarg name: a key of the ``samples`` fixture, or a literal string.
KWARG_SAMPLES = {
    "person_id": "person",
    "household_id": "household",
    "membership_pk": "membership",
    "participation_id": "participation",
    "token_pk": "token",
    "format": "=json",
    "handover_id": "handover",
    "action_id": "plan_action",
    "goal_id": "plan_goal",
    "version_id": "plan_version",
    "moment_id": "monitoring_moment",
    "document_id": "document",
    "recurrence_id": "recurrence",
    "job_id": "job",
    "case_id": "case",
    "referral_id": "referral",
    "conference_id": "conference",
    "item_id": "agenda_item",
    "measure_id": "measure",
    "notice_id": "notice",
    # The Spoedplein (acute)
    "presentation_id": "acute_presentation",
    "injury_id": "acute_injury",
    "photo_id": "acute_photo",
    "examination_id": "acute_examination",
    "offer_id": "offer",
    "provider_id": "provider",
    # The Expertisecentrum's screens.
    "course_id": "course",
    "session_id": "session",
    "enrolment_id": "enrolment",
    "standard_id": "standard",
    "competency_id": "competency",
    "question_id": "question",
    "expert_id": "expert",
    "request_id": "expert_request",
    "campaign_id": "campaign",
    "event_id": "awareness_event",
    "leader_id": "dialogue_leader",
    "meeting_id": "dialogue_meeting",
    # The research export of the monitoring institute.
    "study_id": "research_study",
    "export_id": "research_export",
    # The CBS half-year delivery (the analyst persona's own).
    "delivery_id": "cbs_delivery",
    # A break-the-glass grant, judged on the emergency-access report.
    "grant_id": "emergency_access",
    # A data subject's request of the privacy officer persona, its inzage PDF and a step on it.
    "rights_request_id": "rights_request",
    "file_id": "access_file",
    "step": "=start",
    "report_id": "dashboard_report",
    # A destruction request (retention), of the privacy officer persona's organisation.
    "destruction_id": "destruction_request",
    # The dashboards: a municipality, one of its tables, a download format.
    "municipality_id": "municipality",
    "table": "=trends",
    "fmt": "=csv",
    # A notification of the participant persona (notifications: each person's own).
    "notification_id": "notification",
}
# ``pk`` (and ``id``) means a different thing per route: decided by the collection in front of it.
PK_COLLECTIONS = {
    "persons": "person",
    "personen": "person",
    "households": "household",
    "dossiers": "household",
    "users": "user",
    "medewerkers": "user",
    "memberships": "membership",
    "organisations": "organisation",
    "organisaties": "organisation",
    "municipalities": "municipality",
    "emergency-access": "emergency_access",
    "report": "emergency_access",  # emergency-access/report/<pk>/review/
    "rights-requests": "rights_request",
    "tokens": "token",
    "service-tokens": "token",
    "cases": "case",
    "casussen": "case",
    "meldingen": "report",
    "reports": "report",
    "advies": "advice",
    "advice-requests": "advice",
    "feedback": "feedback_task",
    "terugkoppeling": "feedback_task",
    "informing": "informing_task",
    "informeren": "informing_task",
    "joint-conversations": "joint_conversation",
    "gesprekken": "joint_conversation",
    "person-merges": "person_merge",
    "samenvoegingen": "person_merge",
    "documents": "document",
    "referrals": "referral",
    "conferences": "conference",
    "agenda-items": "agenda_item",
    "measures": "measure",
    "notices": "notice",
    "presentations": "acute_presentation",
    "acute-injuries": "acute_injury_api",  # its own: the screen's removal takes the other away
    "forensic-examinations": "acute_examination",
    "acute-photos": "acute_photo",
    "help-offers": "offer",
    "help-providers": "provider",
    "courses": "course",
    "training-sessions": "session",
    "enrolments": "enrolment",
    "competency-standards": "standard",
    "competencies": "competency",
    "team-competencies": "local_team",
    "expertise-questions": "question",
    "experience-experts": "expert",
    "expert-requests": "expert_request",
    "campaigns": "campaign",
    "awareness-events": "awareness_event",
    "dialogue-leaders": "dialogue_leader",
    "dialogue-meetings": "dialogue_meeting",
    "research-studies": "research_study",
    "research-exports": "research_export",
    "cbs-deliveries": "cbs_delivery",
    "dashboard-reports": "dashboard_report",
    "destruction-requests": "destruction_request",
    "notifications": "notification",
}

# (d) Routes whose GET shows a form without personal data: how to make them actually do their work.
# A callable gets the samples and returns (method, data).
REQUEST_SAMPLES = {
    "persons:person_search": lambda s: ("post", {"name": s["person"].surname}),
    "privacy:person_access_lookup": lambda s: ("post", {"person_id": s["person"].pk}),
    "privacy:request_register": lambda s: ("post", {
        "person_id": s["person"].pk, "kind": "access", "received_on": "01-01-2026",
        "received_via": "letter", "request_text": "Inzage (walker)."}),
    "api:rights-request-list": lambda s: ("get", {"status": "open"}),
    "privacy:break_glass_start": lambda s: ("post", {"step": "lookup",
                                                     "query": s["foreign_household"].reference}),
    "api:person-list": lambda s: ("get", {"name": s["person"].surname}),
    "api:emergency-access-review": lambda s: ("post", {
        "outcome": "justified", "note": "Acuut gevaar, reden past bij wat geopend is (walker)."}),
    "intake:report_create": lambda s: ("post", {"action": "search",
                                                "zoek-surname": s["person"].surname}),
    "intake:advice_create": lambda s: ("post", {
        "submission_key": "url-walker", "channel": "phone", "asker_type": "resident",
        "received_at": "01-01-2026 10:00", "asker_role": "onbekend", "asker_sector": "onbekend",
        "question": "Synthetische adviesvraag."}),
    "intake_api:person-candidates": lambda s: ("get", {"surname": s["person"].surname}),
    # Recording a destruction request starts with finding the person (logged, found or not).
    "retention:request_new": lambda s: ("post", {"person_id": s["person"].pk,
                                                 "received_on": "01-12-2026"}),
    "conferences_api:measure-list": lambda s: ("get", {"case": s["case"].pk}),
    # The Spoedplein's registration form shows nobody until it searches (find_patient logs that).
    "acute:register": lambda s: ("post", {"action": "search",
                                          "zoek-surname": s["acute_presentation"].patient.surname}),
    "acute_api:presentation-patient-search": lambda s: (
        "post", {"surname": s["acute_presentation"].patient.surname}),
    # A photograph is uploaded as multipart (a JSON body is refused as 415 before anything is read).
    "acute_api:presentation-photos": lambda s: ("upload", {
        "file": SimpleUploadedFile("oor.png", png_bytes()), "description": "Oor rechts",
        "consentBy": "Moeder"}),
    # An injury recorded by mistake is removed with DELETE, the endpoint's only method.
    "acute_api:acute-injury-detail": lambda s: ("delete", None),
}

LOGIN_PATHS = {"/inloggen/", "/inloggen/tweede-factor/", "/rol-kiezen/", "/geen-rol/"}


@dataclass
class Route:
    chain: list = field(repr=False)
    namespace: str
    name: str | None
    callback: object = field(repr=False)

    @property
    def text(self) -> str:
        parts = []
        for pattern in self.chain:
            raw = str(pattern.pattern)
            parts.append(raw.removeprefix("^").removesuffix("$").removesuffix(r"\Z"))
        return "/" + "".join(parts)

    @property
    def full_name(self) -> str:
        if not self.name:
            return ""
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    @property
    def label(self) -> str:
        return f"{self.text} ({self.full_name or 'naamloos'})"

    @property
    def kwarg_names(self) -> list[str]:
        names = []
        for pattern in self.chain:
            names.extend(pattern.pattern.regex.groupindex)
        return names

    @property
    def is_api(self) -> bool:
        return is_api_view(self.callback)


def walk(resolver=None, chain=(), namespace=""):
    """Every URLPattern under the root resolver, through includes, with the chain that leads to it."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, (*chain, entry), inner)
        elif isinstance(entry, URLPattern):
            yield Route(chain=[*chain, entry], namespace=namespace, name=entry.name,
                        callback=entry.callback)


ROUTES = list(walk())


def _collection_before(route: Route, kwarg: str) -> str:
    """The path segment in front of a kwarg: ``persons`` in ``/api/v1/persons/<int:pk>/``."""
    pattern = rf"([\w-]+)/(?:<(?:\w+:)?{re.escape(kwarg)}>|\(\?P<{re.escape(kwarg)}>)"
    match = re.search(pattern, route.text)
    return match.group(1) if match else ""


def _sample_for(route: Route, kwarg: str, samples: dict):
    """By kwarg name first; else (``pk``, ``id``, ``task_id`` ...) by the collection in front of it."""
    key = KWARG_SAMPLES.get(kwarg)
    if key is None:
        collection = _collection_before(route, kwarg)
        key = PK_COLLECTIONS.get(collection)
        if key is None:
            where = (f"'{collection}' to PK_COLLECTIONS" if kwarg in ("pk", "id") else
                     f"'{kwarg}' to KWARG_SAMPLES or '{collection}' to PK_COLLECTIONS")
            pytest.fail(f"{route.label}: no sample for URL kwarg '{kwarg}' (after '{collection}/'). "
                        f"Add {where} in tests/test_url_access.py, and the object to the samples "
                        f"fixture.")
    if key.startswith("="):
        return key[1:]
    if key not in samples:
        pytest.fail(f"{route.label}: KWARG_SAMPLES names '{key}', which the samples fixture lacks.")
    value = samples[key]
    return str(getattr(value, "pk", value))


def url_for(route: Route, samples: dict, *, placeholder: str | None = None) -> str:
    """The URL of a route with its kwargs filled from the samples. With ``placeholder`` a missing
    sample becomes that value instead of failing (for requests that never reach the object)."""
    values = {}
    for name in route.kwarg_names:
        try:
            values[name] = _sample_for(route, name, samples)
        except pytest.fail.Exception:
            if placeholder is None:
                raise
            values[name] = placeholder
    parts = []
    for pattern in route.chain:
        # normalize() is what reverse() uses: it turns a pattern into "%(name)s" format strings.
        options = normalize(pattern.pattern.regex.pattern)
        fmt, params = next(((fmt, params) for fmt, params in options
                            if set(params) <= set(values)), options[0])
        parts.append(fmt % {p: values[p] for p in params})
    url = "/" + "".join(parts)
    match = resolve(url)
    assert match.func is route.callback, (
        f"{route.label}: built {url}, which resolves to another view ({match.view_name}); "
        f"the walker cannot reach this pattern."
    )
    return url


# --- (a) and (b): the marks, without a database --------------------------------------------------


def test_walker_finds_the_known_routes():
    names = {route.full_name for route in ROUTES}
    assert {"core:login", "persons:household_detail", "privacy:log_search", "api:me"} <= names


def test_every_view_has_an_access_mark():
    unmarked = [route.label for route in ROUTES if access_of(route.callback) is None]
    assert not unmarked, (
        "These views carry no access mark; add @view_access(ViewAccess.X) or eendak_access = "
        "ViewAccess.X:\n  " + "\n  ".join(unmarked))


def test_public_routes_are_exactly_the_allow_list():
    public = {route.text for route in ROUTES if access_of(route.callback) == ViewAccess.PUBLIC}
    assert public == set(PUBLIC_ROUTES), (
        f"Public routes {sorted(public)} differ from PUBLIC_ROUTES {sorted(PUBLIC_ROUTES)}. A new "
        f"public URL must be added to the allow-list here and to docs/security.md, with its reason."
    )


def test_security_doc_lists_the_same_public_routes():
    """docs/security.md keeps its public URLs in a table between two markers; it must name the same
    routes as PUBLIC_ROUTES. Static files are listed there too but are served by WhiteNoise before
    any URL pattern, so they are not routes here."""
    doc = ROOT / "docs" / "security.md"
    if not doc.exists():
        pytest.skip("docs/security.md is not written yet; PUBLIC_ROUTES in this test is the source")
    text = doc.read_text()
    begin, end = "<!-- public-urls:begin -->", "<!-- public-urls:end -->"
    assert begin in text and end in text, f"docs/security.md lacks the {begin} ... {end} table"
    table = text[text.index(begin):text.index(end)]
    documented = {match for match in re.findall(r"^\|\s*`(/[^`]*)`", table, flags=re.MULTILINE)
                  if not match.startswith("/static/")}
    assert documented == set(PUBLIC_ROUTES), (
        f"docs/security.md lists {sorted(documented)} as public, PUBLIC_ROUTES here says "
        f"{sorted(PUBLIC_ROUTES)}. Change both together.")


# --- Objects and people for the requests ----------------------------------------------------------


@pytest.fixture
def samples(region, vt, tilburg_team, police, household_with_case, settings, tmp_path):
    household, case, persons = household_with_case
    settings.MEDIA_ROOT = tmp_path
    foreign = f.HouseholdFactory(municipality=Municipality.objects.get(name="Dongen"))
    f.person_in(foreign, "parent", bsn=f.test_bsn())
    f.case_for(foreign, police)
    hospital = f.organisation(T.HOSPITAL)
    participant = f.membership(Role.VT_INTAKE, vt)
    clinician = f.membership(Role.HOSPITAL_CLINICIAN, hospital)
    grant = EmergencyAccess.objects.create(
        user=clinician.user, membership=clinician, household=foreign, reason="Acuut gevaar, test",
        expires_at=timezone.now() + timezone.timedelta(hours=1))
    personas = {
        "participant": participant,
        "log_admin": f.membership(Role.LOG_ADMIN, vt),
        "privacy_officer": f.membership(Role.PRIVACY_OFFICER, vt),
        "clinician": clinician,
        "functional_admin": f.membership(Role.FUNCTIONAL_ADMIN, vt),
        # The organisation a handover is offered to: the only one who may accept or decline it.
        "receiver": f.membership(Role.CASE_COORDINATOR, tilburg_team),
        # The Veiligheidsteam: its work queues, triage decisions and conferences are its own.
        "team": f.membership(Role.SAFETY_TEAM_MEMBER, f.organisation(T.SAFETY_HOUSE)),
        # The Spoedplein's forensic doctor: the queue and the report are theirs.
        "forensic_doctor": f.membership(Role.FORENSIC_DOCTOR, hospital),
        # The hospital's privacy officer: judges the break-the-glass grants of its clinicians.
        "hospital_privacy_officer": f.membership(Role.PRIVACY_OFFICER, hospital),
        # The Expertisecentrum: its enrolments, questions, experts and dialogue are its own.
        "centre": f.membership(Role.EXPERTISE_STAFF, f.organisation(T.EXPERTISE_CENTRE)),
        # The researcher of the monitoring institute's study: its export and download are theirs.
        "analyst": f.membership(Role.ANALYST, vt),
    }
    merged = f.person_in(household, "other")
    merge = PersonMerge.objects.create(kept=persons[1], merged=merged, reason="Dubbel, test",
                                       merged_by=participant.user)
    service = f.membership(Role.PARTNER_LIAISON, police)
    token = ServiceToken.objects.create(membership=service, name="koppeling", prefix="abcd1234",
                                        key_hash="0" * 64)
    settings.EENDAK_EXPORT_ROOT = tmp_path / "exports"
    return {
        **_intake_samples(vt, household),
        **_case_samples(case, vt, tilburg_team),
        **_conferences_samples(vt, tilburg_team, police, participant, personas["team"]),
        **_acute_samples(clinician, personas["forensic_doctor"], participant),
        **_catalogue_samples(personas["functional_admin"], tilburg_team),
        **_expertise_samples(personas["centre"], personas["functional_admin"], tilburg_team),
        **_research_samples(personas["analyst"], personas["privacy_officer"],
                            settings.EENDAK_EXPORT_ROOT),
        "person": persons[0],
        "household": household,
        "case": case,
        "participation": case.participations.order_by("pk").first(),
        "foreign_household": foreign,
        "user": participant.user,
        "membership": participant,
        "organisation": vt,
        "municipality": Municipality.objects.get(name="Tilburg"),
        "emergency_access": grant,
        "person_merge": merge,
        "destruction_request": _destruction_request(personas["privacy_officer"], household,
                                                    persons[0]),
        "token": token,
        "job": _job_sample(personas["log_admin"], settings.EENDAK_EXPORT_ROOT),
        "notification": _notification_sample(participant, case),
        **_rights_samples(personas["privacy_officer"], persons[0]),
        "personas": personas,
    }


def _notification_sample(participant, case):
    """A notification of the participant persona about the case (the walker tries that persona)."""
    from eendak.notifications.models import Notification

    return Notification.objects.create(
        recipient=participant.user, membership=participant, kind="handover_offered",
        text=f"Overdracht aangeboden voor casus {case.reference}",
        url=reverse("cases:case_detail", args=[case.pk]), key="walker")


def _rights_samples(privacy_officer, person) -> dict:
    """An access request of Veilig Thuis's privacy officer, with its inzage PDF built."""
    from eendak.privacy import services as privacy

    actor = Actor(privacy_officer.user, privacy_officer)
    request = privacy.register_request(actor, person=person, kind="access",
                                       received_on=timezone.localdate(), received_via="letter",
                                       request_text="Inzage in mijn dossier (walker).")
    return {"rights_request": request, "access_file": privacy.build_access_file(actor, request)}


def _destruction_request(privacy_officer, household, person):
    """A destruction request of the privacy officer persona's organisation (Veilig Thuis)."""
    from eendak.retention import services as retention

    privacy_officer.user.acting_membership = privacy_officer
    return retention.register_request(
        Actor(user=privacy_officer.user, membership=privacy_officer), household=household,
        person=person)


def _job_sample(log_admin, export_root):
    """A finished access-log export of the log administrator persona: only its starter may open it."""
    from eendak.core.models import Job, JobStatus

    export_root.mkdir(parents=True, exist_ok=True)
    (export_root / "job-sample.csv").write_text("nummer\n1\n")
    return Job.objects.create(
        kind="privacy.access_log_export", user=log_admin.user, membership=log_admin,
        organisation=log_admin.organisation, status=JobStatus.DONE, done=1, total=1, attempts=1,
        result_file="job-sample.csv", result_name="toegangslog.csv", result_content_type="text/csv",
        result_size=9)


def _case_samples(case, vt, tilburg_team) -> dict:
    """One of everything inside a case file, made through the services as a user would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eendak.cases import services as cases
    from eendak.cases.models import Recurrence

    def actor(membership):
        membership.user.acting_membership = membership
        return Actor(user=membership.user, membership=membership)

    vt_actor = actor(f.membership(Role.VT_MONITOR, vt))
    team_actor = actor(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    cases.set_conditions(vt_actor, case, [("Synthetische voorwaarde", "Ouders")])
    version = cases.new_plan_version(team_actor, case)
    goal = cases.add_goal(team_actor, version, part="safety", text="Synthetisch doel")
    today = timezone.localdate()
    action = cases.add_action(team_actor, goal, text="Synthetische actie",
                              owner_organisation=tilburg_team, owner=None, start_on=today,
                              due_on=today)
    document = cases.upload_document(
        vt_actor, case, SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        description="Synthetisch document")
    handover = cases.offer_handover(vt_actor, case, to_organisation_id=tilburg_team.pk)
    other_household = f.HouseholdFactory()
    f.person_in(other_household, "parent")
    closed = f.case_for(other_household, vt)
    closed.status, closed.closed_at = "closed", timezone.now()
    closed.save()
    from eendak.intake import models as intake

    report = intake.Report.objects.create(
        reference="M-URLTEST-2", channel="phone", organisation=vt, household=other_household,
        violence_types=["onbekend"], account="x", assessment_due_at=timezone.now())
    recurrence = Recurrence.objects.create(report=report, previous_case=closed, signalled_to=vt)
    return {
        "plan_version": version, "plan_goal": goal, "plan_action": action, "document": document,
        "handover": handover, "monitoring_moment": case.monitoring_moments.first(),
        "recurrence": recurrence,
    }


def _conferences_samples(vt, tilburg_team, police, vt_member, team_member) -> dict:
    """A household of its own (the sample case already has a handover waiting) referred by Veilig
    Thuis and accepted by the Veiligheidsteam, which holds oversight of safety and has it on a
    conference's agenda; a measure Veilig Thuis recorded; feedback to Veilig Thuis."""
    from eendak.cases import services as cases
    from eendak.cases.models import Handover
    from eendak.conferences import services as team
    from eendak.conferences.models import Notice

    def actor(membership):
        membership.user.acting_membership = membership
        return Actor(user=membership.user, membership=membership)

    household = f.HouseholdFactory()
    f.person_in(household, "parent")
    case = f.case_for(household, vt, tilburg_team, police, responsible=vt)
    referral = team.refer(actor(vt_member), case, reason="Synthetische aanmelding",
                          goal="Synthetisch doel")
    member = actor(team_member)
    team.decide_triage(member, referral, outcome="accept", reason="Synthetisch",
                       coordinator=team_member.user)
    cases.accept_handover(member, Handover.objects.get(case=case, status="offered"))
    conference = team.plan_conference(member, starts_at=timezone.now() + timezone.timedelta(days=2),
                                      place="Synthetisch", chair=team_member.user)
    item = team.add_to_agenda(member, conference, referral)
    measure = team.record_measure(actor(vt_member), case, kind="contact_ban",
                                  starts_on=timezone.localdate())
    return {"referral": referral, "conference": conference, "agenda_item": item,
            "measure": measure, "notice": Notice.objects.filter(to_organisation=vt).first()}


def _acute_samples(clinician, forensic_doctor, vt_member) -> dict:
    """A toddler at the hospital's Spoedplein, made through the services as the hospital would: two
    injuries on the body map (one for the screen's removal, one for the API's), a photograph, the
    forensic examination requested and waiting in the forensic doctor's queue, reported to Veilig
    Thuis; and the forensic report of an adult shared with Veilig Thuis on meldrecht (its list)."""
    from datetime import date, timedelta

    from eendak.acute import services as acute
    from eendak.persons.registry import PersonData

    hospital, doctor = acting(clinician), acting(forensic_doctor)
    born = timezone.localdate() - timedelta(days=2 * 365 + 30)
    tilburg = Municipality.objects.get(name="Tilburg").pk
    toddler = acute.register_presentation(hospital, acute.PresentationData(
        pathway="child_abuse", explanation="Van de bank gevallen.", municipality_id=tilburg,
        patient_data=PersonData(given_names="Noor", surname="Urlkind", date_of_birth=born)))
    injuries = [acute.record_injury(hospital, toddler, acute.InjuryData(region=region, kind="bruise"))
                for region in ("cheek_left", "ear_right")]
    photo = acute.add_photo(hospital, toddler, SimpleUploadedFile("wang.png", png_bytes()),
                            description="Wang links", consent_by="Moeder")
    examination = acute.request_forensic(hospital, toddler, question="Letsel vastleggen.")
    acute.contact_veilig_thuis(hospital, toddler, kind="report", text="Zorgen.",
                               person_ids=[toddler.patient_id])
    adult = acute.register_presentation(hospital, acute.PresentationData(
        pathway="domestic_violence",
        patient_data=PersonData(given_names="Sara", surname="Urlouder", date_of_birth=date(1990, 5, 4))))
    reported = acute.request_forensic(hospital, adult, question="Letsel vastleggen.")
    acute.report_forensic(doctor, reported, findings="Hematoom.", conclusion="Passend bij slaan.")
    acute.share_forensic_report(hospital, adult, organisation=vt_member.organisation,
                                item="forensic_report", basis="meldrecht")
    return {"acute_presentation": toddler, "acute_injury": injuries[0],
            "acute_injury_api": injuries[1], "acute_photo": photo,
            "acute_examination": examination}


def _catalogue_samples(functional_admin, tilburg_team) -> dict:
    """A provider of the help catalogue and its offer in Tilburg, kept by the functional admin."""
    from eendak.catalogue import services as catalogue

    admin = Actor(user=functional_admin.user, membership=functional_admin)
    functional_admin.user.acting_membership = functional_admin
    provider = catalogue.save_provider(admin, name="Synthetische aanbieder",
                                       organisation=f.organisation(T.SHELTER))
    offer = catalogue.save_offer(admin, catalogue.OfferData(
        provider=provider, title="Synthetisch aanbod", kind="shelter",
        municipality_ids=[tilburg_team.municipality_id], waiting_weeks=2))
    return {"provider": provider, "offer": offer}


def _research_samples(analyst, privacy_officer, export_root) -> dict:
    """An approved study of the analyst persona with an export ready for its one download, and a
    CBS half-year delivery of the analyst ready for its downloads."""
    from eendak.monitoring import services as research
    from eendak.testing.tasks import run_queued_tasks

    export_root.mkdir(parents=True, exist_ok=True)
    actors = []
    for member in (analyst, privacy_officer):
        member.user.acting_membership = member
        actors.append(Actor(user=member.user, membership=member))
    today = timezone.localdate()
    study = research.register_study(actors[0], research.StudyData(
        title="Synthetische studie", purpose="Stopt het geweld na een melding (synthetisch)?",
        variables=["municipality", "half_year"], period_from=today - timezone.timedelta(days=30),
        period_to=today, ends_on=today + timezone.timedelta(days=30)))
    research.approve_study(actors[1], study)
    export = research.start_export(actors[0], study)
    from eendak.monitoring import cbs, cbs_tasks

    delivery = cbs_tasks.start_delivery(actors[0], cbs.latest_complete_half_year().label)
    from eendak.monitoring import report_tasks

    report = report_tasks.start_report(actors[0])  # the dashboards' PDF report of the region
    run_queued_tasks()
    return {"research_study": study, "research_export": export, "cbs_delivery": delivery,
            "dashboard_report": report}


def _expertise_samples(centre_member, admin_member, tilburg_team) -> dict:
    """One of each of the Expertisecentrum's records, made through its services: a course with a
    published session (someone enrolled) and an enrolment that attended a held one; a standard and
    a competency; a question; an expert and a request; a campaign and an event; a dialogue leader
    and a meeting; and the local team whose record is asked for."""
    from datetime import timedelta

    from eendak.expertise import services as expertise
    from eendak.expertise.models import Session

    centre_member.user.acting_membership = centre_member
    centre = Actor(user=centre_member.user, membership=centre_member)
    admin = Actor(user=admin_member.user, membership=admin_member)
    standard = expertise.save_standard(admin, code="S1", title="Synthetische standaard")
    competency = expertise.save_competency(admin, standard=standard, code="C1",
                                           title="Synthetische competentie")
    course = expertise.save_course(centre, expertise.CourseData(
        title="Synthetische training", audiences=["local_teams"], duration_hours=3,
        competency_ids=[competency.pk]))
    now = timezone.now()

    def published(days):
        session = expertise.plan_session(centre, course, starts_at=now + timedelta(days=days),
                                         ends_at=now + timedelta(days=days, hours=3),
                                         place="Synthetisch", trainer="Synthetisch", capacity=5)
        return expertise.move_session(centre, session, "published")

    session = published(7)
    expertise.enrol_someone(centre, session, expertise.Registrant(name="Synthetisch",
                                                                  email="s@example.test"))
    held = published(2)
    enrolment = expertise.enrol_someone(centre, held, expertise.Registrant(
        name="Synthetisch aanwezig", email="a@example.test"))
    Session.objects.filter(pk=held.pk).update(starts_at=now - timedelta(days=1, hours=3),
                                              ends_at=now - timedelta(days=1))
    expertise.record_attendance(centre, held, present_ids=[enrolment.pk])
    question = expertise.register_question(centre, expertise.QuestionData(
        asker_type="professional", topic="meldcode", question="Synthetische vraag"))
    expert = expertise.save_expert(centre, pseudonym="Synthetisch", themes=["child_abuse"],
                                   languages=["Nederlands"])
    request = expertise.request_expert(centre, purpose="training", themes=["child_abuse"],
                                       wanted_on=timezone.localdate() + timedelta(days=14))
    campaign = expertise.save_campaign(centre, title="Synthetische campagne",
                                       starts_on=timezone.localdate(),
                                       ends_on=timezone.localdate())
    event = expertise.plan_event(centre, title="Synthetische bijeenkomst", kind="webinar",
                                 starts_at=now + timedelta(days=3), place="Online",
                                 campaign=campaign)
    leader = expertise.save_leader(centre, name="Synthetisch", community="other",
                                   languages=["Nederlands"])
    meeting = expertise.record_meeting(centre, expertise.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="community_centre",
        language="Nederlands", participants=5, topics=["where_to_get_help"]))
    return {"course": course, "session": session, "enrolment": enrolment, "standard": standard,
            "competency": competency, "question": question, "expert": expert,
            "expert_request": request, "campaign": campaign, "awareness_event": event,
            "dialogue_leader": leader, "dialogue_meeting": meeting, "local_team": tilburg_team}


def _intake_samples(vt, household) -> dict:
    """A report and an advice request, when the intake app is there (it is built in parallel)."""
    from django.apps import apps

    if not apps.is_installed("eendak.intake"):
        return {}
    from eendak.intake import models as intake

    report = intake.Report.objects.create(
        reference="M-URLTEST", channel=intake.Channel.values[0], organisation=vt,
        household=household, municipality=household.municipality, violence_types=[],
        account="Synthetische melding voor de URL-test.", assessment_due_at=timezone.now())
    advice = intake.AdviceRequest.objects.create(
        reference="A-URLTEST", channel=intake.Channel.values[0],
        asker_type=intake.AskerType.values[0], question="Synthetische adviesvraag.",
        organisation=vt)
    feedback = intake.FeedbackTask.objects.create(
        report=report, moment=intake.FeedbackMoment.values[0], due_on=timezone.localdate())
    informing = intake.InformingTask.objects.create(
        report=report, person=household.persons.first(), due_on=timezone.localdate())
    conversation = intake.JointConversation.objects.create(
        report=report, local_team=f.organisation(T.LOCAL_TEAM, "Tilburg"))
    return {"report": report, "advice": advice, "feedback_task": feedback,
            "informing_task": informing, "joint_conversation": conversation}


class ViewCrashed(Exception):
    """A view raised instead of answering; reported per route so one crash does not hide the rest."""


def _request(client: Client, method: str, url: str, data=None, *, api: bool):
    cache.clear()  # throttles keep their counts in the cache; each request here stands alone
    try:
        return _send(client, method, url, data, api=api)
    except Exception as exc:
        raise ViewCrashed(f"{method.upper()} {url} raised {type(exc).__name__}: {exc}") from exc


def _send(client: Client, method: str, url: str, data=None, *, api: bool):
    if method == "get":
        return client.get(url, data or {})
    if method == "patch":
        return client.patch(url, data or {}, content_type="application/json")
    if method == "delete":
        return client.delete(url)
    if method == "upload":
        return client.post(url, data or {})  # multipart
    if api:
        return client.post(url, data or {}, content_type="application/json")
    return client.post(url, data or {})


# --- (c) anonymous requests -------------------------------------------------------------------------


def _succeeded(response) -> bool:
    if response.status_code >= 400:
        return False
    if 300 <= response.status_code < 400:
        return urlparse(response["Location"]).path not in LOGIN_PATHS
    return True


# Refusals past authorisation: bad input (400, 415), or the state of an object the user may see — a
# file downloaded once already (410, ``core.download_once``: the screen's sample took it first) or not
# ready (409).
LET_IN_REFUSALS = (400, 409, 410, 415)


def _let_in(response) -> bool:
    """Past authorisation: a success, or a refusal on an object the user may see (the walker sends an
    empty JSON body, so an action or upload endpoint refuses it; a one-time download may be gone).
    Not-allowed is 401/403/404."""
    return _succeeded(response) or response.status_code in LET_IN_REFUSALS


def anonymous_problems(routes, samples) -> list[str]:
    client = Client()
    login_path = reverse("core:login")
    problems = []
    for route in routes:
        kind = access_of(route.callback)
        if kind is None:
            continue  # reported by test_every_view_has_an_access_mark
        try:
            url = url_for(route, samples)
        except pytest.fail.Exception as missing:
            problems.append(str(missing))
            # An anonymous request never reaches the object: still check it with a stand-in.
            url = url_for(route, samples, placeholder="1")
        try:
            response = _request(client, "get", url, api=route.is_api)
        except ViewCrashed as crash:
            problems.append(f"{route.label}: anonymous {crash}")
            continue
        if kind == ViewAccess.PUBLIC:
            # Reachable without login: no redirect to it, and not hidden (404) or broken (5xx).
            if response.status_code == 404 or response.status_code >= 500 or not _succeeded(response):
                problems.append(f"{route.label}: public, yet anonymous GET gave {response.status_code}")
            continue
        if route.is_api:
            content_type = response.get("Content-Type", "")
            if response.status_code not in (401, 403) or not content_type.startswith(
                    "application/problem+json"):
                problems.append(f"{route.label}: anonymous GET gave {response.status_code} "
                                f"{content_type}, expected 401/403 application/problem+json")
        elif response.status_code != 302 or urlparse(response["Location"]).path != login_path:
            problems.append(f"{route.label}: anonymous GET gave {response.status_code} "
                            f"{response.get('Location', '')}, expected a redirect to {login_path}")
    return problems


@pytest.mark.django_db
def test_anonymous_requests_go_to_login_or_get_problem_json(samples):
    problems = anonymous_problems(ROUTES, samples)
    assert not problems, "\n".join(problems)


# --- (d) PERSONAL views write the access log ----------------------------------------------------------


def _last_entry_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _open_as_someone_who_may(route: Route, url: str, samples: dict, login_as):
    """Try the people of the samples in turn; the first who is let in is one who may see it.

    Returns (persona, membership, last entry id before the request, method, attempts) for the
    successful request; persona is None, with the statuses of all attempts, when nobody got in.
    """
    override = REQUEST_SAMPLES.get(route.full_name)
    attempts = []
    for persona, membership in samples["personas"].items():
        client = login_as(membership)
        method, data = override(samples) if override else ("get", None)
        try:
            before = _last_entry_id()
            response = _request(client, method, url, data, api=route.is_api)
            for fallback in ("post", "patch"):
                if override or response.status_code != 405:
                    break
                method = fallback
                before = _last_entry_id()
                response = _request(client, method, url, api=route.is_api)
        except ViewCrashed as crash:
            attempts.append(f"{persona}: {crash}")
            continue
        attempts.append(f"{persona}: {method.upper()} {response.status_code}")
        if _let_in(response):
            return persona, membership, before, method, attempts
    return None, None, None, None, attempts


def personal_problems(routes, samples, login_as) -> list[str]:
    problems = []
    for route in routes:
        if access_of(route.callback) != ViewAccess.PERSONAL:
            continue
        try:
            url = url_for(route, samples)
        except pytest.fail.Exception as missing:
            problems.append(str(missing))
            continue
        persona, membership, before, method, attempts = _open_as_someone_who_may(
            route, url, samples, login_as)
        if persona is None:
            problems.append(
                f"{route.label}: nobody in the samples could open {url} ({', '.join(attempts)}). "
                f"Add a persona to the samples fixture, or a REQUEST_SAMPLES entry for a form.")
            continue
        written = AccessLogEntry.objects.filter(id__gt=before, username=membership.user.username)
        if attempts[-1].endswith(tuple(f" {code}" for code in LET_IN_REFUSALS)):
            # Bad input that was logged is fine; otherwise the walker could not exercise the view.
            if not written.exists():
                problems.append(
                    f"{route.label}: {attempts[-1]} at {url}, refusing the walker's empty "
                    f"request, and logged nothing, so the walker cannot check the view. Add a "
                    f"REQUEST_SAMPLES entry with valid input (or log the refused input).")
            continue
        if not written.filter(outcome=Outcome.SUCCESS).exists():
            problems.append(f"{route.label}: {method.upper()} {url} as {persona} succeeded "
                            f"({attempts[-1]}) but wrote no access-log entry. A PERSONAL view must "
                            f"call log_access (or a service that does).")
    return problems


@pytest.mark.django_db
def test_personal_views_write_the_access_log(samples, login_as):
    assert any(access_of(r.callback) == ViewAccess.PERSONAL for r in ROUTES), "walker found none"
    problems = personal_problems(ROUTES, samples, login_as)
    assert not problems, "\n".join(problems)


# --- The walker checks itself: a broken view must make it fail ------------------------------------


@view_access(ViewAccess.PERSONAL)
def _silent_personal_view(request, widget_id=None):
    return HttpResponse("Naam: Jansen")


@view_access(ViewAccess.PERSONAL)
def _logging_personal_view(request):
    log_access(Actor.from_request(request), event="test.read", action=Action.READ, persons=[1])
    return HttpResponse("Naam: Jansen")


def _unmarked_view(request):
    return HttpResponse("?")


class SELF_TEST_URLCONF:  # noqa: N801 - stands in for a urls module
    urlpatterns = [
        path("", include("eendak.core.urls")),  # the login page, for the redirects
        path("stil/", _silent_personal_view, name="silent"),
        path("logt/", _logging_personal_view, name="logging"),
        path("widget/<int:widget_id>/", _silent_personal_view, name="widget"),
        path("ongemarkeerd/", _unmarked_view, name="unmarked"),
    ]


def _self_test_routes():
    return {route.text: route for route in walk(get_resolver(SELF_TEST_URLCONF))}


def test_walker_reports_an_unknown_kwarg_with_a_hint():
    route = _self_test_routes()["/widget/<int:widget_id>/"]
    with pytest.raises(pytest.fail.Exception, match="'widget_id'.*Add 'widget_id' to KWARG_SAMPLES"):
        url_for(route, {})


def test_walker_sees_an_unmarked_view():
    assert access_of(_self_test_routes()["/ongemarkeerd/"].callback) is None


@pytest.mark.django_db
def test_walker_catches_a_personal_view_that_writes_no_log(intake, login_as):
    routes = _self_test_routes()
    with override_settings(ROOT_URLCONF=SELF_TEST_URLCONF):
        samples = {"personas": {"participant": intake}}
        silent = personal_problems([routes["/stil/"]], samples, login_as)
        logging = personal_problems([routes["/logt/"]], samples, login_as)
        anonymous = anonymous_problems([routes["/stil/"]], samples)
    assert len(silent) == 1 and "wrote no access-log entry" in silent[0]
    assert logging == []
    assert anonymous == []
