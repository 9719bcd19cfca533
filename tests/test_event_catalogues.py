"""Every access-log event is a member of its app's catalogue (``<app>/events.py``), never a free string.

The log is evidence (NEN 7513) and its hash chain covers the event name, so a name must be spelled the
same every time it is written, and a reader must find every name in one place per app. An AST scan of
the running code (not its tests or migrations) fails on a string written where an event goes: as
``event=`` of ``audit.log_access`` / ``audit.log_authentication``, or as the event of a catalogue's
helper (``cases.events.read(actor, CaseEvent.READ, …)``) — also when the string reaches the call
through a local variable or a class attribute (``refused_event = "…"``). And no two catalogues hold
the same name, so each stored name has one owner.
"""

import ast
import importlib
import inspect
from collections import defaultdict
from enum import StrEnum
from pathlib import Path

import eendak
from eendak.core.permissions import declared

SRC = Path(eendak.__file__).resolve().parent
LOG_FUNCTIONS = {"log_access", "log_authentication"}  # ``event`` is keyword-only in both

# A name two catalogues hold, each with the catalogues holding it: none (the intake's "is this person
# already known?" search writes the persons' own event, ``persons.events.Event.PERSON_SEARCH``).
SHARED_NAMES: dict[str, set[str]] = {}


# -- the catalogues --------------------------------------------------------------------------------

def _events_modules() -> list[str]:
    return sorted(f"eendak.{path.parent.name}.events" for path in SRC.glob("*/events.py"))


def catalogues() -> dict[str, type[StrEnum]]:
    """Every ``StrEnum`` defined in an app's ``events.py``, by its dotted name."""
    found = {}
    for name in _events_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, StrEnum)
                    and value.__module__ == module.__name__):
                found[f"{name}.{value.__name__}"] = value
    return found


def helpers() -> dict[str, dict[str, int]]:
    """Per events module, its functions that take an event: the position of ``event``."""
    found = {}
    for name in _events_modules():
        module = importlib.import_module(name)
        found[name] = {
            fn_name: list(inspect.signature(fn).parameters).index("event")
            for fn_name, fn in vars(module).items()
            if inspect.isfunction(fn) and fn.__module__ == name
            and "event" in inspect.signature(fn).parameters
        }
    return found


# -- the scan ---------------------------------------------------------------------------------------

def _source_files():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _has_string(node, *, empty_too: bool = True) -> bool:
    return any(isinstance(n, ast.JoinedStr)
               or (isinstance(n, ast.Constant) and isinstance(n.value, str) and (n.value or empty_too))
               for n in ast.walk(node))


class _Scan(ast.NodeVisitor):
    """The calls that write an event in one module, and which of them get a string."""

    def __init__(self, module: str, tree: ast.Module, known_helpers: dict[str, dict[str, int]],
                 is_package: bool = False):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.known = known_helpers
        self.modules: dict[str, str] = {}  # local name -> events module
        self.functions: dict[str, tuple[str, str]] = {}  # local name -> (events module, helper)
        if module in known_helpers:  # an events module calling its own helpers
            self.functions.update({fn: (module, fn) for fn in known_helpers[module]})
        self.scopes: list[ast.AST] = [tree]
        self.class_attributes: dict[str, list[ast.expr]] = defaultdict(list)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    for target, value in _assignments(statement):
                        self.class_attributes[target].append(value)
        self.calls = 0
        self.free: list[str] = []

    # imports: which local names are an events module or one of its helpers
    def visit_Import(self, node):
        for alias in node.names:
            if alias.name in self.known and alias.asname:
                self.modules[alias.asname] = alias.name

    def visit_ImportFrom(self, node):
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            local = alias.asname or alias.name
            if source in self.known and alias.name in self.known[source]:
                self.functions[local] = (source, alias.name)
            elif f"{source}.{alias.name}" in self.known:
                self.modules[local] = f"{source}.{alias.name}"

    def _scoped(self, node):
        self.scopes.append(node)
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scoped

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        event = None
        if name in LOG_FUNCTIONS:
            event = _keyword(node, "event")
        else:
            helper = None
            if isinstance(func, ast.Name) and func.id in self.functions:
                helper = self.functions[func.id]
            elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                  and func.value.id in self.modules and func.attr in self.known[self.modules[func.value.id]]):
                helper = (self.modules[func.value.id], func.attr)
            if helper is None:
                return
            position = self.known[helper[0]][helper[1]]
            event = _keyword(node, "event")
            if event is None and len(node.args) > position and not any(
                    isinstance(arg, ast.Starred) for arg in node.args[: position + 1]):
                event = node.args[position]
        self.calls += 1
        if event is not None and self._free(event):
            self.free.append(f"{self.module}:{node.lineno} {name}({ast.unparse(event)})")

    def _free(self, expr, depth: int = 0) -> bool:
        # Reached through a variable or class attribute, an empty string is a default that writes
        # nothing (``refused_event = ""``: the mixin logs only when a view names its event).
        if _has_string(expr, empty_too=depth == 0):
            return True
        if depth > 3:
            return False
        if isinstance(expr, ast.Name):  # a variable of the enclosing function (or the module)
            return any(self._free(value, depth + 1) for value in self._assigned(expr.id))
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) \
                and expr.value.id in ("self", "cls"):  # a class attribute: refused_event = ...
            return any(self._free(value, depth + 1) for value in self.class_attributes[expr.attr])
        return False

    def _assigned(self, name: str) -> list[ast.expr]:
        scope = self.scopes[-1]
        body = scope.body if isinstance(scope.body, list) else [scope.body]
        return [value for statement in body for node in ast.walk(statement)
                for target, value in _assignments(node) if target == name]


def _assignments(node):
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Name):
                yield target.id, node.value
    elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) \
            and node.value is not None and isinstance(node.target, ast.Name):
        yield node.target.id, node.value


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def scan(source: str, module: str, known_helpers=None, *, is_package: bool = False) -> _Scan:
    tree = ast.parse(source)
    result = _Scan(module, tree, helpers() if known_helpers is None else known_helpers, is_package)
    result.visit(tree)
    return result


def scan_source_tree() -> tuple[int, list[str], set[str]]:
    """All calls that write an event, the ones given a string, and the apps that make such calls."""
    known = helpers()
    calls, free, writers = 0, [], set()
    for path in _source_files():
        result = scan(path.read_text(encoding="utf-8"), _module_name(path), known,
                      is_package=path.name == "__init__.py")
        calls += result.calls
        free += result.free
        if result.calls:
            writers.add(path.relative_to(SRC).parts[0])
    return calls, free, writers


# -- the tests --------------------------------------------------------------------------------------

def test_no_event_is_written_as_a_free_string():
    calls, free, _ = scan_source_tree()
    assert calls > 100, "the scan found too few calls that write an event: is it still looking?"
    assert free == [], ("an event written as a free string; add it to the app's events.py (the same "
                        f"stored string) and pass the member: {free}")


def test_every_app_that_writes_the_log_has_a_catalogue():
    _, _, writers = scan_source_tree()
    # audit is the writer itself: it passes on the event it is given (log_refusal: the permission).
    apps_with_catalogue = {name.split(".")[1] for name in _events_modules()}
    assert sorted(writers - apps_with_catalogue - {"audit"}) == []


def test_every_event_name_has_one_catalogue():
    owners = defaultdict(set)
    for name, catalogue in catalogues().items():
        assert len(catalogue.__members__) == len(list(catalogue)), (
            f"{name}: two members share a value (an alias): {dict(catalogue.__members__)}")
        for member in catalogue:
            owners[member.value].add(name)
    shared = {value: names for value, names in owners.items() if len(names) > 1}
    assert shared == SHARED_NAMES


def test_no_event_is_named_like_a_permission():
    """A refusal is logged under the permission's name (``audit.log_refusal``): an event of the same
    name would make a refusal and an event indistinguishable in the log."""
    permissions = {p.name for p in declared()}
    events = {member.value for catalogue in catalogues().values() for member in catalogue}
    assert sorted(events & permissions) == []


def test_the_catalogues_are_found():
    names = set(catalogues())
    assert {"eendak.cases.events.CaseEvent", "eendak.intake.events.Event", "eendak.core.events.Event",
            "eendak.api.events.Event", "eendak.persons.events.Event",
            "eendak.privacy.events.Event"} <= names
    assert helpers()["eendak.cases.events"]["read"] == 1
    assert helpers()["eendak.cases.events"]["changed"] == 2


def test_the_scan_catches_every_way_a_free_string_reaches_the_log():
    source = '''
from eendak.audit import services as audit
from eendak.cases import events
from eendak.cases.events import CaseEvent, read as look
from . import events as ev

def view(actor, request, changed):
    audit.log_access(actor, event="x.y", action="R")
    audit.log_authentication(request, user=None, event="a" if changed else CaseEvent.READ, outcome="s")
    events.read(actor, "case.read")
    look(actor, event=f"case.{changed}")
    ev.not_found(actor, "case.read", None)
    name = "case.read"
    events.read(actor, name)

class Base:
    refused_event = ""

class Endpoint(Base):
    refused_event = "report.change_refused"

    def post(self):
        audit.log_access(self.actor(), event=self.refused_event, action="U")
'''
    result = scan(source, "eendak.cases.views")
    assert len(result.free) == 7, result.free
    assert result.calls == 7


def test_the_scan_passes_members_of_a_catalogue():
    source = '''
from eendak.audit import services as audit
from eendak.cases import events
from eendak.cases.events import CaseEvent

def view(actor, request, refusal, changed, case):
    audit.log_access(actor, event=CaseEvent.READ, action="R", detail="a string elsewhere is fine")
    audit.log_access(actor, event=refusal.permission, action="U")
    audit.log_authentication(request, user=None,
                             event=CaseEvent.READ if changed else CaseEvent.LIST, outcome="s")
    event = CaseEvent.LIST
    events.read(actor, event, case, detail="text")
    events.changed(actor, case, CaseEvent.CLOSED, "Gesloten.")

class Endpoint:
    refused_event = ""  # a default that writes nothing

    def post(self):
        if self.refused_event:
            audit.log_access(self.actor(), event=self.refused_event, action="U")
'''
    result = scan(source, "eendak.cases.views")
    assert result.free == []
    assert result.calls == 6
