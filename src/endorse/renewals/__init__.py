"""Renewal in the product: the hours an endorsee logs through the year, their renewal (several
endorsements at once when they owe the same period), and the lapse job. The rules are the
renewal engine's (`endorse.eligibility.renewal*`); this app turns records into its file."""
