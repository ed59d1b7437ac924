#!/usr/bin/env bash
# cfn-lint (the AWS CloudFormation linter, from PyPI, in a venv of its own) over every synthesized
# template of the integ apps, which are the example apps: the committed snapshots, which `integ`
# has just verified to equal a fresh synthesis. Errors fail; warnings are printed.
#
# Env: VENV (default .venv-cfn-lint).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${VENV:-.venv-cfn-lint}"
[[ -x "$venv/bin/cfn-lint" ]] || {
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==1.58.0"
}

# The DeployAssert stacks are integ-tests-alpha's own (empty, so invalid, when a test has no assertions).
templates=()
for t in integ/*.snapshot/*.template.json; do
  [[ "$t" == *DeployAssert* ]] || templates+=("$t")
done
echo "cfn-lint $("$venv/bin/cfn-lint" --version | awk '{print $2}'): ${#templates[@]} templates"
# Exit codes: 2 = errors, 4 = warnings, 8 = informational (bit flags). Only errors fail.
set +e
"$venv/bin/cfn-lint" --format parseable -- "${templates[@]}"
code=$?
set -e
if (( code & 2 )) || (( code & 1 )); then
  echo "cfn-lint: errors (exit $code)" >&2
  exit 1
fi

# The linter must be able to fail here: an access point without its bucket is an error.
broken=$(mktemp --suffix=.json)
echo '{"Resources":{"Ap":{"Type":"AWS::S3::AccessPoint","Properties":{"Name":"x-y-z"}}}}' > "$broken"
if "$venv/bin/cfn-lint" -- "$broken" >/dev/null; then
  echo "cfn-lint: a broken template passed: the check is not working" >&2
  exit 1
fi
rm -f "$broken"
echo "cfn-lint: no errors in ${#templates[@]} templates"
