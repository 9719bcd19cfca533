"""The retention periods that hold by law or by the region's agreement, as data to change later.

Veilig Thuis keeps its files 20 years (Jeugdwet art. 7.3.8 / Wmo 2015 art. 5.3.3 as amended for
Veilig Thuis), counted from the youngest child's 18th birthday where there is one; a local team's
and a partner's files 15 years after closure (Jeugdwet art. 7.3.8); the Spoedplein's medical file 20
years (WGBO, art. 7:454 BW). The functional administrator changes them on /bewaren/termijnen/.
"""

from django.db import migrations

SEED = [
    ("vt_case", "veilig_thuis", 20, "youngest_child_18", "Wettelijk: Veilig Thuis bewaart 20 jaar"),
    ("vt_report", "veilig_thuis", 20, "youngest_child_18", "Wettelijk: Veilig Thuis bewaart 20 jaar"),
    ("advice", "veilig_thuis", 20, "closure", "Wettelijk: Veilig Thuis bewaart 20 jaar"),
    ("local_team", "", 15, "closure", "Jeugdwet art. 7.3.8 (instelbaar per organisatie)"),
    ("safety_house", "", 15, "closure", "Afspraak Zorg- en Veiligheidshuis (instelbaar)"),
    ("spoedplein", "", 20, "closure", "WGBO art. 7:454 BW"),
    ("partner", "", 15, "closure", "Afspraak ketenpartners (instelbaar)"),
]


def seed(apps, schema_editor):
    period = apps.get_model("retention", "RetentionPeriod")
    for kind, org_type, years, counted_from, basis in SEED:
        period.objects.get_or_create(kind=kind, organisation_type=org_type, organisation=None,
                                     defaults={"years": years, "counted_from": counted_from,
                                               "basis": basis})


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
