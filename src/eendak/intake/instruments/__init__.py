"""Risk and safety instruments, pluggable (after Open Formulieren's plugin registry).

Each instrument says its code, version and items and, only where its rules are public, how to score.
A licensed instrument records its outcome only. A score supports a professional's judgement; nothing
in Eendak acts on it by itself.
"""

from dataclasses import dataclass, field


class InstrumentError(ValueError):
    """Answers that do not fit the instrument; the message is Dutch and shown to the user."""


@dataclass(frozen=True)
class Item:
    """``code`` is the stored key of the answer; ``number`` is what the instrument's own paper form
    prints before the question ("1", "A1"), the only one of the two a professional knows."""

    code: str
    text: str
    group: str = ""
    colour: str = ""  # RiHG: rood / blauw / geel
    number: str = ""

    @property
    def label(self) -> str:
        text = f"{self.number}. {self.text}" if self.number else self.text
        return text + (f" ({self.colour})" if self.colour else "")


@dataclass(frozen=True)
class ScoreResult:
    score: int | None
    band: str
    explanation: str


@dataclass
class Instrument:
    code: str
    name: str
    version: str
    purpose: str
    items: list[Item] = field(default_factory=list)
    public_scoring: bool = False

    def validate(self, answers: dict) -> dict[str, bool]:
        """Yes/no answers for every item; unknown items or missing answers are refused."""
        if not self.items:
            return {}
        known = {item.code for item in self.items}
        unknown = set(answers) - known
        if unknown:
            raise InstrumentError(f"Onbekende vragen voor {self.name}: {', '.join(sorted(unknown))}.")
        missing = [item.code for item in self.items if item.code not in answers]
        if missing:
            raise InstrumentError(
                f"Beantwoord alle {len(self.items)} vragen van {self.name}; "
                f"nog open: {', '.join(missing)}."
            )
        return {code: bool(value) for code, value in answers.items()}

    def score(self, answers: dict[str, bool]) -> ScoreResult:
        return ScoreResult(None, "", "Dit instrument heeft geen openbare scoringsregels: "
                                      "alleen de uitkomst wordt vastgelegd.")


REGISTRY: dict[str, Instrument] = {}


def register(instrument: Instrument) -> Instrument:
    if instrument.code in REGISTRY:
        raise ValueError(f"instrument {instrument.code} registered twice")
    REGISTRY[instrument.code] = instrument
    return instrument


def get(code: str) -> Instrument:
    try:
        return REGISTRY[code]
    except KeyError as exc:
        raise InstrumentError(f"Onbekend instrument: {code}.") from exc


def choices() -> list[tuple[str, str]]:
    return [(code, f"{inst.name} ({inst.version})") for code, inst in REGISTRY.items()]


from . import dash, licensed, odara, rihg  # noqa: E402,F401  (registration side effect)
