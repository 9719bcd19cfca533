"""A wrong HTTP method must not reveal that a person or household exists, nor a screen one may not use.

For an object the acting organisation may not see, every method gets the same logged 404 as a GET;
only where the object is visible may a wrong method get its 405. A screen behind a declared
permission (the merge page: ``persons.merge``) asks it before the method: without it every method is
the logged 404 of the one refusal path. Checked for every URL of the persons screens, so a new one is
covered as soon as it is added.
"""

import pytest
from django.urls import URLPattern, reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role
from eendak.persons import urls as persons_urls
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def _patterns() -> list[URLPattern]:
    return [p for p in persons_urls.urlpatterns if isinstance(p, URLPattern)]


def _object_patterns() -> list[URLPattern]:
    return [p for p in _patterns() if p.pattern.converters]


def _permission_of(pattern: URLPattern) -> str | None:
    """The declared permission a screen without an object asks first (``_methods_after_permission``)."""
    return getattr(pattern.callback, "permission", None)


def _open_patterns() -> list[URLPattern]:
    return [p for p in _patterns() if not p.pattern.converters and not _permission_of(p)]


def _permitted_patterns() -> list[URLPattern]:
    return [p for p in _patterns() if not p.pattern.converters and _permission_of(p)]


def _url(pattern: URLPattern, household, person) -> str:
    ids = {"household_id": household.pk, "person_id": person.pk}
    kwargs = {name: ids[name] for name in pattern.pattern.converters}
    return reverse(f"persons:{pattern.name}", kwargs=kwargs)


def _logged_by(client, method: str, url: str):
    """The answer's status and the access-log entries the request wrote."""
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    status = client.generic(method, url).status_code
    entries = list(AccessLogEntry.objects.filter(pk__gt=last).order_by("pk")
                   .values_list("event", "action", "outcome", "object_type", "object_id"))
    return status, entries


def test_every_object_url_names_a_person_or_a_household():
    """The tests below fill these two ids in; a URL with another id would need its own case."""
    assert _object_patterns()
    for pattern in _object_patterns():
        assert set(pattern.pattern.converters) <= {"household_id", "person_id"}, pattern.name


@pytest.mark.parametrize("name", [p.name for p in _object_patterns()])
def test_any_method_on_an_object_not_visible_is_the_logged_404_of_a_get(
        name, login_as, intake, foreign_household):
    pattern = next(p for p in _object_patterns() if p.name == name)
    household, person = foreign_household
    url = _url(pattern, household, person)
    client = login_as(intake)
    answers = {method: _logged_by(client, method, url) for method in METHODS}
    statuses = {method: status for method, (status, _) in answers.items()}
    assert statuses == dict.fromkeys(METHODS, 404)
    entries = {method: logged for method, (_, logged) in answers.items()}
    kind = "household" if "household_id" in pattern.pattern.converters else "person"
    expected = [(f"{kind}.read", "R", Outcome.NOT_FOUND, f"persons.{kind}",
                 str(household.pk if kind == "household" else person.pk))]
    assert entries == dict.fromkeys(METHODS, expected)


@pytest.mark.parametrize("name", [p.name for p in _object_patterns()])
def test_a_wrong_method_on_a_visible_object_is_405(name, login_as, intake, household_with_case):
    pattern = next(p for p in _object_patterns() if p.name == name)
    household, _, persons = household_with_case
    url = _url(pattern, household, persons[0])
    client = login_as(intake)
    allowed = [m for m in METHODS if client.generic(m, url).status_code != 405]
    assert allowed in (["GET"], ["POST"])
    for method in set(METHODS) - set(allowed):
        before = AccessLogEntry.objects.count()
        response = client.generic(method, url)
        assert response.status_code == 405
        assert response["Allow"] == allowed[0]
        assert AccessLogEntry.objects.count() == before  # nothing was shown, so no read is logged


@pytest.mark.parametrize("name", [p.name for p in _open_patterns()])
def test_a_wrong_method_on_a_url_without_an_object_is_405(name, login_as, intake):
    """Search and "Mijn dossiers" name no object, so their 405 reveals nothing."""
    client = login_as(intake)
    url = reverse(f"persons:{name}")
    answers = {method: client.generic(method, url).status_code for method in METHODS}
    assert answers["GET"] == 200
    assert set(answers.values()) <= {200, 405}
    assert 405 in answers.values()


def test_the_merge_screens_are_behind_their_permission():
    assert {p.name: _permission_of(p) for p in _permitted_patterns()} == {
        "person_merge": "persons.merge", "person_merge_undo": "persons.merge"}


@pytest.mark.parametrize("name", [p.name for p in _permitted_patterns()])
def test_any_method_without_the_permission_is_the_logged_404(name, login_as, police):
    """A partner (who may not merge) learns nothing, not even which methods the URL takes."""
    liaison = f.membership(Role.PARTNER_LIAISON, police)
    client = login_as(liaison)
    url = reverse(f"persons:{name}")
    answers = {method: _logged_by(client, method, url) for method in METHODS}
    assert {method: status for method, (status, _) in answers.items()} == dict.fromkeys(METHODS, 404)
    refusal = [(_permission_of(next(p for p in _permitted_patterns() if p.name == name)), "U",
                Outcome.DENIED, "", "")]
    assert {method: logged for method, (_, logged) in answers.items()} == dict.fromkeys(
        METHODS, refusal)


@pytest.mark.parametrize("name", [p.name for p in _permitted_patterns()])
def test_a_wrong_method_with_the_permission_is_405(name, login_as, intake):
    client = login_as(intake)
    url = reverse(f"persons:{name}")
    allowed = [m for m in METHODS if client.generic(m, url).status_code != 405]
    assert allowed in (["GET", "POST"], ["POST"])
    for method in set(METHODS) - set(allowed):
        before = AccessLogEntry.objects.count()
        response = client.generic(method, url)
        assert response.status_code == 405
        assert response["Allow"] == ", ".join(allowed)
        assert AccessLogEntry.objects.count() == before  # nothing was shown, so nothing is logged
