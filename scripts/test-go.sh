#!/usr/bin/env bash
# Builds and tests the jsii Go module (dist/go/cdks3accesspoints, made by `package:go`) as a Go CDK
# user would use it: examples/go is a module of its own that requires it through a `replace` and
# takes aws-cdk-go (github.com/aws/aws-cdk-go/awscdk/v2) from the Go module proxy at the version its
# go.mod and go.sum pin. `go test` synthesizes the five Go examples the README points to, asserts on
# their templates and compares their IAM statements with test/example-statements.json. Then every Go
# block of the module's README (dist/go/cdks3accesspoints/README.md, docs/go/README.md) and of
# README.md is compiled against the module, so the README a Go user reads cannot hold code that does
# not compile.
set -euo pipefail
cd "$(dirname "$0")/.."

generated=dist/go/cdks3accesspoints
if [[ ! -f "$generated/go.mod" ]]; then
  echo "test-go: no Go module in $generated; run 'npx projen package:go' first" >&2
  exit 1
fi
# The module examples/go replaces must be the one the build produced (the path README's `go get` names).
module=$(sed -n 's/^module //p' "$generated/go.mod")
if ! grep -q "^replace $module => ../../$generated\$" examples/go/go.mod; then
  echo "test-go: examples/go/go.mod does not replace $module with ../../$generated" >&2
  exit 1
fi
echo "test-go: $module with $(grep -o 'aws-cdk-go/awscdk/v2 v[0-9.]*' examples/go/go.mod) ($(go version | cut -d' ' -f3))"

cd examples/go
# -mod=readonly: go.mod and go.sum are committed; a missing or changed requirement fails, never edits.
go vet -mod=readonly ./...
go test -mod=readonly -count=1 -v ./... 2>&1 | grep -Ev '^=== (RUN|PAUSE|CONT)'

# The Go blocks of the module's README and of the project's README, one scratch package each, inside
# this module (its go.mod and go.sum): go vet type-checks them against the module just built.
scratch=$(mktemp -d "$PWD/readme-blocks.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if (( $(node ../../scripts/go-readme-blocks.js "../../$generated/README.md" "$scratch/module") == 0 )); then
  echo "test-go: no Go block in $generated/README.md (is it docs/go/README.md?)" >&2
  exit 1
fi
blocks=$(node ../../scripts/go-readme-blocks.js "../../$generated/README.md" ../../README.md "$scratch/all")
rm -rf "$scratch/module"
if ! go vet -mod=readonly "./$(basename "$scratch")/..."; then
  echo "test-go: a Go block of $generated/README.md or README.md does not compile" >&2
  exit 1
fi
echo "test-go: the $blocks Go blocks of $generated/README.md and README.md compile"
