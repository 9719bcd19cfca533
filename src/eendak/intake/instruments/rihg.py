"""RiHG (Risicotaxatie-instrument Huiselijk Geweld): 20 signals in 3 parts, each red, blue or yellow.

The public decision rule: two or more red signals present in one part means a house ban in principle.
The item wording here is a working version to be checked against the official RiHG manual; the codes
and the structure (3 parts, 20 signals, colours) carry the rule.
"""

from collections import Counter

from . import Instrument, Item, ScoreResult, register

PARTS = {
    "A": "Deel A – Geweldsgeschiedenis en het incident",
    "B": "Deel B – De persoon tegen wie een huisverbod wordt overwogen",
    "C": "Deel C – Het slachtoffer en de omstandigheden",
}

SIGNALS = [
    ("A1", "A", "rood", "Eerder fysiek geweld in de relatie of het gezin"),
    ("A2", "A", "rood", "Toename van ernst of frequentie van het geweld"),
    ("A3", "A", "rood", "Gebruik of dreiging met een wapen"),
    ("A4", "A", "rood", "Wurging of verstikking"),
    ("A5", "A", "blauw", "Eerdere politiecontacten over huiselijk geweld"),
    ("A6", "A", "geel", "Geweld in aanwezigheid van kinderen"),
    ("A7", "A", "blauw", "Overtreding van een eerder huisverbod of contactverbod"),
    ("B1", "B", "rood", "Doodsbedreiging geuit"),
    ("B2", "B", "rood", "Obsessieve jaloezie of controlerend gedrag"),
    ("B3", "B", "blauw", "Problematisch alcohol- of drugsgebruik"),
    ("B4", "B", "blauw", "Psychische problemen"),
    ("B5", "B", "geel", "Recente werkloosheid of financiële problemen"),
    ("B6", "B", "rood", "Geweld buiten het gezin of antecedenten geweld"),
    ("B7", "B", "geel", "Weigert hulp of ontkent het geweld"),
    ("C1", "C", "rood", "Slachtoffer is erg bang voor nieuw geweld"),
    ("C2", "C", "rood", "(Voorgenomen) scheiding of verbreken van de relatie"),
    ("C3", "C", "blauw", "Zwangerschap of jonge kinderen in huis"),
    ("C4", "C", "blauw", "Sociaal isolement van het slachtoffer"),
    ("C5", "C", "geel", "Conflict over omgang met de kinderen"),
    ("C6", "C", "geel", "Afhankelijkheid van het slachtoffer (financieel, verblijfsstatus)"),
]


class Rihg(Instrument):
    def score(self, answers):
        reds = Counter(item.group for item in self.items
                       if item.colour == "rood" and answers.get(item.code))
        present = sum(1 for value in answers.values() if value)
        parts_with_two_reds = sorted(part for part, count in reds.items() if count >= 2)
        if parts_with_two_reds:
            band = "huisverbod in beginsel"
            why = "Twee of meer rode signalen in " + ", ".join(PARTS[p] for p in parts_with_two_reds)
        else:
            band = "geen huisverbod in beginsel"
            why = "In geen enkel deel twee of meer rode signalen"
        return ScoreResult(present, band, f"{why}. {present} van 20 signalen aanwezig.")


register(Rihg(
    code="rihg",
    name="RiHG",
    version="2.0",
    purpose="Besluit over een tijdelijk huisverbod (politie)",
    items=[Item(code, text, group=part, colour=colour, number=code) for code, part, colour, text in SIGNALS],
    public_scoring=True,
))
