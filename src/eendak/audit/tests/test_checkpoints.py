"""Signed checkpoints outside the database: written over a verified chain, compared at verification."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from eendak.audit import services as audit
from eendak.audit.checkpoints import checkpoint_file, read_checkpoints, write_checkpoint

from .test_chain import _delete_from, _tamper, _write


def _checkpoint():
    out = StringIO()
    call_command("checkpoint_access_log", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_checkpoint_records_the_head_and_verification_reports_what_is_not_anchored(capsys):
    entries = _write(5)
    assert "5 regels t/m positie" in _checkpoint()
    (checkpoint,) = read_checkpoints()
    assert (checkpoint.last_id, checkpoint.count) == (entries[-1].position, 5)
    assert checkpoint.head_hash == entries[-1].entry_hash
    _write(2)
    report = audit.verify_chain()
    assert report.ok and report.checkpoints == 1 and report.unanchored == 2
    call_command("verify_access_log")
    assert "1 controlepunten kloppen" in capsys.readouterr().out


@pytest.mark.django_db
def test_nothing_new_writes_no_checkpoint():
    _write(2)
    _checkpoint()
    assert "Geen nieuwe regels" in _checkpoint()
    assert len(read_checkpoints()) == 1


@pytest.mark.django_db
def test_an_empty_log_can_be_checkpointed_and_then_grows():
    _checkpoint()
    _write(3)
    _checkpoint()
    assert [c.count for c in read_checkpoints()] == [0, 3]
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_deleting_back_past_an_older_checkpoint_names_the_first_missing_entry():
    first = _write(10)
    _checkpoint()
    second = _write(10)
    _checkpoint()
    _write(10)
    _delete_from(first[5].position)
    report = audit.verify_chain()
    assert report.first_broken_position == first[5].position
    assert "er ontbreken regels aan het eind" in report.problem
    assert f"t/m positie {first[-1].position}" in report.problem
    assert second  # written and checkpointed before the deletion


@pytest.mark.django_db
def test_a_checkpoint_is_not_written_over_a_broken_chain():
    entries = _write(5)
    _checkpoint()
    more = _write(3)
    _tamper("UPDATE audit_accesslogentry SET detail = %s WHERE id = %s", ["x", more[1].id])
    with pytest.raises(SystemExit):
        _checkpoint()
    checkpoint, report = write_checkpoint()
    assert checkpoint is None and report.first_broken_id == more[1].id
    assert [c.last_id for c in read_checkpoints()] == [entries[-1].position]


@pytest.mark.django_db
def test_a_changed_checkpoint_file_fails_verification():
    _write(5)
    _checkpoint()
    path = checkpoint_file()
    data = json.loads(path.read_text())
    data["count"] = 4
    path.write_text(json.dumps(data) + "\n")
    report = audit.verify_chain()
    assert not report.ok
    assert "ondertekening" in report.problem


@pytest.mark.django_db
def test_a_restored_backup_is_compared_with_the_checkpoints_before_it():
    _write(5)
    _checkpoint()
    (checkpoint,) = read_checkpoints()
    _write(5)
    _checkpoint()
    _delete_from(checkpoint.last_id + 1)
    assert not audit.verify_chain().ok
    later = read_checkpoints()[1].at
    assert audit.verify_chain(before=later).ok
