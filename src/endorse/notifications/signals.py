from django.dispatch import Signal

# Sent inside the transaction that marks an outbox message bounced; `message` is the row.
message_bounced = Signal()
