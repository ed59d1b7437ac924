/*
 * Scenario S1 as deployed: the example app's synthesized templates, evaluated by an independent IAM
 * evaluator. Each consumer may use its own prefix through its own access point, and nothing else.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLakeStack } from '../examples/data-lake';
import { AccessEvaluator, S3Request } from './support/access-evaluator';

const app = new App();
const stack = new DataLakeStack(app, 'DataLake');
const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
const arnOf = (role: iam.IRole) => AccessEvaluator.roleArn(Stack.of(role).getLogicalId(role.node.defaultChild as any));

const consumers = [
  { name: 'ec2-consumer', principal: arnOf(stack.ec2Role), prefix: 'sales_event/', other: { accessPoint: 'lambda-consumer', prefix: 'inventory_event/' } },
  { name: 'lambda-consumer', principal: arnOf(stack.inventoryFunction.role!), prefix: 'inventory_event/', other: { accessPoint: 'ec2-consumer', prefix: 'sales_event/' } },
];

describe.each(consumers)('$name', ({ name, principal, prefix, other }) => {
  const own = (r: Omit<S3Request, 'principal' | 'accessPoint'>): S3Request => ({ principal, accessPoint: name, ...r });
  const sibling = `${prefix.slice(0, -1)}_archive/`; // shares the string prefix, not the folder

  test.each([
    ['put in its own prefix', own({ action: 's3:PutObject', key: `${prefix}2026/11/events.json` })],
    ['get in its own prefix', own({ action: 's3:GetObject', key: `${prefix}2026/11/events.json` })],
    ['list its own prefix', own({ action: 's3:ListBucket', listPrefix: prefix })],
    ['list a folder under its own prefix', own({ action: 's3:ListBucket', listPrefix: `${prefix}2026/` })],
  ])('allowed: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });

  test.each([
    ['put in the other consumer\'s prefix', own({ action: 's3:PutObject', key: `${other.prefix}events.json` })],
    ['get in the other consumer\'s prefix', own({ action: 's3:GetObject', key: `${other.prefix}events.json` })],
    ['put in a sibling prefix', own({ action: 's3:PutObject', key: `${sibling}events.json` })],
    ['get in a sibling prefix', own({ action: 's3:GetObject', key: `${sibling}events.json` })],
    ['put at the access point root', own({ action: 's3:PutObject', key: 'events.json' })],
    ['list the access point root', own({ action: 's3:ListBucket', listPrefix: '' })],
    ['list without a prefix', own({ action: 's3:ListBucket' })],
    ['list a sibling prefix', own({ action: 's3:ListBucket', listPrefix: sibling })],
    ['delete in its own prefix (not granted)', own({ action: 's3:DeleteObject', key: `${prefix}events.json` })],
    ['put through the other access point, in its own prefix', { principal, accessPoint: other.accessPoint, action: 's3:PutObject', key: `${prefix}events.json` }],
    ['put through the other access point, in the other prefix', { principal, accessPoint: other.accessPoint, action: 's3:PutObject', key: `${other.prefix}events.json` }],
    ['list through the other access point', { principal, accessPoint: other.accessPoint, action: 's3:ListBucket', listPrefix: other.prefix }],
    ['put straight to the bucket', { principal, action: 's3:PutObject', key: `${prefix}events.json` }],
    ['get straight from the bucket', { principal, action: 's3:GetObject', key: `${prefix}events.json` }],
    ['list the bucket', { principal, action: 's3:ListBucket', listPrefix: prefix }],
  ])('denied: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request as S3Request)).not.toBe('Allowed');
  });
});

test('a principal with no grant is denied through either access point', async () => {
  const stranger = AccessEvaluator.roleArn('SomeOtherRole');
  for (const c of consumers) {
    expect(await evaluator.evaluate({ principal: stranger, accessPoint: c.name, action: 's3:GetObject', key: `${c.prefix}x.json` })).not.toBe('Allowed');
  }
});

test('plain HTTP is denied even through the consumer\'s own access point', async () => {
  const c = consumers[0];
  expect(await evaluator.evaluate({
    principal: c.principal,
    accessPoint: c.name,
    action: 's3:GetObject',
    key: `${c.prefix}x.json`,
    context: { 'aws:SecureTransport': 'false' },
  })).toBe('ExplicitlyDenied');
});

test('the access point policy alone gives each consumer its prefix, as it must for a principal of another account', async () => {
  const resourceOnly = evaluator.withoutIdentityPolicies();
  for (const c of consumers) {
    expect(await resourceOnly.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:PutObject', key: `${c.prefix}x.json` })).toBe('Allowed');
    expect(await resourceOnly.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:ListBucket', listPrefix: c.prefix })).toBe('Allowed');
    expect(await resourceOnly.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:ListBucket', listPrefix: '' })).not.toBe('Allowed');
  }
});

describe('the matrix can fail', () => {
  // Each mutation widens the synthesized policies the way a hand-written one often is; the
  // evaluator must then allow what the matrix above says is denied.
  const c = consumers[0];

  test('a ListBucket without s3:prefix lets the consumer list the access point root', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.accessPointPolicy(c.name)));
    for (const s of policy.Statement) delete s.Condition;
    const widened = evaluator.withAccessPointPolicy(c.name, policy);
    // The identity policy still carries the condition, but the access point policy alone is enough
    // in the same account: the widened resource side lets the list through.
    expect(await widened.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:ListBucket', listPrefix: '' })).toBe('Allowed');
  });

  test('an object resource without the trailing slash lets the consumer into the sibling prefix', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.accessPointPolicy(c.name)).replace('/object/sales_event/*', '/object/sales_event*'));
    const widened = evaluator.withAccessPointPolicy(c.name, policy);
    expect(await widened.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:PutObject', key: 'sales_event_archive/x.json' })).toBe('Allowed');
  });

  test('without the delegation statement nothing gets through the bucket', async () => {
    const tlsOnly = evaluator.bucketPolicy.Statement.filter((s: any) => s.Sid !== 'DelegateAccessControlToAccessPoints');
    const broken = evaluator.withBucketPolicy({ Version: '2012-10-17', Statement: tlsOnly });
    expect(await broken.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:GetObject', key: `${c.prefix}x.json` })).not.toBe('Allowed');
    expect(await evaluator.evaluate({ principal: c.principal, accessPoint: c.name, action: 's3:GetObject', key: `${c.prefix}x.json` })).toBe('Allowed');
  });
});
