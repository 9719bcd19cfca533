"""The Expertisecentrum's public pages at /trainingen-en-bijeenkomsten/: without login, without
JavaScript, in the region's languages (``eendak.core.languages``).

The open training sessions (``queries.open_sessions``) and the public events
(``queries.public_events``), each with a registration form. The forms have the public report form's
protections, through the intake's own functions (``eendak.intake.public``): a signed one-time key
(a double submit registers once and shows the same confirmation), the limit per client (counted
on a keyed hash of the address, one count for the whole public entry) and the honeypot (a bot sees a
confirmation, nothing is stored). Registrations go through ``services.enrol_public`` and
``services.register_public`` with the Expertisecentrum's public actor, never ``save()``. A full
session puts the visitor on its waiting list, and says so before and after.

Every view here is ``ViewAccess.PUBLIC`` and shows nothing about other registrations: the only thing
that comes back is the visitor's own registration, and only for the key the server signed for them.
A session or event is named by ``?sessie=`` / ``?bijeenkomst=``; one that is not open is not told
apart from one that does not exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.errors import ours
from eendak.core.exceptions import RuleViolation
from eendak.intake import public
from eendak.intake.public_forms import HONEYPOT_FIELD

from . import queries, services
from .models import Enrolment, EventRegistration
from .public_forms import EVENT, TRAINING, PublicEnrolmentForm, PublicEventRegistrationForm, kind_for
from .workflow import Audience, EnrolmentStatus

# The services' Dutch messages a visitor can meet, each with what the visitor reads: in their
# language, in the words of this page (an unknown message is shown as the service wrote it).
# Spelled out as gettext_lazy, so makemessages collects them (it does not know an alias).
SERVICE_MESSAGES = {
    "Voor deze bijeenkomst kan niet (meer) worden ingeschreven.":
        gettext_lazy("Voor deze training kunt u zich niet (meer) inschrijven."),
    "Voor deze bijeenkomst kan niet (meer) worden aangemeld.":
        gettext_lazy("Voor deze bijeenkomst kunt u zich niet (meer) aanmelden."),
    "Deze bijeenkomst is vol.": gettext_lazy("Deze bijeenkomst is vol."),
    "Vul uw naam in.": gettext_lazy("Vul uw naam in."),
    "Vul uw e-mailadres in.": gettext_lazy("Vul uw e-mailadres in."),
    "Vul een geldig e-mailadres in.": gettext_lazy("Vul een geldig e-mailadres in."),
    "Met dit e-mailadres is al ingeschreven voor deze bijeenkomst.":
        gettext_lazy("Met dit e-mailadres bent u al ingeschreven voor deze training."),
    "Met dit e-mailadres bent u al aangemeld.": gettext_lazy("Met dit e-mailadres bent u al aangemeld."),
    "Er is geen Expertisecentrum.": gettext_lazy("Aanmelden kan nu niet. Probeer het later opnieuw."),
}


def _public_actor(request) -> Actor:
    """The Expertisecentrum receives, with no user (the services accept only this actor here)."""
    return Actor.public(request, services.expertise_centre())


@transaction.atomic
def _enrol(request, session, registrant, submission_key):
    public.count_submission(public.client_fingerprint(request))
    return services.enrol_public(_public_actor(request), session, registrant,
                                 submission_key=submission_key)


@transaction.atomic
def _register(request, event, registrant, submission_key):
    public.count_submission(public.client_fingerprint(request))
    return services.register_public(_public_actor(request), event, registrant,
                                    submission_key=submission_key)


def _session_full(session) -> bool:
    return session.taken >= session.capacity


def _event_full(event) -> bool:
    return event.capacity is not None and event.registered >= event.capacity


@dataclass(frozen=True)
class Registration:
    """One of the two registration forms: what it registers for, found how, submitted how."""

    what: str
    param: str  # the query parameter that names the session or the event
    form_class: type
    find: Callable  # pk -> the open session or public event, or None
    full: Callable
    earlier: Callable  # submission key -> the registration already made with it, or None
    submit: Callable


REGISTRATIONS = {
    TRAINING: Registration(
        TRAINING, "sessie", PublicEnrolmentForm,
        lambda pk: queries.open_sessions().filter(pk=pk).first(), _session_full,
        lambda key: Enrolment.objects.filter(submission_key=key).first(), _enrol),
    EVENT: Registration(
        EVENT, "bijeenkomst", PublicEventRegistrationForm,
        lambda pk: queries.public_events().filter(pk=pk).first(), _event_full,
        lambda key: EventRegistration.objects.filter(submission_key=key).first(), _register),
}


def _audiences(course) -> list:
    return [Audience(a).label for a in course.audiences if a in Audience.values]


def _decorated_sessions(sessions) -> list:
    for session in sessions:
        session.full = _session_full(session)
        session.places_left = max(session.capacity - session.taken, 0)
        session.audience_labels = _audiences(session.course)
    return sessions


def _decorated_events(events) -> list:
    for event in events:
        event.full = _event_full(event)
        event.places_left = (max(event.capacity - event.registered, 0)
                             if event.capacity is not None else None)
    return events


@view_access(ViewAccess.PUBLIC)
@require_GET
def home(request):
    return _home(request)


def _home(request, *, not_open: bool = False):
    """The open sessions and public events; ``not_open``: a link named one that is not (or no
    longer) open for registration."""
    return ours(render(request, "expertise_public/home.html", {
        "section": "trainings",
        "sessions": _decorated_sessions(list(queries.open_sessions())),
        "events": _decorated_events(list(queries.public_events())),
        "not_open": not_open,
    }, status=404 if not_open else 200))


@view_access(ViewAccess.PUBLIC)
@require_http_methods(["GET", "POST"])
def enrol(request):
    return _registration_view(request, REGISTRATIONS[TRAINING])


@view_access(ViewAccess.PUBLIC)
@require_http_methods(["GET", "POST"])
def register(request):
    return _registration_view(request, REGISTRATIONS[EVENT])


def _target(request, registration: Registration):
    try:
        pk = int(request.GET.get(registration.param, ""))
    except ValueError:
        return None, None
    return pk, registration.find(pk)


def _registration_view(request, registration: Registration):
    pk, target = _target(request, registration)
    if pk is None:
        return redirect("expertise_public:home")
    if target is None:
        return _home(request, not_open=True)
    kind = kind_for(registration.what, pk)
    form_class = registration.form_class
    if request.method == "GET":
        form = form_class(initial={"submission_key": public.issue_submission_key(kind)})
        return _render_form(request, registration, target, form)

    form = form_class(request.POST)
    if form.honeypot_filled:
        # A bot: the page a person would see, and nothing stored.
        return _received(request, registration, target, waiting=registration.full(target))

    submission_key = public.read_submission_key(kind, request.POST.get("submission_key", ""))
    if submission_key is None:
        # Forged, meant for another session or event, or older than a day: keep what was typed.
        data = request.POST.copy()
        data["submission_key"] = public.issue_submission_key(kind)
        form = form_class(data)
        form.is_valid()
        form.add_error(None, _("Dit formulier was verlopen of beschadigd. Controleer uw gegevens en "
                               "verstuur het opnieuw."))
        return _render_form(request, registration, target, form)

    earlier = registration.earlier(submission_key)
    if earlier is not None:
        # Sent twice (double click, reload, back and again): one registration, the same answer.
        return _received(request, registration, target, registration_made=earlier)

    # A first look; the count that holds is taken under a lock in the storing transaction.
    retry_after = public.retry_after_seconds(public.client_fingerprint(request))
    if retry_after is not None:
        return _rate_limited(request, registration, target, retry_after)

    if not form.is_valid():
        return _render_form(request, registration, target, form)
    try:
        made = registration.submit(request, target, form.to_registrant(), submission_key)
    except public.RateLimited as exc:
        return _rate_limited(request, registration, target, exc.retry_after)
    except RuleViolation as exc:
        form.add_error(exc.field if exc.field in form.fields else None,
                       SERVICE_MESSAGES.get(exc.message, exc.message))
        return _render_form(request, registration, target, form)
    return _received(request, registration, target, registration_made=made)


def _rate_limited(request, registration, target, retry_after):
    """Not sent; what was typed is shown again, unvalidated, with the same key."""
    form_class = registration.form_class
    form = form_class(initial={name: request.POST.get(name, "") for name in form_class.base_fields
                               if name != HONEYPOT_FIELD})
    response = _render_form(request, registration, target, form, status=429, rate_limited=True,
                            retry_minutes=max(1, round(retry_after / 60)))
    response["Retry-After"] = str(retry_after)
    return response


def _context(registration: Registration, target) -> dict:
    if registration.what == TRAINING:
        _decorated_sessions([target])
        return {"section": "trainings", "what": TRAINING, "session": target}
    _decorated_events([target])
    return {"section": "trainings", "what": EVENT, "event": target}


def _render_form(request, registration, target, form, *, status=200, **extra):
    return render(request, "expertise_public/register.html", {
        **_context(registration, target), "form": form, "param": registration.param,
        "target_id": target.pk, **extra,
    }, status=status)


def _received(request, registration, target, *, registration_made=None, waiting=False):
    if registration_made is not None and registration.what == TRAINING:
        waiting = registration_made.status == EnrolmentStatus.WAITING
    return render(request, "expertise_public/received.html", {
        **_context(registration, target), "waiting": waiting,
    })
