/*
 * Scenario S7 as deployed: three stacks in three accounts (examples/cross-account.ts), evaluated
 * together. A principal of another account needs both the access point policy and its own identity
 * policy; the bucket must delegate to the access point's account.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNTS, CrossAccountApp } from '../examples/cross-account';
import { AccessEvaluator } from './support/access-evaluator';

const app = new App();
const scenario = new CrossAccountApp(app, 'CrossAccount');
const evaluator = AccessEvaluator.fromStacks(scenario.dataStack, scenario.analyticsStack, scenario.partnerStack);
const reporting = AccessEvaluator.namedRoleArn(ACCOUNTS.analytics, 'partner-reporting');
const auditor = AccessEvaluator.namedRoleArn(ACCOUNTS.audit, 'auditor');
const ingestRole = scenario.partnerStack.node.findChild('IngestRole') as iam.Role;
const ingest = AccessEvaluator.namedRoleArn(ACCOUNTS.partner, `role-${Stack.of(ingestRole).getLogicalId(ingestRole.node.defaultChild as iam.CfnRole)}`);

describe('a role of the analytics account, through an access point of the data account', () => {
  test('reads reports/: the access point policy and its own identity policy both allow it', async () => {
    expect(await evaluator.evaluate({ principal: reporting, accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'reports/2026-q3.csv' })).toBe('Allowed');
    expect(await evaluator.evaluate({ principal: reporting, accessPoint: 'analytics-reports', action: 's3:ListBucket', listPrefix: 'reports/' })).toBe('Allowed');
  });

  test('without its identity statement the same request is denied (another account must allow it too)', async () => {
    expect(await evaluator.withoutIdentityPolicies().evaluate({ principal: reporting, accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'reports/2026-q3.csv' }))
      .not.toBe('Allowed');
  });

  test.each([
    ['outside reports/', { accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'partner/x.csv' }],
    ['a write', { accessPoint: 'analytics-reports', action: 's3:PutObject', key: 'reports/x.csv' }],
    ['through the partner\'s access point', { accessPoint: 'partner-ingest', action: 's3:GetObject', key: 'partner/x.csv' }],
    ['straight to the bucket', { action: 's3:GetObject', key: 'reports/2026-q3.csv' }],
  ])('denied: %s', async (_what, request) => {
    expect(await evaluator.evaluate({ principal: reporting, ...request })).not.toBe('Allowed');
  });
});

describe('an imported role of an account CDK cannot write to', () => {
  test('is denied, since only the access point policy names it', async () => {
    expect(await evaluator.evaluate({ principal: auditor, accessPoint: 'analytics-reports', action: 's3:GetObject', key: 'reports/2026-q3.csv' })).not.toBe('Allowed');
  });

  test('and synthesis warns with what its account must add', () => {
    Annotations.fromStack(scenario.dataStack).hasWarning('/DataAccount/Shared/Reports', Match.stringLikeRegexp(
      'grant to arn:aws:iam::444444444444:role/auditor is written to this access point\'s policy only.*Account 444444444444 must add: .*s3:GetObject.*accesspoint/analytics-reports/object/reports/\\*'));
  });

  test('no warning for the analytics role, whose identity policy CDK writes', () => {
    const warnings = Annotations.fromStack(scenario.dataStack).findWarning('*', Match.stringLikeRegexp('partner-reporting'));
    expect(warnings).toHaveLength(0);
  });
});

describe('an access point of the partner account over the data account\'s bucket', () => {
  test('names the bucket\'s account', () => {
    expect(scenario.partnerIngest.resource.bucketAccountId).toBe(ACCOUNTS.data);
  });

  test('lets the partner\'s role write partner/', async () => {
    expect(await evaluator.evaluate({ principal: ingest, accessPoint: 'partner-ingest', action: 's3:PutObject', key: 'partner/batch.json' })).toBe('Allowed');
  });

  test.each([
    ['a read (write grant)', { accessPoint: 'partner-ingest', action: 's3:GetObject', key: 'partner/batch.json' }],
    ['outside partner/', { accessPoint: 'partner-ingest', action: 's3:PutObject', key: 'reports/batch.json' }],
    ['straight to the bucket', { action: 's3:PutObject', key: 'partner/batch.json' }],
  ])('denied: %s', async (_what, request) => {
    expect(await evaluator.evaluate({ principal: ingest, ...request })).not.toBe('Allowed');
  });

  test('is denied by the bucket when the bucket does not admit the partner\'s access point', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.bucketPolicy));
    policy.Statement = policy.Statement.filter((s: any) => !s.Condition?.StringEquals?.['s3:DataAccessPointArn']);
    expect(await evaluator.withBucketPolicy(policy).evaluate({ principal: ingest, accessPoint: 'partner-ingest', action: 's3:PutObject', key: 'partner/batch.json' }))
      .not.toBe('Allowed');
  });
});
