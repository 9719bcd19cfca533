"""The messages the code marks for translation, found as ``make messages`` finds them, without GNU
gettext: Python modules through their syntax tree, templates through Django's own ``templatize``
(what ``makemessages`` hands to ``xgettext``). ``tests/test_i18n.py`` compares them with the
catalogue, so a message nobody collected fails a test rather than staying Dutch on an English page.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation.template import templatize

import eendak
from eendak.core.management.commands.makemessages import LAZY_ALIASES

SOURCE = Path(eendak.__file__).parent
# As the Makefile's MESSAGE_IGNORES: tests and test support are not the interface.
IGNORED_PARTS = {"tests", "testing", "migrations", "locale", "static"}

# name -> (index of the context argument or None, indexes of the message arguments)
SINGULAR = (None, (0,))
KEYWORDS = {
    "_": SINGULAR, "gettext": SINGULAR, "gettext_lazy": SINGULAR, "gettext_noop": SINGULAR,
    "ngettext": (None, (0, 1)), "ngettext_lazy": (None, (0, 1)),
    "pgettext": (0, (1,)), "pgettext_lazy": (0, (1,)),
    "npgettext": (0, (1, 2)), "npgettext_lazy": (0, (1, 2)),
    **dict.fromkeys(LAZY_ALIASES, SINGULAR),
}
GETTEXT_FUNCTIONS = {name for name in KEYWORDS if name not in LAZY_ALIASES and name != "_"}
# A call in templatize's output: gettext(u'...'), ngettext(u'...', u'...', count), pgettext(u'c', u'...'),
# and _('...') from a filter or tag argument; single or double quotes.
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"(?<![\w.])(n?p?gettext|_)\(((?:{_LITERAL}\s*,?\s*)+)")


def _files(pattern: str) -> Iterator[Path]:
    for path in sorted(SOURCE.rglob(pattern)):
        if not IGNORED_PARTS & set(path.relative_to(SOURCE).parts):
            yield path


def _message(name: str, args: list) -> tuple[str | None, str | tuple] | None:
    context_at, message_at = KEYWORDS[name]
    values = [args[i] if i < len(args) else None for i in message_at]
    context = args[context_at] if context_at is not None and context_at < len(args) else None
    if any(not isinstance(v, str) for v in values) or (context_at is not None
                                                       and not isinstance(context, str)):
        return None  # not a literal: xgettext skips it too
    return context, values[0] if len(values) == 1 else tuple(values[:2])


def python_messages() -> Iterator[tuple[str, str | None, str | tuple]]:
    for path in _files("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in KEYWORDS):
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                found = _message(node.func.id, args)
                if found:
                    yield f"{path.relative_to(SOURCE)}:{node.lineno}", *found


def template_messages() -> Iterator[tuple[str, str | None, str | tuple]]:
    for path in _files("*.html"):
        if "templates" not in path.relative_to(SOURCE).parts:
            continue
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in TEMPLATE_CALL.finditer(text):
            args = list(ast.literal_eval("(" + match.group(2).rstrip().rstrip(",") + ",)"))
            found = _message(match.group(1), args)
            if found:
                yield str(path.relative_to(SOURCE)), *found


def source_messages() -> Iterator[tuple[str, str | None, str | tuple]]:
    """(where, context, message) for every literal message of the interface."""
    yield from python_messages()
    yield from template_messages()


def stray_aliases() -> Iterator[str]:
    """Modules that give a gettext function another name than ``_`` and ``LAZY_ALIASES``."""
    allowed = {"_", *LAZY_ALIASES}
    for path in _files("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in GETTEXT_FUNCTIONS and alias.asname and alias.asname not in allowed:
                        yield f"{path.relative_to(SOURCE)}: {alias.name} as {alias.asname}"
            elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Name)
                  and node.value.id in GETTEXT_FUNCTIONS):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id not in allowed:
                        yield f"{path.relative_to(SOURCE)}: {target.id} = {node.value.id}"
