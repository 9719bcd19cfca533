"""Fixtures shared by every test: reference data, people in roles, and clients logged in as them."""

import os
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.db import transaction
from django.test.testcases import LiveServerThread
from django.urls import get_urlconf, set_urlconf
from django.utils import timezone, translation

from eendak.core.models import Region
from eendak.core.reference import REGION, ensure_reference_data
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

# The one Chromium fixture (``chromium``) and the browser helpers, for every test directory.
pytest_plugins = ["eendak.testing.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the region's reference data once; each test's transaction rolls back to this state."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around all tests of a module, rolled back when the module ends.

    For data that is costly to build and that a module's tests only read (a seeded demo data set):
    a module-scoped fixture that depends on this one builds it once, and each test's own
    transaction (pytest-django's ``db``, a savepoint inside this one) rolls back to it, as Django's
    ``setUpTestData`` does for a class. Only for modules whose tests use ``db`` (never
    ``transactional_db`` or ``live_server``), and only where every test of the module may see the
    data: once built it stays until the module's last test. Under pytest-xdist a module whose tests
    are spread over the workers builds it once per worker (``xdist_group`` keeps them together)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def pytest_collection_modifyitems(config, items):
    """The tests of a module built on ``module_transaction`` run on one pytest-xdist worker
    (``make test`` runs ``--dist loadgroup``), so its data is built once, not once per worker."""
    for item in items:
        if "module_transaction" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(f"module-data-{item.module.__name__}"))


# --- Every test leaves the globals as it found them ---------------------------------------------
#
# The suite runs in random order (pytest-randomly), many tests to a process: a test that leaves a
# global changed changes what every later test sees, and fails one of them only in some orders.
# English is the known case: the test client runs LocaleMiddleware in the test's own thread, and
# Django leaves the language of the last request active (a server's next request activates its own).
# So after each test, once all its fixtures are torn down (a hook, not a fixture: fixtures such as
# ``settings`` or ``monkeypatch`` restore in their own teardown), the language, the time zone,
# Django's settings and the URLconf must be as they were; the environment is checked when a module
# ends, because a module-scoped fixture may set a variable for its tests (the browser's). A test that
# leaks fails, and the global is put back so no other test is affected. To change one in a test,
# use ``translation.override``, ``timezone.override``, the ``settings`` or ``monkeypatch`` fixture.


def _environment() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}  # pytest's own


_environment_of_module: dict = {}
_settings_key = pytest.StashKey[object]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if item.module not in _environment_of_module:
        _environment_of_module.clear()
        _environment_of_module[item.module] = _environment()
    item.stash[_settings_key] = django_settings._wrapped
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    leaked = []
    language = translation.get_language()
    if language != django_settings.LANGUAGE_CODE:
        leaked.append(f"active language {language!r}")
        translation.deactivate()
    zone = timezone.get_current_timezone_name()
    if zone != django_settings.TIME_ZONE:
        leaked.append(f"time zone {zone!r}")
        timezone.deactivate()
    wrapped = item.stash.get(_settings_key, None)
    if wrapped is not None and django_settings._wrapped is not wrapped:
        leaked.append("overridden settings")
        django_settings._wrapped = wrapped
    if get_urlconf() is not None:
        leaked.append(f"URLconf {get_urlconf()!r}")
        set_urlconf(None)
    if nextitem is None or nextitem.module is not item.module:
        environ = _environment_of_module.pop(item.module, None)
        if environ is not None and _environment() != environ:
            changed = sorted({k for k, _ in set(_environment().items()) ^ set(environ.items())})
            leaked.append(f"environment {changed} (by a test or fixture of this module)")
            for name in changed:
                if name in environ:
                    os.environ[name] = environ[name]
                else:
                    del os.environ[name]
    if leaked:
        pytest.fail("this test left a global changed (now put back): " + ", ".join(leaked),
                    pytrace=False)
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow by design; tests that are about hashing itself override this back."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(scope="session")
def _checkpoint_base(tmp_path_factory):
    return tmp_path_factory.mktemp("access-log-checkpoints")


@pytest.fixture(autouse=True)
def _own_access_log_checkpoints(settings, _checkpoint_base):
    """Each test its own (not yet created) checkpoint directory: checkpoints live outside the
    database, so a test's rollback does not remove them, and the install's own var/checkpoints must
    not be compared with a test database."""
    settings.EENDAK_ACCESS_LOG_CHECKPOINT_DIR = _checkpoint_base / uuid.uuid4().hex


class _OneRequestAtATimeServer(WSGIServer):
    """The browser tests' live server answers one request at a time.

    On SQLite the test database is one in-memory connection that the live server's request threads
    share. Two requests at once (htmx opening every folded form of the case page) used it together:
    "bad parameter or other API misuse", then "no such savepoint", and every later browser test of
    that worker got a 500. A browser waits for its answers anyway; Django's server closes each
    connection when it is not threaded, so nothing queues behind a kept-alive one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        # The live server's own thread already uses the overriding connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_answers_one_request_at_a_time():
    original = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture
def region(db):
    """The region, with its reference data (``factories.reference_data``: cheap when it is there)."""
    f.reference_data()
    return Region.objects.get(name=REGION)


@pytest.fixture
def vt(region):
    return f.organisation(T.VEILIG_THUIS)


@pytest.fixture
def tilburg_team(region):
    return f.organisation(T.LOCAL_TEAM, "Tilburg")


@pytest.fixture
def police(region):
    return f.organisation(T.POLICE)


@pytest.fixture
def make_member(region):
    """make_member(role, organisation) -> Membership with a fresh user."""
    return f.membership


@pytest.fixture
def login_as():
    """login_as(membership) -> a Django test client past password, second factor and role choice."""
    return verified_client


@pytest.fixture
def intake(vt):
    return f.membership(Role.VT_INTAKE, vt)


@pytest.fixture
def hospital(region):
    return f.organisation(T.HOSPITAL)


@pytest.fixture
def liaison(police):
    """A police liaison: sees client data, but only of files the police take part in."""
    return f.membership(Role.PARTNER_LIAISON, police)


@pytest.fixture
def clinician(hospital):
    """A hospital clinician: may break the glass, takes part in no file."""
    return f.membership(Role.HOSPITAL_CLINICIAN, hospital)


@pytest.fixture
def log_admin(vt):
    return f.membership(Role.LOG_ADMIN, vt)


@pytest.fixture
def privacy_officer(vt):
    return f.membership(Role.PRIVACY_OFFICER, vt)


@pytest.fixture
def functional_admin(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters (public forms, break the glass, the API) live in the local-memory cache;
    one test's requests must not count in the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def household_with_case(vt, tilburg_team):
    """A household of three in Tilburg whose case Veilig Thuis and the Tilburg team take part in."""
    household = f.HouseholdFactory()
    parent = f.person_in(household, "parent", bsn=f.test_bsn())
    partner = f.person_in(household, "partner")
    child = f.person_in(household, "child")
    case = f.case_for(household, vt, tilburg_team, responsible=vt)
    return household, case, [parent, partner, child]
