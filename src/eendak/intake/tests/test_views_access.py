"""Who may use the intake screens, what they write to the access log, and the shielded reporter.

Everything under /intake/ is Veilig Thuis's own work: any other organisation — even the local team
that takes part in the very case — gets the 404 of a page that does not exist. Every screen that
shows or changes personal data leaves its access-log entry, and the reporter's name never reaches
anyone outside Veilig Thuis.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role
from eendak.intake import services as svc
from eendak.intake import urls as intake_urls
from eendak.intake.models import AdviceRequest, FeedbackTask, InformingTask
from eendak.persons import registry
from eendak.persons.registry import PersonData
from eendak.testing import factories as f

REPORTER = "Agent K. de Boer"


@pytest.fixture
def decided_report(intake_actor, police_report_data):
    """A police report decided as an investigation: the Tilburg team now takes part in the case."""
    report = svc.register_report(intake_actor, police_report_data())
    svc.record_assessment(intake_actor, report, acute_unsafety=True, structural_unsafety=True,
                             triage="direct_danger", rationale="Acuut gevaar.")
    svc.decide(intake_actor, report, kind="investigation", rationale="Onderzoek nodig.")
    return report


@pytest.fixture
def advice(intake_actor):
    return svc.register_advice(intake_actor, svc.AdviceData(
        channel="phone", asker_type="professional", question="Mag ik zonder toestemming melden?",
        consent_to_contact=True, asker_name="Juf M. Peeters"))


def intake_routes():
    return [p for p in intake_urls.urlpatterns if isinstance(p, URLPattern)]


def route_url(pattern, report, advice):
    if "pk" not in pattern.pattern.regex.groupindex:
        return reverse(f"intake:{pattern.name}")
    pk = advice.pk if str(pattern.pattern).startswith("advies/") else report.pk
    return reverse(f"intake:{pattern.name}", args=[pk])


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "org_type"), [
    (Role.LOCAL_TEAM_WORKER, "local_team"),
    (Role.PARTNER_LIAISON, "police"),
    (Role.LOG_ADMIN, "veilig_thuis"),  # at Veilig Thuis, but without client data
])
def test_everyone_else_gets_404_on_every_intake_url(decided_report, advice, login_as, role,
                                                     org_type):
    organisation = f.organisation(org_type, "Tilburg" if org_type == "local_team" else None)
    membership = f.membership(role, organisation)
    client = login_as(membership)
    assert intake_routes()
    for pattern in intake_routes():
        target = route_url(pattern, decided_report, advice)
        for method in (client.get, client.post):
            response = method(target)
            assert response.status_code == 404, f"{method.__name__.upper()} {target}"
            assert REPORTER not in response.content.decode()
    # The refusals are in the log too: someone tried, and was not let in.
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED,
                                         username=membership.user.username).exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(decided_report, advice):
    client = Client()
    for pattern in intake_routes():
        response = client.get(route_url(pattern, decided_report, advice))
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


@pytest.mark.django_db
def test_reporter_name_never_reaches_the_local_team(decided_report, advice, login_as, make_member,
                                                    tilburg_team, intake):
    worker = login_as(make_member(Role.LOCAL_TEAM_WORKER, tilburg_team))
    household = decided_report.household
    person = decided_report.involved.first().person
    pages = [
        worker.get(reverse("persons:household_detail", args=[household.pk])),
        worker.get(reverse("persons:person_detail", args=[person.pk])),
        worker.get(reverse("persons:household_list")),
        worker.post(reverse("persons:person_search"), {"name": person.surname}),
        worker.get(reverse("api:household-detail", args=[household.pk])),
        worker.get(reverse("api:person-detail", args=[person.pk])),
    ]
    pages += [worker.get(route_url(p, decided_report, advice)) for p in intake_routes()]
    assert pages[0].status_code == 200  # the team does see the household itself
    for response in pages:
        assert REPORTER not in response.content.decode()
    # Veilig Thuis does see the reporter on the report page.
    officer = login_as(intake)
    page = officer.get(reverse("intake:report_detail", args=[decided_report.pk])).content.decode()
    assert REPORTER in page


def _new_entries(client_user, since):
    return list(AccessLogEntry.objects.filter(id__gt=since, username=client_user.username,
                                              outcome=Outcome.SUCCESS)
                .values_list("event", flat=True))


def _last_id():
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_every_intake_screen_writes_its_access_log_entry(intake, login_as, intake_actor,
                                                         decided_report, advice, tilburg,
                                                         police_report_data):
    officer = login_as(intake)
    report = decided_report
    fresh = svc.register_report(intake_actor, police_report_data(submission_key="vers",
                                                                    involved=[]))
    conversation = report.joint_conversations.get()
    feedback = FeedbackTask.objects.filter(report=report).first()
    informing = InformingTask.objects.filter(report=report).first()
    a = registry.create_person(intake_actor, PersonData(given_names="Piet", surname="Jansen"))

    def url(name, *args):
        return reverse(f"intake:{name}", args=args)

    requests = [
        ("get", url("queue"), {}, "report.queue"),
        ("post", url("report_create"), {"action": "search", "zoek-surname": "Yilmaz",
                                        "nieuw-TOTAL_FORMS": "1", "nieuw-INITIAL_FORMS": "0"},
         "person.search"),
        ("get", url("report_detail", report.pk), {}, "report.read"),
        ("post", url("report_assess", fresh.pk), {
            "acute_unsafety": "nee", "structural_unsafety": "nee", "triage": "none",
            "rationale": "Geen onveiligheid."}, "report.assessed"),
        ("post", url("report_instrument", report.pk), {
            "instrument-instrument": "lirik", "instrument-outcome": "Zorgen over het kind."},
         "report.instrument"),
        ("post", url("report_decide", fresh.pk), {"kind": "end", "rationale": "Geen zorgen."},
         "report.decided"),
        ("post", url("report_conversation", report.pk), {
            "target": conversation.pk,
            f"gesprek-{conversation.pk}-notes": "Afspraak gemaakt met moeder."},
         "report.joint_conversation"),
        ("post", url("report_investigation", report.pk), {
            "finding_partnergeweld": "bevestigd", "finding_kindermishandeling": "weerlegd"},
         "report.investigation_completed"),
        ("post", url("report_feedback", report.pk), {
            "target": feedback.pk, f"terugkoppeling-{feedback.pk}-content": "Onderzoek gestart."},
         "report.feedback_given"),
        ("post", url("report_informing", report.pk), {
            "target": informing.pk,
            f"informeren-{informing.pk}-reason_not_informed": "Niet veilig om te informeren."},
         "report.person_informed"),
        ("post", url("report_link_person", report.pk), {
            "action": "search", "koppel-zoek-surname": "Jansen"}, "person.search"),
        ("post", url("report_link_person", report.pk), {
            "action": "link_existing", "koppel-person": a.pk, "koppel-role": "witness"},
         "report.person_linked"),
        ("get", url("advice_list"), {}, "advice.list"),
        ("post", url("advice_create"), {
            "submission_key": "advies-1", "channel": "phone", "asker_type": "resident",
            "received_at": "01-11-2026 10:00", "asker_role": "niet_beroepsmatig",
            "asker_sector": "niet_van_toepassing", "question": "Wat kan ik doen?"},
         "advice.created"),
        ("get", url("advice_detail", advice.pk), {}, "advice.read"),
        ("post", url("advice_record", advice.pk), {
            "advice_given": "Bespreek het met de intern begeleider.", "follow_up": "none"},
         "advice.updated"),
        ("post", url("advice_convert", advice.pk), {"reporter_name": "Juf M. Peeters"},
         "advice.converted"),
    ]
    for method, target, data, event in requests:
        before = _last_id()
        response = getattr(officer, method)(target, data)
        assert response.status_code in (200, 302), f"{target}: {response.status_code}"
        assert event in _new_entries(intake.user, before), f"{method.upper()} {target}"

    assert AdviceRequest.objects.get(pk=advice.pk).converted_to is not None


@pytest.mark.django_db
def test_a_refused_step_still_logs_the_page_it_shows(intake, login_as, decided_report):
    officer = login_as(intake)
    before = _last_id()
    response = officer.post(reverse("intake:report_assess", args=[decided_report.pk]), {})
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(id__gt=before, event="report.read").get()
    assert set(entry.person_ids) == set(decided_report.involved.values_list("person_id",
                                                                            flat=True))


@pytest.mark.django_db
def test_a_report_of_another_organisation_is_not_found_and_logged_so(intake, login_as):
    officer = login_as(intake)
    response = officer.get(reverse("intake:report_detail", args=[999999]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(event="report.read", outcome=Outcome.NOT_FOUND,
                                         object_id="999999").exists()
