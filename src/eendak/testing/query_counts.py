"""Query-count tests: a read model costs the same number of database queries however much it shows.

Every read model has such a test (docs/architecture.md, the app template): count one request with a
small data set, add several times more rows, count again, and the two counts must be equal — the
behaviour a user notices as "it does not get slower with the data". No hard-coded number of queries
and no timing: only "the same as before". When the count does grow, the failure names the queries
that came back more often, so the N+1 can be found without a debugger.

    def test_the_list_does_not_grow(login_as, member, capsys):
        make_rows(3)
        assert_flat(capsys, "/lijst/", login_as(member), reverse("app:list"),
                    grow=lambda: make_rows(12))
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Counted:
    queries: list[str]  # the SQL of every query, in order
    response: object
    rows: int

    @property
    def count(self) -> int:
        return len(self.queries)


def rows_shown(response) -> int:
    """How many rows an answer shows: the results of an API page or list (or the list under one of
    ``members``/``households``/``results`` of one object), else the table rows of a screen."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return response.content.decode().count("<tr")
    data = response.json()
    if isinstance(data, list):
        return len(data)
    for key in ("results", "members", "households"):
        if isinstance(data.get(key), list):
            return len(data[key])
    raise AssertionError(f"which rows does this answer show? keys: {sorted(data)}")


def count(client, url, *, method: str = "get", data=None, headers=None, status: int = 200,
          rows: Callable = rows_shown) -> Counted:
    """One request, with the queries it made; it must answer ``status``."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data, headers=headers or {})
    assert response.status_code == status, (method, url, response.status_code)
    return Counted([q["sql"] for q in captured.captured_queries], response, rows(response))


def _shape(sql: str) -> str:
    """The query without its parameters, so the same query for another row counts as the same."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'"s\d+_x\d+"', "?", sql)  # savepoint names
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"\(\?(?:, \?)*\)", "(…)", sql)
    return re.sub(r"\(…\)(?:, \(…\))+", "(…), …", sql)  # a bulk insert of any length


def repeated(few: Counted, many: Counted, limit: int = 3) -> str:
    """The queries the larger answer made more often, most repeated first (for a failure)."""
    extra = Counter(map(_shape, many.queries))
    extra.subtract(Counter(map(_shape, few.queries)))
    grown = [(n, sql) for sql, n in extra.most_common() if n > 0][:limit]
    return "\n".join(f"  +{n}x {sql[:600]}" for n, sql in grown) or "  (none repeated)"


def flat_counts(client, url, grow: Callable[[], object], **request) -> tuple[Counted, Counted]:
    """(few, many): ``url`` counted with the data as it is, then again after ``grow()``. A first
    request warms up what is not the page's (session, content types, cached settings)."""
    count(client, url, **request)
    few = count(client, url, **request)
    grow()
    return few, count(client, url, **request)


def report(capsys, what: str, few: Counted, many: Counted) -> None:
    with capsys.disabled():
        print(f"\n{what}: {few.count} queries with {few.rows} rows shown, {many.count} with "
              f"{many.rows}")


def assert_flat(capsys, what: str, client, url, grow: Callable[[], object], **request):
    """The read model at ``url`` costs as many queries after ``grow()`` as before, and shows more."""
    few, many = flat_counts(client, url, grow, **request)
    report(capsys, what, few, many)
    assert many.rows > few.rows, f"{what}: {few.rows} rows, then {many.rows}: grow() added nothing " \
                                 "this answer shows, so the counts prove nothing"
    assert many.count == few.count, (
        f"{what}: {few.count} queries with {few.rows} rows shown, {many.count} with {many.rows}; "
        f"repeated:\n{repeated(few, many)}")
    return few, many
