"""The research export on the real database and task backend: a study approved by the privacy officer,
its export run by the worker's own ``run_task`` (``run_queued_tasks``), the file read back.

What must hold: two studies' pseudonyms cannot be linked; the file holds no name, BSN, address,
date of birth or free text; small cells are suppressed; a crash half-way is retried without a second
file or row; only an approved study that has not ended exports; the download is once, and logged.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action
from eendak.core import jobs
from eendak.core.disclosure import SUPPRESSED
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Job, JobStatus
from eendak.core.roles import Role
from eendak.monitoring import research, services, tasks
from eendak.monitoring.models import ResearchExport, Study, StudyStatus
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .research_support import (
    ACCOUNT,
    ASSESSMENT,
    RATIONALE,
    REPORTER_NAME,
    actor_for,
    approved_study,
    family,
    received_on,
    study_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_export_root(tmp_path):
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


@pytest.fixture
def analyst(vt):
    return f.membership(Role.ANALYST, vt)


@pytest.fixture
def researcher(analyst):
    return actor_for(analyst)


@pytest.fixture
def officer(privacy_officer):
    return actor_for(privacy_officer)


@pytest.fixture
def families(vt, tilburg_team):
    """Six families reported in March 2025 (five about child abuse by a teacher, the sixth about
    partner violence by a neighbour, whose child is 2), and one without a case."""
    day = received_on(date(2025, 3, 12))
    found = [family(n, vt, tilburg_team, received=day + timedelta(days=n)) for n in range(5)]
    found.append(family(5, vt, tilburg_team, received=day, kinds=("partnergeweld",),
                        reporter_role="niet_beroepsmatig", child_born=date(2023, 1, 5)))
    found.append(family(6, vt, tilburg_team, received=day, with_case=False))
    return found


def export_of(researcher, study) -> tuple[ResearchExport, list[dict]]:
    export = services.start_export(researcher, study)
    run_queued_tasks()
    export.refresh_from_db()
    assert _job(export).status == JobStatus.DONE
    return export, _rows(export)


def _job(export) -> Job:
    return Job.objects.get(pk=export.job_id)


def _text(export) -> str:
    return (jobs.export_root() / export.file_name).read_text(encoding="utf-8-sig")


def _rows(export) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_text(export)), delimiter=";"))


def test_the_export_has_a_row_per_person_per_report_with_pseudonyms_and_coarse_values(
        researcher, officer, families):
    study = approved_study(researcher, officer)
    export, rows = export_of(researcher, study)
    assert len(rows) == 7 * 3 and export.rows == 21
    assert list(rows[0]) == research.columns_for(research.BY_CODE)
    first = families[0]
    key = bytes(Study.objects.get(pk=study.pk).key)
    mine = [row for row in rows if row["huishouden_id"] == research.pseudonym(
        key, "household", first.household.pk)]
    assert {row["persoon_id"] for row in mine} == {
        research.pseudonym(key, "person", p.pk) for p in first.persons}
    assert {row["casus_id"] for row in mine} == {research.pseudonym(key, "case", first.case.pk)}
    parent = next(row for row in mine if row["rol"] == "victim")
    assert parent["leeftijdsgroep"] == "18-64" and parent["halfjaar"] == "2025-H1"
    assert parent["maand"] == "2025-03" and parent["gemeente"] == "Tilburg"
    assert parent["geweld_kindermishandeling"] == "1" and parent["melder"] == "onderwijs"
    assert parent["bereikte_fase"] == "stable_safety"
    assert parent["dagen_tot_stabiele_veiligheid"] == "31-90"
    assert parent["incidenten_laatste_moment"] == "22+" and parent["monitoringmomenten"] == "1"
    child = next(row for row in mine if row["rol"] == "child")
    assert child["leeftijdsgroep"] == "4-11"
    no_case = [row for row in rows if row["casus_id"] == ""]
    assert len(no_case) == 3 and {row["bereikte_fase"] for row in no_case} == {""}
    assert _job(export).result_file == ""  # not the generic download: the study's, once


def test_two_studies_cannot_be_linked(researcher, officer, families):
    first = approved_study(researcher, officer, title="Studie A (test)")
    second = approved_study(researcher, officer, title="Studie B (test)")
    _, rows_a = export_of(researcher, first)
    _, rows_b = export_of(researcher, second)
    for column in research.ID_COLUMNS:
        values_a = {row[column] for row in rows_a} - {""}
        values_b = {row[column] for row in rows_b} - {""}
        assert values_a and values_b and not values_a & values_b, column
    key_a = bytes(Study.objects.get(pk=first.pk).key)
    key_b = bytes(Study.objects.get(pk=second.pk).key)
    assert key_a != key_b and len(key_a) == 32
    person = families[0].persons[0]
    assert research.pseudonym(key_a, "person", person.pk) != research.pseudonym(
        key_b, "person", person.pk)
    # Nothing in a row but the pseudonyms tells the studies' people apart (the same variables).
    assert sorted(tuple(v for k, v in r.items() if k not in research.ID_COLUMNS) for r in rows_a) \
        == sorted(tuple(v for k, v in r.items() if k not in research.ID_COLUMNS) for r in rows_b)


def test_the_export_holds_no_name_bsn_address_birth_date_or_free_text(researcher, officer,
                                                                     families):
    study = approved_study(researcher, officer)
    export, _rows_ = export_of(researcher, study)
    text = _text(export)
    raw = (jobs.export_root() / export.file_name).read_bytes()
    assert raw.startswith("\ufeff".encode())
    forbidden = []
    for n, fam in enumerate(families):
        forbidden += [ACCOUNT.format(n=n), RATIONALE.format(n=n), ASSESSMENT.format(n=n),
                      REPORTER_NAME.format(n=n), f"Stabiel (reden {n})", f"melder{n}@example.test",
                      fam.report.reference, fam.household.reference, *fam.bsns]
        for person in fam.persons:
            forbidden += [person.given_names, person.surname, person.street, person.postcode,
                          f"{person.street} {person.house_number}",
                          person.date_of_birth.isoformat(), f"{person.date_of_birth:%d-%m-%Y}"]
    forbidden += ["0612345678", str(families[0].report.received_at.date())]
    found = [value for value in forbidden if value and value in text]
    assert found == []
    # Only the pseudonym columns hold values that are not from the documented lists.
    header = text.splitlines()[0].split(";")
    assert header == research.columns_for(research.BY_CODE)
    assert Study.objects.get(pk=study.pk).key.hex() not in text


def test_small_cells_are_suppressed(researcher, officer, families):
    study = approved_study(researcher, officer)
    _, rows = export_of(researcher, study)
    # Partner violence, a reporter who is no professional and a child of 0-3: one family each.
    assert {row["geweld_partnergeweld"] for row in rows} == {"0", SUPPRESSED}
    assert sum(row["geweld_partnergeweld"] == SUPPRESSED for row in rows) == 3
    assert "niet_beroepsmatig" not in {row["melder"] for row in rows}
    assert "0-3" not in {row["leeftijdsgroep"] for row in rows}
    assert SUPPRESSED in {row["leeftijdsgroep"] for row in rows}
    # Shared by six households: kept.
    assert "18-64" in {row["leeftijdsgroep"] for row in rows}
    assert {row["melder"] for row in rows} == {"onderwijs", SUPPRESSED}


def test_the_small_cell_rule_counts_households_not_rows():
    rows = [{"huishouden_id": f"h{n // 3}", "gemeente": "Dongen" if n < 6 else "Tilburg"}
            for n in range(21)]
    assert research.suppress(rows, ["huishouden_id", "gemeente"]) == 6
    assert [row["gemeente"] for row in rows[:7]] == [SUPPRESSED] * 6 + ["Tilburg"]


def test_an_export_killed_half_way_is_retried_without_a_duplicate(researcher, officer, families,
                                                                  monkeypatch):
    study = approved_study(researcher, officer)
    export = services.start_export(researcher, study)
    real_write = tasks._write

    def half_then_crash(path, content):
        with open(path, "wb") as out:
            out.write(content[: len(content) // 2])
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(tasks, "_write", half_then_crash)
    run_queued_tasks()
    job = _job(export)
    assert job.status == JobStatus.FAILED and "schijf vol" in job.error
    export.refresh_from_db()
    assert export.file_name == "" and not export.downloadable
    root = jobs.export_root()
    assert [p.name for p in root.iterdir()] == [f"onderzoek-{study.pk}-{job.pk}-poging-1.tmp"]

    monkeypatch.setattr(tasks, "_write", real_write)
    jobs.retry(researcher, job)
    run_queued_tasks()
    job.refresh_from_db()
    export.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert [p.name for p in root.iterdir()] == [f"onderzoek-{study.pk}-{job.pk}.csv"]
    assert ResearchExport.objects.filter(study=study).count() == 1
    rows = _rows(export)
    pairs = [(row["melding_id"], row["persoon_id"]) for row in rows]
    assert len(pairs) == len(set(pairs)) == 21 == export.rows

    # Run again by a stale duplicate of the task: nothing new, the one file, the one row.
    assert run_queued_tasks() == 0
    assert len(list(root.iterdir())) == 1


def test_a_crash_while_reading_is_retried_from_the_start(researcher, officer, families,
                                                         monkeypatch):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    study = approved_study(researcher, officer)
    export = services.start_export(researcher, study)
    real_rows, calls = research.rows_for, []

    def crash_in_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("verbinding weg")
        return real_rows(*args, **kwargs)

    monkeypatch.setattr(research, "rows_for", crash_in_the_third_batch)
    run_queued_tasks()
    job = _job(export)
    assert job.status == JobStatus.FAILED and job.done == 4
    jobs.retry(researcher, job)
    run_queued_tasks()
    export.refresh_from_db()
    assert _job(export).status == JobStatus.DONE and len(_rows(export)) == 21 == export.rows


@pytest.mark.parametrize("state", ["submitted", "rejected", "ended", "key destroyed"])
def test_only_an_approved_study_that_has_not_ended_exports(researcher, officer, families, state):
    study = services.register_study(researcher, study_data())
    if state == "rejected":
        services.reject_study(officer, study, reason="Te veel variabelen voor dit doel.")
    elif state in ("ended", "key destroyed"):
        services.approve_study(officer, study)
        Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
        if state == "key destroyed":
            services.end_expired_studies()
    study.refresh_from_db()
    jobs_before, exports_before = Job.objects.count(), ResearchExport.objects.count()
    with pytest.raises(RuleViolation) as refused:
        services.start_export(researcher, study)
    assert "goedgekeurd" in refused.value.message or "afgelopen" in refused.value.message
    assert (Job.objects.count(), ResearchExport.objects.count()) == (jobs_before, exports_before)


def test_a_study_that_ends_while_queued_exports_nothing(researcher, officer, families):
    study = approved_study(researcher, officer)
    export = services.start_export(researcher, study)
    Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    run_queued_tasks()
    assert _job(export).status == JobStatus.FAILED
    export.refresh_from_db()
    assert export.file_name == "" and not any(jobs.export_root().iterdir())


def test_only_the_researcher_exports_and_the_privacy_officer_decides(vt, researcher, officer,
                                                                    families):
    other_analyst = actor_for(f.membership(Role.ANALYST, vt))
    study = services.register_study(researcher, study_data())
    with pytest.raises(NotPermitted):
        services.approve_study(researcher, study)  # not one's own study
    with pytest.raises(NotPermitted):
        services.register_study(officer, study_data())
    services.approve_study(officer, study)
    for who in (other_analyst, officer):
        with pytest.raises(NotPermitted):
            services.start_export(who, study)
    export = services.start_export(researcher, study)
    run_queued_tasks()
    for who in (other_analyst, officer):
        with pytest.raises(NotPermitted):
            services.download_export(who, export)
    with pytest.raises(RuleViolation):
        services.approve_study(officer, study)  # decided already


def test_the_download_is_once_logged_as_an_export_naming_the_persons(researcher, officer,
                                                                     families):
    study = approved_study(researcher, officer)
    export, rows = export_of(researcher, study)
    with pytest.raises(RuleViolation):
        services.start_export(researcher, study)  # one waiting for its download
    handle, name = services.download_export(researcher, export)
    with handle:
        assert handle.read().decode("utf-8-sig").count("\r\n") == 22
    assert name.endswith(".csv") and not (jobs.export_root() / export.file_name).exists()
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert (entry.event, entry.action, entry.user_id) == (
        "research.export_downloaded", Action.EXPORT, researcher.user.pk)
    persons = {p.pk for fam in families for p in fam.persons}
    assert set(entry.subjects.values_list("person_id", flat=True)) == persons
    with pytest.raises(RuleViolation) as again:
        services.download_export(researcher, export)
    assert "één keer" in again.value.message
    services.start_export(researcher, study)  # after the download a new export may be made


def test_when_the_study_ends_its_key_and_undownloaded_files_are_destroyed(researcher, officer,
                                                                          families):
    study = approved_study(researcher, officer)
    export, _rows_ = export_of(researcher, study)
    path = jobs.export_root() / export.file_name
    assert path.exists()
    assert services.end_expired_studies() == 0  # not ended yet
    Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(RuleViolation):
        services.download_export(researcher, export)  # refused even before the clean-up
    assert services.end_expired_studies() == 1
    study.refresh_from_db()
    export.refresh_from_db()
    assert study.key is None and study.key_destroyed_at is not None
    assert export.destroyed_at is not None and not path.exists()
    assert services.end_expired_studies() == 0  # idempotent
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry.event == "research.study_ended" and entry.user_id is None


def test_the_management_command_ends_studies(researcher, officer, capsys):
    from django.core.management import call_command

    study = approved_study(researcher, officer)
    Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    call_command("end_research_studies")
    assert "1 afgelopen" in capsys.readouterr().out
    assert Study.objects.get(pk=study.pk).key is None


@pytest.mark.parametrize(("change", "field"), [
    ({"title": " "}, "title"),
    ({"purpose": "Kort."}, "purpose"),
    ({"variables": []}, "variables"),
    ({"variables": ["bsn"]}, "variables"),
    ({"period_from": date(2025, 6, 1), "period_to": date(2025, 1, 1)}, "period_to"),
    ({"ends_on": date(2020, 1, 1)}, "ends_on"),
])
def test_a_study_with_bad_input_is_refused_at_its_field_and_nothing_is_saved(researcher, change,
                                                                            field):
    with pytest.raises(RuleViolation) as refused:
        services.register_study(researcher, study_data(**change))
    assert refused.value.field == field
    assert not Study.objects.exists()


def test_a_rejection_needs_a_reason_and_keeps_no_key(researcher, officer):
    study = services.register_study(researcher, study_data())
    with pytest.raises(RuleViolation):
        services.reject_study(officer, study, reason="nee")
    study = services.reject_study(officer, study, reason="Het doel rechtvaardigt geen leeftijden.")
    assert study.status == StudyStatus.REJECTED and study.key is None
