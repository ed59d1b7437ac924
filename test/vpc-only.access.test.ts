/*
 * Scenario S3 as deployed: VPC-only access points behind the VPC's S3 gateway endpoint, evaluated
 * with the endpoint policy, the access point policies and the bucket policy of the synthesized
 * template, in both endpoint approval modes.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { VpcOnlyStack } from '../examples/vpc-only';
import { EndpointApproval } from '../src';
import { AccessEvaluator, S3Request } from './support/access-evaluator';
import { REGION } from './support/resolve-template';

function synth(props: ConstructorParameters<typeof VpcOnlyStack>[2] = {}) {
  const stack = new VpcOnlyStack(new App(), 'VpcOnly', { env: { region: REGION }, ...props });
  const roleArn = (role: iam.IRole) => AccessEvaluator.roleArn(Stack.of(role).getLogicalId(role.node.defaultChild as iam.CfnRole));
  const vpc = stack.getLogicalId(stack.vpc.node.defaultChild as any);
  const admin = new iam.Role(stack, 'AdminRole', { assumedBy: new iam.AccountRootPrincipal() });
  stack.data.grantRead(admin); // straight on the bucket, around every access point
  return {
    evaluator: AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON()),
    vpc,
    app: roleArn(stack.appRole),
    ingest: roleArn(stack.ingestRole),
    partner: roleArn(stack.partnerRole),
    admin: roleArn(admin),
  };
}

const FOREIGN_AP = `arn:aws:s3:${REGION}:222222222222:accesspoint/elsewhere`;

describe('endpoint approves the listed access points (default)', () => {
  const { evaluator, vpc, app, ingest, partner, admin } = synth();
  const fromVpc = (r: S3Request): S3Request => ({ ...r, fromVpc: vpc });

  test.each([
    ['the app reads app/ through its VPC-only access point', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/config.json' })],
    ['the app lists app/', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:ListBucket', listPrefix: 'app/' })],
    ['the ingest job writes incoming/ through the other VPC-only access point (same endpoint)', fromVpc({ principal: ingest, accessPoint: 'app-ingest', action: 's3:PutObject', key: 'incoming/batch-1.csv' })],
    ['the partner uses its internet access point from outside the VPC', { principal: partner, accessPoint: 'partners', action: 's3:PutObject', key: 'shared/offer.pdf' }],
    ['ECR image layers pass the endpoint (preset)', fromVpc({ principal: app, foreignBucket: `prod-${REGION}-starport-layer-bucket`, action: 's3:GetObject', key: 'sha256/abc' })],
    ['Amazon Linux repositories pass the endpoint (preset)', fromVpc({ principal: app, foreignBucket: `al2023-repos-${REGION}-de612dc2`, action: 's3:GetObject', key: 'core/mirrors/latest' })],
  ])('allowed: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });

  test.each([
    ['the app, from outside the VPC, through its VPC-only access point', { principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/config.json' }],
    ['the app reads outside app/', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'incoming/batch-1.csv' })],
    ['the app writes app/ (read grant only)', fromVpc({ principal: app, accessPoint: 'app-reader', action: 's3:PutObject', key: 'app/config.json' })],
    ['the app reads through the ingest access point', fromVpc({ principal: app, accessPoint: 'app-ingest', action: 's3:GetObject', key: 'incoming/batch-1.csv' })],
    ['the partner, from the VPC, through its internet access point (not approved by the endpoint)', fromVpc({ principal: partner, accessPoint: 'partners', action: 's3:PutObject', key: 'shared/offer.pdf' })],
    ['from the VPC, through an access point of another account', fromVpc({ principal: app, foreignAccessPoint: FOREIGN_AP, action: 's3:GetObject', key: 'app/config.json' })],
    ['from the VPC, straight to the bucket', fromVpc({ principal: app, action: 's3:GetObject', key: 'app/config.json' })],
    ['from the VPC, another bucket (no preset)', fromVpc({ principal: app, foreignBucket: 'someone-elses-bucket', action: 's3:GetObject', key: 'x' })],
    ['from the VPC, a write to the ECR bucket (preset is read-only)', fromVpc({ principal: app, foreignBucket: `prod-${REGION}-starport-layer-bucket`, action: 's3:PutObject', key: 'x' })],
    ['an identity policy on the bucket, from outside the VPC (the bucket denies)', { principal: admin, action: 's3:GetObject', key: 'app/config.json' }],
    ['an identity policy on the bucket, from the VPC (the endpoint denies)', fromVpc({ principal: admin, action: 's3:GetObject', key: 'app/config.json' })],
  ])('denied: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request as S3Request)).not.toBe('Allowed');
  });

  test('the endpoint policy is what denies them: with a full-access endpoint, the same requests pass', async () => {
    const open = evaluator.withoutEndpointPolicies();
    expect(await open.evaluate(fromVpc({ principal: partner, accessPoint: 'partners', action: 's3:PutObject', key: 'shared/offer.pdf' }))).toBe('Allowed');
    expect(await open.evaluate(fromVpc({ principal: admin, action: 's3:GetObject', key: 'app/config.json' }))).toBe('Allowed');
    expect(await open.evaluate(fromVpc({ principal: app, foreignBucket: 'someone-elses-bucket', action: 's3:GetObject', key: 'x' }))).toBe('Allowed');
  });

  test('the VPC-only access point refuses requests from outside its VPC by network origin', async () => {
    expect(await evaluator.evaluate({ principal: app, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/x' })).toBe('NetworkOriginDenied');
  });
});

describe('endpoint approves every access point of the account', () => {
  const { evaluator, vpc, app, partner } = synth({ endpointApproval: EndpointApproval.accounts() });

  test('the partner, from the VPC, through the internet access point of the same account: allowed', async () => {
    expect(await evaluator.evaluate({ principal: partner, fromVpc: vpc, accessPoint: 'partners', action: 's3:GetObject', key: 'shared/offer.pdf' })).toBe('Allowed');
  });

  test('the app, from the VPC, through its own access point: allowed', async () => {
    expect(await evaluator.evaluate({ principal: app, fromVpc: vpc, accessPoint: 'app-reader', action: 's3:GetObject', key: 'app/x' })).toBe('Allowed');
  });

  test('an access point of another account, or the bucket itself, from the VPC: denied', async () => {
    expect(await evaluator.evaluate({ principal: app, fromVpc: vpc, foreignAccessPoint: FOREIGN_AP, action: 's3:GetObject', key: 'x' })).not.toBe('Allowed');
    expect(await evaluator.evaluate({ principal: app, fromVpc: vpc, action: 's3:GetObject', key: 'app/x' })).not.toBe('Allowed');
  });
});

describe('the bucket deny is what stops identity policies on the bucket', () => {
  test('without it, a same-account identity policy on the bucket reads objects around the access points', async () => {
    const { evaluator, admin } = synth({ denyOutside: false });
    expect(await evaluator.evaluate({ principal: admin, action: 's3:GetObject', key: 'app/config.json' })).toBe('Allowed');
  });

  test('with it, the same request is explicitly denied, while the access points still work', async () => {
    const { evaluator, admin, partner } = synth();
    expect(await evaluator.evaluate({ principal: admin, action: 's3:GetObject', key: 'app/config.json' })).toBe('ExplicitlyDenied');
    expect(await evaluator.evaluate({ principal: partner, accessPoint: 'partners', action: 's3:GetObject', key: 'shared/x' })).toBe('Allowed');
  });
});
