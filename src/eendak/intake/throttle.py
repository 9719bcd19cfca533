"""Counting public web-form submissions per client, for the rate limit of the public entry.

The project runs without a shared cache, and a per-process counter would let each worker admit its own
quota; a small table is the one place all workers see. It holds no personal data: only a keyed hash
(HMAC with the secret key) of the client's address, so the table cannot be turned back into addresses
or joined with anything else, and rows are pruned once they fall outside the counting window.

The count must hold when a client's submissions arrive at the same moment. Each client has one
``PublicSubmissionClient`` row, locked (``SELECT … FOR UPDATE``) inside the transaction that stores the
submission before its attempts are counted: a second submission of the same client waits there
until the first has committed (or rolled back) and then counts it. Other clients are not held up.
"""

from django.db import models
from django.utils import timezone


class PublicSubmissionAttempt(models.Model):
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "intake"
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="intake_public_attempt_idx"),
            models.Index(fields=["created_at"], name="intake_public_attempt_age_idx"),
        ]

    def __str__(self):
        return f"{self.ip_hash[:8]}… {self.created_at:%Y-%m-%d %H:%M}"


class PublicSubmissionClient(models.Model):
    """One row per client (the same keyed hash): the lock its submissions take before counting."""

    ip_hash = models.CharField(max_length=64, unique=True)
    last_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "intake"

    def __str__(self):
        return f"{self.ip_hash[:8]}… {self.last_at:%Y-%m-%d %H:%M}"
