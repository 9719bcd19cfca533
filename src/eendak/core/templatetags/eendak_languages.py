"""``{% language_choices as choices %}``: the languages of the public pages for the switch, each
named in its own language (``settings.LANGUAGES``, untranslated: Django's ``get_available_languages``
would translate "English" into the page's language) and marked when it is the current one."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str
    bidi: bool
    current: bool


@register.simple_tag
def language_choices() -> list[LanguageChoice]:
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return [LanguageChoice(code, name, code in settings.LANGUAGES_BIDI, code == current)
            for code, name in settings.LANGUAGES]
