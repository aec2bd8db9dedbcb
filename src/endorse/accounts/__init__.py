"""People: accounts signed in by email, their contact details and association memberships."""
