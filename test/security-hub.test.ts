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

const bucketPolicyStatements = (t: Template) => Object.values(t.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;

const CONTROLS: [string, string, (t: Template) => void][] = [
  ['S3.2', 'buckets should block public read access', t => t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: ALL_BLOCKED })],
  ['S3.3', 'buckets should block public write access', t => t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: ALL_BLOCKED })],
  ['S3.8', 'buckets should block public access (bucket level)', t => t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: ALL_BLOCKED })],
  ['S3.19', 'access points should have block public access settings enabled', t => {
    const aps = Object.values(t.findResources('AWS::S3::AccessPoint'));
    expect(aps).toHaveLength(2);
    for (const ap of aps) expect(ap.Properties.PublicAccessBlockConfiguration).toEqual(ALL_BLOCKED);
  }],
  ['S3.5', 'buckets should require requests to use SSL', t => {
    const tls = bucketPolicyStatements(t).find((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(tls).toMatchObject({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' } });
    expect(tls.Resource).toHaveLength(2); // the bucket and its objects
  }],
  ['S3.12', 'ACLs should not be used to manage user access', t => t.hasResourceProperties('AWS::S3::Bucket', {
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  })],
  ['S3.4 (retired) / default encryption', 'buckets should have server-side encryption enabled', t => t.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: Match.anyValue() } }] },
  })],
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
  Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
    LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Logs') }, LogFilePrefix: 'data/' },
  });
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
