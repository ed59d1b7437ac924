/*
 * The access matrix of directory bucket access points, evaluated by @cloud-copilot/iam-simulate on the
 * synthesized access point policies, identity policies and bucket policy (test/support/directory-evaluator.ts
 * says how the two legs compose). A session is one s3express:CreateSession request: what the session
 * then allows is bounded by its mode and the access point's Scope, which S3 checks per object request
 * and the evaluator cannot model (asserted on the templates in directory-bucket-access-point.test.ts;
 * docs/threat-model.md, "Directory buckets").
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DirectoryBucketAccessPoint, SharedDirectoryBucket } from '../src';
import { DirectoryEvaluator } from './support/directory-evaluator';

const ACCOUNT = '111111111111';
const PARTNER = '222222222222';
const OUTSIDER = '333333333333';
const REGION = 'us-east-1';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const apArn = (account: string, name: string) => `arn:aws:s3express:${REGION}:${account}:accesspoint/${name}`;

/** A bucket with a read access point and a write access point, and a partner's access point over it. */
function build() {
  const app = new App();
  const stack = new Stack(app, 'Fast', { env: { account: ACCOUNT, region: REGION } });
  const bucket = new SharedDirectoryBucket(stack, 'Bucket', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', accessPointAccounts: [ACCOUNT, PARTNER] });
  const reader = new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
  const writer = new iam.Role(stack, 'Writer', { roleName: 'writer', assumedBy: new iam.AccountRootPrincipal() });
  new DirectoryBucketAccessPoint(stack, 'Reports', { bucket, accessPointName: 'reports--use1-az4--xa-s3', prefixes: ['reports/'] }).grantRead(reader);
  new DirectoryBucketAccessPoint(stack, 'Ingest', { bucket, accessPointName: 'ingest--use1-az4--xa-s3', prefixes: ['ingest/'] }).grantWrite(writer);

  const partnerStack = new Stack(app, 'Partner', { env: { account: PARTNER, region: REGION } });
  const analyst = new iam.Role(partnerStack, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() });
  new DirectoryBucketAccessPoint(partnerStack, 'Share', { bucket, accessPointName: 'share--use1-az4--xa-s3', prefixes: ['share/'] }).grantRead(analyst);
  return DirectoryEvaluator.fromStacks(stack, partnerStack);
}

const evaluator = build();
const READER = role(ACCOUNT, 'reader');
const WRITER = role(ACCOUNT, 'writer');
const ANALYST = role(PARTNER, 'analyst');
const createSessionAnywhere = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3express:CreateSession', Resource: '*' }] };

describe('directory bucket access points: who may create a session', () => {
  test.each([
    ['the reader, ReadOnly, through its access point', READER, 'ReadOnly', 'reports--use1-az4--xa-s3', 'Allowed'],
    ['the reader, ReadWrite, through its access point (a READ grant is ReadOnly)', READER, 'ReadWrite', 'reports--use1-az4--xa-s3', 'ImplicitlyDenied'],
    ['the reader, through the other access point', READER, 'ReadOnly', 'ingest--use1-az4--xa-s3', 'ImplicitlyDenied'],
    ['the writer, ReadWrite, through its access point', WRITER, 'ReadWrite', 'ingest--use1-az4--xa-s3', 'Allowed'],
    ['the writer, ReadOnly, through its access point (a ReadOnly session allows less)', WRITER, 'ReadOnly', 'ingest--use1-az4--xa-s3', 'Allowed'],
    ['the writer, through the reader\'s access point', WRITER, 'ReadOnly', 'reports--use1-az4--xa-s3', 'ImplicitlyDenied'],
    ['another role of the account, no grant', role(ACCOUNT, 'other'), 'ReadOnly', 'reports--use1-az4--xa-s3', 'ImplicitlyDenied'],
    ['the partner\'s analyst, ReadOnly, through the partner\'s access point', ANALYST, 'ReadOnly', 'share--use1-az4--xa-s3', 'Allowed'],
    ['the partner\'s analyst, ReadWrite, through the partner\'s access point', ANALYST, 'ReadWrite', 'share--use1-az4--xa-s3', 'ImplicitlyDenied'],
    ['the partner\'s analyst, through an access point of the bucket\'s account', ANALYST, 'ReadOnly', 'reports--use1-az4--xa-s3', 'ImplicitlyDenied'],
  ] as const)('%s: %s', async (_what, principal, sessionMode, accessPoint, expected) => {
    expect(await evaluator.createSession({ principal, sessionMode, accessPoint })).toBe(expected);
  });

  test('straight on the bucket ARN, not through an access point: denied to the grantees (the delegation needs an access point)', async () => {
    for (const principal of [READER, WRITER, ANALYST]) {
      for (const sessionMode of ['ReadOnly', 'ReadWrite'] as const) {
        expect(await evaluator.createSession({ principal, sessionMode })).toBe('ImplicitlyDenied');
      }
    }
    // Even with CreateSession on * in its identity policy, a principal of another account is denied by the bucket policy.
    expect(await evaluator.withIdentityPolicy(role(OUTSIDER, 'x'), createSessionAnywhere).createSession({ principal: role(OUTSIDER, 'x'), sessionMode: 'ReadOnly' }))
      .toBe('ImplicitlyDenied');
  });

  test('an access point of an account the bucket does not delegate to: denied by the bucket, whatever its own policy says', async () => {
    const outsider = role(OUTSIDER, 'x');
    const withIdentity = evaluator.withIdentityPolicy(outsider, createSessionAnywhere);
    expect(await withIdentity.createSession({ principal: outsider, sessionMode: 'ReadOnly', rogueAccessPoint: apArn(OUTSIDER, 'rogue--use1-az4--xa-s3') }))
      .toBe('ImplicitlyDenied');
  });

  test('the partner cannot widen its access point past the bucket: a second access point, a wider Scope, a ReadWrite session, no Scope', async () => {
    const partnerCaller = role(PARTNER, 'x');
    const partner = evaluator.withIdentityPolicy(partnerCaller, createSessionAnywhere);
    // A second access point of the partner account: not admitted (the bucket pins the partner's by ARN).
    expect(await partner.createSession({ principal: partnerCaller, sessionMode: 'ReadOnly', rogueAccessPoint: apArn(PARTNER, 'second--use1-az4--xa-s3') }))
      .toBe('ImplicitlyDenied');
    // Its own access point, its policy rewritten to allow everyone everything:
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    const rewritten = partner.withAccessPointPolicy('share--use1-az4--xa-s3', allowAll);
    const share = { principal: partnerCaller, accessPoint: 'share--use1-az4--xa-s3' } as const;
    expect(await rewritten.createSession({ ...share, sessionMode: 'ReadOnly' })).toBe('Allowed');
    // ... a ReadWrite session: denied (the app grants READ only through it);
    expect(await rewritten.createSession({ ...share, sessionMode: 'ReadWrite' })).toBe('ImplicitlyDenied');
    // ... its Scope widened to upload or delete: denied;
    expect(await rewritten.withScopePermissions('share--use1-az4--xa-s3', ['GetObject', 'PutObject']).createSession({ ...share, sessionMode: 'ReadOnly' }))
      .toBe('ImplicitlyDenied');
    expect(await rewritten.withScopePermissions('share--use1-az4--xa-s3', ['DeleteObject']).createSession({ ...share, sessionMode: 'ReadOnly' }))
      .toBe('ImplicitlyDenied');
    // ... its Scope's permissions removed (every operation): denied by the Null guard,
    const unscoped = rewritten.withScopePermissions('share--use1-az4--xa-s3', []);
    expect(await unscoped.createSession({ ...share, sessionMode: 'ReadOnly' })).toBe('ImplicitlyDenied');
    // which decides: without it, ForAllValues matches the request that has no s3express:Permissions at all.
    const withoutGuard = {
      ...evaluator.bucketPolicy,
      Statement: evaluator.bucketPolicy.Statement.map((st: any) => {
        const { Null: _, ...conditions } = st.Condition;
        return { ...st, Condition: conditions };
      }),
    };
    expect(await unscoped.withBucketPolicy(withoutGuard).createSession({ ...share, sessionMode: 'ReadOnly' })).toBe('Allowed');
  });

  test('the tested policies decide: without the delegation, or without the access point policy, the reader is denied', async () => {
    const request = { principal: READER, sessionMode: 'ReadOnly', accessPoint: 'reports--use1-az4--xa-s3' } as const;
    expect(await evaluator.createSession(request)).toBe('Allowed');
    expect(await evaluator.withBucketPolicy(undefined).createSession(request)).toBe('ImplicitlyDenied');
    // Same account: the identity policy alone would do, so both sides must go to prove the access point policy's part.
    expect(await evaluator.withoutIdentityPolicies().createSession(request)).toBe('Allowed');
    expect(await evaluator.withoutIdentityPolicies().withAccessPointPolicy('reports--use1-az4--xa-s3', undefined).createSession(request)).toBe('ImplicitlyDenied');
    // The partner's session crosses accounts at the bucket: without the delegation, it is denied.
    const partner = { principal: ANALYST, sessionMode: 'ReadOnly', accessPoint: 'share--use1-az4--xa-s3' } as const;
    expect(await evaluator.createSession(partner)).toBe('Allowed');
    expect(await evaluator.withBucketPolicy(undefined).createSession(partner)).toBe('ImplicitlyDenied');
  });

  test('residual risk (docs/threat-model.md): an insider with CreateSession on * may use any access point of the account, within its Scope', async () => {
    const insider = role(ACCOUNT, 'insider');
    const broad = evaluator.withIdentityPolicy(insider, createSessionAnywhere);
    expect(await broad.createSession({ principal: insider, sessionMode: 'ReadWrite', accessPoint: 'reports--use1-az4--xa-s3' })).toBe('Allowed');
    expect(await broad.createSession({ principal: insider, sessionMode: 'ReadWrite', rogueAccessPoint: apArn(ACCOUNT, 'mine--use1-az4--xa-s3') })).toBe('Allowed');
    // And on the bucket itself, around every access point: a same-account caller needs only its
    // identity policy. Control: the grantees, without CreateSession on *, are denied there (above).
    expect(await broad.createSession({ principal: insider, sessionMode: 'ReadWrite' })).toBe('Allowed');
  });

  test('the bucket policy names CreateSession only: nothing of bucket management is allowed to everyone', () => {
    const actions = evaluator.bucketPolicy.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(new Set(actions)).toEqual(new Set(['s3express:CreateSession']));
    // One statement for the bucket's own account, one for the partner's access point.
    expect(evaluator.bucketPolicy.Statement).toHaveLength(2);
  });
});
