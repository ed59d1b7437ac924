/*
 * The access diff is right, proven with the independent evaluator. For each kind of change it
 * reports (a wider prefix, a new principal, a higher level, an access point moved from a VPC to the
 * internet) on each kind of access point (a general purpose bucket's, a directory bucket's, a
 * Multi-Region one), the before and after apps are synthesized, the diff is taken of their reports,
 * and the requests the diff says changed are evaluated on both templates: denied before, allowed
 * after. A sample of requests it says did not change (the other grants, the unchanged capabilities,
 * a near-miss prefix) is evaluated too: the same decision before and after.
 *
 * What the evaluators cannot check: a directory bucket access point's Scope and network origin
 * (S3 checks them per request inside a session; test/support/directory-evaluator.ts), so a directory
 * bucket's prefix and origin changes are not among the proven kinds.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AccessLevel, DirectoryBucketAccessPoint, MultiRegionAccessPoint, PrefixAccessPoint, SharedDataBucket, SharedDirectoryBucket, VpcOnlyAccessPoint,
} from '../src';
import { AccessEvaluator, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { DirectoryEvaluator } from './support/directory-evaluator';
import { ACCOUNT, REGION, resolveTemplates } from './support/resolve-template';
import { synthesize } from './support/synth';
import { AccessChange, diffReports } from '../src/cli/access-diff';
import { AccessReport, ReportCapability } from '../src/report/model';

/** What a test app varies: the changed grant's prefix and level, a second principal, the origin. */
interface Variant {
  readonly prefix: string;
  readonly level: AccessLevel;
  readonly auditor: boolean;
  readonly vpc: boolean;
}
const BASE: Variant = { prefix: 'sales/2026/', level: AccessLevel.READ, auditor: false, vpc: true };

/** A request in the report's words. */
interface Probe {
  readonly principal: string;
  readonly accessPoint: string;
  readonly capability: ReportCapability;
  readonly key: string;
  readonly origin: 'Internet' | 'VPC';
}
type Decide = (probe: Probe) => Promise<boolean>;

const ACTIONS: Record<ReportCapability, string> = { READ: 's3:GetObject', WRITE: 's3:PutObject', DELETE: 's3:DeleteObject', LIST: 's3:ListBucket' };
/** Report principal (construct path) -> the role's name: each test app names its roles after their ids. */
const roleName = (principal: string) => principal.split('/').pop()!.toLowerCase();
const roleArn = (principal: string) => `arn:aws:iam::${ACCOUNT}:role/${roleName(principal)}`;

function role(stack: Stack, id: string): iam.Role {
  return new iam.Role(stack, id, { roleName: id.toLowerCase(), assumedBy: new iam.AccountRootPrincipal() });
}

/** The public grant method of a level. */
interface Grants { grantRead(g: iam.IGrantable): unknown; grantReadWrite(g: iam.IGrantable): unknown }
function grantAt(ap: Grants, grantee: iam.IGrantable, level: AccessLevel) {
  if (level === AccessLevel.READ) ap.grantRead(grantee);
  else ap.grantReadWrite(grantee);
}

/** The bucket, its `sales` access point (the one that changes) and `inventory` (the one that does not). */
function regionalApp(v: Variant): { reports: AccessReport[]; decide: Decide } {
  let vpcId = '';
  const { reports, templates } = synthesize(app => {
    const stack = new Stack(app, 'Lake', { env: { account: ACCOUNT, region: REGION } });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    vpcId = stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC);
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'lake-data' });
    const sales = v.vpc
      ? new VpcOnlyAccessPoint(stack, 'Sales', { bucket: data, vpc, accessPointName: 'sales', prefix: v.prefix })
      : new PrefixAccessPoint(stack, 'Sales', { bucket: data, accessPointName: 'sales', prefix: v.prefix });
    grantAt(sales, role(stack, 'Analyst'), v.level);
    if (v.auditor) sales.grantRead(role(stack, 'Auditor'));
    data.addPrefixAccessPoint('Inventory', { accessPointName: 'inventory', prefix: 'inventory/' }).grantReadWrite(role(stack, 'Loader'));
  });
  const evaluator = AccessEvaluator.fromTemplates(...templates);
  return {
    reports,
    decide: async p => (await evaluator.evaluate({
      principal: roleArn(p.principal),
      accessPoint: p.accessPoint,
      action: ACTIONS[p.capability],
      ...(p.capability === 'LIST' ? { listPrefix: p.key } : { key: p.key }),
      ...(p.origin === 'VPC' ? { fromVpc: vpcId } : {}),
    })) === 'Allowed',
  };
}

/** A directory bucket with the same two access points; a request is a session of the mode its capability needs. */
function directoryApp(v: Variant): { reports: AccessReport[]; decide: Decide } {
  let stack!: Stack;
  const { reports } = synthesize(app => {
    stack = new Stack(app, 'Fast', { env: { account: ACCOUNT, region: REGION } });
    const bucket = new SharedDirectoryBucket(stack, 'Bucket', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' });
    const sales = new DirectoryBucketAccessPoint(stack, 'Sales', { bucket, accessPointName: 'sales--use1-az4--xa-s3', prefixes: [v.prefix] });
    grantAt(sales, role(stack, 'Analyst'), v.level);
    if (v.auditor) sales.grantRead(role(stack, 'Auditor'));
    new DirectoryBucketAccessPoint(stack, 'Inventory', { bucket, accessPointName: 'inventory--use1-az4--xa-s3', prefixes: ['inventory/'] })
      .grantReadWrite(role(stack, 'Loader'));
  });
  const evaluator = DirectoryEvaluator.fromStacks(stack);
  return {
    reports,
    decide: async p => (await evaluator.createSession({
      principal: roleArn(p.principal),
      accessPoint: p.accessPoint,
      sessionMode: p.capability === 'READ' || p.capability === 'LIST' ? 'ReadOnly' : 'ReadWrite',
    })) === 'Allowed',
  };
}

/** Two buckets in two Regions behind the `sales` Multi-Region Access Point; allowed only if allowed whichever bucket serves it. */
function multiRegionApp(v: Variant): { reports: AccessReport[]; decide: Decide } {
  let stacks: Stack[] = [];
  let alias = '';
  const { reports } = synthesize(app => {
    const env = (region: string) => ({ env: { account: ACCOUNT, region } });
    const east = new Stack(app, 'East', env('us-east-1'));
    const west = new Stack(app, 'West', env('eu-west-1'));
    const buckets = [new SharedDataBucket(east, 'Data', { bucketName: 'data-use1' }), new SharedDataBucket(west, 'Data', { bucketName: 'data-euw1' })];
    const global = new Stack(app, 'Global', env('us-east-1'));
    const mrap = new MultiRegionAccessPoint(global, 'Sales', { buckets, multiRegionAccessPointName: 'sales', prefix: v.prefix });
    grantAt(mrap, role(global, 'Analyst'), v.level);
    if (v.auditor) mrap.grantRead(role(global, 'Auditor'));
    alias = `${global.getLogicalId(mrap.node.defaultChild as s3.CfnMultiRegionAccessPoint).toLowerCase()}.mrap`;
    stacks = [east, west, global];
  });
  const [east, west, global] = resolveTemplates(stacks.map(s => ({ ...Template.fromStack(s).toJSON(), account: ACCOUNT })));
  const ofType = (t: any, type: string) => Object.values(t.Resources ?? {}).filter((r: any) => r.Type === type) as any[];
  const mrapPolicy = ofType(global, 'AWS::S3::MultiRegionAccessPointPolicy')[0].Properties.Policy;
  const bucketPolicies = [['data-use1', east], ['data-euw1', west]].map(([name, t]) => [name, ofType(t, 'AWS::S3::BucketPolicy')
    .find(p => JSON.stringify(p).includes('DelegateAccessControlToAccessPoints')).Properties.PolicyDocument] as const);
  const identity = (principal: string) => ofType(global, 'AWS::IAM::Policy').filter(p => (p.Properties.Roles ?? []).includes(roleName(principal)))
    .map(p => ({ name: p.Properties.PolicyName, policy: p.Properties.PolicyDocument }));
  const arn = `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}`;
  const evaluate = (p: Probe, resource: string, resourcePolicy: any, identityPolicies: any[]) => evaluateWithoutContextFiltering({
    principal: roleArn(p.principal),
    action: ACTIONS[p.capability],
    resource,
    accountId: ACCOUNT,
    identityPolicies,
    resourcePolicy,
    context: { 's3:DataAccessPointArn': arn, 'aws:SecureTransport': 'true', ...(p.capability === 'LIST' ? { 's3:prefix': p.key } : {}) },
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
  return {
    reports,
    decide: async p => bucketPolicies.every(([bucket, policy]) => {
      const list = p.capability === 'LIST';
      return evaluate(p, list ? arn : `${arn}/object/${p.key}`, mrapPolicy, identity(p.principal)) === 'Allowed'
        && evaluate(p, list ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${p.key}`, policy, []) === 'Allowed';
    }),
  };
}

/** A key under `prefix` and, when given, outside `outside`. */
function keyUnder(prefix: string, outside?: string): string {
  const key = `${prefix}probe/object.csv`;
  return outside !== undefined && key.startsWith(outside) ? `${prefix}zz-outside/object.csv` : key;
}

/** The requests a change says are now allowed (widens) or no longer allowed (narrows). */
function changedProbes(change: AccessChange, after: AccessReport[]): Probe[] {
  const origin = (change.networkOrigin ?? 'Internet') as Probe['origin'];
  const base = { principal: change.principal!, accessPoint: change.accessPoint! };
  switch (change.kind) {
    case 'principal-gains':
    case 'capabilities':
      return change.capabilities!.map(capability => ({ ...base, capability, key: keyUnder(change.keyPrefix!), origin }));
    case 'prefix':
      return change.capabilities!.map(capability => ({ ...base, capability, key: keyUnder(change.after!, change.before), origin }));
    case 'network-origin': {
      const ap = after.flatMap(r => r.accessPoints).find(a => a.name === change.accessPoint)!;
      return ap.grants.flatMap(g => g.capabilities.map(capability => ({ principal: g.principal, accessPoint: ap.name, capability, key: keyUnder(g.keyPrefix), origin: 'Internet' as const })));
    }
    default:
      throw new Error(`no probe for ${change.kind}`);
  }
}

/** Requests the diff says did not change: every grant of the after report not named by a change, and near misses. */
function unchangedProbes(changes: AccessChange[], before: AccessReport[], after: AccessReport[]): Probe[] {
  const probes: Probe[] = [];
  const changedAp = (name: string) => changes.some(c => c.kind === 'network-origin' && c.accessPoint === name);
  for (const ap of after[0].accessPoints) {
    const was = before[0].accessPoints.find(a => a.name === ap.name)!;
    // Requests from the origin both reports give the access point (the internet changed for a moved one).
    const origin = was.networkOrigin === 'VPC' && ap.networkOrigin === 'VPC' ? 'VPC' : 'Internet';
    for (const g of ap.grants) {
      const touched = changes.filter(c => c.principal === g.principal && c.accessPoint === ap.name);
      const old = was.grants.find(x => x.principal === g.principal);
      if (!old || changedAp(ap.name)) continue;
      for (const capability of g.capabilities.filter(c => old.capabilities.includes(c))) {
        // Inside both the old and the new prefix, and a near miss outside both.
        const inside = g.keyPrefix.startsWith(old.keyPrefix) ? g.keyPrefix : old.keyPrefix.startsWith(g.keyPrefix) ? old.keyPrefix : undefined;
        if (inside !== undefined) probes.push({ principal: g.principal, accessPoint: ap.name, capability, key: keyUnder(inside), origin });
        probes.push({ principal: g.principal, accessPoint: ap.name, capability, key: 'elsewhere/object.csv', origin });
      }
      if (touched.length === 0) probes.push({ principal: g.principal, accessPoint: ap.name, capability: 'DELETE', key: keyUnder(g.keyPrefix), origin });
    }
  }
  return probes;
}

type Build = (v: Variant) => { reports: AccessReport[]; decide: Decide };
const KINDS: [string, Build, string][] = [
  ['a general purpose bucket\'s access point', regionalApp, 'sales'],
  ['a directory bucket access point', directoryApp, 'sales--use1-az4--xa-s3'],
  ['a Multi-Region Access Point', multiRegionApp, 'sales'],
];
const CHANGES: [string, Partial<Variant>, string, string[]][] = [
  ['a wider prefix', { prefix: 'sales/' }, 'prefix', ['regional', 'multi-region']],
  ['a new principal', { auditor: true }, 'principal-gains', ['regional', 'directory', 'multi-region']],
  ['a higher level', { level: AccessLevel.READ_WRITE }, 'capabilities', ['regional', 'directory', 'multi-region']],
  ['VPC to internet', { vpc: false }, 'network-origin', ['regional']],
];
const KIND_KEY = ['regional', 'directory', 'multi-region'];

describe.each(KINDS.map((k, i) => [...k, KIND_KEY[i]] as const))('%s', (_kind, build, _apName, key) => {
  const before = build(BASE);
  for (const [what, variant, kind, kinds] of CHANGES.filter(c => c[3].includes(key))) {
    void kinds;
    test(`${what}: the diff says it widens, and the evaluator agrees on what changed and what did not`, async () => {
      const after = build({ ...BASE, ...variant });
      const diff = diffReports(before.reports, after.reports);
      const widening = diff.changes.filter(c => c.effect === 'widens');
      expect(widening.map(c => c.kind)).toContain(kind);
      const proven = widening.filter(c => ['principal-gains', 'capabilities', 'prefix', 'network-origin'].includes(c.kind));
      expect(proven.length).toBeGreaterThan(0);
      for (const change of proven) {
        for (const probe of changedProbes(change, after.reports)) {
          expect({ probe, before: await before.decide(probe), after: await after.decide(probe) }).toEqual({ probe, before: false, after: true });
        }
      }
      const unchanged = unchangedProbes(diff.changes, before.reports, after.reports);
      expect(unchanged.length).toBeGreaterThan(0);
      for (const probe of unchanged) {
        expect({ probe, after: await after.decide(probe) }).toEqual({ probe, after: await before.decide(probe) });
      }
      // And the reverse change narrows by the same requests.
      const back = diffReports(after.reports, before.reports);
      expect(back.summary.widens).toBe(0);
      expect(back.summary.narrows).toBeGreaterThan(0);
    });
  }
});

test('the proof catches a diff that lies: a claimed gain that the policies do not give', async () => {
  const app = regionalApp(BASE);
  const lie: AccessChange = {
    effect: 'widens',
    kind: 'capabilities',
    bucket: 'Lake/Data',
    bucketName: 'lake-data',
    accessPoint: 'sales',
    principal: 'Lake/Analyst',
    capabilities: ['WRITE'],
    keyPrefix: 'sales/2026/',
    networkOrigin: 'VPC',
    message: 'made up',
  };
  const [probe] = changedProbes(lie, app.reports);
  expect(await app.decide(probe)).toBe(false);
  // The same probe with READ, which the grant gives: allowed, so the probe itself is sound.
  expect(await app.decide({ ...probe, capability: 'READ' })).toBe(true);
});
