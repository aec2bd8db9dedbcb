from django.dispatch import Signal

# Sent inside the transaction that adds or removes a membership: `person`, `kind` ("added" or
# "deleted") and `membership` (the row, still holding its values when deleted). A membership
# feeds the verdict of every application of the person's: the applications app records it on
# their logs (accounts sits below applications and does not import it).
membership_changed = Signal()
