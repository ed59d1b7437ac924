/*
 * An adopted bucket as deployed (examples/existing-bucket.ts): a plain s3.Bucket of the app with a
 * statement of its own, and access points over it. Evaluated by the independent evaluator: the
 * consumers reach their prefixes through their access points and nothing else, and the bucket's
 * own statement still gives the auditors their direct access.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExistingBucketStack } from '../examples/existing-bucket';
import { AccessPointDelegation, PrefixAccessPoint } from '../src';
import { AccessEvaluator, S3Request } from './support/access-evaluator';

const stack = new ExistingBucketStack(new App(), 'ExistingBucket');
const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
const arnOf = (role: iam.IRole) => AccessEvaluator.roleArn(Stack.of(role).getLogicalId(role.node.defaultChild as any));
const ingest = arnOf(stack.ingestFunction.role!);
const analyst = arnOf(stack.analystRole);
const auditor = arnOf(stack.auditRole);

test.each<[string, S3Request]>([
  ['the function uploads to incoming/ through lake-ingest', { principal: ingest, accessPoint: 'lake-ingest', action: 's3:PutObject', key: 'incoming/a.json' }],
  ['the analyst reads reports/ through lake-reports', { principal: analyst, accessPoint: 'lake-reports', action: 's3:GetObject', key: 'reports/q3.csv' }],
  ['the analyst lists reports/ through lake-reports', { principal: analyst, accessPoint: 'lake-reports', action: 's3:ListBucket', listPrefix: 'reports/' }],
  ['the auditor still reads audit/ straight from the bucket (its own statement)', { principal: auditor, action: 's3:GetObject', key: 'audit/2026.log' }],
])('allowed: %s', async (_what, request) => {
  expect(await evaluator.evaluate(request)).toBe('Allowed');
});

test.each<[string, S3Request]>([
  ['the function reads incoming/ (write only)', { principal: ingest, accessPoint: 'lake-ingest', action: 's3:GetObject', key: 'incoming/a.json' }],
  ['the function uploads to a sibling prefix', { principal: ingest, accessPoint: 'lake-ingest', action: 's3:PutObject', key: 'incoming_old/a.json' }],
  ['the function uploads through the other access point', { principal: ingest, accessPoint: 'lake-reports', action: 's3:PutObject', key: 'reports/a.json' }],
  ['the function uploads straight to the bucket', { principal: ingest, action: 's3:PutObject', key: 'incoming/a.json' }],
  ['the analyst reads audit/ through its access point', { principal: analyst, accessPoint: 'lake-reports', action: 's3:GetObject', key: 'audit/2026.log' }],
  ['the analyst lists the access point root', { principal: analyst, accessPoint: 'lake-reports', action: 's3:ListBucket', listPrefix: '' }],
  ['the analyst reads straight from the bucket', { principal: analyst, action: 's3:GetObject', key: 'reports/q3.csv' }],
  ['the auditor reads outside audit/ straight from the bucket', { principal: auditor, action: 's3:GetObject', key: 'reports/q3.csv' }],
  ['the auditor reads through an access point (no grant there)', { principal: auditor, accessPoint: 'lake-reports', action: 's3:GetObject', key: 'reports/q3.csv' }],
])('denied: %s', async (_what, request) => {
  expect(await evaluator.evaluate(request)).not.toBe('Allowed');
});

test('the delegation statement is what admits the access points: without it the bucket denies them', async () => {
  const template = Template.fromStack(stack).toJSON();
  for (const r of Object.values<any>(template.Resources)) {
    if (r.Type === 'AWS::S3::BucketPolicy') {
      r.Properties.PolicyDocument.Statement = r.Properties.PolicyDocument.Statement.filter((s: any) => s.Sid !== 'DelegateAccessControlToAccessPoints');
    }
  }
  const withoutDelegation = AccessEvaluator.fromTemplates(template);
  expect(await withoutDelegation.evaluate({ principal: analyst, accessPoint: 'lake-reports', action: 's3:GetObject', key: 'reports/q3.csv' })).not.toBe('Allowed');
  expect(await withoutDelegation.evaluate({ principal: auditor, action: 's3:GetObject', key: 'audit/2026.log' })).toBe('Allowed');
});

test('an imported bucket: the statement rendered for its owner, once applied, admits the consumer', async () => {
  const app = new App();
  const consumerStack = new Stack(app, 'Consumer');
  const legacy = s3.Bucket.fromBucketName(consumerStack, 'Legacy', 'corp-legacy-archive');
  const reader = new PrefixAccessPoint(consumerStack, 'Reader', { bucket: legacy, accessPointName: 'legacy-reader', prefix: 'archive/' });
  const role = new iam.Role(consumerStack, 'Reader Role', { assumedBy: new iam.AccountRootPrincipal() });
  reader.grantRead(role);
  // The owner's side, as its team would apply it: the exact document the library exposes.
  const ownerStack = new Stack(app, 'Owner');
  new s3.CfnBucketPolicy(ownerStack, 'Applied', {
    bucket: 'corp-legacy-archive',
    policyDocument: consumerStack.resolve(AccessPointDelegation.of(legacy).policyDocument.toJSON()),
  });
  const applied = AccessEvaluator.fromTemplates(Template.fromStack(consumerStack).toJSON(), Template.fromStack(ownerStack).toJSON());
  const principal = arnOf(role);
  expect(await applied.evaluate({ principal, accessPoint: 'legacy-reader', action: 's3:GetObject', key: 'archive/1999.tar' })).toBe('Allowed');
  expect(await applied.evaluate({ principal, accessPoint: 'legacy-reader', action: 's3:GetObject', key: 'other/1999.tar' })).not.toBe('Allowed');
  expect(await applied.evaluate({ principal, action: 's3:GetObject', key: 'archive/1999.tar' })).not.toBe('Allowed');
});
