/*
 * AccessAssertions: the access of a synthesized app, asserted in the report's words. Passes on the
 * scenario and example apps; fails, with a message naming the principal, the access point and the
 * access found, on a planted over-grant.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLakeStack } from '../examples/data-lake';
import { TaggedRecordsStack } from '../examples/tagged';
import { VpcOnlyStack } from '../examples/vpc-only';
import { AccessAssertions, AccessLevel, DirectoryBucketAccessPoint, NetworkOrigin, SharedDirectoryBucket } from '../src';
import { EXAMPLE_APPS } from './support/example-stacks';
import { multiRegionApp } from './support/multi-region-app';
import { diffReports } from '../src/cli/access-diff';

function dataLake(plant?: (lake: DataLakeStack) => void) {
  const app = new App();
  const lake = new DataLakeStack(app, 'DataLake');
  plant?.(lake);
  return { lake, access: AccessAssertions.fromStack(lake) };
}

describe('on the data lake (S1)', () => {
  const { lake, access } = dataLake();

  test('allows and denies what the grants say', () => {
    access.allows(lake.ec2Role, AccessLevel.READ_WRITE, { accessPoint: 'ec2-consumer', prefix: 'sales_event/' });
    access.allows(lake.ec2Role, AccessLevel.READ, { prefix: 'sales_event/2026/' });
    access.allows(lake.inventoryFunction, AccessLevel.WRITE, { accessPoint: 'lambda-consumer' });
    access.denies(lake.ec2Role, AccessLevel.READ, { prefix: 'inventory_event/' });
    access.denies(lake.ec2Role, AccessLevel.DELETE);
    access.denies(lake.ec2Role, AccessLevel.READ, { prefix: 'sales_event_archive/' });
    access.denies(lake.ec2Role, AccessLevel.WRITE, { accessPoint: 'lambda-consumer' });
  });

  test('onlyThese: exactly the two grants', () => {
    access.onlyThese([
      { principal: lake.ec2Role, level: AccessLevel.READ_WRITE, accessPoint: 'ec2-consumer', prefix: 'sales_event/' },
      { principal: lake.inventoryFunction, level: AccessLevel.READ_WRITE, accessPoint: 'lambda-consumer', prefix: 'inventory_event/' },
    ]);
  });

  test('a failed allows names the principal, what was asked and what the report gives', () => {
    expect(() => access.allows(lake.ec2Role, AccessLevel.READ_WRITE, { prefix: 'inventory_event/' })).toThrow(
      'Expected DataLake/Ec2ConsumerRole to be allowed READ_WRITE (READ, WRITE, LIST) on inventory_event/, but the access report gives it:\n' +
      '  - READ, WRITE, LIST on sales_event/ through ec2-consumer (Internet), bucket DataLake/StoreEvents\n' +
      '(missing: READ, WRITE, LIST)');
    expect(() => access.allows(lake.ec2Role, AccessLevel.DELETE, { accessPoint: 'ec2-consumer' })).toThrow(/\(missing: DELETE\)$/);
    expect(() => access.allows(new iam.ArnPrincipal('arn:aws:iam::999999999999:role/stranger'), AccessLevel.READ))
      .toThrow('Expected arn:aws:iam::999999999999:role/stranger to be allowed READ (READ, LIST) on any prefix, but the access report gives arn:aws:iam::999999999999:role/stranger no access at all.');
  });
});

describe('a planted over-grant fails the assertions that passed', () => {
  const { lake, access } = dataLake(l => l.inventory.grantRead(l.ec2Role));
  const expected = [
    { principal: lake.ec2Role, level: AccessLevel.READ_WRITE, accessPoint: 'ec2-consumer', prefix: 'sales_event/' },
    { principal: lake.inventoryFunction, level: AccessLevel.READ_WRITE, accessPoint: 'lambda-consumer', prefix: 'inventory_event/' },
  ];

  test('onlyThese names the access not listed', () => {
    expect(() => access.onlyThese(expected)).toThrow(
      'The access report differs from the 2 listed access(es):\n' +
      '  - not listed: DataLake/Ec2ConsumerRole has READ, LIST on inventory_event/ through lambda-consumer (Internet), bucket DataLake/StoreEvents');
  });

  test('denies names the grant that gives it', () => {
    expect(() => access.denies(lake.ec2Role, AccessLevel.READ, { prefix: 'inventory_event/' })).toThrow(
      'Expected DataLake/Ec2ConsumerRole to be denied READ (READ, LIST) on inventory_event/, but the access report gives it:\n' +
      '  - READ, LIST on inventory_event/ through lambda-consumer (Internet), bucket DataLake/StoreEvents');
  });

  test('a higher level is an over-grant too', () => {
    const deleting = dataLake(l => l.sales.grantDelete(l.ec2Role));
    const listed = [{ ...expected[0], principal: deleting.lake.ec2Role }, { ...expected[1], principal: deleting.lake.inventoryFunction }];
    expect(() => deleting.access.onlyThese(listed))
      .toThrow(/not listed: DataLake\/Ec2ConsumerRole has DELETE on sales_event\/ through ec2-consumer \(Internet\)/);
  });
});

test('object tags: a tag-limited grant is allowed for requests with its tags only', () => {
  const app = new App();
  const stack = new TaggedRecordsStack(app, 'Tagged');
  const access = AccessAssertions.fromStack(stack);
  access.allows(stack.intakeRole, AccessLevel.WRITE, { prefix: 'records/', objectTags: { data: 'emergency-room' } });
  access.allows(stack.intakeRole, AccessLevel.WRITE, { prefix: 'records/', objectTags: { data: 'emergency-room', other: 'x' } });
  expect(() => access.allows(stack.intakeRole, AccessLevel.WRITE, { prefix: 'records/' }))
    .toThrow(/WRITE on records\/ \(tags data=emergency-room\) through medical-records/);
  expect(() => access.allows(stack.intakeRole, AccessLevel.WRITE, { prefix: 'records/', objectTags: { data: 'icu' } })).toThrow(/\(missing: WRITE\)/);
});

test('network origin: a VPC-only access point is reached from its VPC, not from the internet', () => {
  const app = new App();
  const stack = new VpcOnlyStack(app, 'VpcOnly', { env: { account: '111111111111', region: 'eu-west-1' } });
  const access = AccessAssertions.fromStack(stack);
  access.allows(stack.appRole, AccessLevel.READ, { accessPoint: 'app-reader', origin: NetworkOrigin.VPC });
  access.denies(stack.appRole, AccessLevel.READ, { origin: NetworkOrigin.INTERNET });
  access.allows(stack.partnerRole, AccessLevel.READ_WRITE, { origin: NetworkOrigin.INTERNET, prefix: 'shared/' });
  expect(() => access.allows(stack.appRole, AccessLevel.READ, { origin: NetworkOrigin.INTERNET }))
    .toThrow(/but the access report gives it \(everywhere\):\n {2}- READ, LIST on app\/ through app-reader \(VPC VpcOnly\/Vpc\)/);
});

test('Multi-Region Access Points: fromStack on the consumers\' stack sees the access through it', () => {
  const m = multiRegionApp();
  const access = AccessAssertions.fromStack(m.global);
  access.allows(m.reader, AccessLevel.READ, { accessPoint: 'reports', prefix: 'reports/' });
  access.denies(m.reader, AccessLevel.WRITE);
  access.onlyThese([
    { principal: m.reader, level: AccessLevel.READ, prefix: 'reports/' },
    { principal: m.writer, level: AccessLevel.READ_WRITE, prefix: 'reports/' },
  ]);
  expect(() => access.allows(m.reader, AccessLevel.WRITE)).toThrow(/READ, LIST on reports\/ through reports \(Multi-Region\) \(Internet\), bucket data-use1 \(DataEast\/Data\)/);
});

test('directory bucket access points', () => {
  const stack = new Stack(new App(), 'Fast', { env: { account: '111111111111', region: 'us-east-1' } });
  const bucket = new SharedDirectoryBucket(stack, 'Bucket', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  new DirectoryBucketAccessPoint(stack, 'Reports', { bucket, accessPointName: 'reports--use1-az4--xa-s3', prefixes: ['reports/'] }).grantRead(reader);
  const access = AccessAssertions.fromStack(stack);
  access.allows(reader, AccessLevel.READ, { accessPoint: 'reports--use1-az4--xa-s3', prefix: 'reports/' });
  access.denies(reader, AccessLevel.WRITE);
  expect(() => access.denies(reader, AccessLevel.READ)).toThrow(/through reports--use1-az4--xa-s3 \(directory bucket\) \(Internet\), bucket fast--use1-az4--x-s3 \(Fast\/Bucket\)/);
});

test('fromStack refuses a stack without a shared bucket or access point', () => {
  const app = new App();
  new DataLakeStack(app, 'DataLake');
  expect(() => AccessAssertions.fromStack(new Stack(app, 'Empty'))).toThrow('AccessAssertions.fromStack: stack Empty defines no SharedDataBucket');
});

describe('snapshots', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-snap-'));
  const file = path.join(dir, 'access.json');

  test('a committed snapshot matches the same app, and a widened app fails with the access diff', () => {
    expect(() => dataLake().access.matchesSnapshot(file)).toThrow(/No access snapshot at .*UPDATE_ACCESS_SNAPSHOTS=1/);
    dataLake().access.writeSnapshot(file);
    dataLake().access.matchesSnapshot(file);
    expect(AccessAssertions.fromAssembly(file).toJson()).toEqual(dataLake().access.toJson());
    expect(() => dataLake(l => l.inventory.grantRead(l.ec2Role)).access.matchesSnapshot(file)).toThrow(
      `The access report differs from the snapshot ${file}:\n` +
      'Access diff: 1 widening, 0 narrowing, 0 other change(s).\n\n' +
      'Widens access:\n' +
      '  bucket DataLake/StoreEvents\n' +
      '    + DataLake/Ec2ConsumerRole gains READ, LIST on inventory_event/ through lambda-consumer (Internet)\n' +
      'If this is intended, update the snapshot with UPDATE_ACCESS_SNAPSHOTS=1 and commit it.');
  });

  test('UPDATE_ACCESS_SNAPSHOTS=1 rewrites it', () => {
    process.env.UPDATE_ACCESS_SNAPSHOTS = '1';
    try {
      dataLake(l => l.inventory.grantRead(l.ec2Role)).access.matchesSnapshot(file);
    } finally {
      delete process.env.UPDATE_ACCESS_SNAPSHOTS;
    }
    dataLake(l => l.inventory.grantRead(l.ec2Role)).access.matchesSnapshot(file);
  });
});

describe('the report is byte-identical across syntheses of the same app', () => {
  const reportFiles = (build: (app: App) => unknown) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-stable-'));
    const app = new App({ outdir });
    build(app);
    app.synth();
    return Object.fromEntries(fs.readdirSync(outdir).filter(f => f.includes('.access-report.')).sort()
      .map(f => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
  };
  test.each(EXAMPLE_APPS.map(a => [a.name, a.build] as const))('%s', (_name, build) => {
    const first = reportFiles(build);
    expect(reportFiles(build)).toEqual(first);
    // No token or logical id leaks into a report.
    for (const text of Object.values(first)) expect(text).not.toMatch(/\$\{Token\[|#\{Token|\$\{[A-Za-z0-9]+[0-9A-F]{8}(\.[A-Za-z.]+)?\}/);
  });
});

describe('on every example app: each grant is allowed as reported, and a planted grant is caught', () => {
  test.each(EXAMPLE_APPS.map(a => [a.name, a.build] as const))('%s', (name, build) => {
    const app = new App();
    build(app);
    if (name === 'guardrails') {
      // guardrails: organization policies only, no bucket, no report.
      expect(() => AccessAssertions.fromStage(app)).toThrow(/holds no access report/);
      return;
    }
    const access = AccessAssertions.fromStage(app);
    const reports = access.toJson() as any[];
    const construct = (p: string) => app.node.findAll().find(c => c.node.path === p);
    for (const report of reports) {
      for (const ap of report.accessPoints) {
        for (const g of ap.grants) {
          const principal = (construct(g.principal) as unknown as iam.IGrantable | undefined) ?? new iam.ArnPrincipal(g.principalArn);
          access.allows(principal, g.level, { accessPoint: ap.name, prefix: g.keyPrefix, origin: ap.networkOrigin, objectTags: g.objectTags });
        }
      }
    }

    // The same app with one more grant: a new role may read through the first access point made here.
    const planted = new App();
    build(planted);
    const target = (access.toJson() as any[]).flatMap(r => r.accessPoints).find((ap: any) => !ap.imported);
    const ap = planted.node.findAll().find(c => c.node.path === target.path) as any;
    const intruder = new iam.Role(Stack.of(ap), 'Intruder', { assumedBy: new iam.AccountRootPrincipal() });
    ap.grantRead(intruder);
    const after = AccessAssertions.fromStage(planted);
    expect(() => after.denies(intruder, AccessLevel.READ)).toThrow(new RegExp(`^Expected ${Stack.of(ap).node.path}/Intruder to be denied READ`));
    // Once per bucket the access point serves (a Multi-Region Access Point serves several).
    const served = reports.filter(r => r.accessPoints.some((x: any) => x.name === target.name)).length;
    const widens = diffReports(reports, after.toJson()).changes.filter(c => c.effect === 'widens');
    // A directory bucket access point's Scope is the union of its grants' operations: a read grant on
    // the write-only ingest access point widens the Scope too.
    const scope = ap instanceof DirectoryBucketAccessPoint ? [expect.objectContaining({ kind: 'directory-scope', accessPoint: target.name })] : [];
    expect(widens).toEqual([...scope, ...Array(served).fill(
      expect.objectContaining({ kind: 'principal-gains', principal: `${Stack.of(ap).node.path}/Intruder`, accessPoint: target.name, capabilities: ['READ', 'LIST'] }),
    )]);
    expect(diffReports(reports, access.toJson()).changes).toEqual([]);
  });
});
