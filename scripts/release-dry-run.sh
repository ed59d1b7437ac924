#!/usr/bin/env bash
# A release without publishing (docs/releasing.md): in a scratch clone of HEAD, the version comes from
# the conventional commits since the last tag, exactly as `npx projen release` computes it
# (`projen bump`); the library is compiled at that version and packaged for all four registries; then
# scripts/check-release-artifacts.ts checks names, versions and dependency ranges. Nothing is pushed,
# tagged or published, and this checkout is not changed.
#
# With no release tag yet, the clone tags its first commit v0.0.0 (what a repository looks like after
# the first release) and adds an empty `feat:` commit, so the bump has something to release.
#
# Env: KEEP=1 keeps the clone and prints where (its dist/ holds the artifacts); TARGETS (default
# "js python java go") the jsii-pacmak targets to build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cdk-s3-ap-release-XXXXXX")
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$scratch"' EXIT

t0=$SECONDS
git clone -q --no-hardlinks "$root" "$scratch/repo"
cd "$scratch/repo"
git config user.email "release-dry-run@localhost"
git config user.name "release dry run"
ln -s "$root/node_modules" node_modules
if [[ -z "$(git tag --list 'v*')" ]]; then
  git tag v0.0.0 "$(git rev-list --max-parents=0 HEAD | tail -1)"
  git commit -q --allow-empty -m "feat: release dry run"
fi

npx projen bump 2>&1 | grep -E 'Number of commits|resolved version' || true
version=$(cat dist/version.txt)
echo "release-dry-run: version $version ($(cat dist/releasetag.txt)), changelog:"
sed 's/^/  | /' dist/changelog.md | head -20
npx projen compile >/dev/null
for target in ${TARGETS:-js python java go}; do
  s=$SECONDS
  npx projen "package:$target" >/dev/null 2>&1 || { echo "release-dry-run: package:$target failed" >&2; npx projen "package:$target" 2>&1 | tail -20 >&2; exit 1; }
  echo "release-dry-run: package:$target $((SECONDS - s)) s"
done
TS_NODE_TRANSPILE_ONLY=true npx ts-node "$root/scripts/check-release-artifacts.ts" dist --version "$version"
# The release's own anti-tamper check: the bump changes only package.json, which unbump restores.
npx projen unbump >/dev/null
git diff --exit-code --stat
echo "release-dry-run: done in $((SECONDS - t0)) s${KEEP:+ (artifacts in $scratch/repo/dist)}"
