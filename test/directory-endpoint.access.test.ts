/*
 * Sessions from a VPC through its S3 Express gateway endpoint, evaluated by @cloud-copilot/iam-simulate
 * on the synthesized endpoint policy, access point policies, identity policies and bucket policy
 * (test/support/directory-evaluator.ts: each leg also passes the endpoint policy).
 *
 * The attacker is a workload in the VPC with s3express:* in its identity policy: it tries to carry
 * data out through the endpoint, to a directory bucket of another account, straight or through an
 * access point of its own. The previous shape (an endpoint with the default policy, or none written)
 * let both pass; the endpoint policy the library writes denies them. An insider with CreateSession
 * on * also tried a session straight on the app's own bucket: the endpoint's bucket statement, once
 * unconditioned, let it pass; it now requires s3express:DataAccessPointArn of an approved access point.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DirectoryBucketAccessPoint, SharedDirectoryBucket } from '../src';
import { ALLOW_ALL, DirectoryEvaluator } from './support/directory-evaluator';

const ACCOUNT = '111111111111';
const OUTSIDER = '333333333333';
const REGION = 'us-east-1';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const FOREIGN_BUCKET = `arn:aws:s3express:${REGION}:${OUTSIDER}:bucket/exfil--use1-az4--x-s3`;
const FOREIGN_ACCESS_POINT = `arn:aws:s3express:${REGION}:${OUTSIDER}:accesspoint/exfil--use1-az4--xa-s3`;

function build() {
  const app = new App();
  const stack = new Stack(app, 'Fast', { env: { account: ACCOUNT, region: REGION } });
  const bucket = new SharedDirectoryBucket(stack, 'Bucket', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const reader = new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
  const workload = new iam.Role(stack, 'Workload', { roleName: 'workload', assumedBy: new iam.AccountRootPrincipal() });
  workload.addToPolicy(new iam.PolicyStatement({ actions: ['s3express:*'], resources: ['*'] }));
  new DirectoryBucketAccessPoint(stack, 'Inside', { bucket, vpc, accessPointName: 'inside--use1-az4--xa-s3', prefixes: ['app/'] }).grantRead(reader);
  return DirectoryEvaluator.fromStacks(stack);
}

const evaluator = build();
const READER = role('reader');
const WORKLOAD = role('workload');

describe('sessions through the S3 Express gateway endpoint', () => {
  test('control: the reader creates its ReadOnly session through the VPC-only access point, through the endpoint', async () => {
    expect(await evaluator.createSession({ principal: READER, sessionMode: 'ReadOnly', accessPoint: 'inside--use1-az4--xa-s3', throughEndpoint: true }))
      .toBe('Allowed');
    // The endpoint adds nothing the access point does not grant: ReadWrite stays denied.
    expect(await evaluator.createSession({ principal: READER, sessionMode: 'ReadWrite', accessPoint: 'inside--use1-az4--xa-s3', throughEndpoint: true }))
      .not.toBe('Allowed');
  });

  test('near miss: a session straight on another account\'s directory bucket through the endpoint is denied; the default endpoint policy allowed it', async () => {
    const attack = { principal: WORKLOAD, sessionMode: 'ReadWrite', foreignBucket: FOREIGN_BUCKET, throughEndpoint: true } as const;
    expect(await evaluator.createSession(attack)).toBe('ImplicitlyDenied');
    expect(await evaluator.withEndpointPolicy(ALLOW_ALL).createSession(attack)).toBe('Allowed');
  });

  test('near miss: a session through another account\'s access point over its bucket is denied; the default endpoint policy allowed it', async () => {
    const attack = { principal: WORKLOAD, sessionMode: 'ReadWrite', rogueAccessPoint: FOREIGN_ACCESS_POINT, foreignBucket: FOREIGN_BUCKET, throughEndpoint: true } as const;
    expect(await evaluator.createSession(attack)).toBe('ImplicitlyDenied');
    expect(await evaluator.withEndpointPolicy(ALLOW_ALL).createSession(attack)).toBe('Allowed');
  });

  test('near miss: a rogue access point of the same account over the app\'s bucket is denied at the endpoint (its access point leg)', async () => {
    const rogue = { principal: WORKLOAD, sessionMode: 'ReadWrite', throughEndpoint: true } as const;
    const arn = `arn:aws:s3express:${REGION}:${ACCOUNT}:accesspoint/rogue--use1-az4--xa-s3`;
    // Bucket policy out of the way: the endpoint alone must deny it.
    const open = evaluator.withBucketPolicy(ALLOW_ALL);
    expect(await open.createSession({ ...rogue, rogueAccessPoint: arn })).toBe('ImplicitlyDenied');
    expect(await open.withEndpointPolicy(ALLOW_ALL).createSession({ ...rogue, rogueAccessPoint: arn })).toBe('Allowed');
  });

  test('attack: an insider with CreateSession on * opens a ReadWrite session straight on the app\'s bucket from the VPC; the endpoint denies it; the unconditioned statement allowed it', async () => {
    const direct = { principal: WORKLOAD, sessionMode: 'ReadWrite', throughEndpoint: true } as const;
    // The library's bucket policy does not stop it (same account: an identity policy suffices), the endpoint does.
    expect(await evaluator.createSession(direct)).toBe('ImplicitlyDenied');
    // Bucket policy out of the way: the endpoint alone denies it.
    expect(await evaluator.withBucketPolicy(ALLOW_ALL).createSession(direct)).toBe('ImplicitlyDenied');
    // The previous shape: one statement, CreateSession on the access points and their buckets, no condition.
    const previous = previousShape(evaluator.endpointPolicy);
    expect(await evaluator.withEndpointPolicy(previous).createSession(direct)).toBe('Allowed');
    // Control: the reader's ReadOnly session through the access point still passes the endpoint (both legs).
    expect(await evaluator.createSession({ principal: READER, sessionMode: 'ReadOnly', accessPoint: 'inside--use1-az4--xa-s3', throughEndpoint: true }))
      .toBe('Allowed');
  });

  test('near miss: the bucket leg of a session through a rogue access point of the same account does not pass the endpoint either', async () => {
    const rogue = `arn:aws:s3express:${REGION}:${ACCOUNT}:accesspoint/rogue--use1-az4--xa-s3`;
    // Only the endpoint's bucket statement is left (its access point statement allowed, as if the rogue were approved):
    // the bucket leg carries the rogue's ARN, which is not an approved access point.
    const policy = evaluator.endpointPolicy;
    const apOnlyOpened = { ...policy, Statement: [...policy.Statement, { Effect: 'Allow', Principal: '*', Action: 's3express:CreateSession', Resource: rogue }] };
    const attack = { principal: WORKLOAD, sessionMode: 'ReadWrite', rogueAccessPoint: rogue, throughEndpoint: true } as const;
    const open = evaluator.withBucketPolicy(ALLOW_ALL).withEndpointPolicy(apOnlyOpened);
    expect(await open.createSession(attack)).toBe('ImplicitlyDenied');
    expect(await open.withEndpointPolicy(previousShape(apOnlyOpened)).createSession(attack)).toBe('Allowed');
  });
});

/**
 * The endpoint policy as the library wrote it before the bucket statement had its condition: the
 * statements of the approved directory access points merged into one, on all their resources, unconditioned.
 */
function previousShape(policy: any): any {
  const ours = policy.Statement.filter((s: any) => s.Action === 's3express:CreateSession');
  const resources = ours.flatMap((s: any) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
  return {
    ...policy,
    Statement: [
      ...policy.Statement.filter((s: any) => !ours.includes(s)),
      { Sid: 'AllowApprovedDirectoryAccessPoints', Effect: 'Allow', Principal: '*', Action: 's3express:CreateSession', Resource: resources },
    ],
  };
}
