"""Entries name the key their hash is an HMAC under (issue 13 part 5).

Existing entries get the empty key id: they keep their plain SHA-256 hashes and stay verifiable as
the chain's oldest part; the first entry written after this migration is keyed and links to the last
plain one (``audit.chain``). Adding a column with a constant default rewrites no row, so the
append-only trigger is not involved.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
    ]
