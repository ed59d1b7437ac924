/*
 * Threat model, VPC workload: can an access point that this app did not make carry data out of the
 * VPC through its S3 gateway endpoint? Scenario S3 (examples/vpc-only.ts) as deployed, with an
 * insider in the VPC whose identity policy allows s3:* on everything: only the endpoint policy
 * stands between it and a bucket outside.
 *
 * S3 checks the endpoint policy against the access point and against the bucket behind it
 * (user guide, "Creating access points restricted to a virtual private cloud"), so the endpoint
 * statement of EndpointApproval.accounts() names the trusted buckets: an access point of an
 * approved account over a foreign bucket is denied on the bucket leg.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { VpcOnlyStack } from '../examples/vpc-only';
import { EndpointApproval } from '../src';
import { AccessEvaluator, S3Request } from './support/access-evaluator';
import { ACCOUNT, REGION } from './support/resolve-template';

function synth(endpointApproval?: EndpointApproval) {
  const stack = new VpcOnlyStack(new App(), 'VpcOnly', { env: { region: REGION }, endpointApproval });
  const roleArn = (role: iam.IRole) => AccessEvaluator.roleArn(Stack.of(role).getLogicalId(role.node.defaultChild as iam.CfnRole));
  // An insider: a principal of the approved account, running in the VPC, that may do anything in S3.
  const insider = new iam.Role(stack, 'InsiderRole', { assumedBy: new iam.AccountRootPrincipal() });
  insider.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  const vpc = stack.getLogicalId(stack.vpc.node.defaultChild as any);
  return {
    evaluator,
    vpc,
    bucketName: evaluator.bucketName,
    insider: roleArn(insider),
    app: roleArn(stack.appRole),
    ingest: roleArn(stack.ingestRole),
    partner: roleArn(stack.partnerRole),
  };
}

/** An access point the insider made in the approved account (ACCOUNT), not in the templates. */
const INSIDER_AP = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/exfil`;
/** A bucket of the insider's own account outside (999999999999): its policy admits the access point. */
const ATTACKER_BUCKET = 'attacker-bucket';

describe('EndpointApproval.accounts(): an insider exfiltrates through its own access point over a foreign bucket', () => {
  const { evaluator, vpc, insider, app, ingest, partner, bucketName } = synth(EndpointApproval.accounts());
  const fromVpc = (r: S3Request): S3Request => ({ ...r, fromVpc: vpc });
  const upload = fromVpc({ principal: insider, foreignAccessPoint: INSIDER_AP, foreignBucket: ATTACKER_BUCKET, action: 's3:PutObject', key: 'dump/records.csv' });

  test.each([
    ['uploads through it', upload],
    ['reads through it', { ...upload, action: 's3:GetObject' }],
    ['lists through it', { ...upload, action: 's3:ListBucket', key: undefined }],
  ])('attack: the insider, from the VPC, %s: denied', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('ImplicitlyDenied');
  });

  test('the endpoint\'s bucket leg is what denies it: the access point leg alone passes, and a full-access endpoint lets the upload through', async () => {
    const { foreignBucket: _, ...accessPointLegOnly } = upload;
    expect(await evaluator.evaluate(accessPointLegOnly)).toBe('Allowed');
    expect(await evaluator.withoutEndpointPolicies().evaluate(upload)).toBe('Allowed');
  });

  test('the test can fail: with the previous statement shape (Resource "*"), the same upload passes the endpoint', async () => {
    const policy = evaluator.endpointPolicy(vpc);
    const previous = {
      ...policy,
      Statement: policy.Statement.map((s: any) => (s.Sid === 'AllowAccessPointsOfApprovedAccounts' ? { ...s, Resource: '*' } : s)),
    };
    expect(await evaluator.withEndpointPolicy(vpc, previous).evaluate(upload)).toBe('Allowed');
  });

  test.each([
    ['the app reads app/ through its VPC-only access point', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/config.json' })],
    ['the app lists app/', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:ListBucket', listPrefix: 'app/' })],
    ['the ingest job writes incoming/ through its VPC-only access point', fromVpc({ principal: ingest, accessPoint: 'app-ingest', action: 's3:PutObject', key: 'incoming/batch-1.csv' })],
    ['the partner, from the VPC, through the internet access point of the same account over the same bucket', fromVpc({ principal: partner, accessPoint: 'partners', action: 's3:PutObject', key: 'shared/offer.pdf' })],
    ['ECR image layers (allowance)', fromVpc({ principal: app, foreignBucket: `prod-${REGION}-starport-layer-bucket`, action: 's3:GetObject', key: 'sha256/abc' })],
    ['Amazon Linux repositories (allowance)', fromVpc({ principal: app, foreignBucket: `al2023-repos-${REGION}-de612dc2`, action: 's3:GetObject', key: 'core/mirrors/latest' })],
  ])('control: %s: allowed', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });

  test.each([
    ['an access point of an account that is not approved, over the trusted bucket', fromVpc({ principal: insider, foreignAccessPoint: `arn:aws:s3:${REGION}:999999999999:accesspoint/exfil`, foreignBucket: bucketName, action: 's3:GetObject', key: 'app/config.json' })],
    ['the insider writes to the ECR bucket (the allowance is read-only)', fromVpc({ principal: insider, foreignBucket: `prod-${REGION}-starport-layer-bucket`, action: 's3:PutObject', key: 'x' })],
    ['the insider goes straight to the foreign bucket', fromVpc({ principal: insider, foreignBucket: ATTACKER_BUCKET, action: 's3:PutObject', key: 'x' })],
  ])('near miss: %s: denied', async (_what, request) => {
    expect(await evaluator.evaluate(request)).not.toBe('Allowed');
  });

  test('residual risk: the insider\'s own access point over the trusted bucket passes the endpoint (the bucket policy decides; only ACCESS_POINT excludes it)', async () => {
    expect(await evaluator.evaluate(fromVpc({ ...upload, foreignBucket: bucketName }))).toBe('Allowed');
  });
});

describe('EndpointApproval.accounts() with trustedBucketNames', () => {
  const { evaluator, vpc, insider } = synth(EndpointApproval.accounts(undefined, { trustedBucketNames: ['team-archive'] }));
  const through = (bucket: string): S3Request =>
    ({ principal: insider, fromVpc: vpc, foreignAccessPoint: INSIDER_AP, foreignBucket: bucket, action: 's3:PutObject', key: 'x' });

  test('an access point of the approved account over a listed bucket passes the endpoint', async () => {
    expect(await evaluator.evaluate(through('team-archive'))).toBe('Allowed');
  });

  test.each([ATTACKER_BUCKET, 'team-archive-2', 'team-archiv'])('over %s (not listed): denied', async (bucket) => {
    expect(await evaluator.evaluate(through(bucket))).toBe('ImplicitlyDenied');
  });
});

describe('EndpointApproval.ACCESS_POINT (the default)', () => {
  const { evaluator, vpc, insider, app, bucketName } = synth();
  const fromVpc = (r: S3Request): S3Request => ({ ...r, fromVpc: vpc });

  test('the insider\'s own access point, over any bucket, is denied on the access point leg (its ARN is not listed)', async () => {
    for (const bucket of [ATTACKER_BUCKET, bucketName]) {
      expect(await evaluator.evaluate(fromVpc({ principal: insider, foreignAccessPoint: INSIDER_AP, foreignBucket: bucket, action: 's3:PutObject', key: 'x' })))
        .toBe('ImplicitlyDenied');
    }
  });

  test('control: the app reads through its VPC-only access point', async () => {
    expect(await evaluator.evaluate(fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/config.json' }))).toBe('Allowed');
  });

  test('residual risk: an access point deleted and made again under the same name over a foreign bucket would pass (its bucket leg is not restricted)', async () => {
    const sameName = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/app-reader`;
    expect(await evaluator.evaluate(fromVpc({ principal: insider, foreignAccessPoint: sameName, foreignBucket: ATTACKER_BUCKET, action: 's3:PutObject', key: 'x' })))
      .toBe('Allowed');
  });
});
