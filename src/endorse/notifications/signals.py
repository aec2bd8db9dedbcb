from django.dispatch import Signal

# Sent inside the transaction that marks an outbox message bounced or finally failed; `message`
# is the row. The references app marks the rater's request and tells the applicant.
message_undelivered = Signal()
