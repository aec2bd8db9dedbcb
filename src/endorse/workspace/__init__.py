"""The applicant's workspace: the pages where an applicant starts, fills in, checks and submits
an application (its URL names keep the `applications:` namespace)."""
