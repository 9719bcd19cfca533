"""Every rule of who may do what is one declared permission, and every declared permission is asked.

A permission nothing asks is a rule nobody enforces (and a reader trusts it); one named after an app
that does not exist points a newcomer to the wrong place. Both fail here, as does a service that
changes state without asking its permission first.
"""

import ast
import re
from pathlib import Path

from django.apps import apps

from eendak.core.permissions import Kind, declared

SRC = Path(__file__).resolve().parent.parent / "src" / "eendak"


def _source_files():
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts or path.name == "permissions.py":
            continue
        yield path


def test_every_declared_permission_is_asked_somewhere():
    code = "\n".join(path.read_text(encoding="utf-8") for path in _source_files())
    templates = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "templates").rglob("*.html"))
    unasked = [p.name for p in declared() if f'"{p.name}"' not in code and p.name not in templates]
    assert unasked == [], f"declared but never asked (delete them, or ask them): {unasked}"


def test_every_permission_belongs_to_an_installed_app():
    labels = {config.label for config in apps.get_app_configs()}
    assert [p.name for p in declared() if p.app not in labels] == []


def test_a_name_asked_in_the_code_is_declared():
    code = "\n".join(path.read_text(encoding="utf-8") for path in _source_files())
    asked = set(re.findall(r'(?:require|allowed|requires|has_perm|may)\(\s*(?:[\w.]+,\s*)?"([a-z]+\.[a-z_]+)"',
                           code))
    assert asked - {p.name for p in declared()} == set()


def test_every_changing_service_requires_its_permission_first():
    """In the apps built on the template, each public function of services.py that is decorated with
    ``audit.atomic`` (it changes state) calls ``require`` before anything else that touches data."""
    missing = []
    for app in ("cases", "conferences", "acute"):
        tree = ast.parse((SRC / app / "services.py").read_text(encoding="utf-8"))
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        # A private helper that requires (``_answerable``) counts for the functions that call it.
        requirers = {"require"} | {f.name for f in functions if "require(" in ast.unparse(f)}
        for node in functions:
            if node.name.startswith("_"):
                continue
            decorated = any("atomic" in ast.unparse(d) for d in node.decorator_list)
            calls = {c.func.id for c in ast.walk(node)
                     if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
            if decorated and not calls & requirers:
                missing.append(f"{app}.services.{node.name}")
    assert missing == []


def test_reads_and_changes_are_both_declared():
    kinds = {p.kind for p in declared()}
    assert kinds == {Kind.READ, Kind.CHANGE}


def test_acute_services_ask_their_permission_before_anything_else():
    """The acute pathway's services start with ``require``: no statement that calls anything (a lock,
    a lookup, a validation that could answer differently for an object the caller may not see)
    comes before it, so a refusal is the same logged 404 whatever the object or the input."""
    tree = ast.parse((SRC / "acute" / "services.py").read_text(encoding="utf-8"))
    late = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        if "require(" not in ast.unparse(node) and not any(
                "atomic" in ast.unparse(d) for d in node.decorator_list):
            continue  # a helper that changes nothing and asks nothing (veilig_thuis_for)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        first = next((stmt for stmt in body
                      if any(isinstance(n, ast.Call) for n in ast.walk(stmt))), None)
        if first is None or not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Call)
                                 and getattr(first.value.func, "id", "") == "require"):
            late.append(f"acute.services.{node.name}: "
                        f"{ast.unparse(first).splitlines()[0] if first else 'no require'}")
    assert late == [], late
