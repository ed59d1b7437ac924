/*
 * test/cdk-nag.test.ts for cdk-nag 3, which runs here with the newest aws-cdk-lib. cdk-nag 3 is a
 * policy validation plugin, not an aspect, and has no NagSuppressions: each pack's validateScope()
 * returns the findings, one per rule and finding (`AwsSolutions-IAM5[Resource::...]`). The same rule
 * as in v2 holds: no finding may come from a resource this library creates, except those listed here
 * with their reasons; what the example (the user) creates is the user's.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CrossAccountApp } from '../../../examples/cross-account';
import { DataLakeStack } from '../../../examples/data-lake';
import { ExistingBucketStack } from '../../../examples/existing-bucket';
import { GuardrailsStack } from '../../../examples/guardrails';
import { TaggedRecordsStack } from '../../../examples/tagged';
import { UserFoldersStack } from '../../../examples/user-folders';
import { VpcOnlyStack } from '../../../examples/vpc-only';
import { SharedDataBucket } from '../../../src';

const REGION_ENV = { env: { account: '111111111111', region: 'us-east-1' } };

/** Every example app's stacks, built in an app of their own. */
function exampleStacks(): Stack[] {
  const build: ((app: App) => Stack[])[] = [
    app => [new DataLakeStack(app, 'DataLake')],
    app => [new UserFoldersStack(app, 'UserFolders')],
    app => [new VpcOnlyStack(app, 'VpcOnly', REGION_ENV)],
    app => [new TaggedRecordsStack(app, 'Tagged')],
    app => [new GuardrailsStack(app, 'Guardrails')],
    app => [new ExistingBucketStack(app, 'ExistingBucket')],
    app => {
      const c = new CrossAccountApp(app, 'CrossAccount');
      return [c.dataStack, c.analyticsStack, c.partnerStack];
    },
  ];
  return build.flatMap(b => b(new App()));
}

/** Rules on what the example's author creates and controls, not this library (as in test/cdk-nag.test.ts). */
const USER_CONTROLLED = new Set([
  'AwsSolutions-IAM4', // the example functions' AWS managed basic execution role
  'AwsSolutions-L1', // the example function's runtime
  'AwsSolutions-VPC7', // flow logs of the VPC the example creates
  'AwsSolutions-ECS2', // the example container's environment variables
  'AwsSolutions-S1', // the server access logs target is the user's choice (serverAccessLogsBucket)
]);

/** By design: a grant is on a key prefix, so its object resource ends in `PREFIX*`. Only that is allowed. */
const PREFIX_WILDCARD = /^AwsSolutions-IAM5\[Resource::arn:(<AWS::Partition>|aws):s3:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):accesspoint\/[a-z0-9-]+\/object\/[^*]*\*\]$/;

/** The findings of AwsSolutionsChecks over `scope`, as `RULE at PATH`. */
function findings(scope: Stack): { rule: string; finding: string; at: string }[] {
  return new AwsSolutionsChecks().validateScope(scope).violations.flatMap(v => v.violatingResources.map(r => ({
    rule: v.ruleName.replace(/\[.*$/, ''),
    finding: v.ruleName,
    at: (r as any).constructPath ?? r.resourceLogicalId,
  })));
}

test.each(exampleStacks().map(s => [s.node.path, s]))('%s: no AwsSolutions finding on what the library writes', (_path, stack) => {
  const left = findings(stack).filter(f => !USER_CONTROLLED.has(f.rule) && !PREFIX_WILDCARD.test(f.finding));
  expect(left.map(f => `${f.finding} at ${f.at}`)).toEqual([]);
});

test('the checks run: the data lake has exactly the findings allowed above (this test can fail)', () => {
  const all = findings(new DataLakeStack(new App(), 'Unsuppressed'));
  // No KMS5: the key the bucket makes rotates. No S1: server access logs are on by default, and the
  // log bucket's own S1 is suppressed by the library.
  expect([...new Set(all.map(f => f.rule))].sort()).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1']);
  // The IAM5 findings are the two grants' prefix wildcards, and nothing wider.
  expect(all.filter(f => f.rule === 'AwsSolutions-IAM5').map(f => f.finding).sort()).toEqual([
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:<AWS::Region>:<AWS::AccountId>:accesspoint/ec2-consumer/object/sales_event/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:<AWS::Region>:<AWS::AccountId>:accesspoint/lambda-consumer/object/inventory_event/*]',
  ]);
});

test('with serverAccessLogsBucket, the shared bucket has no S1 finding', () => {
  const stack = new Stack(new App(), 'Logged');
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/' });
  expect(findings(stack).filter(f => f.at.startsWith('Logged/Data/'))).toEqual([]);
});
