#!/usr/bin/env bash
# Installs the jsii Python package (the wheel in dist/python, built by `package:python`) into a
# virtual environment of its own, with aws-cdk-lib and constructs from PyPI, and runs the pytest
# suite in test/python against it, as a Python CDK user would use the package.
#
# Env: CDK_VERSION, CONSTRUCTS_VERSION (set by the projen task from .projenrc.ts), VENV (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${VENV:-.venv}"
wheel=$(ls dist/python/*.whl 2>/dev/null | head -1 || true)
if [[ -z "$wheel" ]]; then
  echo "test-python: no wheel in dist/python; run 'npx projen package:python' first" >&2
  exit 1
fi

[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
# pyflakes: test/python/test_migrate.py lints the Python that `migrate` generates (no unused import or name).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "aws-cdk-lib==${CDK_VERSION:?}" "constructs==${CONSTRUCTS_VERSION:?}" "pytest==9.2.0" "pyflakes==4.1.0"
# Always the wheel just built, even when a venv from an earlier run has the same version number.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

size_kb=$(du -k "$wheel" | cut -f1)
echo "test-python: $(basename "$wheel") (${size_kb} KB)"
# The wheel bundles the npm tarball: a size in megabytes means something (a venv, cdk.out) leaked into it.
if (( size_kb > 2048 )); then
  echo "test-python: the wheel is ${size_kb} KB, over 2 MB: check .npmignore (npm pack --dry-run lists what goes in)" >&2
  exit 1
fi
"$venv/bin/python" -m pytest -q -p no:cacheprovider test/python
