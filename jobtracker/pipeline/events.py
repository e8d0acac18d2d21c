"""Signals the pipeline sends; it knows no receiver (apps above it listen)."""

from django.dispatch import Signal

# Sent inside the transaction that changes an application's state (a stage move, its submitted date, its
# posting withdrawn or restored), with `application_ids`. Reminders listens, so that what hangs under an
# application stops (or starts again) reminding in that same transaction.
applications_changed = Signal()
