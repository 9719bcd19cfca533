"""A resident's report through the web form: one report, channel "web", the reporter, the reference."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from eendak.core.models import Municipality
from eendak.core.reference import veilig_thuis
from eendak.intake.models import Channel, Report
from eendak.persons.models import Person

from .public_support import report_form_data


@pytest.mark.django_db
def test_a_residents_web_report_is_stored_once_with_reporter_and_reference_shown(client):
    data = report_form_data(client)

    response = client.post(reverse("public:report"), data)

    assert response.status_code == 200
    report = Report.objects.get()
    html = unescape(response.content.decode())
    assert "Uw melding is ontvangen" in html
    assert report.reference.startswith("M-")
    assert report.reference in html
    assert "binnen 5 werkdagen" in html
    assert "Na de beoordeling hoort u" in html
    assert report.channel == Channel.WEB_FORM
    assert report.organisation == veilig_thuis()
    assert report.registered_by is None
    assert report.municipality == Municipality.objects.get(name="Tilburg")
    assert sorted(report.violence_types) == ["kindermishandeling", "partnergeweld"]
    assert report.duration == "1_6_maanden"
    reporter = report.reporter
    assert (reporter.name, reporter.phone, reporter.relation) == ("Marieke Jansen", "06-12345678",
                                                                   "buurvrouw")
    assert reporter.is_professional is False
    assert (reporter.role, reporter.sector) == ("niet_beroepsmatig", "niet_van_toepassing")


@pytest.mark.django_db
def test_named_persons_become_persons_and_everything_else_stays_in_the_account(client):
    client.post(reverse("public:report"), report_form_data(client))

    report = Report.objects.get()
    links = list(report.involved.select_related("person"))
    assert len(links) == 1  # only the row with a name
    person = links[0].person
    assert (person.given_names, person.surname_prefix, person.surname) == ("Sanne", "de", "Vries")
    assert links[0].role == "victim"
    assert report.household is not None
    assert report.household.municipality.name == "Tilburg"
    assert report.account.startswith("Ik hoor bijna elke avond geschreeuw")
    assert "Sanne de Vries; leeftijd: ongeveer 30" in report.account
    assert "naam onbekend; leeftijd: 5; kind in het gezin" in report.account
    assert "Adres van het gezin: Galerijflat 12, Tilburg" in report.account


@pytest.mark.django_db
def test_without_a_municipality_the_names_stay_in_the_account(client):
    client.post(reverse("public:report"), report_form_data(client, municipality=""))

    report = Report.objects.get()
    assert report.municipality is None
    assert report.household is None
    assert not Person.objects.exists()
    assert "Sanne de Vries" in report.account
    assert "Gemeente: weet de melder niet" in report.account


@pytest.mark.django_db
def test_a_professional_reports_with_role_and_sector(client):
    data = report_form_data(client, is_professional="ja", role="onderwijs", sector="onderwijs",
                            organisation_name="Basisschool De Regenboog", reporter_phone="",
                            reporter_email="juf@voorbeeld.nl", violence_types=["onbekend"])

    client.post(reverse("public:report"), data)

    reporter = Report.objects.get().reporter
    assert reporter.is_professional is True
    assert (reporter.role, reporter.sector) == ("onderwijs", "onderwijs")
    assert reporter.organisation_name == "Basisschool De Regenboog"
    assert reporter.email == "juf@voorbeeld.nl"
    assert Report.objects.get().violence_types == ["onbekend"]


@pytest.mark.django_db
def test_i_dont_know_next_to_a_kind_of_violence_adds_nothing(client):
    client.post(reverse("public:report"),
                report_form_data(client, violence_types=["partnergeweld", "onbekend"]))

    assert Report.objects.get().violence_types == ["partnergeweld"]


@pytest.mark.django_db
def test_the_reporter_can_ask_to_stay_unknown_to_the_family(client):
    """The web form's checkbox "De melder wil onbekend blijven voor het gezin" becomes the reporter's
    ``stays_unknown_to_family``, which the case file and the API show Veilig Thuis; left empty, the
    family may hear who reported."""
    form = client.get(reverse("public:report"))
    assert "De melder wil onbekend blijven voor het gezin" in unescape(form.content.decode())

    client.post(reverse("public:report"), report_form_data(client, stays_unknown_to_family="on"))
    client.post(reverse("public:report"), report_form_data(client, reporter_name="Piet Open"))

    unknown = Report.objects.get(reporter__name="Marieke Jansen").reporter
    known = Report.objects.get(reporter__name="Piet Open").reporter
    assert unknown.stays_unknown_to_family is True
    assert known.stays_unknown_to_family is False


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [
    ("en", "The reporter wants to stay unknown to the family"),
    ("tr", "Bildirimde bulunan kişi, kimliğinin aileye açıklanmamasını istiyor"),
    ("ar", "يرغب المُبلِّغ في ألّا تعرف العائلة هويته"),
    ("so", "Qofka wax soo sheegay wuxuu rabaa in qoysku uusan ogaan cidda uu yahay"),
    ("pl", "Osoba zgłaszająca chce pozostać anonimowa wobec rodziny"),
])
def test_the_checkbox_speaks_every_public_language(client, language, label):
    with translation.override(translation.get_language()):  # the client leaves its language active
        response = client.get(reverse("public:report"), HTTP_ACCEPT_LANGUAGE=language)

    assert label in unescape(response.content.decode())
