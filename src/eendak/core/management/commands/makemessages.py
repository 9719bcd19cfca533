"""Django's ``makemessages``, also finding the step tables' short name for ``gettext_lazy``.

The step tables of the case page, the Veiligheidsteam, the Spoedplein and the Expertisecentrum
(``STEPS`` in their ``views.py``) call ``gettext_lazy`` as ``T`` (``L`` in ``acute``, where ``T`` is
the organisation type), so that each row stays on a line or two. ``xgettext`` knows only the usual
names, so without these keywords every title, button and message of those tables was missing from
the catalogue and stayed Dutch in English. ``tests/test_i18n.py`` checks that no other name is used.
"""

from django.core.management.commands import makemessages

# The short names of gettext_lazy that modules may use: the only ones (tests/test_i18n.py).
LAZY_ALIASES = ("T", "L")


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options,
                        *(f"--keyword={alias}" for alias in LAZY_ALIASES)]
