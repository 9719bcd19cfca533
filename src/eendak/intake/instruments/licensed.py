"""Instruments whose scoring is licensed or that have no score: Eendak records their outcome only."""

from . import Instrument, register

for code, name, version, purpose in [
    ("arij", "ARIJ", "2019", "Risicotaxatie jeugd (gelicentieerd)"),
    ("lirik", "LIRIK", "2013", "Checklist kindveiligheid voor lokale teams (geen score)"),
    ("danger_assessment", "Danger Assessment", "2019", "Risico op dodelijk partnergeweld (gelicentieerd)"),
    ("signs_of_safety", "Signs of Safety", "2020", "Oplossingsgericht veiligheidsonderzoek"),
]:
    register(Instrument(code=code, name=name, version=version, purpose=purpose))
