/*
 * The report command as users run it: the built binary (lib/cli/main.js, compiled by jsii before the
 * tests in `projen build`) on a synthesized cloud assembly.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataLakeStack } from '../examples/data-lake';
import { UserFoldersStack } from '../examples/user-folders';
import { synthesize } from './support/synth';

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');

function run(...args: string[]) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: compile first (npx projen compile)`);
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const { outdir, reports } = synthesize(app => {
  new DataLakeStack(app, 'DataLake');
  new UserFoldersStack(app, 'UserFolders');
});
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-cli-'));

test('the binary is what package.json ships', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(pkg.bin['cdk-s3-access-points']).toBe('lib/cli/main.js');
  expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
});

test('the binary loads neither aws-cdk-lib nor the constructs', () => {
  const probe = `require(${JSON.stringify(BIN)}); const loaded = Object.keys(require.cache);
    process.stdout.write(JSON.stringify(loaded.filter(f => f.includes('aws-cdk-lib') || f.includes('constructs') || /lib[\\\\/](shared-data-bucket|access-point)/.test(f))));`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(JSON.parse(result.stdout)).toEqual([]);
});

test('prints every report of the assembly as a table by default', () => {
  const { code, stdout } = run('report', outdir);
  expect(code).toBe(0);
  expect(stdout).toContain('Access report: DataLake/StoreEvents');
  expect(stdout).toContain('Access report: UserFolders/Uploads');
  expect(stdout).toMatch(/DataLake\/Ec2ConsumerRole\s+\$\{AWS::AccountId\}\s+ec2-consumer\s+Internet\s+sales_event\/\s+-\s+READ, WRITE, LIST\s+written by CDK/);
});

test.each([
  ['md', '# Access report: DataLake/StoreEvents'],
  ['mermaid', 'flowchart LR'],
])('--format %s', (format, start) => {
  const { code, stdout } = run('report', outdir, '--format', format);
  expect(code).toBe(0);
  expect(stdout.startsWith(start)).toBe(true);
});

test('--format json prints the reports of the schema', () => {
  const { code, stdout } = run('report', outdir, '--format=json');
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toEqual(reports);
});

test('--check: exit 0 when the report matches the file, 1 with the differing lines when it does not', () => {
  const expected = path.join(scratch, 'access.md');
  fs.writeFileSync(expected, run('report', outdir, '--format', 'md').stdout);
  expect(run('report', outdir, '--format', 'md', '--check', expected)).toMatchObject({ code: 0, stdout: `access report matches ${expected}\n` });

  fs.writeFileSync(expected, fs.readFileSync(expected, 'utf8').replace('READ, WRITE, LIST | written by CDK |', 'READ, LIST | written by CDK |'));
  const changed = run('report', outdir, '--format', 'md', '--check', expected);
  expect(changed.code).toBe(1);
  expect(changed.stdout).toContain('access report differs from');
  expect(changed.stdout).toMatch(/^- .*ec2-consumer.*READ, LIST \|/m);
  expect(changed.stdout).toMatch(/^\+ .*ec2-consumer.*READ, WRITE, LIST \|/m);
});

describe('bad input: a clear message and exit code 2', () => {
  const notAssembly = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-empty-'));
  const noReport = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-noreport-'));
  fs.writeFileSync(path.join(noReport, 'manifest.json'), '{"version":"48.0.0","artifacts":{}}');
  const corrupted = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-corrupt-'));
  fs.writeFileSync(path.join(corrupted, 'manifest.json'), '{}');
  fs.writeFileSync(path.join(corrupted, 'X.access-report.json'), '{"schemaVersion": 1, "bucket": ');
  const otherSchema = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-schema-'));
  fs.writeFileSync(path.join(otherSchema, 'manifest.json'), '{}');
  fs.writeFileSync(path.join(otherSchema, 'X.access-report.json'), '{"schemaVersion": 99}');

  test.each([
    ['a missing folder', ['report', path.join(scratch, 'nope')], /nope: no such directory/],
    ['a folder that is not an assembly', ['report', notAssembly], /is not a cloud assembly: it has no manifest\.json/],
    ['an assembly without a report', ['report', noReport], /holds no access report: no SharedDataBucket was synthesized into it/],
    ['a corrupted report', ['report', corrupted], /X\.access-report\.json is not valid JSON/],
    ['a report of another schema version', ['report', otherSchema], /is not an access report of schema version 1 \(found 99\)/],
    ['an unknown format', ['report', outdir, '--format', 'pdf'], /unknown format 'pdf': use table, md, json, mermaid/],
    ['an unknown option', ['report', outdir, '--verbose'], /unknown option '--verbose'/],
    ['an unknown command', ['list'], /unknown command 'list'/],
    ['a missing check file', ['report', outdir, '--check', path.join(scratch, 'absent.md')], /absent\.md: no such file to check against/],
  ])('%s', (_what, args, message) => {
    const { code, stderr, stdout } = run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdk-s3-access-points: /);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});
