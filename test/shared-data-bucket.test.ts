import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PrefixAccessPoint, ServerAccessLogsBucket, SharedDataBucket } from '../src';
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
          // A copy through an access point may not name the bucket itself as its source.
          Match.objectLike({
            Sid: 'DenyCopiesFromTheBucketThroughAccessPoints',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: Match.objectLike({ Null: { 's3:DataAccessPointArn': 'false' } }),
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

describe('server access logs', () => {
  const logBucket = (t: Template) => Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.includes('AccessLogs'))!;

  test('on by default, into a log bucket the construct makes: secure, versioned, expiring after 365 days, retained', () => {
    const stack = newStack();
    const data = new SharedDataBucket(stack, 'Data');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 2);
    const [logsId, logs] = logBucket(t);
    expect(data.serverAccessLogsBucket).toBe(stack.node.findChild('Data').node.findChild('AccessLogs'));
    expect(logs).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        // SSE-S3: log delivery does not support an SSE-KMS destination.
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'ExpireLogs', ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
            { Id: 'RemoveExpiredDeleteMarkers', ExpiredObjectDeleteMarker: true, Status: 'Enabled' },
          ],
        },
      },
    });
    expect(logs.Properties.LoggingConfiguration).toBeUndefined();
    t.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: logsId } } });
    // The log bucket's policy: TLS only, and S3 log delivery for this bucket and account only.
    const statements = Object.values(t.findResources('AWS::S3::BucketPolicy')).find(p => p.Properties.Bucket.Ref === logsId)!.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Effect)).toEqual(['Deny', 'Allow']);
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^Data[0-9A-F]{8}$/), 'Arn'] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  test('the retention is the user\'s to set; the log bucket follows the shared bucket\'s removal policy', () => {
    const stack = newStack();
    new SharedDataBucket(stack, 'Data', { serverAccessLogsRetention: Duration.days(90), removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const [, logs] = logBucket(Template.fromStack(stack));
    expect(logs.DeletionPolicy).toBe('Delete');
    expect(logs.Properties.LifecycleConfiguration.Rules[0])
      .toMatchObject({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } });
    Template.fromStack(stack).resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  test('a log bucket shared by several buckets gets one delivery statement per source, each under its prefix', () => {
    const stack = newStack();
    const logs = new ServerAccessLogsBucket(stack, 'Logs');
    new SharedDataBucket(stack, 'Sales', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'sales/' });
    new SharedDataBucket(stack, 'Media', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'media/' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 3);
    const statements = Object.values(t.findResources('AWS::S3::BucketPolicy')).find(p => p.Properties.Bucket.Ref.startsWith('Logs'))!.Properties.PolicyDocument.Statement;
    const delivery = statements.filter((s: any) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery.map((s: any) => s.Resource['Fn::Join'][1][1])).toEqual(['/sales/*', '/media/*']);
    expect(delivery.map((s: any) => s.Condition.ArnLike['aws:SourceArn']['Fn::GetAtt'][0])).toEqual([
      expect.stringMatching(/^Sales/), expect.stringMatching(/^Media/),
    ]);
  });

  test('a log bucket in another stack of the same environment: limited by account, no reference cycle', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-1' };
    const logs = new ServerAccessLogsBucket(new Stack(app, 'Logging', { env }), 'Logs');
    new SharedDataBucket(new Stack(app, 'Data', { env }), 'Data', { serverAccessLogsBucket: logs });
    const statement = Object.values(Template.fromStack(app.node.findChild('Logging') as Stack).findResources('AWS::S3::BucketPolicy'))[0]
      .Properties.PolicyDocument.Statement.find((s: any) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
    expect(() => app.synth()).not.toThrow();
  });

  test('turned off only explicitly: no log bucket, no logging configuration, a warning', () => {
    const stack = newStack();
    const data = new SharedDataBucket(stack, 'Data', { serverAccessLogs: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    expect(Object.values(t.findResources('AWS::S3::Bucket'))[0].Properties.LoggingConfiguration).toBeUndefined();
    expect(data.serverAccessLogsBucket).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('Server access logs are off'));
  });
});

describe('encryption types', () => {
  test('SSE-C is blocked with every encryption', () => {
    for (const encryption of [s3.BucketEncryption.S3_MANAGED, s3.BucketEncryption.KMS, s3.BucketEncryption.DSSE]) {
      const stack = newStack();
      new SharedDataBucket(stack, 'Data', { encryption, serverAccessLogs: false });
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } })] },
      });
    }
  });

  test('DSSE-KMS: no S3 Bucket Keys (AWS does not support them there); SSE-KMS keeps them on', () => {
    for (const encryption of [s3.BucketEncryption.DSSE, s3.BucketEncryption.DSSE_MANAGED]) {
      const stack = newStack();
      new SharedDataBucket(stack, 'Data', { encryption, serverAccessLogs: false });
      const rule = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms:dsse');
      expect(rule.BucketKeyEnabled).toBeUndefined();
    }
    const stack = newStack();
    new SharedDataBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, serverAccessLogs: false });
    expect(Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled).toBe(true);
  });
});
