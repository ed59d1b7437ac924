/*
 * The compliance preset, proven on the synthesized templates with the independent evaluator: the
 * usual grants still read and write through an access point with the key the preset made (S3 and
 * KMS legs), with near misses denied; the replication roles the preset made can read what they
 * replicate under the object request boundary and the log bucket's lock, which still deny an
 * insider; and without their exemption (the previous shape) the boundary would stop replication.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SharedDataBucket } from '../src';
import { AccessEvaluator, Decision, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { ACCOUNT, PARTITION, REGION, resolveTemplates } from './support/resolve-template';

const BUCKET = 'regulated-data';
const ADMIN = `arn:${PARTITION}:iam::${ACCOUNT}:role/data-admin`;
const INSIDER = `arn:${PARTITION}:iam::${ACCOUNT}:role/insider`;
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

const app = new App();
const stack = new Stack(app, 'Regulated', { env: { account: ACCOUNT, region: REGION } });
const replicaKey = kms.Key.fromKeyArn(stack, 'ReplicaKey', `arn:${PARTITION}:kms:us-west-2:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
const data = new SharedDataBucket(stack, 'Data', {
  bucketName: BUCKET,
  compliance: {
    replicationDestination: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'regulated-replica', region: 'us-west-2', encryptionKey: replicaKey }),
    serverAccessLogsReplicationDestination: s3.Bucket.fromBucketAttributes(stack, 'LogsReplica', { bucketName: 'regulated-logs-replica', region: 'us-west-2' }),
  },
});
const analyst = new iam.Role(stack, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() });
const cleaner = new iam.Role(stack, 'Cleaner', { roleName: 'cleaner', assumedBy: new iam.AccountRootPrincipal() });
const reports = data.addPrefixAccessPoint('Reports', { accessPointName: 'regulated-reports', prefix: 'reports/' });
reports.grantReadWrite(analyst);
reports.grantDelete(cleaner);
data.denyObjectRequestsOutside({ administratorArns: [ADMIN] });

const template = { ...Template.fromStack(stack).toJSON(), account: ACCOUNT };
const evaluator = AccessEvaluator.fromTemplates(template);
const [resolved] = resolveTemplates([template]);
const resources = Object.entries<any>(resolved.Resources!);
const ANALYST = AccessEvaluator.namedRoleArn(ACCOUNT, 'analyst');
const replicationRole = (of: string) => AccessEvaluator.roleArn(resources.find(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.Description === `S3 Replication of ${of}`)![0]);
const DATA_REPLICATION = replicationRole('Regulated/Data');
const LOGS_REPLICATION = replicationRole('Regulated/Data/AccessLogs');
const LOGS_BUCKET = resources.find(([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === BUCKET)![1].Properties.LoggingConfiguration.DestinationBucketName as string;
const policyOf = (bucketName: string) => resources.find(([, r]) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === bucketName)![1].Properties.PolicyDocument;
const keyPolicy = resources.find(([, r]) => r.Type === 'AWS::KMS::Key')![1].Properties.KeyPolicy;

describe('grants through an access point work with the key the preset made', () => {
  test.each([
    ['s3:GetObject', 'reports/2026-q3.csv'],
    ['s3:PutObject', 'reports/2026-q4.csv'],
  ])('control: %s on %s through the access point', async (action, key) => {
    expect(await evaluator.evaluate({ principal: ANALYST, accessPoint: 'regulated-reports', action, key })).toBe('Allowed');
  });

  test.each([
    ['a sibling prefix that shares a string prefix', 's3:GetObject', 'reports-archive/2026-q3.csv'],
    ['another prefix', 's3:PutObject', 'payroll/2026-q3.csv'],
  ])('near miss denied: %s', async (_what, action, key) => {
    expect(await evaluator.evaluate({ principal: ANALYST, accessPoint: 'regulated-reports', action, key })).not.toBe('Allowed');
  });

  test('the grant\'s KMS statements name the key the preset made (never *), through S3, for this bucket', () => {
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [].concat(s.Action).some((a: string) => a.startsWith('kms:')));
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
      expect(s.Condition.StringEquals['kms:ViaService']).toBeDefined();
      expect(s.Condition.StringLike['kms:EncryptionContext:aws:s3:arn']).toBeDefined();
    }
  });

  // The evaluator cannot match kms:EncryptionContext:* (DESIGN.md, "Verifying access"): the statements
  // are evaluated without it; the condition is asserted on the template above.
  const identity = {
    Version: '2012-10-17',
    Statement: evaluator.identityPoliciesOf(ANALYST).flatMap((d: any) => d.Statement).map((s: any) => {
      const copy = JSON.parse(JSON.stringify(s));
      if (copy.Condition?.StringLike) delete copy.Condition.StringLike;
      return copy;
    }),
  };
  const keyArn = identity.Statement.find((s: any) => [].concat(s.Action).includes('kms:Decrypt' as never)).Resource as string;
  const kmsRequest = (action: string, resource: string, context: Record<string, string>) =>
    evaluator.evaluateAction({ principal: ANALYST, action, resource, context, resourcePolicy: keyPolicy, identityPolicy: identity });

  test.each(['kms:Decrypt', 'kms:GenerateDataKey'])('control: %s through S3 with the bucket\'s key, as the key policy and the grant allow', async action => {
    expect(await kmsRequest(action, keyArn, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('Allowed');
  });

  test.each([
    ['a direct KMS call', keyArn, {}],
    ['another service', keyArn, { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` }],
    ['another key of the account', `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/99999999-0000-0000-0000-000000000000`, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }],
  ])('near miss denied: kms:Decrypt by %s', async (_what, resource, context) => {
    expect(await kmsRequest('kms:Decrypt', resource, context as Record<string, string>)).not.toBe('Allowed');
  });
});

/** A request straight to a bucket's resource, with the principal's identity policies. */
function direct(bucketPolicy: any, principal: string, action: string, resource: string, identityPolicies: any[]): Decision {
  return evaluateWithoutContextFiltering({
    principal,
    action,
    resource,
    accountId: ACCOUNT,
    context: { 'aws:SecureTransport': 'true' },
    identityPolicies: identityPolicies.map((policy, i) => ({ name: `p${i}`, policy })),
    resourcePolicy: bucketPolicy,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

/** The bucket policy without the replication role in any exemption: the shape before the preset exempted it. */
function withoutExemption(policy: any, role: string): any {
  const copy = JSON.parse(JSON.stringify(policy));
  for (const s of copy.Statement) {
    const exempt = s.Condition?.ArnNotLike?.['aws:PrincipalArn'];
    if (Array.isArray(exempt)) s.Condition.ArnNotLike['aws:PrincipalArn'] = exempt.filter((a: string) => a !== role);
  }
  return copy;
}

describe.each([
  ['the shared bucket, under the object request boundary', () => DATA_REPLICATION, () => BUCKET],
  ['the server access logs bucket, under its lock', () => LOGS_REPLICATION, () => LOGS_BUCKET],
])('replication of %s', (_what, role, bucket) => {
  const object = () => `arn:${PARTITION}:s3:::${bucket()}/2026/part-0001`;

  test.each(['s3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'])('control: the replication role may %s', action => {
    expect(direct(policyOf(bucket()), role(), action, object(), evaluator.identityPoliciesOf(role()))).toBe('Allowed');
  });

  test('control: the replication role reads the replication configuration and lists the bucket', () => {
    for (const action of ['s3:GetReplicationConfiguration', 's3:ListBucket']) {
      expect(direct(policyOf(bucket()), role(), action, `arn:${PARTITION}:s3:::${bucket()}`, evaluator.identityPoliciesOf(role()))).toBe('Allowed');
    }
  });

  test('denied: the replication role has nothing beyond replication (s3:GetObject, s3:DeleteObjectVersion)', () => {
    for (const action of ['s3:GetObject', 's3:DeleteObjectVersion']) {
      expect(direct(policyOf(bucket()), role(), action, object(), evaluator.identityPoliciesOf(role()))).not.toBe('Allowed');
    }
  });

  test('denied: an insider with s3:* on * still cannot read the same object version', () => {
    expect(direct(policyOf(bucket()), INSIDER, 's3:GetObjectVersionForReplication', object(), [EVERYTHING])).toBe('ExplicitlyDenied');
  });

  test('the previous shape (no exemption for the replication role) stopped replication', () => {
    expect(direct(withoutExemption(policyOf(bucket()), role()), role(), 's3:GetObjectVersionForReplication', object(), evaluator.identityPoliciesOf(role())))
      .toBe('ExplicitlyDenied');
  });
});

describe('residual risks of the preset (docs/threat-model.md, "Compliance preset")', () => {
  const CLEANER = AccessEvaluator.namedRoleArn(ACCOUNT, 'cleaner');
  const version = { 's3:versionid': '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd' };

  test('residual: a DELETE consumer removes a version for good (versioning does not stop it)', async () => {
    expect(await evaluator.evaluate({ principal: CLEANER, accessPoint: 'regulated-reports', action: 's3:DeleteObjectVersion', key: 'reports/2026-q3.csv', context: version }))
      .toBe('Allowed');
  });

  test('control: a READ_WRITE consumer cannot remove a version (its overwrite or delete leaves one)', async () => {
    expect(await evaluator.evaluate({ principal: ANALYST, accessPoint: 'regulated-reports', action: 's3:DeleteObjectVersion', key: 'reports/2026-q3.csv', context: version }))
      .not.toBe('Allowed');
  });

  test('residual: a bucket with a generated name: its replication role trusts S3 for the account (aws:SourceAccount) only', () => {
    const other = new Stack(new App(), 'Generated', { env: { account: ACCOUNT, region: REGION } });
    const key = kms.Key.fromKeyArn(other, 'K', `arn:${PARTITION}:kms:us-west-2:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    new SharedDataBucket(other, 'Data', {
      compliance: { noReplicationReason: 'test', replicationDestination: s3.Bucket.fromBucketAttributes(other, 'R', { bucketName: 'replica', region: 'us-west-2', encryptionKey: key }) },
    });
    const role = Object.values(Template.fromStack(other).findResources('AWS::IAM::Role')).find(r => r.Properties.Description === 'S3 Replication of Generated/Data')!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
  });
  test('residual: nothing is written on the destinations; delete markers are not replicated', () => {
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy')).map(p => JSON.stringify(p.Properties.Bucket));
    expect(policies.some(b => b.includes('replica'))).toBe(false);
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket')).flatMap(b => b.Properties.ReplicationConfiguration?.Rules ?? []);
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.DeleteMarkerReplication).toEqual({ Status: 'Disabled' });
  });
});

/*
 * Attack review of the preset: an insider with iam:PassRole names the replication role in a
 * replication rule of another bucket of the account (to write or hide replicas in the destination),
 * or gets more policies attached to the role and uses its boundary exemption to set an export
 * configuration. Each attack is denied; the controls still pass; the previous shape allowed each.
 */
describe('the replication role cannot be borrowed', () => {
  const trust = () => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role'))
    .find(r => r.Properties.Description === 'S3 Replication of Regulated/Data')!.Properties.AssumeRolePolicyDocument;
  const assume = (policy: any, sourceBucket: string) => evaluateWithoutContextFiltering({
    principal: 's3.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: DATA_REPLICATION,
    accountId: ACCOUNT,
    context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:${PARTITION}:s3:::${sourceBucket}`, 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 's3.amazonaws.com' },
    identityPolicies: [],
    resourcePolicy: resolveTemplates([{ ...template, Resources: { T: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy } } } }])[0].Resources!.T.Properties.PolicyDocument,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
  const previousTrust = () => {
    const copy = JSON.parse(JSON.stringify(trust()));
    delete copy.Statement[0].Condition.ArnEquals;
    return copy;
  };

  test('control: S3 assumes the role to replicate this bucket', () => {
    expect(assume(trust(), BUCKET)).toBe('Allowed');
  });

  test('attack: S3 replicating another bucket of the account cannot assume it (the previous trust let it)', () => {
    expect(assume(trust(), 'insiders-bucket')).not.toBe('Allowed');
    expect(assume(previousTrust(), 'insiders-bucket')).toBe('Allowed');
  });

  test('attack: the role cannot write delete markers into the destination (s3:ReplicateDelete); it still writes replicas', () => {
    const replica = `arn:${PARTITION}:s3:::regulated-replica/2026/part-0001`;
    const identity = evaluator.identityPoliciesOf(DATA_REPLICATION);
    expect(direct(undefined, DATA_REPLICATION, 's3:ReplicateDelete', replica, identity)).not.toBe('Allowed');
    expect(direct(undefined, DATA_REPLICATION, 's3:ReplicateObject', replica, identity)).toBe('Allowed');
  });

  test('attack: with s3:* attached to the role, it still cannot set an export configuration on the bucket (it was exempt before)', () => {
    const bucketArn = `arn:${PARTITION}:s3:::${BUCKET}`;
    for (const action of ['s3:PutReplicationConfiguration', 's3:PutBucketLogging', 's3:PutInventoryConfiguration']) {
      expect(direct(policyOf(BUCKET), DATA_REPLICATION, action, bucketArn, [EVERYTHING])).toBe('ExplicitlyDenied');
      const previous = JSON.parse(JSON.stringify(policyOf(BUCKET)));
      const exportDeny = previous.Statement.find((st: any) => st.Sid === 'DenyExportConfiguration');
      exportDeny.Condition.ArnNotLike['aws:PrincipalArn'] = [...[exportDeny.Condition.ArnNotLike['aws:PrincipalArn']].flat(), DATA_REPLICATION];
      expect(direct(previous, DATA_REPLICATION, action, bucketArn, [EVERYTHING])).toBe('Allowed');
    }
  });
});
