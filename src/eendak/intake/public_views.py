"""The public entry at /melden/: for residents and professionals, without login, without JavaScript.

Every view here is ``ViewAccess.PUBLIC`` and shows nothing about existing reports or persons: the only
thing that ever comes back from the database is the reference number of the visitor's own submission,
and only for the one-time key the server signed for them. The decision guide touches no table, no
session and no cookie. Submissions go through ``eendak.intake.public`` (the service), never ``save()``.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eendak.core.access import ViewAccess, view_access
from eendak.core.exceptions import RuleViolation

from . import public
from .public_forms import HONEYPOT_FIELD, PublicAdviceForm, PublicReportForm

PHONE = "0800 2000"


@view_access(ViewAccess.PUBLIC)
@require_GET
def home(request):
    return render(request, "public/home.html", {
        "section": "home", "working_days": settings.EENDAK_ASSESSMENT_WORKING_DAYS,
    })


@view_access(ViewAccess.PUBLIC)
@require_GET
def guide(request):
    return render(request, "public/guide.html", {"section": "guide"})


@view_access(ViewAccess.PUBLIC)
@require_GET
def decision(request):
    """One question per page; the answers travel in the address, nothing is kept on the server."""
    step = public.walk_afwegingskader(request.GET)
    base = reverse("public:decision")
    answered = []
    for item in step.answered:
        before = dict(item.answers_before)
        if item.question.key in public.CONTINUATION_TARGETS:
            before["verder"] = "1"
        answered.append({"question": item.question, "answer": item.answer,
                         "change_url": base + ("?" + urlencode(before) if before else "")})
    continue_url = ""
    if step.outcome and step.outcome.continue_to:
        continue_url = base + "?" + urlencode({**step.answers, "verder": "1"})
    # Past a stage ("give help"), an empty submit of the last question must stay on that question.
    carry_verder = bool(step.question) and step.question.key in public.CONTINUATION_TARGETS
    return render(request, "public/decision.html", {
        "section": "guide", "step": step, "answered": answered, "continue_url": continue_url,
        "carry_verder": carry_verder, "total_questions": len(public.QUESTIONS),
        "yes": public.YES, "no": public.NO,
    })


@view_access(ViewAccess.PUBLIC)
@require_GET
def form_choice(request):
    return render(request, "public/form_choice.html", {"section": "form"})


@view_access(ViewAccess.PUBLIC)
@require_http_methods(["GET", "POST"])
def report_form(request):
    return _form_view(request, PublicReportForm, "public/report_form.html", public.submit_report)


@view_access(ViewAccess.PUBLIC)
@require_http_methods(["GET", "POST"])
def advice_form(request):
    return _form_view(request, PublicAdviceForm, "public/advice_form.html", public.submit_advice)


def _render_form(request, template, form, *, status=200, **extra):
    return render(request, template, {"section": "form", "form": form, "phone": PHONE, **extra},
                  status=status)


def _form_view(request, form_class, template, submit):
    kind = form_class.kind
    if request.method == "GET":
        form = form_class(initial={"submission_key": public.issue_submission_key(kind)})
        return _render_form(request, template, form)

    form = form_class(request.POST)
    if form.honeypot_filled:
        # A bot: the same page a person would see, with a number that names nothing.
        return _received(request, kind, public.decoy_reference(kind),
                         with_contact=kind == public.KIND_REPORT
                         or bool(request.POST.get("consent_to_contact")))

    submission_key = public.read_submission_key(kind, request.POST.get("submission_key", ""))
    if submission_key is None:
        # Forged, meant for the other form, or older than a day: keep what was typed, new key.
        data = request.POST.copy()
        data["submission_key"] = public.issue_submission_key(kind)
        form = form_class(data)
        form.is_valid()
        form.add_error(None, _("Dit formulier was verlopen of beschadigd. Controleer uw gegevens en "
                               "verstuur het opnieuw."))
        return _render_form(request, template, form)

    earlier = public.earlier_submission(kind, submission_key)
    if earlier is not None:
        # Sent twice (double click, reload, back and again): one submission, the same number.
        return _received(request, kind, earlier.reference, with_contact=_has_contact(kind, earlier))

    # A first look, to answer before validating; the count that holds is taken again, under a lock,
    # in the transaction that stores the submission (``public.count_submission``).
    retry_after = public.retry_after_seconds(public.client_fingerprint(request))
    if retry_after is not None:
        return _rate_limited(request, form_class, template, retry_after)

    if not form.is_valid():
        return _render_form(request, template, form)
    try:
        created = submit(request, form.to_data(), submission_key=submission_key)
    except public.RateLimited as exc:
        return _rate_limited(request, form_class, template, exc.retry_after)
    except RuleViolation as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render_form(request, template, form)
    return _received(request, kind, created.reference, with_contact=_has_contact(kind, created))


def _rate_limited(request, form_class, template, retry_after):
    """Not sent: a 429 in the visitor's language, with the phone number and what they typed."""
    form = form_class(initial=_initial_from(request.POST, form_class))
    response = _render_form(request, template, form, status=429, rate_limited=True,
                            retry_minutes=max(1, round(retry_after / 60)))
    response["Retry-After"] = str(retry_after)
    return response


def _has_contact(kind, submission) -> bool:
    return kind == public.KIND_REPORT or bool(submission.consent_to_contact)


def _initial_from(post, form_class) -> dict:
    """What the visitor typed, as initial values of an unbound form: shown again, not validated."""
    fields = form_class().fields
    initial = {}
    for name, field in fields.items():
        if name == HONEYPOT_FIELD or name not in post:
            continue
        initial[name] = post.getlist(name) if hasattr(field, "choices") and getattr(
            field.widget, "allow_multiple_selected", False) else post.get(name)
    return initial


def _received(request, kind, reference, *, with_contact):
    return render(request, "public/received.html", {
        "section": "form",
        "is_report": kind == public.KIND_REPORT,
        "reference": reference,
        "with_contact": with_contact,
        "working_days": settings.EENDAK_ASSESSMENT_WORKING_DAYS,
        "acute_hours": settings.EENDAK_ACUTE_ASSESSMENT_HOURS,
        "phone": PHONE,
    })
