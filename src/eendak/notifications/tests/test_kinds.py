"""Every kind emitted where the thing happens, to whom it concerns, naming nobody: the referrer
hears the decisions on their referral, the invited partners get the conference in their calendar,
an acute report reaches the intake, and the daily checks tell each deadline once."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from eendak.cases import services as cases
from eendak.cases.models import MonitoringMoment, PlanAction
from eendak.conferences import services as conferences
from eendak.conferences.workflow import TriageOutcome
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.intake.models import Report
from eendak.notifications import calendar
from eendak.notifications.models import Kind, Notification
from eendak.notifications.services import run_due_checks
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .conftest import actor_for, member

pytestmark = pytest.mark.django_db


def _texts(membership):
    return list(Notification.objects.filter(membership=membership).values_list("kind", "text"))


def _no_names(names):
    for text in Notification.objects.values_list("text", flat=True):
        assert not any(name in text for name in names), text


def test_referral_decisions_and_conference_invitation(household, names, vt, police, tilburg_team,
                                                      django_capture_on_commit_callbacks):
    case = f.case_for(household, vt, tilburg_team, police, responsible=vt)
    asker = member(Role.PARTNER_LIAISON, police)
    vt_intake = member(Role.VT_INTAKE, vt)
    team = f.organisation(T.SAFETY_HOUSE)
    team_member = member(Role.SAFETY_TEAM_MEMBER, team)
    ggz = f.organisation(T.MENTAL_HEALTH)
    ggz_contact = member(Role.PARTNER_LIAISON, ggz)
    with django_capture_on_commit_callbacks(execute=True):
        request = conferences.request_referral(actor_for(asker), case, reason="Dreiging met mes.",
                                               goal="Escalatie stoppen.")
    with django_capture_on_commit_callbacks(execute=True):
        referral = conferences.decide_on_request(actor_for(vt_intake), request, refer_it=True,
                                                 reason="Hoog risico.")
    assert _texts(asker) == [(Kind.REFERRAL_DECIDED, "Veilig Thuis heeft besloten over uw verzoek "
                                                     f"tot aanmelding {referral.reference}")]
    with django_capture_on_commit_callbacks(execute=True):
        conferences.decide_triage(actor_for(team_member), referral, outcome=TriageOutcome.ACCEPT,
                                  reason="Past.", coordinator=team_member.user)
    assert Notification.objects.filter(membership=asker, kind=Kind.REFERRAL_DECIDED).count() == 2
    starts = timezone.make_aware(datetime(2030, 3, 4, 9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        conference = conferences.plan_conference(actor_for(team_member), starts_at=starts,
                                                 place="Zorg- en Veiligheidshuis, Tilburg",
                                                 chair=team_member.user)
        item = conferences.add_to_agenda(actor_for(team_member), conference, referral,
                                         consulting_ids=[ggz.pk])
    invitation = Notification.objects.get(membership=ggz_contact, kind=Kind.INVITATION)
    assert conference.reference in invitation.text and "04-03-2030 09:30" in invitation.text
    assert f"/veiligheidsteam/agendapunten/{item.pk}/" == invitation.url
    assert not Notification.objects.filter(membership=team_member, kind=Kind.INVITATION).exists()
    _no_names(names)
    run_queued_tasks()
    (message,) = [m for m in mail.outbox if m.to == [ggz_contact.user.email]]
    (attachment,) = message.attachments
    ics = attachment.content if hasattr(attachment, "content") else attachment[1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics and "DTSTART:20300304T083000Z" in ics
    assert "DTEND:20300304T103000Z" in ics and f"UID:conference-{conference.pk}@eendak" in ics
    assert not any(name in ics for name in names)
    assert team_member.user.last_name not in ics, "not even the chair is named"
    assert conference.reference not in message.body


def test_the_calendar_file_follows_rfc_5545():
    text = calendar.invitation(uid="x-1", starts_at=timezone.make_aware(datetime(2030, 1, 2, 10)),
                               summary="Gezamenlijk gesprek, met; komma's en een heel lange "
                                       "samenvatting die zeker over de vijfenzeventig octetten "
                                       "gaat: één, twee, drie",
                               location="Zorg- en Veiligheidshuis", path="/casussen/1/")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Gezamenlijk gesprek\\, met\\; komma's" in unfolded
    assert "DTSTART:20300102T090000Z" in unfolded and "DTEND:20300102T100000Z" in unfolded
    for required in ("VERSION:2.0", "PRODID:", "DTSTAMP:", "UID:x-1@eendak"):
        assert required in unfolded


def test_an_acute_report_reaches_the_intake(vt, intake, names, django_capture_on_commit_callbacks):
    from eendak.intake import services as intake_services

    colleague = member(Role.VT_INTAKE, vt)
    monitor = member(Role.VT_MONITOR, vt)
    with django_capture_on_commit_callbacks(execute=True):
        report = intake_services.register_report(actor_for(intake), intake_services.ReportData(
            channel="police", account="Vechtpartij, kinderen aanwezig.",
            violence_types=["partnergeweld"], is_acute=True,
            reporter=intake_services.ReporterData(name="Agent Jansen", is_professional=True)))
    (kind, text), = _texts(colleague)
    assert kind == Kind.ACUTE_REPORT and report.reference in text and "Jansen" not in text
    assert not _texts(monitor) and not _texts(intake)


def test_the_daily_checks_tell_each_deadline_once(case, vt, tilburg_team, intake, names,
                                                  django_capture_on_commit_callbacks):
    from eendak.intake import services as intake_services

    monitor = member(Role.VT_MONITOR, vt)
    coordinator = member(Role.CASE_COORDINATOR, tilburg_team)
    cases.participate(actor_for(intake), case, tilburg_team, "Lokaal team")
    today = timezone.localdate()
    report = intake_services.register_report(actor_for(intake), intake_services.ReportData(
        channel="phone", account="Zorgen.", violence_types=["partnergeweld"],
        reporter=intake_services.ReporterData(name="Buurvrouw")))
    Report.objects.filter(pk=report.pk).update(assessment_due_at=timezone.now() - timedelta(hours=1))
    MonitoringMoment.objects.create(case=case, planned_on=today)
    version = cases.new_plan_version(actor_for(intake), case)
    goal = cases.add_goal(actor_for(intake), version, part="safety", text="Veilig thuis.")
    cases.add_action(actor_for(intake), goal, text="Gesprek met vader.",
                     owner_organisation=tilburg_team, owner=None,
                     start_on=today - timedelta(days=20), due_on=today - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        first = run_due_checks(today)
    with django_capture_on_commit_callbacks(execute=True):
        again = run_due_checks(today)
    assert sum(first.values()) == sum(again.values()) == 3
    assert Notification.objects.filter(membership=intake, kind=Kind.ASSESSMENT_DEADLINE).count() == 1
    assert Notification.objects.filter(membership=monitor, kind=Kind.MONITORING_DUE).count() == 1
    assert Notification.objects.filter(membership=coordinator, kind=Kind.ACTION_OVERDUE).count() == 1
    assert not Notification.objects.filter(membership=coordinator,
                                           kind=Kind.MONITORING_DUE).exists()
    assert PlanAction.objects.count() == 1
    _no_names(names)
