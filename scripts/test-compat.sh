#!/usr/bin/env bash
# The unit and access tests against the newest aws-cdk-lib, constructs and cdk-nag the npm registry
# serves, with the TypeScript a new `cdk init app` gets. compat/latest has its own package.json and
# lock file, so the repository's lock file keeps the pinned minimum (2.245.0) that `jest` tests.
#
#   1. npm ci in compat/latest (skipped when its node_modules already match its lock file)
#   2. tsc (TypeScript 7) type-checks src/, test/ and examples/ against those versions
#   3. jest runs test/**/*.test.ts (but two, see compat/latest/jest.config.js) and compat/latest/test
#      with a resolver that loads aws-cdk-lib, constructs and cdk-nag from compat/latest
set -euo pipefail
cd "$(dirname "$0")/.."
dir=compat/latest

stamp="$dir/node_modules/.lock-sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund)
  echo "$want" > "$stamp"
fi
versions=$(cd "$dir" && node -p '["aws-cdk-lib", "constructs", "cdk-nag", "typescript"].map(n => n + " " + require(n + "/package.json").version).join(", ")')
echo "test-compat: $versions"

"$dir/node_modules/.bin/tsc" -p "$dir/tsconfig.json"
npx jest -c "$dir/jest.config.js" --ci "$@"
