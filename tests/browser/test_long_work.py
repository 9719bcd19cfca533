"""Long work as the log administrator meets it in Chromium: "Exporteer als CSV" on the access-log
search, the progress page whose <progress> bar htmx refreshes until the export is done, and the
download — under the strict content security policy, with an accessibility scan of the page.

The worker is the test itself: ``run_queued_tasks`` runs the queued export (the worker's own
``run_task``) while the page is open, and the page must notice by polling."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.core.models import Job, JobStatus
from eendak.core.roles import OrganisationType, Role
from eendak.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .conftest import axe_serious_violations, current_totp, submit_code, submit_password

pytestmark = pytest.mark.browser


@pytest.fixture
def log_admin(transactional_db, tmp_path):
    membership = f.membership(Role.LOG_ADMIN, f.organisation(OrganisationType.VEILIG_THUIS),
                              user=f.UserFactory(username="logbeheer", password=DEMO_PASSWORD))
    TOTPDevice.objects.create(user=membership.user, name="Authenticator-app", key=DEMO_TOTP_KEY_HEX,
                              confirmed=True)
    for i in range(30):
        audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE, detail=f"n{i}")
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield membership


def test_the_export_shows_its_progress_and_hands_over_the_file(page, log_admin):
    submit_password(page, "logbeheer")
    submit_code(page, current_totp())
    page.goto("/toegangslog/?event=system.")
    page.get_by_role("button", name="Exporteer als CSV").click()
    page.wait_for_load_state()

    assert "/taken/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Export van het toegangslog"
    bar = page.get_by_label("Voortgang")
    assert bar.evaluate("el => el.tagName") == "PROGRESS"
    assert "In de wachtrij" in page.get_by_role("status").inner_text()
    assert axe_serious_violations(page) == []

    assert run_queued_tasks() == 1  # the worker runs the export while the page is open
    page.get_by_role("link", name="Download").wait_for(timeout=10_000)  # htmx polled it in
    assert page.get_by_role("status").inner_text() == "30 regels geëxporteerd."
    assert page.get_by_label("Voortgang").evaluate("el => [el.value, el.max]") == [30, 30]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert Job.objects.get().status == JobStatus.DONE
