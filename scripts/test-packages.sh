#!/usr/bin/env bash
# The packaged artifacts, tested as each language's user takes them (the end of `package`):
#   test-python.sh (pytest against the wheel), beside
#   test-java.sh, test-go.sh, the release check and fresh-apps.js (the README's install steps on a
#   fresh `cdk init` app per language, with the same app in all four), one after the other.
# pytest keeps about one core busy (one jsii runtime at a time) while Maven, Go and the fresh apps
# spend much of their time on the registries and the local caches, so the two lines run side by side:
# about 1.5 minutes less than one after the other on this 2-core machine. The Python log is printed
# whole when it ends, so the two outputs do not interleave.
#
# In CI, `package` packages JavaScript only: the Python, Java and Go packages are built here first
# (outside CI, package-all has built them). Env: as test:python/java/go and test:fresh-apps.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${CI:-}" ]]; then
  npx projen package:python
  npx projen package:java
  npx projen package:go
fi

python_log=$(mktemp)
SECONDS=0
bash scripts/test-python.sh > "$python_log" 2>&1 &
python_pid=$!

status=0
{ bash scripts/test-java.sh && bash scripts/test-go.sh && npx ts-node scripts/check-release-artifacts.ts && node scripts/fresh-apps.js; } || status=$?
others=$SECONDS

python_status=0
wait "$python_pid" || python_status=$?
echo "---- test:python (ran beside the others; ${SECONDS}s) ----"
cat "$python_log"
rm -f "$python_log"
echo "test-packages: Java, Go, release check, fresh apps ${others}s (exit $status); Python ${SECONDS}s in all (exit $python_status)"
(( status == 0 && python_status == 0 ))
