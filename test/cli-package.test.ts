/*
 * The CLI as users get it: the npm tarball (npm pack), installed into an empty project, its bin run
 * on two syntheses of the data lake (main's and a pull request's that adds one grant). Checks the
 * diff's formats and exit codes and the README's pull request example (generated from this run).
 * The Python wheel's console script runs the same command in test/python/test_access_assertions.py.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataLakeStack } from '../examples/data-lake';
import { synthesize } from './support/synth';

const ROOT = path.join(__dirname, '..');
const started = Date.now();
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-installed-'));
if (!fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) throw new Error('lib/ is missing: compile first (npx projen compile)');
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
fs.writeFileSync(path.join(project, 'package.json'), '{"name": "consumer", "private": true}');
// Peers (aws-cdk-lib, constructs) are not installed: the CLI must run without them.
execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--legacy-peer-deps', '--offline', path.join(project, tarball)], { cwd: project, stdio: 'pipe' });
const BIN = path.join(project, 'node_modules', '.bin', 'cdk-s3-access-points');
const installMs = Date.now() - started;

function cli(...args: string[]) {
  const result = spawnSync(BIN, args, { encoding: 'utf8', cwd: project });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** main's synthesis, and the pull request's: one added line, `inventory.grantRead(ec2Role)`. */
const main = synthesize(app => new DataLakeStack(app, 'DataLake')).outdir;
const pr = synthesize(app => {
  const lake = new DataLakeStack(app, 'DataLake');
  lake.inventory.grantRead(lake.ec2Role);
}).outdir;

afterAll(() => {
  console.log(`CLI from the installed package: npm pack + install ${installMs} ms, whole file ${Date.now() - started} ms`);
});

test('the installed bin runs without aws-cdk-lib and constructs', () => {
  expect(fs.existsSync(path.join(project, 'node_modules', 'aws-cdk-lib'))).toBe(false);
  expect(cli('report', main)).toMatchObject({ code: 0, stdout: expect.stringContaining('Access report: DataLake/StoreEvents') });
});

test('diff: exit 1 when access widens (the default --fail-on widen), the widening first', () => {
  const { code, stdout, stderr } = cli('diff', main, pr);
  expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  expect(stdout).toBe([
    'Access diff: 1 widening, 0 narrowing, 0 other change(s).',
    '',
    'Widens access:',
    '  bucket DataLake/StoreEvents',
    '    + DataLake/Ec2ConsumerRole gains READ, LIST on inventory_event/ through lambda-consumer (Internet)',
    '',
  ].join('\n'));
});

test('diff: exit 0 when access only narrows, unless --fail-on change', () => {
  expect(cli('diff', pr, main)).toMatchObject({ code: 0, stdout: expect.stringContaining('Narrows access:\n  bucket DataLake/StoreEvents\n    - DataLake/Ec2ConsumerRole loses READ, LIST on inventory_event/') });
  expect(cli('diff', pr, main, '--fail-on', 'change').code).toBe(1);
  expect(cli('diff', main, pr, '--fail-on', 'never').code).toBe(0);
  expect(cli('diff', main, main, '--fail-on', 'change')).toEqual({ code: 0, stdout: 'Access diff: no change in access.\n', stderr: '' });
});

test('diff: a report JSON file (report --format json) on either side, and JSON out', () => {
  const snapshot = path.join(project, 'ACCESS.json');
  fs.writeFileSync(snapshot, cli('report', main, '--format', 'json').stdout);
  const { code, stdout } = cli('diff', snapshot, pr, '--format', 'json');
  expect(code).toBe(1);
  const diff = JSON.parse(stdout);
  expect(diff.summary).toEqual({ widens: 1, narrows: 0, changes: 0 });
  expect(diff.changes[0]).toMatchObject({
    effect: 'widens',
    kind: 'principal-gains',
    bucket: 'DataLake/StoreEvents',
    accessPoint: 'lambda-consumer',
    principal: 'DataLake/Ec2ConsumerRole',
    capabilities: ['READ', 'LIST'],
    keyPrefix: 'inventory_event/',
    networkOrigin: 'Internet',
  });
});

test('the README shows what this run prints for the pull request (Markdown)', () => {
  const { stdout } = cli('diff', main, pr, '--format', 'md');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const shown = /<!-- access-diff:begin -->\n```markdown\n([\s\S]*?)```\n<!-- access-diff:end -->/.exec(readme);
  expect(shown?.[1]).toBe(stdout);
});

test.each([
  ['one side only', ['diff', 'cdk.out'], /diff needs two reports to compare \(OLD and NEW\)/],
  ['a missing side', ['diff', 'nope', 'cdk.out'], /nope: no such directory/],
  ['an unknown format', ['diff', 'a', 'b', '--format', 'table'], /unknown format 'table': use text, md, json/],
  ['an unknown --fail-on', ['diff', 'a', 'b', '--fail-on', 'always'], /unknown --fail-on 'always': use widen, change, never/],
])('diff refuses %s with exit code 2', (_what, args, message) => {
  const { code, stderr, stdout } = cli(...args);
  expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  expect(stderr).toMatch(message);
});
