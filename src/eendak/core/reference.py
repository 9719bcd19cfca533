"""The region's reference data: its municipalities (with CBS codes) and its real organisations.

Organisations and municipalities are public facts, not personal data; loading them is idempotent so
``seed_demo``, tests and a production install all start from the same list.
"""

from django.db import transaction

from .models import Municipality, Organisation, Region
from .roles import OrganisationType as T

REGION = "Hart van Brabant"

# CBS municipality codes (Gemeentelijke indeling 2026).
MUNICIPALITIES = [
    ("GM0766", "Dongen"),
    ("GM0784", "Gilze en Rijen"),
    ("GM0785", "Goirle"),
    ("GM0797", "Heusden"),
    ("GM0798", "Hilvarenbeek"),
    ("GM0809", "Loon op Zand"),
    ("GM0824", "Oisterwijk"),
    ("GM0855", "Tilburg"),
    ("GM0867", "Waalwijk"),
]

ORGANISATIONS = [
    ("Veilig Thuis Midden-Brabant", T.VEILIG_THUIS),
    ("Politie Eenheid Zeeland-West-Brabant", T.POLICE),
    ("Openbaar Ministerie Zeeland-West-Brabant", T.PROSECUTION),
    ("Raad voor de Kinderbescherming", T.CHILD_PROTECTION_BOARD),
    ("Reclassering Nederland", T.PROBATION),
    ("Jeugdbescherming Brabant", T.YOUTH_PROTECTION),
    ("Elisabeth-TweeSteden Ziekenhuis (Spoedplein)", T.HOSPITAL),
    ("GGz Breburg", T.MENTAL_HEALTH),
    ("Novadic-Kentron", T.ADDICTION_CARE),
    ("Sterk Huis", T.SHELTER),
    ("Amarant", T.OTHER),
    ("IMW Tilburg", T.OTHER),
    ("Fameus", T.OTHER),
    ("GGD Hart voor Brabant", T.OTHER),
    ("Contour de Twern", T.OTHER),
    ("Expertisecentrum Huiselijk Geweld en Kindermishandeling", T.EXPERTISE_CENTRE),
    ("Zorg- en Veiligheidshuis Hart van Brabant (Veiligheidsteam)", T.SAFETY_HOUSE),
    # Fixed professionals of the Veiligheidsteam from the municipality of Tilburg.
    ("Gezinsmanagement Tilburg", T.OTHER),
    ("Toegang Tilburg", T.OTHER),
]


# Apps above core load reference data of their own after the organisations (the Veiligheidsteam's
# partners), registered in their AppConfig.ready: everything that loads the reference data gets theirs.
_LOADERS: list = []


def register_reference_loader(loader) -> None:
    if loader not in _LOADERS:
        _LOADERS.append(loader)


def local_team_name(municipality_name: str) -> str:
    return f"Lokaal team {municipality_name}"


def municipality_organisation_name(municipality_name: str) -> str:
    return f"Gemeente {municipality_name}"


@transaction.atomic
def ensure_reference_data() -> Region:
    region, _ = Region.objects.get_or_create(name=REGION)
    for code, name in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "region": region}
        )
        Organisation.objects.get_or_create(
            name=local_team_name(name),
            defaults={"type": T.LOCAL_TEAM, "municipality": municipality},
        )
        # The municipality itself, where its policy officers hold their role (its own figures).
        Organisation.objects.get_or_create(
            name=municipality_organisation_name(name),
            defaults={"type": T.MUNICIPALITY, "municipality": municipality},
        )
    for name, org_type in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"type": org_type})
    for loader in _LOADERS:
        loader()
    return region


def veilig_thuis() -> Organisation:
    return Organisation.objects.get(type=T.VEILIG_THUIS, name=ORGANISATIONS[0][0])


def local_team(municipality: Municipality) -> Organisation:
    return Organisation.objects.get(type=T.LOCAL_TEAM, municipality=municipality, is_active=True)
