"""``manage.py verify_access_log`` passes on a sound log and names the entry when a row is altered."""

import pytest
from django.core.management import call_command

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor

from .test_chain import _tamper


@pytest.mark.django_db
def test_sound_log_passes(capsys):
    for _ in range(3):
        audit.log_access(Actor.system(), event="test.read", action=Action.READ)
    call_command("verify_access_log")
    out = capsys.readouterr().out
    assert "in orde: 0 regels gecontroleerd" in out and "3 regels nog niet in de keten" in out
    call_command("chain_access_log", "--once")
    assert "3 regels in de keten gezet" in capsys.readouterr().out
    call_command("verify_access_log")
    assert "in orde: 3 regels" in capsys.readouterr().out


@pytest.mark.django_db
def test_altered_row_is_named_and_the_command_fails(capsys):
    entries = [audit.log_access(Actor.system(), event="test.read", action=Action.READ)
               for _ in range(4)]
    call_command("chain_access_log", "--once")
    _tamper("UPDATE audit_accesslogentry SET event = %s WHERE id = %s", ["test.hidden", entries[3].id])
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_access_log")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"GEBROKEN bij regel {entries[3].id}" in err
    assert "inhoud is gewijzigd" in err
