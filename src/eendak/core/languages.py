"""Which language a page speaks.

The public pages — the entry to Veilig Thuis (/melden/) and the Expertisecentrum's trainings and
events — speak the region's languages (``settings.LANGUAGES``: Dutch, English, Turkish, Arabic,
Somali, Polish), chosen by the browser or by the language switch on every public page. The
professional screens speak Dutch or English only (``settings.EENDAK_STAFF_LANGUAGES``): a worker
whose browser asks for Turkish, or who once chose Arabic on a public page, gets them in Dutch (or in
English when the browser also asks for that), never half-translated.

The switch posts to ``set_language`` (Django's own view, marked public here). Django keeps the choice
in a cookie that ends with the browser session (``LANGUAGE_COOKIE_AGE`` is not set): on a shared
device it leaves as little behind as the public pages themselves.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from .access import ViewAccess, view_access


def is_public_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.EENDAK_PUBLIC_LANGUAGE_PATHS)


def staff_language(request) -> str:
    """Dutch or English for a professional screen: the first of these the browser asks for."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in settings.EENDAK_STAFF_LANGUAGES:
            return base
    return settings.LANGUAGE_CODE


class StaffLanguageMiddleware:
    """After ``LocaleMiddleware``: outside the public pages, only the staff languages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language()
        if (language.split("-")[0] not in settings.EENDAK_STAFF_LANGUAGES
                and not is_public_path(request.path_info)):
            language = staff_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@view_access(ViewAccess.PUBLIC)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def set_language(request):
    """The language switch of the public pages: Django's ``set_language``. A POST keeps the choice
    and goes back to ``next`` (a page of this site only); a GET changes nothing and goes back.

    Without a CSRF token, on purpose: a token would set a cookie on every public page, and the
    meldcode's decision guide promises to set none; a forged switch only changes a language."""
    return django_set_language(request)
