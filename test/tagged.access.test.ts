/*
 * Scenario S4 as deployed: reads limited to objects carrying the granted tags, uploads only when
 * they set them (examples/tagged.ts). S3 fills in s3:ExistingObjectTag/KEY from the object and
 * s3:RequestObjectTag/KEY from the upload; the tests pass them as the request context.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TaggedRecordsStack } from '../examples/tagged';
import { AccessEvaluator, S3Request } from './support/access-evaluator';

const stack = new TaggedRecordsStack(new App(), 'TaggedRecords');
const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
const johnDoe = AccessEvaluator.userArn('JohnDoe');
const clerk = AccessEvaluator.userArn('Clerk');
const intake = AccessEvaluator.roleArn(Stack.of(stack).getLogicalId(stack.intakeRole.node.defaultChild as iam.CfnRole));
const existing = (tags: Record<string, string>) => Object.fromEntries(Object.entries(tags).map(([k, v]) => [`s3:ExistingObjectTag/${k}`, v]));
const setting = (tags: Record<string, string>) => Object.fromEntries(Object.entries(tags).map(([k, v]) => [`s3:RequestObjectTag/${k}`, v]));
const at = (r: Omit<S3Request, 'accessPoint'>): S3Request => ({ accessPoint: 'medical-records', ...r });

test.each([
  ['John Doe reads an emergency-room record', at({ principal: johnDoe, action: 's3:GetObject', key: 'records/123.pdf', context: existing({ data: 'emergency-room' }) })],
  ['John Doe reads one that carries other tags besides', at({ principal: johnDoe, action: 's3:GetObject', key: 'records/124.pdf', context: existing({ data: 'emergency-room', ward: 'south' }) })],
  ['John Doe lists records/ (keys are not tag-limited)', at({ principal: johnDoe, action: 's3:ListBucket', listPrefix: 'records/' })],
  ['the clerk reads a north-ward emergency-room record', at({ principal: clerk, action: 's3:GetObject', key: 'records/125.pdf', context: existing({ data: 'emergency-room', ward: 'north' }) })],
  ['intake stores a record tagged data=emergency-room', at({ principal: intake, action: 's3:PutObject', key: 'records/126.pdf', context: setting({ data: 'emergency-room' }) })],
  ['intake aborts a multipart upload (no tags in that request)', at({ principal: intake, action: 's3:AbortMultipartUpload', key: 'records/127.pdf' })],
])('allowed: %s', async (_what, request) => {
  expect(await evaluator.evaluate(request)).toBe('Allowed');
});

test.each([
  ['John Doe reads a cardiology record', at({ principal: johnDoe, action: 's3:GetObject', key: 'records/200.pdf', context: existing({ data: 'cardiology' }) })],
  ['John Doe reads an untagged record', at({ principal: johnDoe, action: 's3:GetObject', key: 'records/201.pdf' })],
  ['John Doe reads an emergency-room object outside records/', at({ principal: johnDoe, action: 's3:GetObject', key: 'other/202.pdf', context: existing({ data: 'emergency-room' }) })],
  ['the clerk reads a south-ward emergency-room record (both tags required)', at({ principal: clerk, action: 's3:GetObject', key: 'records/203.pdf', context: existing({ data: 'emergency-room', ward: 'south' }) })],
  ['the clerk reads a north-ward record without the data tag', at({ principal: clerk, action: 's3:GetObject', key: 'records/204.pdf', context: existing({ ward: 'north' }) })],
  ['intake stores an untagged record', at({ principal: intake, action: 's3:PutObject', key: 'records/205.pdf' })],
  ['intake stores a record with another tag value', at({ principal: intake, action: 's3:PutObject', key: 'records/206.pdf', context: setting({ data: 'cardiology' }) })],
  ['intake reads a record (write grant)', at({ principal: intake, action: 's3:GetObject', key: 'records/207.pdf', context: existing({ data: 'emergency-room' }) })],
])('denied: %s', async (_what, request) => {
  expect(await evaluator.evaluate(request)).not.toBe('Allowed');
});

test('the tag condition is what denies: without it John Doe reads the cardiology record', async () => {
  const policy = JSON.parse(JSON.stringify(evaluator.accessPointPolicy('medical-records')));
  for (const s of policy.Statement) {
    if (s.Condition?.StringEquals) delete s.Condition;
  }
  const request = at({ principal: johnDoe, action: 's3:GetObject', key: 'records/200.pdf', context: existing({ data: 'cardiology' }) });
  expect(await evaluator.withAccessPointPolicy('medical-records', policy).withoutIdentityPolicies().evaluate(request)).toBe('Allowed');
});
