/*
 * The README's install lines name what the build produces. jsii-pacmak generates the Python, Java and
 * Go packages (code only, as `package` does before building them) from the compiled assembly into a
 * scratch folder, and each README line must name that package; the tested versions the README
 * states are those the test tasks use.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const targets = pkg.jsii.targets;
const README = read('README.md');
const INSTALL = README.slice(README.indexOf('## Install\n'), README.indexOf('\n## ', README.indexOf('## Install\n') + 1));
const tasks = JSON.parse(read('.projen', 'tasks.json')).tasks;

/** The packages jsii-pacmak generates from the compiled assembly (.jsii), by target. */
let out: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('.jsii is missing: compile first (npx projen compile)');
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-pacmak-'));
  const pacmak = spawnSync('npx', ['jsii-pacmak', '--code-only', '--target', 'python', '--target', 'java', '--target', 'go', '--outdir', out], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  if (pacmak.status !== 0) throw new Error(`jsii-pacmak failed: ${pacmak.stderr}`);
}, 180_000);

test('npm: the package name', () => {
  expect(INSTALL).toMatch(new RegExp(`^npm install ${pkg.name}\\s+#`, 'm'));
});

test('pip: the distribution and the module the wheel is built with', () => {
  const setup = fs.readFileSync(path.join(out, 'python', 'setup.py'), 'utf8');
  const [, dist, module] = INSTALL.match(/^pip install (\S+)\s+# Python: import (\S+)$/m)!;
  expect(setup).toContain(`"name": "${dist}"`);
  expect(fs.existsSync(path.join(out, 'python', 'src', module, '__init__.py'))).toBe(true);
  expect([dist, module]).toEqual([targets.python.distName, targets.python.module]);
});

test('Maven: the groupId, artifactId and Java package of the generated pom and sources', () => {
  const pom = fs.readFileSync(path.join(out, 'java', 'pom.xml'), 'utf8');
  const project = pom.replace(/<dependencies>[\s\S]*<\/dependencies>/, '').replace(/<parent>[\s\S]*<\/parent>/, '');
  const group = project.match(/<groupId>([^<]+)<\/groupId>/)![1];
  const artifact = project.match(/<artifactId>([^<]+)<\/artifactId>/)![1];
  expect(INSTALL).toContain(`<groupId>${group}</groupId>\n  <artifactId>${artifact}</artifactId>`);
  const javaPackage = INSTALL.match(/package `([a-z0-9.]+)`/)![1];
  expect(fs.existsSync(path.join(out, 'java', 'src', 'main', 'java', ...javaPackage.split('.'), 'SharedDataBucket.java'))).toBe(true);
  // The Java examples depend on the same coordinates.
  expect(read('examples', 'java', 'pom.xml')).toContain(`<groupId>${group}</groupId>\n      <artifactId>${artifact}</artifactId>`);
});

test('go get: the module path of the generated go.mod', () => {
  const dir = fs.readdirSync(path.join(out, 'go'))[0];
  const module = fs.readFileSync(path.join(out, 'go', dir, 'go.mod'), 'utf8').match(/^module (\S+)$/m)![1];
  expect(INSTALL).toMatch(new RegExp(`^go get ${module}\\s+# Go$`, 'm'));
  expect(module).toBe(`${targets.go.moduleName}/${targets.go.packageName}`);
  // The Go examples import that module and replaces it with the one `package:go` writes.
  expect(read('examples', 'go', 'go.mod')).toContain(`replace ${module} => ../../dist/go/${dir}\n`);
  expect(read('examples', 'go', 'datalake', 'datalake.go')).toContain(`"${module}"`);
});

test('the minimum versions are the peer ranges, and the pinned ones the tests use', () => {
  const [, cdk, constructs] = INSTALL.match(/needs aws-cdk-lib (\S+) or newer \(constructs (\S+) or newer\)/)!;
  expect(pkg.peerDependencies).toEqual({ 'aws-cdk-lib': `^${cdk}`, 'constructs': `^${constructs}` });
  expect([pkg.devDependencies['aws-cdk-lib'], pkg.devDependencies.constructs]).toEqual([cdk, constructs]);
});

test('the tested versions are those the test tasks use', () => {
  const row = (language: string) => INSTALL.split('\n').find(l => l.startsWith(`| ${language} |`))!.split('|')[3].trim();
  const minimum = pkg.devDependencies['aws-cdk-lib'];
  const newest = JSON.parse(read('compat', 'latest', 'package.json')).devDependencies['aws-cdk-lib'];
  expect(row('TypeScript / JavaScript')).toBe(`aws-cdk-lib ${minimum} and ${newest}`);
  expect(tasks['test:python'].env.CDK_VERSION).toBe(minimum);
  expect(row('Python')).toBe(`aws-cdk-lib ${minimum}`);
  expect(tasks['test:java'].env.CDK_VERSION).toBe(minimum);
  expect(row('Java')).toBe(`aws-cdk-lib ${minimum}`);
  const goCdk = read('examples', 'go', 'go.mod').match(/github\.com\/aws\/aws-cdk-go\/awscdk\/v2 (v\S+)/)![1];
  expect(row('Go')).toBe(`aws-cdk-go ${goCdk}`);
});

test('Construct Hub: the awscdk keyword and a stability', () => {
  expect(pkg.keywords).toContain('awscdk');
  expect(['experimental', 'stable']).toContain(pkg.stability);
  expect(INSTALL).toContain(`The API is **${pkg.stability}**`);
});
