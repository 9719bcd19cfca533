"""The canonical form built by PostgreSQL for verification is byte for byte the one Python hashes.

The chainer hashes what ``chain._payload`` builds in Python; verification on PostgreSQL lets the
database build the same text (``chain.payload_sql``). Any difference would make an intact log look
changed, so both are compared on the values most likely to differ: quotes, backslashes, control
characters, characters outside ASCII and the BMP, brackets, IPv4 and IPv6 addresses, missing user,
organisation and address, break-the-glass, many persons given unsorted and none.
"""

import pytest
from django.db import connection

from eendak.audit import services as audit
from eendak.audit.chain import CONTENT_FIELDS, PERSONS_SQL, link_payload, payload_sql
from eendak.audit.models import AccessLogLink, Action
from eendak.core.actors import Actor

from .chaining import chained

AWKWARD = [
    'aanhalingsteken " en backslash \\ en slash /',
    "regel\neinde\r\ttab\b\f en \x01\x1f\x7f",
    "é ü ñ ß € — “ ” 😀 \u2028 \u2029 \ufeff",
    "[haakjes], {accolades}: en komma's,,",
    "",
    "null",
    " spatie aan het eind ",
]


def _awkward_entries(intake):
    entries = []
    worker = Actor(user=intake.user, membership=intake, ip_address="2001:db8::1")
    for i, text in enumerate(AWKWARD):
        entries.append(audit.log_access(
            worker, event=f"test.{i}", action=Action.READ, obj=("persons.person", text[:64]),
            persons=[900 + i, 3, 1_000_000_000_000 + i], reason=text, detail=text[::-1]))
    system = Actor.system()
    entries.append(audit.log_access(system, event="test.system", action=Action.UPDATE,
                                    detail=AWKWARD[2]))
    elsewhere = Actor(user=intake.user, membership=intake, ip_address="::ffff:192.0.2.7")
    entries.append(audit.log_access(elsewhere, event="test.emergency", action=Action.READ,
                                    emergency=True, reason=AWKWARD[1], persons=[5]))
    ipv4 = Actor(user=intake.user, membership=intake, ip_address="192.0.2.10")
    entries.append(audit.log_access(ipv4, event="test.ipv4", action=Action.EXPORT))
    return chained(entries)


@pytest.mark.django_db
def test_awkward_values_verify(intake):
    _awkward_entries(intake)
    report = audit.verify_chain()
    assert report.ok, report.problem
    assert report.checked == len(AWKWARD) + 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL form is PostgreSQL's")
@pytest.mark.django_db
def test_postgresql_builds_the_same_bytes_as_python(intake):
    entries = _awkward_entries(intake)
    sql = (f"SELECT l.position, {payload_sql('l.previous_hash', 'e', PERSONS_SQL.format(entry='l.entry_id'), 'l.key_id', 'l.entry_id')} "  # noqa: E501, S608
           "FROM audit_accesslogchain l JOIN audit_accesslogentry e ON e.id = l.entry_id "
           "WHERE l.entry_id = ANY(%s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [[e.id for e in entries]])
        built = dict(cursor.fetchall())
    links = AccessLogLink.objects.filter(entry__in=entries).select_related("entry")
    assert len(links) == len(entries)
    for link in links:
        entry = link.entry
        content = [getattr(entry, f) for f in CONTENT_FIELDS]
        python = link_payload(link.previous_hash, content, entry.person_ids, link.key_id, entry.id)
        assert built[link.position].encode() == python
