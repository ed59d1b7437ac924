/*
 * One app of the scale benchmark, built either with this library or by hand with L1 resources (the
 * baseline), synthesized once; prints one JSON line of measurements. Run by bench/scale.ts in a
 * child process per app, so that peak memory is the app's own.
 *
 * Layout (the recommended one): a data stack with the bucket, a network stack with the VPC and its
 * S3 gateway endpoint, and team stacks of CONSUMERS_PER_TEAM consumers each; a consumer is a role,
 * its identity policy and its access point (every 10th one VPC-only) with a read-write grant.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EndpointApproval, SharedDataBucket, VpcOnlyAccessPoint, PrefixAccessPoint } from '../src';
import { buildDirectoryBaseline, buildDirectoryLibrary, buildMultiRegionBaseline, buildMultiRegionLibrary } from './kinds-app';

export const CONSUMERS_PER_TEAM = 100;
const VPC_EVERY = 10;

export interface Layout {
  readonly app: App;
  readonly data: Stack;
  readonly network: Stack;
  readonly vpc: ec2.Vpc;
  readonly team: (i: number) => Stack;
}

export function layout(outdir: string, n: number): Layout {
  const app = new App({ outdir });
  const data = new Stack(app, 'Data');
  const network = new Stack(app, 'Network');
  const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const teams = Array.from({ length: Math.ceil(n / CONSUMERS_PER_TEAM) }, (_, t) => new Stack(app, `Team${t}`));
  return { app, data, network, vpc, team: i => teams[Math.floor(i / CONSUMERS_PER_TEAM)] };
}

function consumerRole(stack: Stack, i: number): iam.Role {
  return new iam.Role(stack, `Consumer${i}`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

/** The library: one line per consumer. */
export function buildLibrary(l: Layout, n: number): void {
  const data = new SharedDataBucket(l.data, 'Shared', { bucketName: 'bench-shared-bucket' });
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    const options = { bucket: data, accessPointName: `consumer-${i}`, prefix: `consumer-${i}/` };
    const ap = i % VPC_EVERY === 0
      ? new VpcOnlyAccessPoint(stack, `Ap${i}`, { ...options, vpc: l.vpc, endpointApproval: EndpointApproval.accounts() })
      : new PrefixAccessPoint(stack, `Ap${i}`, options);
    ap.grantReadWrite(consumerRole(stack, i));
  }
}

const OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
  's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** The baseline: the same resources and policies, written by hand. */
export function buildBaseline(l: Layout, n: number): void {
  const bucket = new s3.CfnBucket(l.data, 'Shared', {
    bucketName: 'bench-shared-bucket',
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
    bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
  });
  const resources = [bucket.attrArn, Fn.join('', [bucket.attrArn, '/*'])];
  new s3.CfnBucketPolicy(l.data, 'SharedPolicy', {
    bucket: bucket.ref,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: resources, Condition: { StringEquals: { 's3:DataAccessPointAccount': l.data.account } } },
      ],
    },
  });
  new ec2.CfnVPCEndpoint(l.network, 'S3Endpoint', {
    vpcId: l.vpc.vpcId,
    serviceName: `com.amazonaws.${l.network.region}.s3`,
    vpcEndpointType: 'Gateway',
    routeTableIds: l.vpc.isolatedSubnets.map(s => s.routeTable.routeTableId),
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:DataAccessPointAccount': [l.network.account] } } }],
    },
  });
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    const role = consumerRole(stack, i);
    const name = `consumer-${i}`;
    const apArn = stack.formatArn({ service: 's3', resource: 'accesspoint', resourceName: name });
    const statements = [
      { actions: OBJECT_ACTIONS, resources: [`${apArn}/object/${name}/*`] },
      { actions: ['s3:ListBucket'], resources: [apArn], conditions: { StringLike: { 's3:prefix': `${name}/*` } } },
    ];
    for (const s of statements) role.addToPrincipalPolicy(new iam.PolicyStatement(s));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetAccessPoint'], resources: [apArn] }));
    new s3.CfnAccessPoint(stack, `Ap${i}`, {
      bucket: 'bench-shared-bucket',
      name,
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      vpcConfiguration: i % VPC_EVERY === 0 ? { vpcId: l.vpc.vpcId } : undefined,
      policy: {
        Version: '2012-10-17',
        Statement: statements.map(s => ({
          Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: s.actions, Resource: s.resources, ...(s.conditions ? { Condition: s.conditions } : {}),
        })),
      },
    });
  }
}

/** The apps by variant: KIND-library and KIND-baseline (bench/kinds-app.ts), and the general purpose layout's. */
const BUILDERS: Record<string, (l: Layout, n: number) => void> = {
  'library': buildLibrary,
  'baseline': buildBaseline,
  'directory-library': buildDirectoryLibrary,
  'directory-baseline': buildDirectoryBaseline,
  'multi-region-library': buildMultiRegionLibrary,
  'multi-region-baseline': buildMultiRegionBaseline,
};

/** The policy of each resource type that has one, and where it is. */
const POLICIES: Record<string, 'bucket' | 'accessPoint' | 'endpoint' | 'identity'> = {
  'AWS::S3::BucketPolicy': 'bucket',
  'AWS::S3Express::BucketPolicy': 'bucket',
  'AWS::S3::AccessPoint': 'accessPoint',
  'AWS::S3Express::AccessPoint': 'accessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy': 'accessPoint',
  'AWS::EC2::VPCEndpoint': 'endpoint',
  'AWS::IAM::Policy': 'identity',
};

function measure(variant: string, n: number) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${variant}-${n}-`));
  const started = process.hrtime.bigint();
  const l = layout(outdir, n);
  BUILDERS[variant](l, n);
  const assembly = l.app.synth();
  const synthMs = Number(process.hrtime.bigint() - started) / 1e6;

  const size = (x: any) => (x === undefined ? 0 : JSON.stringify(x).length);
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const resources = assembly.stacks.map(s => Object.values<any>(s.template.Resources ?? {}));
  const all = resources.flat();
  const policyBytes = (where: string) => max(all.filter(r => POLICIES[r.Type] === where)
    .map(r => size(r.Properties.PolicyDocument ?? r.Properties.Policy)));
  fs.rmSync(outdir, { recursive: true, force: true });
  return {
    variant,
    n,
    synthMs: Math.round(synthMs),
    stacks: assembly.stacks.length,
    maxResourcesPerStack: max(resources.map(r => r.length)),
    templateBytes: assembly.stacks.reduce((sum, s) => sum + JSON.stringify(s.template).length, 0),
    bucketPolicyBytes: policyBytes('bucket'),
    maxAccessPointPolicyBytes: policyBytes('accessPoint'),
    endpointPolicyBytes: policyBytes('endpoint'),
    maxIdentityPolicyBytes: policyBytes('identity'),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (require.main === module) {
  const [variant, n] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(measure(variant, Number(n))) + '\n');
}
