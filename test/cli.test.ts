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

test('no command loads aws-cdk-lib or a construct file, even after running', () => {
  // Plain data of lib/private may load: the access levels and the action classes.
  const policy = path.join(__dirname, 'migrate-corpus', 'user-folders.json');
  const probe = `const cli = require(${JSON.stringify(BIN)});
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    const codes = [cli.main(['migrate', ${JSON.stringify(policy)}, '--format', 'json']), cli.main(['report', ${JSON.stringify(outdir)}]),
      cli.main(['diff', ${JSON.stringify(outdir)}, ${JSON.stringify(outdir)}])];
    process.stdout.write = write;
    const loaded = Object.keys(require.cache);
    process.stdout.write(JSON.stringify({ codes, cdk: loaded.filter(f => f.includes('aws-cdk-lib') || f.includes('constructs') || /lib[\\\\/](shared-data-bucket|access-point|prefix-access-point|vpc-only-access-point|private[\\\\/](?!access-levels|action-classes))/.test(f)) }));`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(JSON.parse(result.stdout)).toEqual({ codes: [0, 0, 0], cdk: [] });
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

describe('migrate', () => {
  const CORPUS = path.join(__dirname, 'migrate-corpus');
  const lake = path.join(CORPUS, 'data-lake-store-events.json');
  const env = ['--account', '111111111111', '--region', 'us-east-1'];

  test('prints the plan as text by default: statements, access points, what is not mapped, sizes', () => {
    const { code, stdout, stderr } = run('migrate', lake, ...env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Migration plan: bucket store-events-lake (account 111111111111, region us-east-1)');
    expect(stdout).toContain('5 statements: 4 migrated, 0 partly migrated, 0 unmapped, 1 kept; 2 access points');
    expect(stdout).toMatch(/ec2-consumer-sales-event {2}prefix sales_event\/ {2}Internet {2}policy \d+ bytes/);
    expect(stdout).toContain('bucket policy before: 1,202 bytes');
    expect(stdout).toContain('"Sid": "DelegateAccessControlToAccessPoints"');
  });

  test('--format json: the plan and the code', () => {
    const { code, stdout } = run('migrate', lake, ...env, '--format', 'json', '--language', 'python');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.planVersion).toBe(1);
    expect(plan.accessPoints.map((ap: any) => ap.name)).toEqual(['ec2-consumer-sales-event', 'lambda-consumer-inventory-event']);
    expect(plan.code.language).toBe('python');
    expect(plan.code.source).toContain('class StoreEventsLakeAccessPointsStack(cdk.Stack):');
  });

  test('--format code: the CDK app only, in either language', () => {
    expect(run('migrate', lake, '--format=code').stdout).toMatch(/^\/\/ Generated by `cdk-s3-access-points migrate`[\s\S]*new PrefixAccessPoint/);
    expect(run('migrate', lake, '--format', 'code', '--language', 'python').stdout).toMatch(/^# Generated[\s\S]*PrefixAccessPoint\(self/);
  });

  test('--mapping renames access points and places VPC endpoints', () => {
    const mapping = path.join(scratch, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ accessPointNames: { 'ec2-consumer-sales-event': 'sales' } }));
    expect(run('migrate', lake, '--mapping', mapping, '--format', 'code').stdout).toContain("accessPointName: 'sales'");
    const vpc = path.join(CORPUS, 'vpc-restricted-reader.json');
    expect(run('migrate', vpc, '--format', 'code').stdout).not.toContain('batch-writer-results-vpc');
    expect(run('migrate', vpc, '--format', 'code', '--mapping', path.join(CORPUS, 'vpc-restricted-reader.mapping.json')).stdout).toContain('batch-writer-results-vpc');
  });

  test('--help prints the usage of the command', () => {
    const { code, stdout } = run('migrate', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: cdk-s3-access-points migrate POLICY\.json/);
    expect(run('--help').stdout).toMatch(/cdk-s3-access-points report[\s\S]*cdk-s3-access-points diff OLD NEW[\s\S]*cdk-s3-access-points migrate/);
  });

  const file = (name: string, text: string) => {
    const f = path.join(scratch, name);
    fs.writeFileSync(f, text);
    return f;
  };
  test.each([
    ['no policy file', ['migrate'], /the bucket policy file is missing/],
    ['a missing file', ['migrate', path.join(scratch, 'absent.json')], /absent\.json: no such file \(the bucket policy\)/],
    ['an empty file', ['migrate', file('empty.json', '')], /empty\.json is empty: expected a bucket policy/],
    ['not JSON', ['migrate', file('broken.json', '{"Statement": [')], /broken\.json is not valid JSON/],
    ['not a policy', ['migrate', file('other.json', '{"hello": "world"}')], /other\.json is not a bucket policy/],
    ['two policy files', ['migrate', lake, lake], /too many arguments/],
    ['an unknown language', ['migrate', lake, '--language', 'go'], /unknown language 'go': use typescript, python/],
    ['an unknown format', ['migrate', lake, '--format', 'md'], /unknown format 'md': use text, json, code/],
    ['a bad account', ['migrate', lake, '--account', '12'], /--account '12' is not an account id/],
    ['a bad region', ['migrate', lake, '--region', 'mars'], /--region 'mars' is not a region/],
    ['an option without its value', ['migrate', lake, '--bucket'], /--bucket needs a value/],
    ['an unknown option', ['migrate', lake, '--dry-run'], /unknown option '--dry-run'/],
    ['a bucket the policy does not name', ['migrate', lake, '--bucket', 'Not_A_Bucket'], /'Not_A_Bucket' is not a valid bucket name/],
    ['a bad mapping', ['migrate', lake, '--mapping', file('mapping-bad.json', '{"names": {}}')], /a mapping is \{"accessPointNames"/],
    ['a mapping with an invalid name', ['migrate', lake, '--mapping', file('mapping-name.json', '{"accessPointNames": {"ec2-consumer-sales-event": "Sales"}}')],
      /access point name 'Sales' \(for ec2-consumer-sales-event\) may contain only lowercase letters/],
  ])('refused with exit code 2: %s', (_what, args, message) => {
    const { code, stderr, stdout } = run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdk-s3-access-points: /);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('global flags', () => {
  test('--version and -V print the version of package.json, exit 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      expect(run(flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test('the usage names the global flags', () => {
    expect(run('--help').stdout).toMatch(/--version +print the version[\s\S]*--help, -h/);
  });

  test('the compiled binary is executable (the jsii runtimes of Python, Java and Go run it directly)', () => {
    // Owner, group and others may execute: the mode as an octal string ends in 755.
    expect((fs.statSync(BIN).mode % 0o1000).toString(8)).toBe('755');
  });
});
