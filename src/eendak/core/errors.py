"""Dutch error pages for people, problem+json for the API: one set of handlers for both."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .problems import problem_response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return problem_response(400, "Ongeldig verzoek", "Het verzoek kon niet worden verwerkt.",
                                instance=request.path)
    return render(request, "errors/400.html", status=400)


# The CSRF refusal, said once for the API (``api.authentication``) and once for pages (below).
CSRF_REFUSAL_API = ("De beveiligingscontrole van dit verzoek (CSRF) is mislukt: het CSRF-token ontbreekt "
                    "of klopt niet. Stuur bij een sessie de header X-CSRFToken mee, of gebruik een "
                    "API-token. Er is niets opgeslagen.")


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: Django's own page is English and technical. Nothing was saved; the
    usual cause for a person is a form left open past the session, so say what to do."""
    if _is_api(request):
        return problem_response(403, "Geen toegang", CSRF_REFUSAL_API, instance=request.path,
                                code="csrf_failed")
    return render(request, "errors/403_csrf.html", status=403)


def permission_denied(request, exception=None):
    if _is_api(request):
        return problem_response(403, "Geen toegang",
                                "U heeft geen toestemming voor deze handeling.",
                                instance=request.path)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return problem_response(404, "Niet gevonden",
                                "Deze bron bestaat niet of u heeft er geen toegang toe.",
                                instance=request.path)
    return ours(render(request, "errors/404.html", status=404))


# A 404 page Eendak drew itself carries this attribute; any other 404 page under DEBUG is Django's
# technical one (see ``core.middleware.DebugNotFoundMiddleware``).
OURS = "eendak_own_page"


def ours(response):
    """Mark a 404 page as Eendak's own, so that ``DebugNotFoundMiddleware`` leaves it alone."""
    setattr(response, OURS, True)
    return response


def server_error(request):
    if _is_api(request):
        return problem_response(500, "Interne fout",
                                "Er ging iets mis aan onze kant. Er is niets opgeslagen.",
                                instance=request.path)
    # No context processors: the database may be what failed.
    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render())
