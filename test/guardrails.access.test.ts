/*
 * Scenario S6 as deployed: the organization policies synthesized by examples/guardrails.ts, applied
 * to the cross-account scenario (examples/cross-account.ts, whose shared bucket they protect).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNTS, BUCKET_NAME, CrossAccountApp } from '../examples/cross-account';
import { GuardrailsStack, PROTECTED_BUCKET } from '../examples/guardrails';
import { AccessPointGuardrails, OrganizationPolicyType } from '../src';
import { AccessEvaluator } from './support/access-evaluator';
import { REGION } from './support/resolve-template';

const guardrails = new GuardrailsStack(new App(), 'Guardrails');
const policies = Template.fromStack(guardrails).findResources('AWS::Organizations::Policy');
const content = (type: string) => Object.values(policies).find(p => p.Properties.Type === type)!.Properties.Content;
const scp = content('SERVICE_CONTROL_POLICY');
const rcp = content('RESOURCE_CONTROL_POLICY');

const app = new App();
const scenario = new CrossAccountApp(app, 'CrossAccount');
// A data-account administrator whose identity policy reads the bucket directly, around the access points.
const admin = new iam.Role(scenario.dataStack, 'DataAdmin', { roleName: 'data-admin', assumedBy: new iam.AccountRootPrincipal() });
scenario.data.grantRead(admin);
const evaluator = AccessEvaluator.fromStacks(scenario.dataStack, scenario.analyticsStack, scenario.partnerStack);
const adminArn = AccessEvaluator.namedRoleArn(ACCOUNTS.data, 'data-admin');
const reporting = AccessEvaluator.namedRoleArn(ACCOUNTS.analytics, 'partner-reporting');

test('the scenario protects the cross-account scenario\'s bucket', () => {
  expect(BUCKET_NAME).toBe(PROTECTED_BUCKET);
  expect(Template.fromStack(scenario.dataStack).findResources('AWS::S3::Bucket', { Properties: { BucketName: PROTECTED_BUCKET } })).not.toEqual({});
});

describe('SCP: access points must have a VPC network origin', () => {
  const createAccessPoint = (origin: string) => ({
    principal: adminArn,
    action: 's3:CreateAccessPoint',
    resource: `arn:aws:s3:${REGION}:${ACCOUNTS.data}:accesspoint/new-access-point`,
    context: { 's3:AccessPointNetworkOrigin': origin },
    identityPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  });

  test('blocks creating an internet-origin access point', async () => {
    expect(await evaluator.withOrganizationPolicies({ scps: [scp] }).evaluateAction(createAccessPoint('Internet'))).toBe('ExplicitlyDenied');
  });

  test('allows creating a VPC-origin access point', async () => {
    expect(await evaluator.withOrganizationPolicies({ scps: [scp] }).evaluateAction(createAccessPoint('VPC'))).toBe('Allowed');
  });

  test('without it, the internet-origin access point is allowed (the SCP is what blocks it)', async () => {
    expect(await evaluator.evaluateAction(createAccessPoint('Internet'))).toBe('Allowed');
  });
});

describe('RCP: data requests reach the bucket only through access points of approved accounts', () => {
  const guarded = evaluator.withOrganizationPolicies({ rcps: [rcp] });
  const direct = { principal: adminArn, action: 's3:GetObject', key: 'reports/2026-q3.csv' };

  test('without it, the administrator reads the bucket directly', async () => {
    expect(await evaluator.evaluate(direct)).toBe('Allowed');
  });

  test('with it, the same direct read is explicitly denied', async () => {
    expect(await guarded.evaluate(direct)).toBe('ExplicitlyDenied');
  });

  test('reads through an access point of an approved account still pass', async () => {
    expect(await guarded.evaluate({ principal: reporting, accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'reports/2026-q3.csv' })).toBe('Allowed');
  });
});

describe('SCP form of the same guardrail', () => {
  const accessPointsOnly = AccessPointGuardrails.requireAccessPoints({
    policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
    bucketNames: [PROTECTED_BUCKET],
    accessPointAccounts: [ACCOUNTS.data, ACCOUNTS.partner],
  }).toJSON();
  const guarded = evaluator.withOrganizationPolicies({ scps: [accessPointsOnly] });

  test('denies the administrator\'s direct read and keeps the access point', async () => {
    expect(await guarded.evaluate({ principal: adminArn, action: 's3:GetObject', key: 'reports/x.csv' })).toBe('ExplicitlyDenied');
    expect(await guarded.evaluate({ principal: reporting, accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'reports/x.csv' })).toBe('Allowed');
  });
});

describe('SCP: every kind of access point needs a VPC network origin', () => {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3express:*'], Resource: '*' }] };
  // The evaluator fills in no context keys: aws:PrincipalArn is passed as S3 sets it.
  const create = (action: string, resource: string, context: Record<string, string>) => ({
    principal: adminArn, action, resource, context: { 'aws:PrincipalArn': adminArn, ...context }, identityPolicy: allowAll,
  });
  const guarded = evaluator.withOrganizationPolicies({ scps: [scp] });
  const directoryAp = `arn:aws:s3express:${REGION}:${ACCOUNTS.data}:accesspoint/logs--use1-az4--xa-s3`;
  const objectLambdaAp = `arn:aws:s3-object-lambda:${REGION}:${ACCOUNTS.data}:accesspoint/redacting`;
  const multiRegionAp = `arn:aws:s3::${ACCOUNTS.data}:accesspoint/mfzwi23gnjvgw.mrap`;

  test.each([
    ['s3express:CreateAccessPoint (directory bucket)', 's3express:CreateAccessPoint', directoryAp, 's3express:AccessPointNetworkOrigin'],
    ['s3:CreateAccessPointForObjectLambda', 's3:CreateAccessPointForObjectLambda', objectLambdaAp, 's3:AccessPointNetworkOrigin'],
  ])('%s: Internet origin denied, VPC origin allowed, and allowed without the SCP', async (_title, action, resource, key) => {
    expect(await guarded.evaluateAction(create(action, resource, { [key]: 'Internet' }))).toBe('ExplicitlyDenied');
    expect(await guarded.evaluateAction(create(action, resource, { [key]: 'VPC' }))).toBe('Allowed');
    expect(await evaluator.evaluateAction(create(action, resource, { [key]: 'Internet' }))).toBe('Allowed');
  });

  test('a directory bucket access point is judged by its own key: s3:AccessPointNetworkOrigin = VPC does not pass', async () => {
    expect(await guarded.evaluateAction(create('s3express:CreateAccessPoint', directoryAp, { 's3:AccessPointNetworkOrigin': 'VPC' }))).toBe('ExplicitlyDenied');
  });

  test('s3:CreateMultiRegionAccessPoint (no VPC configuration, so no VPC origin) is denied; an exempt principal may', async () => {
    expect(await guarded.evaluateAction(create('s3:CreateMultiRegionAccessPoint', multiRegionAp, {}))).toBe('ExplicitlyDenied');
    expect(await evaluator.evaluateAction(create('s3:CreateMultiRegionAccessPoint', multiRegionAp, {}))).toBe('Allowed');
    const exemptingScp = AccessPointGuardrails.requireVpcNetworkOrigin({ exemptPrincipalArns: [adminArn] }).toJSON();
    const exempting = evaluator.withOrganizationPolicies({ scps: [exemptingScp] });
    expect(await exempting.evaluateAction(create('s3:CreateMultiRegionAccessPoint', multiRegionAp, {}))).toBe('Allowed');
  });
});

describe('RCP: replication writes go around access points, so they are denied unless the replication role is exempt', () => {
  const replicationRole = AccessEvaluator.namedRoleArn(ACCOUNTS.data, 'replication');
  const replicate = (action: string) => ({
    principal: replicationRole,
    action,
    resource: `arn:aws:s3:::${PROTECTED_BUCKET}/reports/x.csv`,
    context: { 'aws:PrincipalArn': replicationRole },
    identityPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: '*' }] },
  });
  const rcpFor = (exemptPrincipalArns?: string[]) => AccessPointGuardrails.requireAccessPoints({
    policyType: OrganizationPolicyType.RESOURCE_CONTROL_POLICY,
    bucketNames: [PROTECTED_BUCKET],
    accessPointAccounts: [ACCOUNTS.data, ACCOUNTS.partner],
    exemptPrincipalArns,
  }).toJSON();

  test.each(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'])('%s: allowed without the RCP, denied with it, allowed for the exempt replication role', async action => {
    expect(await evaluator.evaluateAction(replicate(action))).toBe('Allowed');
    expect(await evaluator.withOrganizationPolicies({ rcps: [rcpFor()] }).evaluateAction(replicate(action))).toBe('ExplicitlyDenied');
    expect(await evaluator.withOrganizationPolicies({ rcps: [rcpFor([replicationRole])] }).evaluateAction(replicate(action))).toBe('Allowed');
  });
});
