"""Applications for Endorsement: the evidence an applicant gathers, and its evaluation."""
