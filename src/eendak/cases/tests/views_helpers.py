"""Helpers for the tests of the case-file screens: URLs, posting a step as a person would, and a
case opened the way Veilig Thuis opens one (a report, the assessment, the decision)."""

import re
from html import unescape

from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.models import Municipality
from eendak.intake import services as intake
from eendak.persons.registry import PersonData

# The form prefix of each step on the case page (see ``cases.views.STEPS``).
PREFIX = {
    "journal": "journaal", "document": "document", "participant": "deelnemer",
    "end_participation": "beeindigen", "coordinator": "coordinator", "phase": "fase",
    "shield": "afschermen", "conditions": "voorwaarden", "monitoring": "monitoring",
    "monitoring_decision": "besluit", "plan_version": "planversie", "goal": "doel",
    "action": "actie", "plan_agreed": "afgesproken", "handover_offer": "overdracht",
    "handover_accept": "accepteren", "handover_decline": "afwijzen",
    "handover_withdraw": "intrekken", "child_voice": "kind", "close": "sluiten",
}


def case_url(case, name: str = "case_detail", **kwargs) -> str:
    return reverse(f"cases:{name}", kwargs={"pk": case.pk, **kwargs})


def step_url(case, key: str) -> str:
    return reverse(f"cases:step_{key}", kwargs={"pk": case.pk})


def step(client, case, key: str, data: dict | None = None, *, target=None, prefix=None,
         follow: bool = True, files: dict | None = None):
    """POST one form of the case page, with its fields named as the page names them."""
    prefix = prefix or PREFIX[key]
    payload = {f"{prefix}-{name}": value for name, value in (data or {}).items()}
    if target is not None:
        payload["target"] = str(getattr(target, "pk", target))
    payload.update(files or {})
    return client.post(step_url(case, key), payload, follow=follow)


def assert_refused(response, member, permission: str) -> None:
    """A step the acting organisation may not take: the 404 of a page that is not there, and the
    refusal in the access log under the name of the permission that said no."""
    assert response.status_code == 404
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert entry is not None and (entry.event, entry.outcome) == (permission, Outcome.DENIED), (
        entry and (entry.event, entry.outcome))


def text_of(response) -> str:
    """The page's visible text (tags dropped, whitespace folded), for asserting what a user reads."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def open_case_by_report(intake_actor, *, account="Buren hoorden geschreeuw; moeder had letsel."):
    """A phone report about a Tilburg family, assessed and decided as 'voorwaarden en vervolg':
    the case opens with Veilig Thuis responsible and the Tilburg team taking part."""
    tilburg = Municipality.objects.get(cbs_code="GM0855")
    report = intake.register_report(intake_actor, intake.ReportData(
        channel="phone", account=account, violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Buurvrouw Jansen", phone="06-00000000"),
        municipality_id=tilburg.pk,
        involved=[
            intake.InvolvedPerson("victim", data=PersonData(
                given_names="Sanne", surname="de Wit", sex="V", municipality_id=tilburg.pk,
                street="Veldstraat", house_number="12", postcode="5038 AB", city="Tilburg")),
            intake.InvolvedPerson("suspect", data=PersonData(
                given_names="Ruud", surname="de Wit", sex="M", municipality_id=tilburg.pk)),
            intake.InvolvedPerson("child", data=PersonData(
                given_names="Mila", surname="de Wit", sex="V", municipality_id=tilburg.pk)),
        ]))
    intake.record_assessment(intake_actor, report, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Herhaald geweld.")
    decision = intake.decide(intake_actor, report, kind="conditions",
                             rationale="Voorwaarden met het gezin, lokaal team erbij.")
    return decision.case, report
