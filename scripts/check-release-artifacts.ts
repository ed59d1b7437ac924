/*
 * Checks the artifacts a release build leaves in DIST (default dist/) for the four registries:
 * each has the package name the README installs, the version of package.json, and dependency
 * ranges no tighter than the npm peer ranges (the Maven pom is the exception jsii-pacmak forces:
 * see docs/releasing.md). Exit 1 with one line per failure.
 *
 *   ts-node scripts/check-release-artifacts.ts [DIST] [--version V]
 *
 * Run by scripts/release-dry-run.sh after `projen bump` and packaging; it reads only files (tar, unzip).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const versionFlag = args.indexOf('--version');
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== versionFlag + 1) ?? path.join(ROOT, 'dist'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const version: string = versionFlag >= 0 ? args[versionFlag + 1] : pkg.version;
const targets = pkg.jsii.targets;
const failures: string[] = [];
const checked: string[] = [];

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push(`${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
}
function file(...p: string[]): string | undefined {
  const f = path.join(dist, ...p);
  if (!fs.existsSync(f)) {
    failures.push(`missing ${path.relative(ROOT, f)}`);
    return undefined;
  }
  checked.push(path.relative(dist, f));
  return f;
}
const sh = (cmd: string, ...a: string[]) => execFileSync(cmd, a, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** npm's caret range ^X.Y.Z as the interval [X.Y.Z, X+1.0.0). */
function caret(range: string): [string, string] {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!m) throw new Error(`not a caret range: ${range}`);
  return [`${m[1]}.${m[2]}.${m[3]}`, `${Number(m[1]) + 1}.0.0`];
}
const peers: Record<string, string> = pkg.peerDependencies;
const [cdkMin, cdkNextMajor] = caret(peers['aws-cdk-lib']);
const [constructsMin, constructsNextMajor] = caret(peers.constructs);
expectEqual('version', /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version), true);

// npm: the jsii tarball (the one `npm publish` uploads, and the one every other package bundles).
const tgz = file('js', `${pkg.name}@${version}.jsii.tgz`);
if (tgz) {
  const manifest = JSON.parse(sh('tar', '-xzOf', tgz, 'package/package.json'));
  expectEqual('npm name', manifest.name, pkg.name);
  expectEqual('npm version', manifest.version, version);
  expectEqual('npm peerDependencies', manifest.peerDependencies, peers);
  expectEqual('npm dependencies (none: the CLI needs none)', manifest.dependencies ?? {}, {});
  expectEqual('npm .jsii version', JSON.parse(sh('tar', '-xzOf', tgz, 'package/.jsii')).version, version);
  const bin = sh('tar', '-tvzf', tgz, 'package/lib/cli/main.js');
  expectEqual('npm lib/cli/main.js is executable', bin.startsWith('-rwxr-xr-x'), true);
}

// PyPI: the wheel and the sdist.
const dist_ = targets.python.distName.replace(/-/g, '_');
const whl = file('python', `${dist_}-${version}-py3-none-any.whl`);
file('python', `${dist_}-${version}.tar.gz`);
if (whl) {
  const metadata = sh('unzip', '-p', whl, `${dist_}-${version}.dist-info/METADATA`);
  const field = (name: string) => metadata.split('\n').filter(l => l.startsWith(`${name}: `)).map(l => l.slice(name.length + 2).trim());
  expectEqual('PyPI Name', field('Name'), [targets.python.distName]);
  expectEqual('PyPI Version', field('Version'), [version]);
  const requires = field('Requires-Dist').map(r => r.replace(/\s+/g, ''));
  expectEqual('PyPI aws-cdk-lib range', requires.find(r => r.startsWith('aws-cdk-lib')), `aws-cdk-lib<${cdkNextMajor},>=${cdkMin}`);
  expectEqual('PyPI constructs range', requires.find(r => r.startsWith('constructs')), `constructs<${constructsNextMajor},>=${constructsMin}`);
  const listing = sh('unzip', '-l', whl);
  expectEqual('PyPI bundles the npm tarball of this version', listing.includes(`${targets.python.module}/_jsii/${pkg.name}@${version}.jsii.tgz`), true);
  expectEqual('PyPI console script', listing.includes(`${dist_}-${version}.data/scripts/${pkg.name}`), true);
}

// Maven Central: jar, sources, javadoc and pom of the version, with checksums (publib-maven signs them).
const maven = targets.java.maven;
const mavenDir = path.join('java', ...maven.groupId.split('.'), maven.artifactId, version);
for (const suffix of ['.jar', '-sources.jar', '-javadoc.jar', '.pom']) {
  file(mavenDir, `${maven.artifactId}-${version}${suffix}`);
  file(mavenDir, `${maven.artifactId}-${version}${suffix}.sha1`);
}
const pomFile = path.join(dist, mavenDir, `${maven.artifactId}-${version}.pom`);
if (fs.existsSync(pomFile)) {
  const pom = fs.readFileSync(pomFile, 'utf8');
  const head = pom.replace(/<dependencies>[\s\S]*<\/dependencies>/, '').replace(/<parent>[\s\S]*<\/parent>/, '');
  expectEqual('Maven groupId', /<groupId>([^<]+)</.exec(head)?.[1], maven.groupId);
  expectEqual('Maven artifactId', /<artifactId>([^<]+)</.exec(head)?.[1], maven.artifactId);
  expectEqual('Maven version', /<version>([^<]+)</.exec(head)?.[1], version);
  // jsii-pacmak resolves the ranges it generates ([2.245.0,3.0.0)) to the newest release Maven Central
  // serves when it builds (versions:resolve-ranges, always run by pacmak's Java builder). In Maven a
  // bare version is a soft requirement: the app's own aws-cdk-lib, nearer in the tree, wins.
  const dep = (artifact: string) => new RegExp(`<artifactId>${artifact}</artifactId>\\s*<version>([^<]+)</version>`).exec(pom)?.[1];
  for (const [artifact, min, next] of [['aws-cdk-lib', cdkMin, cdkNextMajor], ['constructs', constructsMin, constructsNextMajor]]) {
    const v = dep(artifact) ?? '';
    const inRange = v === `[${min},${next})` || (cmp(v, min) >= 0 && cmp(v, next) < 0);
    expectEqual(`Maven ${artifact} ${v} within the npm peer range [${min},${next})`, inRange, true);
  }
}

// Go: the module jsii-pacmak writes (publib-golang pushes it to the module repository and tags it).
const goDir = path.join('go', targets.go.packageName);
const goMod = file(goDir, 'go.mod');
if (goMod) {
  const mod = fs.readFileSync(goMod, 'utf8');
  expectEqual('Go module', /^module (\S+)$/m.exec(mod)?.[1], `${targets.go.moduleName}/${targets.go.packageName}`);
  // Go takes the highest version any module requires (minimal version selection), so the minimum
  // here is what the peer range's lower bound means in npm.
  expectEqual('Go aws-cdk-go minimum', /github\.com\/aws\/aws-cdk-go\/awscdk\/v2 v(\S+)/.exec(mod)?.[1], cdkMin);
  expectEqual('Go constructs minimum', /github\.com\/aws\/constructs-go\/constructs\/v10 v(\S+)/.exec(mod)?.[1], constructsMin);
}
const goReadme = file(goDir, 'README.md');
// Hand-written (docs/go/README.md), since rosetta's Go translations do not compile.
if (goReadme) expectEqual('Go README.md is docs/go/README.md', fs.readFileSync(goReadme, 'utf8') === fs.readFileSync(path.join(ROOT, 'docs', 'go', 'README.md'), 'utf8'), true);
const goVersion = file(goDir, 'version');
if (goVersion) expectEqual('Go version file', fs.readFileSync(goVersion, 'utf8').trim(), version);

/** Compare two plain x.y.z versions. */
function cmp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length !== 3 || pa.some(isNaN)) return NaN;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

if (failures.length > 0) {
  process.stderr.write(`check-release-artifacts: ${failures.length} problem(s) in ${dist} for version ${version}:\n${failures.map(f => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-release-artifacts: version ${version}: ${checked.length} files for npm, PyPI, Maven Central and Go are named, versioned and ranged as expected\n`);
