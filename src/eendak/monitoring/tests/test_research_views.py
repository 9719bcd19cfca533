"""The research studies' screens: register (Dutch errors that keep what was typed), the privacy
officer's decision, the export with its progress, the one download; refusals in Dutch that change
nothing; the key on no page; the links on "Mijn werk"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core.models import Job
from eendak.core.roles import Role
from eendak.monitoring import services
from eendak.monitoring.models import ResearchExport, Study, StudyStatus
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .research_support import ALL_VARIABLES, actor_for, study_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_export_root")]


def _form(**overrides):
    today = timezone.localdate()
    data = {"title": "Cohort (scherm)", "purpose": "Stopt het geweld na een melding, na 18 maanden?",
            "variables": ["municipality", "age_band"], "period_from": "2025-01-01",
            "period_to": today.isoformat(), "ends_on": (today + timedelta(days=200)).isoformat()}
    data.update(overrides)
    return data


def _keys():
    return [bytes(k).hex() for k in Study.objects.exclude(key=None).values_list("key", flat=True)]


def test_the_analyst_registers_a_study_and_a_mistake_keeps_what_was_typed(login_as, analyst):
    client = login_as(analyst)
    page = client.get(reverse("monitoring:study_create"))
    assert page.status_code == 200 and "Leeftijdsgroep bij de melding" in page.content.decode()
    bad = client.post(reverse("monitoring:study_create"),
                      _form(period_from="2025-06-01", period_to="2025-01-01", purpose="Kort."))
    text = bad.content.decode()
    assert bad.status_code == 200 and not Study.objects.exists()
    assert "Beschrijf het doel van het onderzoek (minstens 20 tekens)" in text
    assert 'value="Cohort (scherm)"' in text and 'value="2025-06-01"' in text
    assert 'value="age_band" checked' in text or "age_band\" id" in text
    done = client.post(reverse("monitoring:study_create"), _form())
    study = Study.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "monitoring:study_detail", args=[study.pk])
    assert study.status == StudyStatus.SUBMITTED and study.variables == ["municipality", "age_band"]
    assert study.researcher_id == analyst.user_id


def test_a_period_the_wrong_way_round_is_said_at_its_field(login_as, analyst):
    response = login_as(analyst).post(reverse("monitoring:study_create"),
                                      _form(period_from="2025-06-01", period_to="2025-01-01"))
    assert "De periode eindigt vóór ze begint" in response.content.decode()
    assert not Study.objects.exists()


def test_the_privacy_officer_approves_and_the_analyst_exports_once(login_as, analyst,
                                                                   privacy_officer, families):
    researcher = login_as(analyst)
    researcher.post(reverse("monitoring:study_create"), _form(variables=ALL_VARIABLES))
    study = Study.objects.get()
    detail = reverse("monitoring:study_detail", args=[study.pk])
    assert "Export aanvragen" not in researcher.get(detail).content.decode()

    officer = login_as(privacy_officer)
    listing = officer.get(reverse("monitoring:study_list")).content.decode()
    assert "Cohort (scherm)" in listing
    page = officer.get(detail).content.decode()
    assert "Goedkeuren" in page and "Afwijzen" in page
    assert officer.post(reverse("monitoring:study_approve", args=[study.pk])).status_code == 302
    study.refresh_from_db()
    assert study.status == StudyStatus.APPROVED

    started = researcher.post(reverse("monitoring:study_export", args=[study.pk]))
    export = ResearchExport.objects.get()
    assert started["Location"] == reverse("core:job_status", args=[export.job_id])
    status_page = researcher.get(started["Location"]).content.decode()
    assert "<progress" in status_page and detail in status_page
    run_queued_tasks()
    page = researcher.get(detail).content.decode()
    assert "Downloaden (één keer)" in page
    download = researcher.post(reverse("monitoring:export_download", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    assert content.startswith("melding_id;casus_id;huishouden_id;persoon_id;gemeente")
    entry = AccessLogEntry.objects.filter(event="research.export_downloaded").get()
    assert (entry.action, entry.user_id) == (Action.EXPORT, analyst.user_id)
    again = researcher.post(reverse("monitoring:export_download", args=[export.pk]), follow=True)
    assert "een export kan één keer worden gedownload" in again.content.decode()
    for key in _keys():
        for url in (detail, reverse("monitoring:study_list")):
            for client in (researcher, officer):
                assert key not in client.get(url).content.decode()


def test_an_export_of_a_study_waiting_for_approval_is_refused_in_dutch(login_as, analyst):
    study = services.register_study(actor_for(analyst), study_data())
    client = login_as(analyst)
    response = client.post(reverse("monitoring:study_export", args=[study.pk]), follow=True)
    assert "niet goedgekeurd door de privacyfunctionaris" in response.content.decode()
    assert not Job.objects.exists() and not ResearchExport.objects.exists()


def test_an_ended_study_is_refused_in_dutch(login_as, analyst, privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    services.approve_study(actor_for(privacy_officer), study)
    Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    client = login_as(analyst)
    assert "Export aanvragen" not in client.get(
        reverse("monitoring:study_detail", args=[study.pk])).content.decode()
    response = client.post(reverse("monitoring:study_export", args=[study.pk]), follow=True)
    assert "Deze studie is afgelopen" in response.content.decode()
    assert not Job.objects.exists()


def test_a_rejection_needs_a_reason_said_in_dutch(login_as, analyst, privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    officer = login_as(privacy_officer)
    response = officer.post(reverse("monitoring:study_reject", args=[study.pk]), {"reason": "nee"})
    assert response.status_code == 400
    assert "Geef de reden van afwijzen (minstens 10 tekens)" in response.content.decode()
    study.refresh_from_db()
    assert study.status == StudyStatus.SUBMITTED
    officer.post(reverse("monitoring:study_reject", args=[study.pk]),
                 {"reason": "Leeftijdsgroepen zijn voor dit doel niet nodig."})
    study.refresh_from_db()
    assert study.status == StudyStatus.REJECTED
    page = login_as(analyst).get(reverse("monitoring:study_detail", args=[study.pk]))
    assert "Leeftijdsgroepen zijn voor dit doel niet nodig." in page.content.decode()


def test_another_analyst_gets_the_logged_404_and_an_officer_cannot_export(
        login_as, vt, analyst, privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    other = login_as(f.membership(Role.ANALYST, vt))
    assert "Cohort" not in other.get(reverse("monitoring:study_list")).content.decode()
    for name in ("study_detail", "study_export", "study_approve"):
        method = other.get if name == "study_detail" else other.post
        assert method(reverse(f"monitoring:{name}", args=[study.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED,
                                         event="monitoring.view_studies").exists()
    officer = login_as(privacy_officer)
    assert officer.post(reverse("monitoring:study_export", args=[study.pk])).status_code == 404
    assert login_as(analyst).post(
        reverse("monitoring:study_approve", args=[study.pk])).status_code == 404
    study.refresh_from_db()
    assert study.status == StudyStatus.SUBMITTED and not Job.objects.exists()


def test_a_privacy_officer_elsewhere_sees_no_study(login_as, analyst, hospital):
    services.register_study(actor_for(analyst), study_data())
    client = login_as(f.membership(Role.PRIVACY_OFFICER, hospital))
    assert client.get(reverse("monitoring:study_list")).status_code == 404


def test_my_work_links_for_analyst_and_privacy_officer(login_as, analyst, privacy_officer):
    services.register_study(actor_for(analyst), study_data())
    start = reverse("core:home")
    mine = login_as(analyst).get(start).content.decode()
    assert reverse("monitoring:study_create") in mine and "Onderzoeksexport" in mine
    theirs = login_as(privacy_officer).get(start).content.decode()
    assert reverse("monitoring:study_list") in theirs and "1 studie wacht op uw besluit" in theirs
