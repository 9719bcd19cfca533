"""ODARA: 13 binary items on partner-assault recidivism; the actuarial total is the number present."""

from . import Instrument, Item, ScoreResult, register

ITEMS = [
    "Eerder huiselijk geweld (politieregistratie)",
    "Eerder niet-huiselijk geweld (politieregistratie)",
    "Eerdere detentie van 30 dagen of langer",
    "Overtreding van voorwaarden (eerder)",
    "Bedreiging met letsel of dood tijdens het incident",
    "Opsluiten of vasthouden van het slachtoffer tijdens het incident",
    "Slachtoffer is bang voor toekomstig geweld",
    "Meer dan één kind in het gezin",
    "Slachtoffer heeft een biologisch kind uit een eerdere relatie",
    "Geweld tegen anderen dan de partner",
    "Meer dan één indicator van middelengebruik",
    "Geweld tegen het slachtoffer tijdens een zwangerschap",
    "Slachtoffer heeft ten minste één barrière om hulp te zoeken",
]


class Odara(Instrument):
    def score(self, answers):
        total = sum(1 for value in answers.values() if value)
        return ScoreResult(total, f"{total} van 13", "Actuariële totaalscore: aantal aanwezige items.")


register(Odara(
    code="odara",
    name="ODARA",
    version="2005",
    purpose="Risico op herhaling van partnergeweld",
    items=[Item(f"i{i:02d}", text, number=str(i)) for i, text in enumerate(ITEMS, start=1)],
    public_scoring=True,
))
