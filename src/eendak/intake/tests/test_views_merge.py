"""Two records of one person: Veilig Thuis finds them, merges them with a reason, and can undo it."""

from datetime import date

import pytest
from django.urls import reverse

from eendak.intake import services as svc
from eendak.persons.models import Person, PersonMerge
from eendak.persons.registry import PersonData

URL = "/intake/personen/samenvoegen/"


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.fixture
def twins(intake_actor, police_report_data):
    """Piet Jansen in one report and Piet Janssen (a typo) in another: one person, two records."""
    records = []
    for key, surname in (("een", "Jansen"), ("twee", "Janssen")):
        report = svc.register_report(intake_actor, police_report_data(
            submission_key=key, involved=[svc.InvolvedPerson("victim", data=PersonData(
                given_names="Piet", surname=surname, date_of_birth=date(1970, 5, 1)))]))
        records.append((report.involved.get().person, report))
    return records


@pytest.mark.django_db
def test_merge_two_records_and_undo(officer, twins):
    (keep, keep_report), (merge, merge_report) = twins
    html = officer.post(URL, {"action": "search", "zoek-surname": "Jansen",
                              "zoek-date_of_birth": "01-05-1970"}).content.decode()
    assert html.count('name="keep"') == 2
    assert keep_report.reference in html and merge_report.reference in html

    response = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                                  "merge": merge.pk, "reason": "Zelfde BSN-loze persoon, tikfout."},
                            follow=True)
    html = response.content.decode()
    assert "Piet Janssen is samengevoegd met Piet Jansen" in html
    merge.refresh_from_db()
    assert merge.merged_into == keep
    assert set(keep.report_roles.values_list("report_id", flat=True)) == {keep_report.pk,
                                                                          merge_report.pk}
    record = PersonMerge.objects.get()
    assert "Zelfde BSN-loze persoon, tikfout." in html

    response = officer.post(reverse("intake:person_merge_undo"), {"merge_record": record.pk},
                            follow=True)
    assert "ongedaan gemaakt" in response.content.decode()
    merge.refresh_from_db()
    assert merge.merged_into is None
    assert list(merge.report_roles.values_list("report_id", flat=True)) == [merge_report.pk]


@pytest.mark.django_db
def test_merge_needs_a_reason_and_keeps_the_choice(officer, twins):
    (keep, _), (merge, _) = twins
    html = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                              "merge": merge.pk, "reason": ""}).content.decode()
    assert "Geef een reden voor het samenvoegen." in html
    assert f'value="{keep.pk}" id="keep-{keep.pk}" checked' in html
    assert f'value="{merge.pk}" id="merge-{merge.pk}" checked' in html
    assert not PersonMerge.objects.exists()


@pytest.mark.django_db
def test_a_record_cannot_be_merged_with_itself(officer, twins):
    (keep, _), _ = twins
    html = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                              "merge": keep.pk, "reason": "Test"}).content.decode()
    assert "Kies twee verschillende personen." in html
    assert not Person.objects.filter(merged_into__isnull=False).exists()
