"""The yearly list of files due for destruction: periods as data (Veilig Thuis 20 years from the
youngest child's 18th birthday), compiled by the cron command and by the privacy officer's button as
long work, downloaded as CSV/Excel, and worked through into destruction requests."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from eendak.cases.models import Case
from eendak.core.models import Job
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.retention import queries, services
from eendak.retention.models import CountedFrom, DueItem, DueList, DueStatus, FileKind, Origin
from eendak.retention.registry import RetentionFile
from eendak.testing import factories as f
from eendak.testing.clients import verified_client
from eendak.testing.exports import read_csv, read_xlsx
from eendak.testing.tasks import run_queued_tasks

from .conftest import actor_for

pytestmark = pytest.mark.django_db


def _close(case, when: date):
    Case.objects.filter(pk=case.pk).update(
        status="closed", closed_at=timezone.make_aware(datetime(when.year, when.month, when.day)))


@pytest.fixture
def old_case(household_with_case):
    """Closed in 2000; the child was born in 1990, so 18 in 2008: due in 2028 at Veilig Thuis."""
    household, case, persons = household_with_case
    child = persons[2]
    child.date_of_birth = date(1990, 5, 1)
    child.save()
    _close(case, date(2000, 3, 1))
    return case


def test_veilig_thuis_keeps_twenty_years_from_the_youngest_childs_eighteenth(old_case, vt):
    files = queries.files_of([vt.pk])
    due = queries.due_dates(files)
    [found] = [d for d in due if d.file.reference == old_case.reference]
    assert found.file.kind == FileKind.VT_CASE and found.years == 20
    assert found.counted_from == date(2008, 5, 1) and found.due_on == date(2028, 5, 1)
    assert not queries.due_for_destruction([vt.pk], date(2027, 12, 31))
    assert queries.due_for_destruction([vt.pk], date(2028, 12, 31))


def test_the_most_specific_period_wins(region, functional_admin, vt):
    tilburg = f.organisation(T.LOCAL_TEAM, "Tilburg")
    admin = actor_for(functional_admin)
    services.set_period(admin, kind=FileKind.LOCAL_TEAM, years=10, counted_from=CountedFrom.CLOSURE,
                        organisation=tilburg)
    closed = date(2010, 1, 1)
    files = [RetentionFile(FileKind.LOCAL_TEAM, "A", tilburg.pk, None, closed),
             RetentionFile(FileKind.LOCAL_TEAM, "B", f.organisation(T.LOCAL_TEAM, "Dongen").pk,
                           None, closed)]
    due = {d.file.reference: d.due_on for d in queries.due_dates(files)}
    assert due == {"A": date(2020, 1, 1), "B": date(2025, 1, 1)}  # the seeded 15 years


def test_a_period_is_between_one_and_115_years(functional_admin):
    from eendak.core.exceptions import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        services.set_period(actor_for(functional_admin), kind=FileKind.LOCAL_TEAM, years=0,
                            counted_from=CountedFrom.CLOSURE)
    assert refused.value.field == "years"


def test_the_cron_command_compiles_every_organisations_list(old_case, vt):
    call_command("list_due_for_destruction", "--year", "2028")
    run_queued_tasks()
    due_list = DueList.objects.get(organisation=vt, year=2028)
    assert list(due_list.items.values_list("file_reference", flat=True)) == [old_case.reference]
    call_command("list_due_for_destruction", "--year", "2028", "--now")
    assert DueItem.objects.filter(due_list__year=2028).count() == 1


def test_the_privacy_officer_compiles_downloads_and_works_through_the_list(
        old_case, privacy_officer, second_officer, settings, tmp_path):
    settings.EENDAK_EXPORT_ROOT = tmp_path / "exports"  # the job's file: nothing left behind
    client = verified_client(privacy_officer)
    answer = client.post("/bewaren/vernietigingslijst/", {"step": "start", "year": "2029"})
    job = Job.objects.get(kind="retention.due_list")
    assert answer.status_code == 302 and answer.url == f"/taken/{job.pk}/"
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == "done" and job.result_file
    page = client.get("/bewaren/vernietigingslijst/?jaar=2029")
    assert page.status_code == 200 and old_case.reference in page.content.decode()
    rows = read_csv(client.get("/bewaren/vernietigingslijst/?jaar=2029&formaat=csv"))
    assert rows[1][0] == old_case.reference
    assert read_xlsx(client.get("/bewaren/vernietigingslijst/?jaar=2029&formaat=xlsx"))[1][0] == \
        old_case.reference
    item = DueItem.objects.get()
    answer = client.post("/bewaren/vernietigingslijst/", {"step": "request", "item": item.pk})
    item.refresh_from_db()
    assert item.status == DueStatus.REQUESTED and item.request.origin == Origin.RETENTION
    assert answer.url == f"/bewaren/verzoeken/{item.request.pk}/"


def test_a_year_in_the_far_future_is_refused_with_the_form_kept(privacy_officer):
    client = verified_client(privacy_officer)
    answer = client.post("/bewaren/vernietigingslijst/", {"step": "start", "year": "2099"})
    assert answer.status_code == 400 and 'value="2099"' in answer.content.decode()
    assert not Job.objects.exists()


def test_only_the_privacy_officer_sees_the_list(vt):
    worker = f.membership(Role.VT_INTAKE, vt)
    assert verified_client(worker).get("/bewaren/vernietigingslijst/").status_code == 404
    admin = f.membership(Role.LOG_ADMIN, vt)
    assert verified_client(admin).get("/bewaren/vernietigingslijst/").status_code == 404


def test_the_period_screen_is_the_functional_administrators(functional_admin, privacy_officer):
    admin = verified_client(functional_admin)
    answer = admin.post("/bewaren/termijnen/", {"kind": "local_team", "organisation_type": "",
                                                "years": "abc", "counted_from": "closure"})
    assert answer.status_code == 400 and 'value="abc"' in answer.content.decode()
    answer = admin.post("/bewaren/termijnen/", {"kind": "local_team", "organisation_type": "",
                                                "years": "12", "counted_from": "closure",
                                                "basis": "Regionaal besluit"})
    assert answer.status_code == 302
    officer = verified_client(privacy_officer)
    assert officer.get("/bewaren/termijnen/").status_code == 200
    assert officer.post("/bewaren/termijnen/", {"kind": "local_team", "years": "1",
                                                "counted_from": "closure"}).status_code == 404
