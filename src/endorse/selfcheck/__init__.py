"""The public self-check page: evaluate a portfolio file in the browser, no account needed."""
