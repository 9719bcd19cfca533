"""Rotating the BSN keys: after the command, the new keys alone find and decrypt every BSN."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.test import override_settings

from eendak.core.actors import Actor
from eendak.persons import bsn as bsn_module
from eendak.persons import matching, registry
from eendak.persons.models import PersonBSN
from eendak.persons.registry import PersonData


def test_rotation_re_encrypts_and_rehashes(db, settings):
    person = registry.create_person(Actor.system(), PersonData(given_names="Iris", surname="Smit",
                                                               bsn="999990019"))
    old_token = PersonBSN.objects.get(person=person).encrypted_value
    new_key = Fernet.generate_key().decode()
    settings.EENDAK_FIELD_ENCRYPTION_KEYS = [new_key, *settings.EENDAK_FIELD_ENCRYPTION_KEYS]
    settings.EENDAK_BSN_HASH_KEY = "a-new-hash-key-for-the-test"
    assert matching.find_candidates(bsn="999990019") == []  # old hash, new key: not found
    call_command("rotate_bsn_keys")
    record = PersonBSN.objects.get(person=person)
    assert record.encrypted_value != old_token
    settings.EENDAK_FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert bsn_module.decrypt(record.encrypted_value) == "999990019"
    assert matching.find_candidates(bsn="999990019")[0].person == person


def test_the_keys_of_a_test_do_not_outlive_it():
    """The cached keys follow the setting both ways, so no later test decrypts with a test's key."""
    token = bsn_module.encrypt("999990019")
    with override_settings(EENDAK_FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        assert bsn_module.decrypt(bsn_module.encrypt("999990019")) == "999990019"
        with pytest.raises(InvalidToken):
            bsn_module.decrypt(token)
    assert bsn_module.decrypt(token) == "999990019"
