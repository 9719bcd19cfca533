"""A resident's phone report and a police report, taken through the screens from receipt through the
safety assessment to the decision — and the local team of the right municipality, and nobody else
outside Veilig Thuis, sees the household the moment a service starts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.core.models import Organisation
from eendak.intake import services as intake
from eendak.intake.models import FeedbackTask, InformingTask, InstrumentResult, Report
from eendak.persons.registry import PersonData

CREATE = "/intake/meldingen/nieuw/"


def report_form(tilburg, **overrides) -> dict:
    data = {
        "action": "save", "submission_key": "reis-1", "channel": "phone",
        "received_at": (timezone.localtime() - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "reporter_name": "Dhr. H. Willems", "reporter_relation": "buurman",
        "reporter_role": "niet_beroepsmatig", "reporter_sector": "niet_van_toepassing",
        "violence_types": ["kindermishandeling"], "duration": "6_12_maanden",
        "account": "Ziet het jongste kind vaak met blauwe plekken; de vader schreeuwt veel.",
        "municipality": str(tilburg.pk),
        "nieuw-TOTAL_FORMS": "2", "nieuw-INITIAL_FORMS": "0",
        "nieuw-0-role": "child", "nieuw-0-given_names": "Lotte", "nieuw-0-surname": "Hendriks",
        "nieuw-0-date_of_birth": "14-06-2018", "nieuw-0-bsn_status": "absent",
        "nieuw-1-role": "suspect", "nieuw-1-given_names": "Mark", "nieuw-1-surname": "Hendriks",
        "nieuw-1-date_of_birth": "02-11-1982", "nieuw-1-bsn_status": "withheld",
    }
    data.update(overrides)
    return data


def url(name, report):
    return reverse(f"intake:{name}", args=[report.pk])


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.fixture
def teams(make_member, login_as, tilburg_team):
    goirle = Organisation.objects.get(name="Lokaal team Goirle")
    return (login_as(make_member("local_team_worker", tilburg_team)),
            login_as(make_member("local_team_worker", goirle)))


def assess(officer, report, **overrides):
    data = {"acute_unsafety": "nee", "structural_unsafety": "ja", "triage": "structural_serious",
            "rationale": "Herhaald letsel bij het kind; vader ontkent."}
    data.update(overrides)
    return officer.post(url("report_assess", report), data, follow=True)


@pytest.mark.django_db
def test_phone_report_from_receipt_through_investigation(officer, teams, tilburg):
    tilburg_worker, goirle_worker = teams
    response = officer.post(CREATE, report_form(tilburg), follow=True)
    report = Report.objects.get()
    assert response.status_code == 200 and "Ontvangen – veiligheidsbeoordeling nodig" in (
        response.content.decode())
    household = reverse("persons:household_detail", args=[report.household_id])
    # Before a service starts, no local team sees the household.
    assert tilburg_worker.get(household).status_code == 404

    page = assess(officer, report).content.decode()
    assert "De veiligheidsbeoordeling is vastgelegd." in page
    assert "Structurele ernstige onveiligheid" in page

    # A risk instrument: the score and band are shown with the note that it does not decide.
    answers = {f"instrument-item_q{i:02d}": "ja" if i <= 11 else "nee" for i in range(1, 25)}
    page = officer.post(url("report_instrument", report),
                        {"instrument-instrument": "dash", **answers}, follow=True).content.decode()
    assert InstrumentResult.objects.get(report=report).band == "gemiddeld risico"
    assert "gemiddeld risico" in page
    assert "Een score ondersteunt het oordeel van de professional; hij beslist niet." in page

    page = officer.post(url("report_decide", report), {
        "kind": "investigation", "rationale": "Onderzoek naar kindermishandeling nodig."},
        follow=True).content.decode()
    assert "Het besluit is vastgelegd." in page
    assert "Lokaal team Tilburg" in page and "Veilig Thuis Midden-Brabant" in page
    report.refresh_from_db()
    assert report.status == "decided" and report.decision.case is not None

    # The local team of the household's municipality sees it at once; another team does not.
    assert tilburg_worker.get(household).status_code == 200
    assert goirle_worker.get(household).status_code == 404

    # Verbindend samenwerken: plan and record the joint conversation.
    conversation = report.joint_conversations.get()
    planned = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    officer.post(url("report_conversation", report),
                 {"target": conversation.pk, f"gesprek-{conversation.pk}-planned_for": planned})
    held = (timezone.localtime() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    page = officer.post(url("report_conversation", report), {
        "target": conversation.pk, f"gesprek-{conversation.pk}-held_at": held,
        f"gesprek-{conversation.pk}-participants": "Moeder, vader, VT, lokaal team"},
        follow=True).content.decode()
    conversation.refresh_from_db()
    assert conversation.planned_for and conversation.held_at
    assert "Moeder, vader, VT, lokaal team" in page

    # The investigation's outcome per kind of violence, then feedback and informing.
    page = officer.post(url("report_investigation", report),
                        {"finding_kindermishandeling": "bevestigd", "conclusion": "Bevestigd."},
                        follow=True).content.decode()
    assert "De uitkomst van het onderzoek is vastgelegd." in page
    assert report.investigation.findings.get().result == "bevestigd"
    for task in FeedbackTask.objects.filter(report=report):
        officer.post(url("report_feedback", report), {
            "target": task.pk, f"terugkoppeling-{task.pk}-content": "Onderzoek loopt/afgerond."})
    assert not FeedbackTask.objects.filter(report=report, completed_at__isnull=True).exists()
    assert FeedbackTask.objects.filter(report=report).count() == 2
    child, father = (InformingTask.objects.get(report=report, person__given_names=n)
                     for n in ("Lotte", "Mark"))
    officer.post(url("report_informing", report), {
        "target": child.pk, f"informeren-{child.pk}-informed_on": timezone.localdate().strftime(
            "%d-%m-%Y")})
    officer.post(url("report_informing", report), {
        "target": father.pk,
        f"informeren-{father.pk}-reason_not_informed": "Informeren brengt het kind in gevaar."})
    child.refresh_from_db()
    father.refresh_from_db()
    assert child.informed_on == timezone.localdate()
    assert father.reason_not_informed == "Informeren brengt het kind in gevaar."


@pytest.mark.django_db
def test_police_report_from_receipt_to_conditions(officer, teams, tilburg):
    tilburg_worker, goirle_worker = teams
    officer.post(CREATE, report_form(
        tilburg, channel="police", reporter_name="Agent K. de Boer", reporter_relation="",
        reporter_is_professional="on", reporter_role="justitie_politie", reporter_sector="politie",
        reporter_organisation="Politie Tilburg", violence_types=["partnergeweld"], is_acute="on",
        **{"nieuw-0-role": "victim", "nieuw-0-date_of_birth": "12-04-1988"}))
    report = Report.objects.get()
    assert report.channel == "police" and report.is_acute
    assert report.reporter.is_professional and report.reporter.sector == "politie"

    page = assess(officer, report, acute_unsafety="ja", triage="direct_danger").content.decode()
    assert "Direct gevaar" in page
    response = officer.post(url("report_decide", report), {
        "kind": "conditions", "rationale": "Veiligheidsvoorwaarden met het gezin afgesproken."},
        follow=True)
    # "Voorwaarden en vervolg" goes on to the conditions themselves: one flow, no searching.
    report.refresh_from_db()
    case = report.decision.case
    assert response.redirect_chain[-1][0] == reverse("cases:step_conditions", args=[case.pk])
    page = response.content.decode()
    assert "Veiligheidsvoorwaarden vaststellen" in page and "Leg nu de veiligheidsvoorwaarden vast" in page
    page = officer.post(reverse("cases:step_conditions", args=[case.pk]), {
        "voorwaarden-text_1": "Vader komt niet in de woning.",
        "voorwaarden-agreed_by_1": "Vader en moeder"}, follow=True).content.decode()
    assert "Vader komt niet in de woning." in page and "Lokaal team Tilburg" in page
    assert case.conditions.filter(text="Vader komt niet in de woning.").exists()
    household = reverse("persons:household_detail", args=[report.household_id])
    assert tilburg_worker.get(household).status_code == 200
    assert goirle_worker.get(household).status_code == 404


@pytest.mark.django_db
def test_handover_needs_its_target_and_keeps_what_was_typed(officer, intake_actor,
                                                            police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    assess(officer, report)
    response = officer.post(url("report_decide", report), {
        "kind": "handover", "rationale": "Overdragen aan de huisarts en het lokale team."})
    html = response.content.decode()
    assert "Kies aan wie wordt overgedragen." in html
    assert "Overdragen aan de huisarts en het lokale team." in html
    report.refresh_from_db()
    assert report.status == "assessed"


@pytest.mark.django_db
def test_a_refused_rule_shows_its_message_at_the_field(officer, intake_actor, police_report_data):
    # Deciding without persons: the service refuses, its message lands at "besluit", input kept.
    report = intake.register_report(intake_actor, police_report_data(involved=[]))
    assess(officer, report)
    response = officer.post(url("report_decide", report), {
        "kind": "conditions", "rationale": "Voorwaarden nodig voor de kinderen."})
    html = response.content.decode()
    assert "Koppel eerst de betrokken personen aan de melding" in html
    assert 'id="id_kind_error"' in html
    assert "Voorwaarden nodig voor de kinderen." in html
    report.refresh_from_db()
    assert report.status == "assessed"


@pytest.mark.django_db
def test_a_step_out_of_order_is_refused_in_dutch(officer, intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    html = officer.post(url("report_decide", report), {
        "kind": "end", "rationale": "Geen zorgen."}).content.decode()
    assert "die stap kan nu niet" in html
    report.refresh_from_db()
    assert report.status == "received"


@pytest.mark.django_db
def test_assessment_form_errors_keep_the_rationale(officer, intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    html = officer.post(url("report_assess", report), {
        "acute_unsafety": "ja", "rationale": "Moeder had een blauw oog."}).content.decode()
    assert "Kies ja of nee." in html and "Kies een triagesituatie." in html
    assert "Moeder had een blauw oog." in html
    assert 'value="ja" id="id_acute_unsafety_0" checked' in html or (
        'id="id_acute_unsafety_0" checked' in html)
    report.refresh_from_db()
    assert report.status == "received"


@pytest.mark.django_db
def test_licensed_instrument_records_only_its_outcome(officer, intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    page = officer.get(url("report_detail", report), {"instrument": "arij"}).content.decode()
    assert "ARIJ" in page and "geen openbare scoringsregels" in page
    html = officer.post(url("report_instrument", report),
                        {"instrument-instrument": "arij"}).content.decode()
    assert "Leg de uitkomst van dit instrument vast" in html
    officer.post(url("report_instrument", report), {"instrument-instrument": "arij",
                                                    "instrument-outcome": "Hoog risico (ARIJ)."})
    result = InstrumentResult.objects.get(report=report)
    assert result.score is None and result.outcome == "Hoog risico (ARIJ)."


@pytest.mark.django_db
def test_rihg_asks_every_signal_per_part(officer, intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    answers = {"instrument-instrument": "rihg", "instrument-item_A1": "ja",
               "instrument-item_A3": "ja"}
    html = officer.post(url("report_instrument", report), answers).content.decode()
    assert "Deel A – Geweldsgeschiedenis en het incident" in html
    assert html.count("Kies ja of nee.") == 18
    assert not InstrumentResult.objects.exists()
    answers.update({f"instrument-item_{c}": "nee" for c in (
        "A2", "A4", "A5", "A6", "A7", "B1", "B2", "B3", "B4", "B5", "B6", "B7",
        "C1", "C2", "C3", "C4", "C5", "C6")})
    officer.post(url("report_instrument", report), answers)
    assert InstrumentResult.objects.get().band == "huisverbod in beginsel"


@pytest.mark.django_db
def test_end_of_involvement_closes_the_report_and_its_forms(officer, intake_actor,
                                                            police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    assess(officer, report, structural_unsafety="nee", triage="none")
    html = officer.post(url("report_decide", report), {
        "kind": "end", "rationale": "Geen zorgen meer na gesprek."}, follow=True).content.decode()
    assert "Einde bemoeienis: er is geen casus geopend" in html
    assert "Afgesloten" in html
    assert url("report_link_person", report) not in html
    assert url("report_instrument", report) not in html


@pytest.mark.django_db
def test_link_a_known_and_a_new_person_after_the_report(officer, intake_actor, police_report_data,
                                                        tilburg):
    other = intake.register_report(intake_actor, police_report_data(involved=[
        intake.InvolvedPerson("victim", data=PersonData(given_names="Ilse", surname="Claassen",
                                                        municipality_id=tilburg.pk))]))
    ilse = other.involved.get().person
    report = intake.register_report(intake_actor, police_report_data(
        submission_key="tweede", involved=[]))
    html = officer.post(url("report_link_person", report), {
        "action": "search", "koppel-zoek-surname": "Klaassen"}).content.decode()
    assert "Ilse Claassen" in html and other.reference in html
    officer.post(url("report_link_person", report), {
        "action": "link_existing", "koppel-person": ilse.pk, "koppel-role": "victim"})
    html = officer.post(url("report_link_person", report), {
        "action": "link_new", "koppel-nieuw-role": "child", "koppel-nieuw-given_names": "Bram",
        "koppel-nieuw-surname": "Claassen", "koppel-nieuw-date_of_birth": "31-02-2019"},
    ).content.decode()
    assert "Deze datum bestaat niet" in html and 'value="Bram"' in html
    officer.post(url("report_link_person", report), {
        "action": "link_new", "koppel-nieuw-role": "child", "koppel-nieuw-given_names": "Bram",
        "koppel-nieuw-surname": "Claassen", "koppel-nieuw-date_of_birth": "28-02-2019"})
    roles = dict(report.involved.values_list("person__given_names", "role"))
    assert roles == {"Ilse": "victim", "Bram": "child"}
    report.refresh_from_db()
    assert report.household_id == other.household_id
    assert AccessLogEntry.objects.filter(event="report.person_linked").count() == 2


@pytest.mark.django_db
def test_the_dash_form_numbers_its_questions_as_the_paper_form_does(officer, intake_actor,
                                                                    police_report_data):
    report = intake.register_report(intake_actor, police_report_data())

    page = officer.get(url("report_detail", report), {"instrument": "dash"}).content.decode()

    assert "1. " in page and "24. " in page
    assert "q01." not in page and "q24." not in page  # the stored answer keys are not labels


@pytest.mark.django_db
def test_a_decided_report_shows_its_status_once(officer, intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    intake.record_assessment(intake_actor, report, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Zorgen over de kinderen.")
    report.refresh_from_db()
    intake.decide(intake_actor, report, kind="investigation", rationale="Onderzoek nodig.")

    page = officer.get(url("report_detail", report)).content.decode()

    start = page.index('class="intake-badge-row"')
    badges = page[start:page.index("</div>", start)]
    assert badges.count("Besluit genomen") == 1
    assert badges.count('class="eendak-badge') == 1  # the status; no deadline once decided


@pytest.mark.django_db
def test_the_officer_records_that_the_reporter_stays_unknown_to_the_family(officer, tilburg):
    officer.post(CREATE, report_form(tilburg, reporter_stays_unknown="on"))
    report = Report.objects.get()

    page = officer.get(url("report_detail", report)).content.decode()

    assert report.reporter.stays_unknown_to_family
    assert "De melder wil onbekend blijven voor het gezin." in page
