"""One module per requirement (or close family of requirements) of RULES.md."""
