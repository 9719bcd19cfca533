"""Re-encrypt every BSN with the first key in EENDAK_FIELD_ENCRYPTION_KEYS and recompute its lookup
hash with the current EENDAK_BSN_HASH_KEY.

Field-key rotation: put the new key first, keep the old one after it, run this, then drop the old key.
Hash-key rotation: set the new EENDAK_BSN_HASH_KEY and run this with the application stopped — every
hash is recomputed from the decrypted BSN, so no old hash key is needed. Runs in batches, one
transaction per batch, and writes one access-log entry (an export-like bulk operation on personal data).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.persons import bsn as bsn_module
from eendak.persons.events import Event
from eendak.persons.models import PersonBSN


class Command(BaseCommand):
    help = "Versleutelt alle BSN's opnieuw met de eerste sleutel en berekent de zoekhash opnieuw."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, **options):
        fernet = bsn_module._fernet()
        done = 0
        last_pk = 0
        while True:
            batch = list(PersonBSN.objects.filter(pk__gt=last_pk).exclude(encrypted_value="")
                         .order_by("pk")[:batch_size])
            if not batch:
                break
            for record in batch:
                value = fernet.decrypt(record.encrypted_value.encode()).decode()
                record.encrypted_value = fernet.rotate(record.encrypted_value.encode()).decode()
                record.lookup_hash = bsn_module.lookup_hash(value)
            with transaction.atomic():
                PersonBSN.objects.bulk_update(batch, ["encrypted_value", "lookup_hash"])
            done += len(batch)
            last_pk = batch[-1].pk
        audit.log_access(Actor.system(), event=Event.BSN_KEYS_ROTATED, action=Action.UPDATE,
                         detail=f"{done} BSN's opnieuw versleuteld en gehasht")
        self.stdout.write(self.style.SUCCESS(f"{done} BSN's opnieuw versleuteld en gehasht."))
