"""Every case screen writes its access-log entry: who, which organisation and role, which case and
which persons; a request for a case one may not see is logged as not found, a step one may not
take as denied under the permission's name; break-the-glass is marked as emergency."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess, Outcome
from eendak.cases import services
from eendak.cases.views import STEPS
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .views_helpers import case_url, step_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def household(case) -> list[int]:
    return sorted(case.household.members.values_list("person_id", flat=True))


def entries_after(last_id, **filters):
    return AccessLogEntry.objects.filter(id__gt=last_id, **filters)


def last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def document(open_case, vt_actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.upload_document(vt_actor, open_case, SimpleUploadedFile(
        "verslag.pdf", PDF, "application/pdf"), description="Verslag")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "event", "action"), [
    ("my_cases", "case.list", Action.READ),
    ("contributions", "case.own_contributions", Action.READ),
    ("case_detail", "case.read", Action.READ),
    ("journal", "case.journal_read", Action.READ),
    ("document", "case.document_read", Action.READ),
    ("plan_pdf", "case.plan_printed", Action.EXPORT),
    ("plan_child_pdf", "case.plan_printed", Action.EXPORT),
])
def test_each_screen_writes_its_entry(open_case, vt_actor, document, login_as, name, event, action):
    services.add_journal_entry(vt_actor, open_case, kind="note", text="Notitie.")
    kwargs = {}
    if name not in ("my_cases", "contributions"):
        kwargs["pk"] = open_case.pk
    if name == "document":
        kwargs["document_id"] = document.pk
    before = last_id()
    response = login_as(vt_actor.membership).get(reverse(f"cases:{name}", kwargs=kwargs))
    assert response.status_code == 200
    if response.streaming:  # a download: read to its end, as a browser does (ends the request)
        assert b"".join(response.streaming_content) == PDF
    entry = entries_after(before, event=event).get()
    assert (entry.user, entry.organisation, entry.role) == (
        vt_actor.user, vt_actor.organisation, Role.VT_MONITOR)
    assert entry.action == action and entry.outcome == Outcome.SUCCESS
    assert entry.person_ids  # the persons whose data the screen showed
    assert set(entry.person_ids) <= set(household(open_case))
    if name in ("case_detail", "journal", "document", "plan_pdf"):
        assert entry.person_ids == household(open_case)
        assert (entry.object_type, entry.object_id) == ("cases.case", str(open_case.pk))


@pytest.mark.django_db
# A new plan version needs no input at all: an empty POST makes one (and its service logs it).
@pytest.mark.parametrize("key", [s.key for s in STEPS if s.key != "plan_version"])
def test_a_refused_step_logs_the_page_it_shows_again(open_case, vt_actor, login_as, key):
    """An empty form comes back on the case page; that page is a read of the household."""
    before = last_id()
    response = login_as(vt_actor.membership).post(step_url(open_case, key), {})
    assert response.status_code == 200
    written = entries_after(before, user=vt_actor.user)
    assert written.filter(event="case.read", outcome=Outcome.SUCCESS).exists()
    assert written.get(event="case.read").person_ids == household(open_case)


@pytest.mark.django_db
def test_a_step_that_succeeds_is_logged_by_its_service(open_case, vt_actor, login_as):
    client = login_as(vt_actor.membership)
    before = last_id()
    response = client.post(step_url(open_case, "phase"), {
        "fase-to_phase": "stable_safety", "fase-reason": "Rustig."})
    assert response.status_code == 302
    entry = entries_after(before, event="case.phase_changed").get()
    assert entry.user == vt_actor.user and entry.detail == "stable_safety"
    before = last_id()
    assert client.post(step_url(open_case, "plan_version"), {}).status_code == 302
    assert entries_after(before, event="case.plan_version").get().detail == "v1"


@pytest.mark.django_db
def test_refusals_are_logged_as_not_found(open_case, goirle_actor, login_as):
    before = last_id()
    goirle = login_as(goirle_actor.membership)
    assert goirle.get(case_url(open_case)).status_code == 404
    entry = entries_after(before, event="case.read").get()
    assert entry.outcome == Outcome.NOT_FOUND and entry.object_id == str(open_case.pk)
    assert entry.person_ids == []  # nothing of the household was shown


@pytest.mark.django_db
def test_roles_without_client_data_get_404_on_my_cases(vt, login_as):
    admin = login_as(f.membership(Role.LOG_ADMIN, vt))
    before = last_id()
    assert admin.get(reverse("cases:my_cases")).status_code == 404
    # Logged under the name of the permission that refused it.
    assert entries_after(before, event="cases.view_work").get().outcome == Outcome.DENIED


def _break_the_glass(open_case) -> object:
    hospital = Organisation.objects.get(type="hospital")
    clinician = f.membership(Role.HOSPITAL_CLINICIAN, hospital)
    EmergencyAccess.objects.create(user=clinician.user, membership=clinician,
                                   household=open_case.household, reason="Kind met letsel op SEH",
                                   expires_at=timezone.now() + timezone.timedelta(hours=1))
    return clinician


def _write_through_the_glass(client, open_case):
    return client.post(step_url(open_case, "journal"), {
        "journaal-kind": "note", "journaal-text": "x", "journaal-visibility": "all"})


@pytest.mark.django_db
def test_break_the_glass_is_logged_as_emergency(open_case, login_as):
    clinician = _break_the_glass(open_case)
    before = last_id()
    client = login_as(clinician)
    response = client.get(case_url(open_case))
    assert response.status_code == 200
    assert "Noodtoegang tot" in response.content.decode()
    entry = entries_after(before, event="case.read").get()
    assert entry.emergency and entry.reason == "Kind met letsel op SEH"
    assert step_url(open_case, "journal") not in response.content.decode()  # reads, no forms
    # Whatever else the request logs is marked too: the journal, a print.
    before = last_id()
    client.get(case_url(open_case, "journal"))
    client.get(case_url(open_case, "plan_pdf"))
    written = entries_after(before, user=clinician.user)
    assert {e.event for e in written} == {"case.journal_read", "case.plan_printed"}
    assert all(e.emergency and e.reason == "Kind met letsel op SEH" for e in written)
    # Break the glass opens the file to read, never to change it: a step is the logged 404.
    journal_before = open_case.journal.count()
    before = last_id()
    assert _write_through_the_glass(client, open_case).status_code == 404
    assert open_case.journal.count() == journal_before
    print(list(entries_after(before, user=clinician.user).values_list("event", "outcome", "emergency")))
    refusal = entries_after(before, user=clinician.user).get()
    assert (refusal.event, refusal.outcome) == ("cases.add_journal_entry", Outcome.DENIED)


@pytest.mark.django_db
def test_a_step_refused_through_break_the_glass_is_marked_as_emergency(open_case, login_as):
    clinician = _break_the_glass(open_case)
    client = login_as(clinician)
    before = last_id()
    assert _write_through_the_glass(client, open_case).status_code == 404
    refusal = entries_after(before, user=clinician.user).get()
    assert refusal.emergency and refusal.reason == "Kind met letsel op SEH"
