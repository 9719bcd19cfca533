"""Who sits in the Veiligheidsteam (``shared/domain.md``): fixed professionals of Gezinsmanagement,
Toegang Tilburg, Jeugdbescherming Brabant, police, OM, RvdK, Reclassering and Veilig Thuis; fixed
contacts at GGz Breburg, Novadic-Kentron, Sterk Huis and Amarant who consult per household. Police,
OM, Reclassering and Veilig Thuis decide with the team at the weekly triage.

Loaded with the region's reference data (``core.reference.ensure_reference_data``), idempotently.
"""

from eendak.core.models import Organisation

from .models import TeamPartner
from .workflow import InvitationKind as K

# (organisation name, kind, at the weekly triage)
TEAM_PARTNERS = [
    ("Gezinsmanagement Tilburg", K.FIXED, False),
    ("Toegang Tilburg", K.FIXED, False),
    ("Jeugdbescherming Brabant", K.FIXED, False),
    ("Politie Eenheid Zeeland-West-Brabant", K.FIXED, True),
    ("Openbaar Ministerie Zeeland-West-Brabant", K.FIXED, True),
    ("Raad voor de Kinderbescherming", K.FIXED, False),
    ("Reclassering Nederland", K.FIXED, True),
    ("Veilig Thuis Midden-Brabant", K.FIXED, True),
    ("GGz Breburg", K.CONSULTING, False),
    ("Novadic-Kentron", K.CONSULTING, False),
    ("Sterk Huis", K.CONSULTING, False),
    ("Amarant", K.CONSULTING, False),
]


def ensure_team_partners() -> None:
    for name, kind, at_triage in TEAM_PARTNERS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            TeamPartner.objects.get_or_create(organisation=organisation,
                                              defaults={"kind": kind, "at_triage": at_triage})
