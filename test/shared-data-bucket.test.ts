import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PrefixAccessPoint, SharedDataBucket } from '../src';
import { DELEGATED_ACTIONS } from './support/delegated-actions';

function newStack() {
  return new Stack(new App(), 'Stack');
}

const DELEGATION = {
  Sid: 'DelegateAccessControlToAccessPoints',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: DELEGATED_ACTIONS,
  Condition: { StringEquals: { 's3:DataAccessPointAccount': { Ref: 'AWS::AccountId' } } },
};

describe('SharedDataBucket', () => {
  test('is secure by default: Block Public Access, ACLs disabled, SSE-S3, TLS only', () => {
    const stack = newStack();
    new SharedDataBucket(stack, 'Data');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike(DELEGATION),
          // Uploads may name no encryption but the bucket's own.
          Match.objectLike({
            Sid: 'DenyUploadsWithOtherEncryption',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: { Null: { 's3:x-amz-server-side-encryption': 'false' }, StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
          }),
          Match.objectLike({
            Sid: 'DenyUploadsWithCustomerKeys',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } },
          }),
        ],
      },
    });
  });

  test('delegates with one statement on the bucket and its objects', () => {
    const stack = newStack();
    new SharedDataBucket(stack, 'Data');
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0];
    const delegation = policy.Properties.PolicyDocument.Statement[1];
    expect(delegation.Resource).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] }, '/*']] },
    ]);
  });

  test('with KMS encryption creates a key and enables S3 Bucket Keys', () => {
    const stack = newStack();
    const data = new SharedDataBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] } },
        }],
      },
    });
    expect(data.encryptionKey).toBeDefined();
  });

  test('uses a key it is given, and a given key implies KMS', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const data = new SharedDataBucket(stack, 'Data', { encryptionKey: key });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } } }] },
    });
    expect(data.encryptionKey).toBe(key);
  });

  test('delegates to its own account in one statement, and admits nothing of another account without an access point', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    new SharedDataBucket(stack, 'Data', { accessPointAccounts: ['111111111111', '222222222222'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DelegateAccessControlToAccessPoints',
          Condition: { StringEquals: { 's3:DataAccessPointAccount': '111111111111' } },
        })]),
      },
    });
    expect(JSON.stringify(t.findResources('AWS::S3::BucketPolicy'))).not.toContain('222222222222');
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('Account 222222222222 is in accessPointAccounts, but no access point of it over this bucket is known'));
  });

  test.each([
    [{ encryption: s3.BucketEncryption.UNENCRYPTED }, /Stack\/Data: invalid properties:\n {2}- encryption UNENCRYPTED is refused/],
    [{ encryption: s3.BucketEncryption.S3_MANAGED, encryptionKey: 'key' }, /Stack\/Data:[\s\S]*encryptionKey is given but encryption is S3_MANAGED/],
    [{ accessPointAccounts: [] }, /Stack\/Data:[\s\S]*accessPointAccounts must name at least one account/],
  ])('refuses %j', (props, message) => {
    const stack = newStack();
    const resolved = { ...props, encryptionKey: (props as any).encryptionKey ? new kms.Key(stack, 'K') : undefined };
    expect(() => new SharedDataBucket(stack, 'Data', resolved as any)).toThrow(message);
  });

  test('the bucket policy does not grow with the number of access points', () => {
    const bucketPolicyWith = (n: number) => {
      const stack = newStack();
      const data = new SharedDataBucket(stack, 'Data');
      for (let i = 0; i < n; i++) {
        data.addPrefixAccessPoint(`Ap${i}`, { accessPointName: `consumer-${i}`, prefix: `team-${i}/` });
      }
      return JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument);
    };
    const two = bucketPolicyWith(2);
    expect(bucketPolicyWith(50)).toEqual(two);
    // The delegation statement lists its actions (about 1 KB with them), and two Deny statements
    // keep uploads on the bucket's encryption: a constant 1.7 KB of the 20 KB limit.
    expect(two.length).toBeLessThan(2048);
  });

  test('addPrefixAccessPoint creates an access point on this bucket, as a child of it', () => {
    const stack = newStack();
    const data = new SharedDataBucket(stack, 'Data');
    const ap = data.addPrefixAccessPoint('Sales', { accessPointName: 'sales', prefix: 'sales/' });
    expect(ap).toBeInstanceOf(PrefixAccessPoint);
    expect(ap.node.scope).toBe(data);
    expect(ap.bucket).toBe(data);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', {
      Bucket: { Ref: Match.stringLikeRegexp('^Data') },
      Name: 'sales',
    });
  });
});
