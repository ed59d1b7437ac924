#!/usr/bin/env bash
# Tests the jsii Maven package (dist/java, made by `package:java`) as a Java CDK user would use it:
# examples/java is a Maven project that takes the artifact from dist/java (the Maven repository that
# jsii-pacmak deploys into) and aws-cdk-lib and constructs from Maven Central at the pinned minimum;
# its JUnit tests compile and synthesize the Java examples the README points to (the quick start,
# VPC-only, cross-account, directory bucket, Multi-Region), assert on their templates and compare
# their IAM statements with test/example-statements.json (the TypeScript examples').
#
# Env: CDK_VERSION, CONSTRUCTS_VERSION (set by the projen task from .projenrc.ts); MAVEN_LOCAL_REPO
# (default ~/.m2/repository).
set -euo pipefail
cd "$(dirname "$0")/.."

group=$(node -p 'require("./package.json").jsii.targets.java.maven.groupId')
artifact=$(node -p 'require("./package.json").jsii.targets.java.maven.artifactId')
version=$(node -p 'require("./package.json").version')
jar="dist/java/${group//.//}/$artifact/$version/$artifact-$version.jar"
if [[ ! -f "$jar" ]]; then
  echo "test-java: no $jar; run 'npx projen package:java' first" >&2
  exit 1
fi

# Maven keeps what it resolves in its local repository (~/.m2) and would not look at dist/java again
# for a release version it already has: drop the copy of this artifact so the one just built is used.
local_repo="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"
rm -rf "$local_repo/${group//.//}/$artifact"

echo "test-java: $group:$artifact:$version with aws-cdk-lib ${CDK_VERSION:?} and constructs ${CONSTRUCTS_VERSION:?} ($(java -version 2>&1 | head -1))"
mvn -B -ntp -Dstyle.color=never -Dmaven.repo.local="$local_repo" -f examples/java/pom.xml test \
  -Dlibrary.version="$version" -Dcdk.version="$CDK_VERSION" -Dconstructs.version="$CONSTRUCTS_VERSION"

# The jar the tests ran against is the one the build produced.
cmp "$jar" "$local_repo/${group//.//}/$artifact/$version/$artifact-$version.jar"
