#!/usr/bin/env bash
# The unit and access tests against the newest aws-cdk-lib, constructs and cdk-nag the npm registry
# serves, with the TypeScript a new `cdk init app` gets. compat/latest has its own package.json and
# lock file, so the repository's lock file keeps the pinned minimum (2.245.0) that `jest` tests.
#
#   1. npm ci of compat/latest's lock file into compat/latest/.deps (skipped when already installed)
#   2. tsc (TypeScript 7) type-checks src/, test/ and examples/ against those versions
#   3. jest runs test/**/*.test.ts (those that depend on the aws-cdk-lib version: compat/latest/jest.config.js)
#      and compat/latest/test
#      with a resolver that loads aws-cdk-lib, constructs and cdk-nag from compat/latest
set -euo pipefail
cd "$(dirname "$0")/.."
dir=compat/latest
# Installed into a hidden folder: jsii-docgen reads every .jsii under the repository that is not in a
# dot folder, and would document the library against the newest aws-cdk-lib's assembly.
deps="$dir/.deps"

stamp="$deps/node_modules/.lock-sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  mkdir -p "$deps"
  cp "$dir/package.json" "$dir/package-lock.json" "$deps/"
  (cd "$deps" && npm ci --ignore-scripts --no-audit --no-fund)
  echo "$want" > "$stamp"
fi
versions=$(cd "$deps" && node -p '["aws-cdk-lib", "constructs", "cdk-nag", "typescript"].map(n => n + " " + require(n + "/package.json").version).join(", ")')
echo "test-compat: $versions"

"$deps/node_modules/.bin/tsc" -p "$dir/tsconfig.json"
# CDK_VALIDATION=false: no built-in CloudFormation validation at synthesis; why no result depends on
# it, and where it runs instead, is in compat/latest/jest.config.js.
CDK_VALIDATION=false npx jest -c "$dir/jest.config.js" --ci "$@"
