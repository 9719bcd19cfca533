"""The application cannot change or remove access-log entries; on PostgreSQL the database refuses too."""

import pytest
from django.db import DatabaseError, connection, transaction

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, AccessLogLink, AccessLogSubject, Action, AppendOnlyError
from eendak.core.actors import Actor

from .chaining import chained


@pytest.fixture
def entry(db):
    return chained([audit.log_access(Actor.system(), event="test.read", action=Action.READ,
                                     persons=[42])])[0]


def test_saving_an_existing_entry_is_refused(entry):
    entry.detail = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AccessLogSubject.objects.all().delete()


def test_links_cannot_be_changed_or_removed(entry):
    link = AccessLogLink.objects.get(entry=entry)
    with pytest.raises(AppendOnlyError):
        link.save()
    with pytest.raises(AppendOnlyError):
        link.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogLink.objects.all().update(key_id="x")
    with pytest.raises(AppendOnlyError):
        AccessLogLink.objects.all().delete()


def test_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="changed")
    entry.refresh_from_db()
    assert entry.detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("sql", [
    "UPDATE audit_accesslogentry SET detail = 'x'",
    "DELETE FROM audit_accesslogentry",
    "UPDATE audit_accesslogsubject SET person_id = 1",
    "DELETE FROM audit_accesslogsubject",
    "UPDATE audit_accesslogchain SET entry_hash = 'x'",
    "DELETE FROM audit_accesslogchain",
])
def test_postgresql_trigger_refuses_raw_sql(entry, sql):
    with (pytest.raises(DatabaseError, match="alleen aan te vullen"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql)
    assert audit.verify_chain().ok
