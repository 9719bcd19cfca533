"""Appending without a global lock (issue 13 part 5): the chain values move to an insert-only side
table written by one chainer (``audit.chainer``).

The entries' own chain columns become optional: entries written from now on leave them empty and get
an ``AccessLogLink`` once the chainer has seen them committed. Dropping NOT NULL and changing a
default rewrite no row (PostgreSQL changes the catalogue only), so a log of millions of entries
migrates at once and the append-only trigger is not involved; the entries written before keep their
chain in the row and stay the chain's first part (their position is their id). The new table gets
the same trigger: the database refuses UPDATE and DELETE on it below the application.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

TABLE = "audit_accesslogchain"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION eendak_access_log_append_only()"
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_accesslogentry_key_id")]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="entry_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="previous_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.CreateModel(
            name="AccessLogLink",
            fields=[
                ("position", models.BigIntegerField(primary_key=True, serialize=False)),
                ("previous_hash", models.CharField(max_length=64)),
                ("entry_hash", models.CharField(max_length=64, unique=True)),
                ("key_id", models.CharField(max_length=16)),
                ("chained_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("entry", models.OneToOneField(db_constraint=False, null=True,
                                               on_delete=django.db.models.deletion.DO_NOTHING,
                                               related_name="link", to="audit.accesslogentry")),
            ],
            options={"ordering": ["position"], "db_table": TABLE},
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
