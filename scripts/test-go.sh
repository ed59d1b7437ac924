#!/usr/bin/env bash
# Builds and tests the jsii Go module (dist/go/cdks3accesspoints, made by `package:go`) as a Go CDK
# user would use it: test/go is a module of its own that requires it through a `replace` and takes
# aws-cdk-go (github.com/aws/aws-cdk-go/awscdk/v2) from the Go module proxy at the version its go.mod
# and go.sum pin; `go test` synthesizes the data lake (test/go/datalake.go) and asserts on the template.
set -euo pipefail
cd "$(dirname "$0")/.."

generated=dist/go/cdks3accesspoints
if [[ ! -f "$generated/go.mod" ]]; then
  echo "test-go: no Go module in $generated; run 'npx projen package:go' first" >&2
  exit 1
fi
# The module test/go replaces must be the one the build produced (the path README's `go get` names).
module=$(sed -n 's/^module //p' "$generated/go.mod")
if ! grep -q "^replace $module => ../../$generated\$" test/go/go.mod; then
  echo "test-go: test/go/go.mod does not replace $module with ../../$generated" >&2
  exit 1
fi
echo "test-go: $module with $(grep -o 'aws-cdk-go/awscdk/v2 v[0-9.]*' test/go/go.mod) ($(go version | cut -d' ' -f3))"
cd test/go
# -mod=readonly: go.mod and go.sum are committed; a missing or changed requirement fails, never edits.
go vet -mod=readonly ./...
go test -mod=readonly -count=1 -v ./... 2>&1 | grep -Ev '^=== (RUN|PAUSE|CONT)'
