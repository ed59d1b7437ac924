import { awscdk, javascript, release } from 'projen';

// aws-cdk-lib and @aws-cdk/integ-tests-alpha must be released as a pair: the registry here has
// integ-tests-alpha 2.245.0-alpha.0, whose peer range is aws-cdk-lib ^2.245.0. Bump both together.
const CDK_VERSION = '2.245.0';
const CONSTRUCTS_VERSION = '10.5.1';
const INTEG_TESTS_ALPHA_VERSION = `${CDK_VERSION}-alpha.0`;
// integ-runner is versioned on its own; it reads any cloud assembly of a 2.x cdk.
const INTEG_RUNNER_VERSION = '2.197.10';

// ---- Polyglot and Construct Hub (issue 20): package names for Java and Go, stability, keywords ----
// Maven: the group is the GitHub owner's namespace (io.github.<owner>), which Maven Central verifies
// through the GitHub account that owns the repository. Go: jsii publishes the generated module to a
// repository of its own (the <repo>-go convention of cdk-nag-go and others), package cdks3accesspoints.
const POLYGLOT_OPTIONS = {
  publishToMaven: {
    mavenGroupId: 'io.github.maintainers',
    mavenArtifactId: 'cdk-s3-access-points',
    javaPackage: 'io.github.maintainers.cdk.s3accesspoints',
  },
  publishToGo: {
    moduleName: 'github.com/maintainers/cdk-s3-access-points-go',
    packageName: 'cdks3accesspoints',
  },
  // Construct Hub lists jsii packages with the `awscdk` keyword.
  keywords: ['awscdk', 'cdk', 'aws-cdk', 's3', 'access-points', 'data-lake', 'iam'],
  // Experimental until 1.0: the public API is still being reshaped (0.x, not yet released), and
  // Construct Hub shows the badge so nobody mistakes it for a frozen API. jsii-diff (`compat`) then
  // does not hold the API to stable-API rules yet. Switch to 'stable' with the first 1.0 release.
  stability: 'experimental',
};
// ---- end polyglot options ----

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-s3-access-points',
  description:
    'AWS CDK constructs for S3 Access Points: a shared bucket that delegates to per-consumer access points, prefix and VPC-only access points, and grants that write every policy from one record.',
  author: 'cdk-s3-access-points maintainers',
  authorAddress: 'maintainers@users.noreply.h-seed-21a20642.example',
  repositoryUrl: 'https://github.com/maintainers/cdk-s3-access-points.git',
  license: 'Apache-2.0',
  ...POLYGLOT_OPTIONS,
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  jsiiVersion: '~6.0.0',
  // jsii 6 needs Node >= 20.16.
  minNodeVersion: '20.16.0',

  publishToPypi: {
    distName: 'cdk-s3-access-points',
    module: 'cdk_s3_access_points',
  },

  // The dev tsconfig covers src/, test/, integ/, examples/ and bench/; jsii compiles src/ only.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'integ/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
    // compat/latest type-checks itself against the newest aws-cdk-lib (scripts/test-compat.sh).
    exclude: ['compat'],
    compilerOptions: {
      // test/same-app/same-app.ts imports the package by name, as a user's app does (it is copied into
      // a fresh app by scripts/fresh-apps.js); here that name is the source.
      paths: { 'cdk-s3-access-points': ['./src'] },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
    // Lint every folder against the dev tsconfig, which includes them all.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  jestOptions: {
    // `test` must fail on a changed snapshot, never rewrite it; `test:update` rewrites.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Both cores: on 2 cores jest's default is one worker, run in band, which leaves a core idle.
      maxWorkers: 2,
    },
  },
  // Integ tests live in integ/ and run through integ-runner (tasks below), not projen's
  // own integ-test discovery, which looks for test/*.integ.ts.
  integrationTestAutoDiscover: false,

  devDeps: [
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    // The independent IAM evaluator for the access-matrix tests. AGPL-3.0: test-only, never shipped.
    '@cloud-copilot/iam-simulate',
    // AwsSolutionsChecks over every example stack. cdk-nag 3.x wants aws-cdk-lib ^2.257.0, newer than
    // the 2.245.0 that integ-tests-alpha pairs with here; 2.38.x accepts ^2.176.0.
    'cdk-nag@2.38.2',
    // Property-based tests of names and prefixes.
    'fast-check@^4',
  ],

  gitignore: ['cdk.out', '/integ/**/cdk.out', '/integ/*.snapshot/asset.*', '/integ/cdk-integ.out.*', '.venv', '.venv-cfn-lint', '__pycache__/', '.jsii.tabl.json'],

  github: false,
  // Releases (docs/releasing.md): the version comes from the conventional commits since the last tag
  // (commit-and-tag-version), `npx projen release` bumps, builds every package and writes
  // CHANGELOG.md; with no GitHub workflows (github: false) publishing is the publish:* tasks below.
  release: true,
  releaseTrigger: release.ReleaseTrigger.manual({ changelogPath: 'CHANGELOG.md' }),
  depsUpgrade: false,
  pullRequestTemplate: false,
});

// The directions of dependency (docs/architecture.md), checked by eslint in every test run: no
// import cycle; the core and the report import no construct kind; the CLI imports neither the
// constructs nor aws-cdk-lib, so it starts fast.
const CONSTRUCT_KINDS = ['shared-data-bucket.ts', 'prefix-access-point.ts', 'vpc-only-access-point.ts', 'access-point-delegation.ts',
  'private/imported-access-point.ts', 'private/gateway-endpoint-policy.ts', 'private/imported-directory-access-point.ts',
  'private/imported-multi-region-access-point.ts', 'private/multi-region-routes.ts',
  'multi-region-access-point.ts', 'shared-directory-bucket.ts', 'directory-bucket-access-point.ts'].map(f => `./src/${f}`);
project.eslint!.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      {
        target: ['./src/access-point.ts', './src/access-point-grants.ts', './src/access-point-options.ts', './src/grant-record.ts',
          './src/private/access-policy.ts', './src/private/grant-options.ts', './src/private/consumer.ts',
          './src/private/registry.ts', './src/private/rules.ts', './src/private/access-point-description.ts', './src/report',
          './src/private/action-classes.ts', './src/private/boundary.ts'],
        from: CONSTRUCT_KINDS,
        message: 'the core and the report know no construct kind: describe it through private/access-point-description.ts',
      },
      {
        target: ['./src/report', './src/cli'],
        from: ['./src/access-point.ts'],
        message: 'the report and the CLI import no construct file',
      },
      {
        target: './src/cli',
        from: './src',
        except: ['./cli', './report/model.ts', './report/render.ts', './migrate', './private/action-classes.ts'],
        message: 'the CLI reads JSON only: it imports plain modules, never the constructs',
      },
    ],
  }],
});
project.eslint!.addOverride({
  // private/action-classes.ts: the classification of every S3, S3 Express and KMS action is plain data.
  files: ['src/cli/**/*.ts', 'src/report/model.ts', 'src/report/render.ts', 'src/migrate/**/*.ts', 'src/private/action-classes.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'] }],
  },
});

// Snapshot tests of integ/integ.*.ts. No AWS account is needed to compare snapshots.
const integEnv = { TS_NODE_TRANSPILE_ONLY: 'true', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
const integ = project.addTask('integ', {
  description: 'Verify the committed integ snapshots in integ/ (offline)',
  env: integEnv,
  exec: 'integ-runner --directory integ --language typescript --parallel-regions us-east-1',
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Re-synthesize and rewrite the integ snapshots in integ/ without deploying',
  env: integEnv,
  exec: 'integ-runner --directory integ --language typescript --parallel-regions us-east-1 --update-on-failed --dry-run',
  receiveArgs: true,
});
project.testTask.spawn(integ);
// cfn-lint over the templates integ has just verified (scripts/cfn-lint.sh makes its own venv).
project.testTask.spawn(project.addTask('lint:cfn', {
  description: 'cfn-lint (PyPI, in .venv-cfn-lint) over every synthesized template of the integ and example apps',
  exec: 'bash scripts/cfn-lint.sh',
}));
for (const p of ['/integ/', '/examples/', '/bench/', '/docs/', '/.ci/', '/scripts/', '/rosetta/', '/.venv/', '/.venv-cfn-lint/', '__pycache__/', 'cdk.out']) project.addPackageIgnore(p);

// The scale benchmarks (not tests): the library against apps written by hand (docs/performance.md).
// bench:layout is the recommended layout against an L1 baseline; bench:user is the app a user
// writes (issue 17) against the same app wired by hand with L2 buckets and roles, on the compiled
// library (lib/, as users get it); bench:profile profiles that app with `node --cpu-prof`.
const benchLayout = project.addTask('bench:layout', {
  description: 'Recommended layout: N = 10, 100, 1,000 and 3,000 consumers with the library and with raw L1 resources; print the table',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node --project tsconfig.dev.json bench/scale.ts',
});
const benchUser = project.addTask('bench:user', {
  description: 'User-shaped app: N = 10 to 10,000 consumers with the library (compiled) and by hand, alternating, median of 5; print the tables and the import cost',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
benchUser.spawn(project.compileTask);
benchUser.exec('ts-node --project tsconfig.dev.json bench/user.ts');
const benchProfile = project.addTask('bench:profile', {
  description: 'CPU profiles (node --cpu-prof) of the user-shaped app at N = 1,000 and 3,000, library against baseline; print the top items',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
benchProfile.spawn(project.compileTask);
benchProfile.exec('ts-node --project tsconfig.dev.json bench/profile.ts');
// bench/what-if.sh writes patched copies of lib/ here.
project.gitignore.addPatterns('/.ablation/');
project.addPackageIgnore('/.ablation/');
const bench = project.addTask('bench', { description: 'Both benchmarks: bench:layout, then bench:user' });
bench.spawn(benchLayout);
bench.spawn(benchUser);

// The access report command, shipped as the package's bin (lib/cli/main.js, compiled by jsii).
project.addBins({ 'cdk-s3-access-points': 'lib/cli/main.js' });
// npm makes a bin executable when it installs the package, but the jsii runtimes of Python, Java and
// Go unpack the tarball themselves and run the script directly: without the mode bit in the tarball
// the Python console script fails with PermissionError. npm pack keeps the mode of the file. In
// `compile` itself (not post-compile), so that the binary the tests run is the one that ships.
project.compileTask.exec('node -e "require(\'fs\').chmodSync(\'lib/cli/main.js\', 0o755)"');

// The README's main job: synthesize the bundled example into cdk.out, print what it wrote and the
// access report (through the CLI's source, so no compile step is needed first).
project.addTask('example', {
  description: 'Synthesize examples/data-lake.ts into cdk.out, print what it wrote and its access report',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  steps: [
    { exec: 'ts-node --project tsconfig.dev.json examples/data-lake.ts' },
    { exec: 'ts-node --project tsconfig.dev.json src/cli/main.ts report cdk.out' },
  ],
});

// Examples in README.md and the JSDoc must compile: jsii-rosetta compiles every one against the
// fixtures in rosetta/ (strict: an example that does not compile fails the build) and writes the
// translations (.jsii.tabl.json) that jsii-pacmak and jsii-docgen use for Python and the others.
// `strict` in the assembly's metadata makes rosetta strict for everyone who translates it.
project.package.addField('jsii', { ...project.package.manifest.jsii, metadata: { jsii: { rosetta: { strict: true } } } });
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile and translate the README and JSDoc examples (strict)',
  env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  exec: 'jsii-rosetta extract --strict --fail',
});
project.postCompileTask.prependSpawn(rosetta);
// API.md is TypeScript; Python users get their own reference with translated examples.
project.tasks.tryFind('docgen')!.exec('jsii-docgen --language python --output docs/API.python.md');

// Python is a first-class user: the build makes the jsii Python wheel and runs test/python (pytest)
// against it in a venv of its own (scripts/test-python.sh). Outside CI, `package` has already built
// the wheel (package-all); in CI it packages JavaScript only, so this builds the wheel itself. It runs
// at the end of `package`, since it tests the packaged artifact (`build` cannot be changed).
const testPython = project.addTask('test:python', {
  description: 'Install the jsii Python wheel into .venv with aws-cdk-lib from PyPI and run test/python',
  env: { CDK_VERSION, CONSTRUCTS_VERSION, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
});
testPython.spawn(project.tasks.tryFind('package:python')!, { condition: 'node -e "if (!process.env.CI) process.exit(1)"' });
testPython.exec('bash scripts/test-python.sh');

// ---- Polyglot (issue 20): the Java and Go packages, and the newest aws-cdk-lib, each exercised ----
// Like test:python: outside CI `package` has built every target (package-all); in CI it packages
// JavaScript only, so each of these builds its own target first. Each runs at the end of `package`.
const onlyInCi = { condition: 'node -e "if (!process.env.CI) process.exit(1)"' };
const polyglotEnv = { CDK_VERSION, CONSTRUCTS_VERSION, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
/** test:LANGUAGE: builds the package of that target (in CI) and runs scripts/test-LANGUAGE.sh against it. */
function packageSmokeTest(language: string, description: string): void {
  const task = project.addTask(`test:${language}`, { description, env: polyglotEnv });
  task.spawn(project.tasks.tryFind(`package:${language}`)!, onlyInCi);
  task.exec(`bash scripts/test-${language}.sh`);
}
packageSmokeTest('java', 'Build the jsii Maven package (dist/java) and run examples/java (the Java examples and their JUnit tests, aws-cdk-lib from Maven Central) against it');
// pacmak's own build of the generated Go module resolves the versions its go.mod names (aws-cdk-go
// v2.245.0 and a cloud-assembly-schema the Go module proxy does not serve), so it only generates the
// code here; test:go builds and tests it against an aws-cdk-go the proxy serves (examples/go/go.mod).
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');
// The module's README: rosetta's Go translations of the TypeScript examples do not compile (v1 import
// paths, missing nil arguments, unqualified props types), so the Go module gets a hand-written README
// whose code is examples/go/datalake/datalake.go verbatim (test/readme-numbers.test.ts checks it), and
// test:go compiles every Go block of it (scripts/go-readme-blocks.js).
project.tasks.tryFind('package:go')!.exec('cp docs/go/README.md dist/go/cdks3accesspoints/README.md');
packageSmokeTest('go', 'Build the jsii Go module (dist/go), run examples/go (the Go examples and their tests, aws-cdk-go from the Go module proxy) against it and compile the Go blocks of its README');
// The unit and access tests again, against the newest aws-cdk-lib, constructs and cdk-nag 3.x, which
// compat/latest installs with a lock file of its own (the root lock file keeps the pinned minimum).
project.testTask.spawn(project.addTask('test:compat', {
  description: 'Type-check and run the jest tests against the newest aws-cdk-lib (compat/latest)',
  env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  exec: 'bash scripts/test-compat.sh',
}));
for (const p of ['/compat/']) project.addPackageIgnore(p);
project.gitignore.exclude('/examples/java/target/', '/examples/go/readme-blocks.*/', '/compat/latest/.deps/');
// ---- end polyglot tasks ----

// ---- Releases (issue 26, docs/releasing.md) ----
// `release` (projen, manual trigger): bump from the conventional commits, build every package, unbump,
// then publish:git writes CHANGELOG.md, commits and tags. With no GitHub workflows (github: false) the
// registries are published by these tasks, run by the maintainer (or any CI) after `release` with
// dist/ in place; each is publib, the tool projen's GitHub release jobs run, with the same
// environment variables (the credentials come from the environment, never from the repository).
const PUBLIB = 'publib@0.2.1061';
const publishTasks = [
  ['npm', 'publib-npm', 'npm: dist/js (NPM_TOKEN; NPM_DIST_TAG, default latest)', {}],
  ['pypi', 'publib-pypi', 'PyPI: dist/python (TWINE_USERNAME=__token__, TWINE_PASSWORD)', {}],
  // Maven Central through the Central Publisher Portal (publib's central-ossrh server id).
  ['maven', 'publib-maven', 'Maven Central: dist/java (MAVEN_USERNAME, MAVEN_PASSWORD: a Central Portal token; MAVEN_GPG_PRIVATE_KEY, MAVEN_GPG_PRIVATE_KEY_PASSPHRASE)', { MAVEN_SERVER_ID: 'central-ossrh' }],
  // Go: pushes dist/go to the module repository (publishToGo.moduleName) and tags it.
  ['golang', 'publib-golang', 'Go: dist/go to the module repository (GITHUB_TOKEN with push access; GIT_USER_NAME, GIT_USER_EMAIL)', { GIT_BRANCH: 'main' }],
] as const;
const publishAll = project.addTask('publish', { description: 'Publish dist/ to npm, PyPI, Maven Central and the Go module repository (after `release`)' });
for (const [name, command, description, env] of publishTasks) {
  publishAll.spawn(project.addTask(`publish:${name}`, { description: `Publish to ${description}`, env: { ...env }, exec: `npx -p ${PUBLIB} ${command}` }));
}
// Cheap in CI (~2 s): the artifacts `package` has just built and tested carry the names, version and
// dependency ranges the README and the registries expect. The full dry run (bump, compile and package
// all four at a new version in a scratch clone, ~4.5 min) is a task of its own.
const releaseCheck = (project.addTask('release:check', {
  description: 'Check the names, versions and dependency ranges of the artifacts in dist/ (scripts/check-release-artifacts.ts)',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'ts-node scripts/check-release-artifacts.ts',
}));
project.addTask('release:dry-run', {
  description: 'Bump from the conventional commits, compile and package for all four registries in a scratch clone of HEAD, check the artifacts; publishes nothing',
  exec: 'bash scripts/release-dry-run.sh',
});
// README's "Before the first release", followed on a fresh `cdk init` app per language, each
// synthesized (scripts/fresh-apps.js reads the commands from the README) with issue 25's same app
// (test/same-app) added, whose policies must be the same in the four templates (scripts/same-app.js).
// Needs dist/ with all four packages: at the end of `package`, after test:python, test:java and
// test:go have built them. Two languages at a time (much of each waits on a registry); about 3
// minutes with this machine's warm caches (docs/releasing.md).
const freshApps = (project.addTask('test:fresh-apps', {
  description: "Follow the README's install-from-dist steps on a fresh cdk init app in TypeScript, Python, Java and Go, add the same app (test/same-app), synthesize, print the report, compare the four templates' policies",
  exec: 'node scripts/fresh-apps.js',
  // The Maven mirror here serves aws-cdk-lib up to 2.263.0 while `cdk init` asks for >= 2.275.0: the
  // Java app takes 2.262.0 instead (one line, printed as a DEVIATION), which also shows that the app's
  // own version wins over the 2.263.0 the library's pom names. Unset it where Maven Central is current.
  env: { FRESH_APPS_MAVEN_CDK_VERSION: '2.262.0' },
  receiveArgs: true,
}));
// The end of `package`: test:python beside test:java, test:go, release:check and test:fresh-apps
// (scripts/test-packages.sh); each of those tasks also runs on its own.
project.packageTask.spawn(project.addTask('test:packages', {
  description: 'Test the packaged artifacts: test:python beside test:java, test:go, release:check and test:fresh-apps (packages Python, Java and Go first in CI)',
  env: { ...polyglotEnv, ...testPython.envVars, ...releaseCheck.envVars, ...freshApps.envVars },
  exec: 'bash scripts/test-packages.sh',
}));
// ---- end release tasks ----

project.synth();
