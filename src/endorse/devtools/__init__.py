"""Development tools: demo people, the national-scale demo population and the benchmarks.

Not part of the product: no product module imports this package (an import-linter contract in
`pyproject.toml` says so). `endorse.cli` reaches it for `endorse demo`, `endorse bench` and the
demo people `endorse serve` creates on a local instance's first run; the `demo` and `demo_code`
management commands live here.
"""
