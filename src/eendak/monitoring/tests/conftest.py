"""Fixtures the monitoring tests share: the analyst, five families reported on one day, and an
export root of the test's own.

Nothing here is autouse: a test module that writes files of long work (an export, a delivery, a
report) asks for its own export root explicitly, with
``pytestmark = [..., pytest.mark.usefixtures("own_export_root")]``, so a module that writes none
(the dashboards, the figures) is not given one it does not need. A module may still define a fixture
of the same name (``analyst`` of another organisation, ``officer`` of another kind); its own wins.
"""

from datetime import date

import pytest
from django.test import override_settings

from eendak.core.roles import Role
from eendak.testing import factories as f

from .research_support import family, received_on


@pytest.fixture
def own_export_root(tmp_path):
    """The files of long work go to this test's own directory (``EENDAK_EXPORT_ROOT``), not to a
    shared one; the path is given for a test that looks at the files."""
    root = tmp_path / "exports"
    with override_settings(EENDAK_EXPORT_ROOT=root):
        yield root


@pytest.fixture
def analyst(vt):
    """An analyst (capability statistics) at Veilig Thuis: the research studies' researcher, the
    dashboards' and the CBS delivery's user."""
    return f.membership(Role.ANALYST, vt)


@pytest.fixture
def families(vt, tilburg_team):
    """Five households of three, each reported on 12 March 2025 with a case (``research_support``)."""
    day = received_on(date(2025, 3, 12))
    return [family(n, vt, tilburg_team, received=day) for n in range(5)]
