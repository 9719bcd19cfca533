"""DASH risk checklist (partner violence): 24 yes/no questions; 14 or more is high risk, 10-13 medium.

Question texts are short Dutch paraphrases of the public SafeLives DASH checklist.
"""

from . import Instrument, Item, ScoreResult, register

QUESTIONS = [
    "Heeft het huidige incident tot letsel geleid?",
    "Is het slachtoffer erg bang?",
    "Waar is het slachtoffer bang voor (verdere verwondingen, doodslag)?",
    "Voelt het slachtoffer zich geïsoleerd van familie en vrienden?",
    "Voelt het slachtoffer zich depressief of heeft het suïcidale gedachten?",
    "Heeft het slachtoffer recent geprobeerd uit elkaar te gaan?",
    "Is er conflict over contact met de kinderen?",
    "Stuurt de pleger voortdurend berichten, belt hij/zij, volgt of bespiedt hij/zij het slachtoffer?",
    "Is het slachtoffer zwanger of recent bevallen?",
    "Zijn er kinderen of stiefkinderen in het gezin?",
    "Heeft de pleger kinderen of andere afhankelijken pijn gedaan?",
    "Heeft de pleger gedreigd kinderen of anderen pijn te doen of te doden?",
    "Wordt het geweld erger?",
    "Gebeurt het geweld vaker?",
    "Probeert de pleger het slachtoffer te controleren of is hij/zij buitensporig jaloers?",
    "Heeft de pleger wapens of voorwerpen gebruikt om pijn te doen?",
    "Heeft de pleger gedreigd het slachtoffer te doden?",
    "Heeft de pleger het slachtoffer gewurgd, verstikt of verdronken?",
    "Doet de pleger seksuele dingen die het slachtoffer pijn doen of ongewenst zijn?",
    "Is er een andere persoon die het slachtoffer heeft bedreigd of waar het bang voor is?",
    "Weet het slachtoffer of de pleger anderen pijn heeft gedaan?",
    "Heeft de pleger ooit een dier mishandeld?",
    "Zijn er financiële problemen, of is de pleger financieel afhankelijk van het slachtoffer?",
    "Heeft de pleger problemen met alcohol, drugs of psychische gezondheid, of met politie/justitie?",
]


class Dash(Instrument):
    def score(self, answers):
        total = sum(1 for value in answers.values() if value)
        if total >= 14:
            band = "hoog risico"
        elif total >= 10:
            band = "gemiddeld risico"
        else:
            band = "standaard risico"
        return ScoreResult(total, band, f"{total} van 24 vragen met ja beantwoord "
                                        f"(14 of meer: hoog; 10-13: gemiddeld).")


register(Dash(
    code="dash",
    name="DASH-risicochecklist",
    version="2009",
    purpose="Partnergeweld: verwijzing naar een multidisciplinair overleg",
    items=[Item(f"q{i:02d}", text, number=str(i)) for i, text in enumerate(QUESTIONS, start=1)],
    public_scoring=True,
))
