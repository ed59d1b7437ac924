/*
 * The scale benchmark for the other kinds of access point (bench/scale.ts with BENCH_KIND), each
 * against the same resources and policies written by hand with L1 resources:
 * - `directory`: a SharedDirectoryBucket and N consumers, each a role with its own
 *   DirectoryBucketAccessPoint (a Scope of its prefix, every 10th one VPC-only) and a read-write grant,
 *   in team stacks of CONSUMERS_PER_TEAM;
 * - `multi-region`: one Multi-Region Access Point over two SharedDataBuckets in two Regions, with N
 *   consumers granted read-write on it. An account has at most 100 Multi-Region Access Points, so
 *   they do not scale by number: what grows is the one policy, whose 20 KB limit bounds N.
 */
import { Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3express from 'aws-cdk-lib/aws-s3express';
import { DirectoryBucketAccessPoint, MultiRegionAccessPoint, SharedDataBucket, SharedDirectoryBucket } from '../src';
import type { Layout } from './scale-app';

const ZONE = 'use1-az4';
const BUCKET = `bench--${ZONE}--x-s3`;
const VPC_EVERY = 10;
const ACCOUNT = '111111111111';

function consumerRole(stack: Stack, i: number): iam.Role {
  return new iam.Role(stack, `Consumer${i}`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

const accessPointName = (i: number) => `consumer-${i}--${ZONE}--xa-s3`;

/** Directory bucket, the library: one access point and one grant per consumer. */
export function buildDirectoryLibrary(l: Layout, n: number): void {
  const bucket = new SharedDirectoryBucket(l.data, 'Shared', { zoneId: ZONE, bucketName: BUCKET });
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    new DirectoryBucketAccessPoint(stack, `Ap${i}`, {
      bucket, accessPointName: accessPointName(i), prefixes: [`consumer-${i}/`], vpc: i % VPC_EVERY === 0 ? l.vpc : undefined,
    }).grantReadWrite(consumerRole(stack, i));
  }
}

/** Directory bucket, by hand: the bucket, its delegation, and per consumer the access point and the identity statement. */
export function buildDirectoryBaseline(l: Layout, n: number): void {
  const bucket = new s3express.CfnDirectoryBucket(l.data, 'Shared', {
    bucketName: BUCKET,
    locationName: ZONE,
    dataRedundancy: 'SingleAvailabilityZone',
    bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
  });
  new s3express.CfnBucketPolicy(l.data, 'SharedPolicy', {
    bucket: bucket.ref,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3express:CreateSession',
        Resource: bucket.attrArn,
        Condition: { StringEquals: { 's3express:DataAccessPointAccount': l.data.account } },
      }],
    },
  });
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    const role = consumerRole(stack, i);
    const arn = stack.formatArn({ service: 's3express', resource: 'accesspoint', resourceName: accessPointName(i) });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3express:CreateSession'], resources: [arn] }));
    new s3express.CfnAccessPoint(stack, `Ap${i}`, {
      bucket: BUCKET,
      name: accessPointName(i),
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      vpcConfiguration: i % VPC_EVERY === 0 ? { vpcId: l.vpc.vpcId } : undefined,
      scope: {
        prefixes: [`consumer-${i}/`],
        permissions: ['GetObject', 'GetObjectAttributes', 'ListBucket', 'PutObject', 'AbortMultipartUpload', 'ListMultipartUploadParts'],
      },
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: 's3express:CreateSession', Resource: arn }] },
    });
  }
}

/** The two Regions' buckets of the Multi-Region benchmark, and the stack of the Multi-Region Access Point. */
function multiRegionStacks(l: Layout) {
  const app = l.app;
  const first = new Stack(app, 'DataUsEast1', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const second = new Stack(app, 'DataEuWest1', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  return { first, second, global };
}

/** Multi-Region, the library: two SharedDataBuckets, one Multi-Region Access Point, N read-write grants. */
export function buildMultiRegionLibrary(l: Layout, n: number): void {
  const { first, second, global } = multiRegionStacks(l);
  const buckets = [first, second].map(s => new SharedDataBucket(s, 'Data', { bucketName: `bench-${s.region}` }));
  const mrap = new MultiRegionAccessPoint(global, 'Mrap', { buckets, multiRegionAccessPointName: 'bench', prefix: 'shared/' });
  for (let i = 0; i < n; i++) mrap.grantReadWrite(consumerRole(global, i));
}

const OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes', 's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'];

/** Multi-Region, by hand: the buckets with the delegation admitting the account's Multi-Region Access Points, the policy, the grants. */
export function buildMultiRegionBaseline(l: Layout, n: number): void {
  const { first, second, global } = multiRegionStacks(l);
  for (const stack of [first, second]) {
    const bucket = new s3.CfnBucket(stack, 'Data', {
      bucketName: `bench-${stack.region}`,
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    });
    const pin = { 's3:DataAccessPointArn': `arn:aws:s3::${ACCOUNT}:accesspoint/*` };
    new s3.CfnBucketPolicy(stack, 'DataPolicy', {
      bucket: bucket.ref,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: OBJECT_ACTIONS, Resource: Fn.join('', [bucket.attrArn, '/shared/*']), Condition: { StringLike: pin } },
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: LIST_ACTIONS, Resource: bucket.attrArn, Condition: { StringLike: { ...pin, 's3:prefix': 'shared/*' } } },
        ],
      },
    });
  }
  const mrap = new s3.CfnMultiRegionAccessPoint(global, 'Mrap', {
    name: 'bench',
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    regions: [{ bucket: 'bench-us-east-1' }, { bucket: 'bench-eu-west-1' }],
  });
  const arn = `arn:aws:s3::${ACCOUNT}:accesspoint/${mrap.attrAlias}`;
  const statements: any[] = [];
  for (let i = 0; i < n; i++) {
    const role = consumerRole(global, i);
    const pair = [
      { actions: OBJECT_ACTIONS, resources: [`${arn}/object/shared/*`] },
      { actions: LIST_ACTIONS, resources: [arn], conditions: { StringLike: { 's3:prefix': 'shared/*' } } },
    ];
    for (const s of pair) {
      role.addToPrincipalPolicy(new iam.PolicyStatement(s));
      statements.push({ Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: s.actions, Resource: s.resources, ...(s.conditions ? { Condition: s.conditions } : {}) });
    }
  }
  new s3.CfnMultiRegionAccessPointPolicy(global, 'MrapPolicy', { mrapName: mrap.ref, policy: { Version: '2012-10-17', Statement: statements } });
}
