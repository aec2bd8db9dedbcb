# The two set-up commands of the README are `make run` and `make test`.
.PHONY: run test lint lock bench security clean

run:
	@scripts/bootstrap base
	.venv/bin/endorse serve

test:
	@scripts/bootstrap dev
	.venv/bin/pytest -n 2 $(PYTEST_ARGS)

lint:
	@scripts/bootstrap dev
	.venv/bin/ruff check src tests
	.venv/bin/ruff format --check src tests
	.venv/bin/mypy
	.venv/bin/lint-imports

bench:
	@scripts/bootstrap dev
	.venv/bin/endorse bench

# The security tests, then their figures (docs/security.md). Add DATABASE_URL for PostgreSQL.
security:
	@scripts/bootstrap dev
	rm -rf test-artifacts/security
	.venv/bin/pytest -n 2 -q tests/security tests/notifications/test_worker_process.py
	.venv/bin/python scripts/security-figures

# Regenerates the pinned lock files from pyproject.toml.
lock:
	@test -x .venv/bin/uv || { scripts/bootstrap base; }
	UV_CUSTOM_COMPILE_COMMAND="make lock" .venv/bin/uv pip compile --quiet --python-version 3.12 pyproject.toml -o requirements/base.txt
	UV_CUSTOM_COMPILE_COMMAND="make lock" .venv/bin/uv pip compile --quiet --python-version 3.12 pyproject.toml --extra dev -o requirements/dev.txt

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
