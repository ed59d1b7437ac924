/*
 * The AWS Security Hub controls that the library's defaults address, each asserted on the template
 * of a SharedDataBucket with an access point, made with no security-related prop at all.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SharedDataBucket, SharedDataBucketProps } from '../src';

const ALL_BLOCKED = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

function template(props: SharedDataBucketProps = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const data = new SharedDataBucket(stack, 'Data', props);
  data.addPrefixAccessPoint('Internet', { accessPointName: 'internet-ap', prefix: 'a/' });
  data.addVpcOnlyAccessPoint('Vpc', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }), accessPointName: 'vpc-ap', prefix: 'b/' });
  return { stack, t: Template.fromStack(stack) };
}

/** Every bucket of the template: the shared bucket and its server access log bucket. */
const allBuckets = (t: Template) => {
  const buckets = Object.values(t.findResources('AWS::S3::Bucket'));
  expect(buckets).toHaveLength(2);
  return buckets.map(b => b.Properties);
};
const allBucketPolicies = (t: Template) => {
  const policies = Object.values(t.findResources('AWS::S3::BucketPolicy'));
  expect(policies).toHaveLength(2);
  return policies.map(p => p.Properties.PolicyDocument.Statement as any[]);
};

/**
 * The AWS Config rule behind Security Hub S3.6 (s3-bucket-blacklisted-actions-prohibited): a bucket
 * policy must not allow any of these actions to principals of other accounts; `*` is every account.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6
 */
const S3_6_BLOCKLIST = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];

/** Whether an IAM action pattern (`*`, `s3:*`, `s3:Put*`, `s3:PutObject?cl`) matches an action, as IAM matches it: case-insensitively. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** Whether a statement's principal includes everyone (`"*"` or `{ AWS: "*" }`, also in a list). */
const toEveryone = (principal: any) => principal === '*' || [principal?.AWS].flat().includes('*');

/**
 * The blocklisted actions a statement allows to everyone, wildcards expanded, conditions ignored
 * (as the Config rule ignores them). `NotAction` allows everything it does not list.
 */
function blocklistedToEveryone(statement: any): string[] {
  if (statement.Effect !== 'Allow' || !toEveryone(statement.Principal)) return [];
  if (statement.NotAction) return S3_6_BLOCKLIST.filter(a => ![statement.NotAction].flat().some((p: string) => actionMatches(p, a)));
  return S3_6_BLOCKLIST.filter(a => [statement.Action].flat().some((p: string) => actionMatches(p, a)));
}

const CONTROLS: [string, string, (t: Template) => void][] = [
  ['S3.2', 'buckets should block public read access', t => allBuckets(t).forEach(b => expect(b.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED))],
  ['S3.3', 'buckets should block public write access', t => allBuckets(t).forEach(b => expect(b.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED))],
  ['S3.8', 'buckets should block public access (bucket level)', t => allBuckets(t).forEach(b => expect(b.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED))],
  ['S3.19', 'access points should have block public access settings enabled', t => {
    const aps = Object.values(t.findResources('AWS::S3::AccessPoint'));
    expect(aps).toHaveLength(2);
    for (const ap of aps) expect(ap.Properties.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED);
  }],
  ['S3.5', 'buckets should require requests to use SSL', t => {
    for (const statements of allBucketPolicies(t)) {
      const tls = statements.find((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
      expect(tls).toMatchObject({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' } });
      expect(tls.Resource).toHaveLength(2); // the bucket and its objects
    }
  }],
  ['S3.12', 'ACLs should not be used to manage user access', t => allBuckets(t).forEach(b =>
    expect(b.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] }))],
  ['S3.4 (retired) / default encryption', 'buckets should have server-side encryption enabled', t => allBuckets(t).forEach(b =>
    expect(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(/^(AES256|aws:kms)$/))],
  ['S3.9', 'buckets should have server access logging enabled', t => {
    // The shared bucket logs into the log bucket the construct made; the log bucket does not log to itself.
    const buckets = t.findResources('AWS::S3::Bucket');
    const [dataId, logsId] = [Object.keys(buckets).find(id => id.startsWith('Data') && !id.includes('AccessLogs'))!, Object.keys(buckets).find(id => id.includes('AccessLogs'))!];
    expect(buckets[dataId].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId } });
    expect(buckets[logsId].Properties.LoggingConfiguration).toBeUndefined();
    // S3 log delivery may write there, for this source bucket and account only.
    const delivery = Object.values(t.findResources('AWS::S3::BucketPolicy')).find(p => p.Properties.Bucket.Ref === logsId)!.Properties.PolicyDocument.Statement
      .find((s: any) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery).toMatchObject({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [dataId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  }],
];

test.each(CONTROLS)('%s: %s (defaults)', (_id, _title, check) => {
  check(template().t);
});

test('S3.17 (encrypted at rest with KMS keys) and KMS.4 (key rotation) with encryption: KMS', () => {
  const { t } = template({ encryption: s3.BucketEncryption.KMS });
  t.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
  });
  t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
});

test('S3.9 (server access logging) with serverAccessLogsBucket', () => {
  const stack = new Stack(new App(), 'Stack');
  const logs = new s3.Bucket(stack, 'Logs');
  new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/' });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::S3::Bucket', {
    LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Logs') }, LogFilePrefix: 'data/' },
  });
  // The user's bucket gets the delivery statement, for the prefix only (no ACL: the policy is what AWS recommends).
  t.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: Match.stringLikeRegexp('^Logs') },
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'Arn'] }, '/data/*']] },
      })]),
    },
  });
  t.resourceCountIs('AWS::S3::Bucket', 2);
  // No LogDeliveryWrite ACL (which s3.Bucket writes without the serverAccessLogsUseBucketPolicy
  // feature flag, and which a bucket with ACLs disabled refuses).
  const userBucket = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('Logs'))![1];
  expect(userBucket.Properties?.AccessControl).toBeUndefined();
  expect(userBucket.Properties?.OwnershipControls).toBeUndefined();
});

describe('S3.6: no bucket policy allows a blocklisted action to everyone (wildcards expanded, conditions ignored)', () => {
  test('the check finds what the Config rule finds (it can fail)', () => {
    const allow = (Action: any, Principal: any = { AWS: '*' }) => ({ Effect: 'Allow', Principal, Action });
    expect(blocklistedToEveryone(allow('*'))).toEqual(S3_6_BLOCKLIST);
    expect(blocklistedToEveryone(allow('s3:*'))).toEqual(S3_6_BLOCKLIST);
    expect(blocklistedToEveryone(allow('s3:Put*'))).toEqual(['s3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl']);
    expect(blocklistedToEveryone(allow(['s3:GetObject', 's3:PutObject*']))).toEqual(['s3:PutObjectAcl']);
    expect(blocklistedToEveryone(allow('S3:putobjectacl', '*'))).toEqual(['s3:PutObjectAcl']);
    expect(blocklistedToEveryone({ Effect: 'Allow', Principal: '*', NotAction: 's3:GetObject' })).toEqual(S3_6_BLOCKLIST);
    // Not findings: data actions only, a named principal, a Deny.
    expect(blocklistedToEveryone(allow(['s3:GetObject', 's3:PutObject', 's3:ListBucket']))).toEqual([]);
    expect(blocklistedToEveryone(allow('s3:*', { AWS: 'arn:aws:iam::111111111111:root' }))).toEqual([]);
    expect(blocklistedToEveryone({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*' })).toEqual([]);
  });

  // The delegation statement lists the data actions access points serve, never `*`.
  test('defaults: every bucket policy statement to "*" is free of blocklisted actions', () => {
    const findings = allBucketPolicies(template().t).flat().flatMap(s => blocklistedToEveryone(s).map(a => `${s.Sid ?? '(no Sid)'}: ${a}`));
    expect(findings).toEqual([]);
  });
});

test('SSE-C is blocked on the shared bucket (uploads with customer-provided keys are refused by S3)', () => {
  const { t } = template();
  const data = Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => !id.includes('AccessLogs'))![1];
  expect(data.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].BlockedEncryptionTypes).toEqual({ EncryptionType: ['SSE-C'] });
});

test('unencrypted is refused; there is no way to turn encryption off', () => {
  expect(() => template({ encryption: s3.BucketEncryption.UNENCRYPTED })).toThrow(/Stack\/Data: invalid properties:\n.*encryption UNENCRYPTED is refused/);
});

test('public access is never on by default; weakening it is explicit and warns', () => {
  Annotations.fromStack(template().stack).hasNoWarning('*', Match.stringLikeRegexp('publicAccessNotBlocked'));
  const policiesAllowed = new s3.BlockPublicAccess({
    blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false,
  });
  const { stack, t } = template({ blockPublicAccess: policiesAllowed });
  t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false } });
  Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('Block Public Access is off for blockPublicPolicy, restrictPublicBuckets'));
  // Access points keep blocking public access whatever the bucket does.
  for (const ap of Object.values(t.findResources('AWS::S3::AccessPoint'))) expect(ap.Properties.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED);
});
