"""The intake's event catalogue: every access-log event it writes is a member of ``Event``, and the
stored strings are the ones the log has always held (the hash chain covers them)."""

import ast
from pathlib import Path

from eendak.intake.events import Event

INTAKE = Path(__file__).resolve().parents[1]


def _free_event_strings() -> list[str]:
    """``event="…"`` or ``refused_event = "…"`` written as a literal anywhere in the intake code."""
    found = []
    for path in INTAKE.rglob("*.py"):
        if "tests" in path.relative_to(INTAKE).parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names_event = (isinstance(node, ast.keyword) and node.arg == "event") or (
                isinstance(node, ast.Assign)
                and any(getattr(target, "id", "") == "refused_event" for target in node.targets))
            if not names_event:
                continue
            value = node.value
            if isinstance(value, ast.Constant) and value.value:
                found.append(f"{path.name}:{node.lineno} {value.value!r}")
    return found


def test_no_event_is_a_free_string():
    assert _free_event_strings() == []


def test_the_stored_event_names_are_unchanged():
    assert {e.value for e in Event} == {
        "report.created", "report.person_linked", "report.assessed", "report.instrument",
        "report.decided", "report.investigation_completed", "report.joint_conversation",
        "report.feedback_given", "report.person_informed",
        "advice.created", "advice.updated", "advice.converted",
        "report.queue", "report.queue_exported", "report.list", "report.read", "report.draft",
        "advice.list", "advice.read", "advice.list_exported",
        "report.change_refused", "advice.change_refused",
    }
    # The search for a known person logs the persons' own person.search, and merging two records of
    # one person moved to the persons app with its person.merge_list and person.merge_refused.
    assert len(set(Event)) == len(Event.__members__)  # no two names share a value
