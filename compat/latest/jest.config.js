// The repository's jest tests, run by scripts/test-compat.sh against the newest aws-cdk-lib,
// constructs and cdk-nag (this folder's lock file, installed into .deps/). The sources are
// type-checked against the same versions by `tsc -p compat/latest` first; ts-jest only transpiles.
//
// Which suites run here: those whose result can depend on the aws-cdk-lib version, i.e. every suite
// that synthesizes the library's constructs (policies, tokens, feature-flag defaults, annotations and
// the cloud assembly the report and the CLI read all come from aws-cdk-lib). Left out below: suites
// that test no aws-cdk-lib code (plain data, pure functions, packaging, the README), and suites whose
// aws-cdk-lib would not be this one anyway. Each entry says which.
//
// What test-compat.sh turns off (CDK_VALIDATION=false): aws-cdk-lib's built-in CloudFormation
// validation at synthesis (2.26x+), which took about two thirds of this run. No result here depends
// on it: a test's `new App()` has no feature flags set, so the validator only warns (and its warnings
// are about the tests' own fixtures, such as a Lambda runtime). Where it can fail a synthesis, with
// `cdk init`'s feature flag @aws-cdk/core:validateAgainstDefaultRules, it runs: in the fresh apps of
// scripts/fresh-apps.js, whose newest aws-cdk-lib validates the same app's and the README's templates.
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  rootDir: root,
  roots: ['<rootDir>/test', '<rootDir>/compat/latest/test'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/compat/latest/test/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    // cdk-nag 3 replaced the NagSuppressions API and runs as a validation plugin, not an aspect:
    // compat/latest/test/cdk-nag.test.ts is the same check written for cdk-nag 3.
    '<rootDir>/test/cdk-nag.test.ts',
    // The same for the compliance preset: compat/latest/test/compliance-preset.test.ts.
    '<rootDir>/test/compliance-preset.test.ts',
    // It type-checks docs/scenarios with a TypeScript program of its own, which resolves aws-cdk-lib
    // from the repository's node_modules, not through this resolver: run here it would test 2.245.0
    // again. `tsc -p compat/latest` does not cover docs/ either.
    '<rootDir>/test/docs.test.ts',
    // About packaging, not the cdk: the README's install lines and rosetta's translations.
    '<rootDir>/test/install-lines.test.ts',
    '<rootDir>/test/translations.test.ts',
    '<rootDir>/test/cli-package.test.ts',
    '<rootDir>/test/fresh-apps.test.ts',
    // The README's numbers are stated for the pinned aws-cdk-lib; docs/migration.md's are the planner's.
    '<rootDir>/test/readme-numbers.test.ts',
    '<rootDir>/test/migration-numbers.test.ts',
    // Plain data and pure functions: the action classes against AWS's snapshot (its check that every
    // action a template names is in the snapshot synthesizes, but the names are the library's, not
    // the aws-cdk-lib version's), the access diff.
    '<rootDir>/test/action-classes.test.ts',
    '<rootDir>/test/access-diff.test.ts',
    // The cross-language comparison (scripts/same-app.js) and the four files' calls as text: the
    // comparison is plain data; the same app is synthesized with the newest aws-cdk-lib in the
    // TypeScript and Python fresh apps (scripts/fresh-apps.js), where it is compared.
    '<rootDir>/test/same-app.test.ts',
    // The migrate planner and code generator are pure functions of a policy; their type-check of the
    // generated code resolves aws-cdk-lib from the repository (as docs.test.ts), and what the library
    // writes for the generated apps is proven here by the scenario access tests. The slowest of the
    // suite (about 3 minutes of 2 cores), so run once, in `test`.
    '<rootDir>/test/migrate-codegen.test.ts',
    '<rootDir>/test/migrate.access.test.ts',
  ],
  resolver: path.join(__dirname, 'resolver.js'),
  modulePathIgnorePatterns: ['<rootDir>/cdk.out', '<rootDir>/integ', '<rootDir>/dist', '<rootDir>/lib/'],
  transform: {
    '^.+\\.ts$': [require.resolve('ts-jest', { paths: [root] }), {
      // tsconfig.dev.json has isolatedModules, so ts-jest transpiles each file without type-checking.
      tsconfig: path.join(root, 'tsconfig.dev.json'),
    }],
  },
  clearMocks: true,
  // A compatibility run, not a speed test: the property test's 100 runs can pass jest's 5 s default
  // on a loaded machine.
  testTimeout: 60_000,
  // Both cores: jest's default on 2 cores is one worker, run in band, which leaves a core idle.
  maxWorkers: 2,
};
