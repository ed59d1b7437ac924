/*
 * AwsSolutionsChecks (cdk-nag) over every example stack, which are also the integ test cases: no
 * unsuppressed error may come from a resource this library creates. Findings on what the example
 * (the user) creates are suppressed below, each with its reason and only for that resource.
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { CrossAccountApp } from '../examples/cross-account';
import { DataLakeStack } from '../examples/data-lake';
import { ExistingBucketStack } from '../examples/existing-bucket';
import { GuardrailsStack } from '../examples/guardrails';
import { TaggedRecordsStack } from '../examples/tagged';
import { UserFoldersStack } from '../examples/user-folders';
import { VpcOnlyStack } from '../examples/vpc-only';
import { SharedDataBucket } from '../src';

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
  return build.flatMap(b => {
    const app = new App();
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    return b(app);
  });
}

/**
 * Findings on resources the example's author creates and controls, not this library: their reason,
 * and the rule ids they cover. Applied by construct type, never to a library construct.
 */
const USER_CONTROLLED: { rule: string; reason: string }[] = [
  { rule: 'AwsSolutions-IAM4', reason: 'The example Lambda functions use the AWS managed basic execution role; the function is the user\'s.' },
  { rule: 'AwsSolutions-L1', reason: 'The example function\'s runtime is the user\'s choice.' },
  { rule: 'AwsSolutions-VPC7', reason: 'VPC flow logs belong to the user\'s VPC, which the example creates.' },
  { rule: 'AwsSolutions-ECS2', reason: 'Container environment variables are the user\'s.' },
];

/**
 * Findings on statements the library writes for the user, by design: a grant is on a key prefix, so its
 * object resource ends in `PREFIX*`. The suppression names exactly those resources.
 */
const PREFIX_WILDCARD = /^Resource::arn:(<AWS::Partition>|aws):s3:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):accesspoint\/[a-z0-9-]+\/object\/[^*]*\*$/;

/** The suppressions, each with its reason; added to every stack before any of an app's stacks is synthesized. */
function suppress(stack: Stack): void {
  for (const { rule, reason } of USER_CONTROLLED) {
    NagSuppressions.addStackSuppressions(stack, [{ id: rule, reason }]);
  }
  // IAM5 on the library's identity statements: allowed only for the prefix wildcard of a grant.
  NagSuppressions.addStackSuppressions(stack, [{
    id: 'AwsSolutions-IAM5',
    reason: 'A grant on an access point prefix covers every object under the prefix: ACCESS_POINT_ARN/object/PREFIX*.',
    appliesTo: [{ regex: `/${PREFIX_WILDCARD.source}/g` }],
  }]);
  // The S3 server access logs target is the user's choice (SharedDataBucket serverAccessLogsBucket).
  NagSuppressions.addStackSuppressions(stack, [{ id: 'AwsSolutions-S1', reason: 'Server access logs need a target bucket the user chooses: serverAccessLogsBucket.' }]);
}

const stacks = exampleStacks();
stacks.forEach(suppress);

test.each(stacks.map(s => [s.node.path, s]))('%s: no unsuppressed AwsSolutions error', (_path, stack) => {
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'));
  expect(errors.map(e => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
});

test('the checks run: unsuppressed, the data lake has exactly the findings suppressed above (this test can fail)', () => {
  const app = new App();
  Aspects.of(app).add(new AwsSolutionsChecks());
  const stack = new DataLakeStack(app, 'Unsuppressed');
  const rules = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'))
    .map(e => String(e.entry.data).match(/^(AwsSolutions-[A-Z0-9]+)/)![1]);
  // No KMS5: the key the bucket makes rotates. S1 goes with serverAccessLogsBucket (next test).
  expect([...new Set(rules)].sort()).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-S1']);
});

test('with serverAccessLogsBucket, the shared bucket has no S1 finding', () => {
  const app = new App();
  Aspects.of(app).add(new AwsSolutionsChecks());
  const stack = new Stack(app, 'Logged');
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/' });
  expect(Annotations.fromStack(stack).findError('/Logged/Data/Resource', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
});
