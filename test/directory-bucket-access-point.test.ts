import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AccessLevel, DirectoryBucketAccessPoint, DirectoryBucketPermission, SharedDirectoryBucket } from '../src';

const ACCOUNT = '111111111111';
const PARTNER = '222222222222';
const env = { account: ACCOUNT, region: 'us-east-1' };

function setup(props: Partial<ConstructorParameters<typeof SharedDirectoryBucket>[2]> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', ...props });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, bucket, role };
}

const resolved = (stack: Stack, value: unknown) => JSON.stringify(stack.resolve(value));
const accessPoint = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3Express::AccessPoint'))[0].Properties;
const warnings = (stack: Stack, id: string) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-s3-access-points:${id}\\]`));

describe('SharedDirectoryBucket', () => {
  test('a directory bucket in its zone, SSE-S3, retained, with one delegation statement naming CreateSession only', () => {
    const { stack } = setup();
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3Express::DirectoryBucket', {
      Properties: {
        BucketName: 'fast--use1-az4--x-s3',
        LocationName: 'use1-az4',
        DataRedundancy: 'SingleAvailabilityZone',
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const policies = t.findResources('AWS::S3Express::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    const document = Object.values(policies)[0].Properties.PolicyDocument;
    expect(stack.resolve(document)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DelegateAccessControlToAccessPoints',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3express:CreateSession',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3express:us-east-1:${ACCOUNT}:bucket/fast--use1-az4--x-s3`]] },
        Condition: { StringEquals: { 's3express:DataAccessPointAccount': ACCOUNT } },
      }],
    });
  });

  test('the delegation does not grow with access points or grants', () => {
    const policyOf = (accessPoints: number) => {
      const { stack, bucket, role } = setup();
      for (let i = 0; i < accessPoints; i++) new DirectoryBucketAccessPoint(stack, `Ap${i}`, { bucket, prefixes: [`p${i}/`] }).grantReadWrite(role);
      return JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::S3Express::BucketPolicy'))[0]);
    };
    expect(policyOf(20)).toEqual(policyOf(0));
  });

  test('SSE-KMS with the key given (bucket keys on); a Local Zone id gives SingleLocalZone', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'usw2-lax1-az1', encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3Express::DirectoryBucket', {
      Properties: {
        LocationName: 'usw2-lax1-az1',
        DataRedundancy: 'SingleLocalZone',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
            BucketKeyEnabled: true,
          }],
        },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('bad input: zone id, name suffix, name length both sides, accounts', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const make = (id: string, props: any) => () => new SharedDirectoryBucket(stack, id, props);
    expect(make('A', { zoneId: 'US_EAST' })).toThrow(/Stack\/A: invalid properties:[\s\S]*zoneId 'US_EAST' is not a zone id/);
    expect(make('B', { zoneId: 'use1-az4', bucketName: 'fast--use1-az5--x-s3' })).toThrow(/must end with '--use1-az4--x-s3'/);
    // 63 characters including the suffix: accepted; 64: refused.
    const suffix = '--use1-az4--x-s3';
    expect(make('C', { zoneId: 'use1-az4', bucketName: `${'a'.repeat(63 - suffix.length)}${suffix}` })).not.toThrow();
    expect(make('D', { zoneId: 'use1-az4', bucketName: `${'a'.repeat(64 - suffix.length)}${suffix}` })).toThrow(/must be 3-63 characters long including its suffix \(it has 64\)/);
    expect(make('E', { zoneId: 'use1-az4', bucketName: `Fast${suffix}` })).toThrow(/only lowercase letters, digits and hyphens/);
    expect(make('F', { zoneId: 'use1-az4', accessPointAccounts: [] })).toThrow(/accessPointAccounts must name at least one account/);
    expect(make('G', { zoneId: 'use1-az4', accessPointAccounts: ['123'] })).toThrow(/accessPointAccounts \(access_point_accounts in Python\) '123' must be a 12-digit account id/);
  });

  test('a partner account: its access points are admitted by ARN, for the operations and session mode granted; warned about', () => {
    const { app, stack, bucket } = setup({ accessPointAccounts: [ACCOUNT, PARTNER] });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    new DirectoryBucketAccessPoint(partner, 'P', { bucket, accessPointName: 'partner--use1-az4--xa-s3', prefixes: ['p/'] })
      .grantRead(new iam.AccountPrincipal(PARTNER));
    const document = Object.values(Template.fromStack(stack).findResources('AWS::S3Express::BucketPolicy'))[0].Properties.PolicyDocument;
    expect(document.Statement).toHaveLength(2);
    expect(document.Statement[0].Condition).toEqual({ StringEquals: { 's3express:DataAccessPointAccount': ACCOUNT } });
    expect(document.Statement[1].Condition).toEqual({
      'StringEquals': {
        's3express:DataAccessPointArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3express:us-east-1:${PARTNER}:accesspoint/partner--use1-az4--xa-s3`]] },
        's3express:SessionMode': 'ReadOnly',
      },
      'ForAllValues:StringEquals': { 's3express:Permissions': ['GetObject', 'GetObjectAttributes', 'ListBucket'] },
      'Null': { 's3express:Permissions': 'false' },
    });
    expect(document.Statement[1].Action).toBe('s3express:CreateSession');
    expect(warnings(stack, 'directoryPartnerUnbounded')).toHaveLength(1);
    expect(warnings(stack, 'accountAdmitsNothing')).toHaveLength(0);
  });

  test('a partner access point without grants is admitted nothing (no statement with an empty permission list), and warned about', () => {
    const { app, stack, bucket } = setup({ accessPointAccounts: [ACCOUNT, PARTNER] });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    new DirectoryBucketAccessPoint(partner, 'P', { bucket, accessPointName: 'partner--use1-az4--xa-s3', prefixes: ['p/'] });
    const document = Object.values(Template.fromStack(stack).findResources('AWS::S3Express::BucketPolicy'))[0].Properties.PolicyDocument;
    expect(document.Statement).toHaveLength(1);
    expect(JSON.stringify(document)).not.toContain('s3express:Permissions');
    expect(warnings(stack, 'accessPointAdmitsNothing')).toHaveLength(1);
    expect(warnings(stack, 'accountAdmitsNothing')).toHaveLength(0);
  });

  test('a delegated partner account without an access point in the app is admitted nothing, and warned about', () => {
    const { stack } = setup({ accessPointAccounts: [ACCOUNT, PARTNER] });
    const document = Object.values(Template.fromStack(stack).findResources('AWS::S3Express::BucketPolicy'))[0].Properties.PolicyDocument;
    expect(document.Statement).toHaveLength(1);
    expect(warnings(stack, 'accountAdmitsNothing')).toHaveLength(1);
  });

  test('fromDirectoryBucketAttributes: zone from the name, ARN, and one warning with the statement its owner must apply', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const bucket = SharedDirectoryBucket.fromDirectoryBucketAttributes(stack, 'Existing', { bucketName: 'lake--use1-az6--x-s3' });
    expect(bucket.zoneId).toBe('use1-az6');
    expect(resolved(stack, bucket.bucketArn)).toContain(`:s3express:us-east-1:${ACCOUNT}:bucket/lake--use1-az6--x-s3`);
    new DirectoryBucketAccessPoint(stack, 'A', { bucket, prefixes: ['a/'] }).grantRead(new iam.AccountPrincipal(ACCOUNT));
    new DirectoryBucketAccessPoint(stack, 'B', { bucket, prefixes: ['b/'] }).grantRead(new iam.AccountPrincipal(ACCOUNT));
    const found = warnings(stack, 'bucketPolicyNotManaged');
    expect(found).toHaveLength(1);
    expect(found[0].entry.data).toContain('"Action":"s3express:CreateSession"');
    expect(found[0].entry.data).toContain(`"s3express:DataAccessPointAccount":"${ACCOUNT}"`);
    expect(Template.fromStack(stack).findResources('AWS::S3Express::BucketPolicy')).toEqual({});
    expect(() => SharedDirectoryBucket.fromDirectoryBucketAttributes(stack, 'NoZone', { bucketName: 'plain-name' })).toThrow(/zoneId is not given/);
  });
});

describe('DirectoryBucketAccessPoint', () => {
  test('Block Public Access on, Scope from its prefixes and grants, policy and identity policy with the session mode', () => {
    const { stack, bucket, role } = setup();
    const ap = new DirectoryBucketAccessPoint(stack, 'Reports', { bucket, accessPointName: 'reports--use1-az4--xa-s3', prefixes: ['reports', 'daily/'], tags: { team: 'bi' } });
    ap.grantRead(role);
    const props = accessPoint(stack);
    expect(props.Name).toBe('reports--use1-az4--xa-s3');
    expect(props.Bucket).toBe('fast--use1-az4--x-s3');
    // Named by its literal name: created after the bucket and its delegation.
    const dependsOn = Template.fromStack(stack).findResources('AWS::S3Express::AccessPoint')[stack.getLogicalId(ap.resource)].DependsOn;
    expect(dependsOn).toEqual([stack.getLogicalId(bucket.policy)]);
    expect(props.PublicAccessBlockConfiguration)
      .toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(props.Scope).toEqual({ Prefixes: ['reports/', 'daily/'], Permissions: ['GetObject', 'GetObjectAttributes', 'ListBucket'] });
    expect(props.Tags).toEqual([{ Key: 'team', Value: 'bi' }]);
    expect(props.VpcConfiguration).toBeUndefined();
    const statement = {
      Effect: 'Allow',
      Action: 's3express:CreateSession',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3express:us-east-1:${ACCOUNT}:accesspoint/reports--use1-az4--xa-s3`]] },
      Condition: { StringEquals: { 's3express:SessionMode': 'ReadOnly' } },
    };
    expect(stack.resolve(props.Policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ ...statement, Principal: { AWS: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] } } }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [statement] } });
    expect(ap.accessPointArn).toContain('accesspoint/reports--use1-az4--xa-s3');
  });

  test('a write grant: ReadWrite (no session mode condition) and the Scope of writes only', () => {
    const { stack, bucket, role } = setup();
    new DirectoryBucketAccessPoint(stack, 'Ingest', { bucket, prefixes: ['ingest/'] }).grantWrite(role);
    const props = accessPoint(stack);
    expect(props.Scope.Permissions).toEqual(['ListMultipartUploadParts', 'PutObject', 'AbortMultipartUpload']);
    expect(stack.resolve(props.Policy).Statement[0].Condition).toBeUndefined();
    expect(warnings(stack, 'sessionExceedsGrant')).toHaveLength(0);
  });

  test('addToResourcePolicy: the statement comes first in the policy, the grants\' after it', () => {
    const { stack, bucket, role } = setup();
    const ap = new DirectoryBucketAccessPoint(stack, 'Ingest', { bucket, prefixes: ['ingest/'] });
    const custom = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3express:CreateSession'],
      resources: [ap.accessPointArn],
      conditions: { NumericGreaterThan: { 's3express:signatureAge': '600000' } },
    });
    expect(ap.addToResourcePolicy(custom)).toEqual({ statementAdded: true, policyDependable: ap.resource });
    ap.grantWrite(role);
    // With no grant, the custom statement alone is the policy.
    const other = new DirectoryBucketAccessPoint(stack, 'Other', { bucket, prefixes: ['other/'], permissions: [DirectoryBucketPermission.GET_OBJECT] });
    other.addToResourcePolicy(custom);
    const [statements, alone] = Object.values(Template.fromStack(stack).findResources('AWS::S3Express::AccessPoint'))
      .map((r: any) => stack.resolve(r.Properties.Policy).Statement);
    expect(statements.map((st: any) => st.Effect)).toEqual(['Deny', 'Allow']);
    expect(statements[0].Condition).toEqual({ NumericGreaterThan: { 's3express:signatureAge': '600000' } });
    expect(alone).toHaveLength(1);
  });

  test('grants of different levels on one access point widen its Scope and warn', () => {
    const { stack, bucket, role } = setup();
    const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    const ap = new DirectoryBucketAccessPoint(stack, 'Mixed', { bucket, prefixes: ['m/'] });
    ap.grantRead(role);
    ap.grantDelete(writer);
    expect(accessPoint(stack).Scope.Permissions).toEqual(['GetObject', 'GetObjectAttributes', 'ListBucket', 'DeleteObject']);
    const found = warnings(stack, 'sessionExceedsGrant');
    expect(found).toHaveLength(1);
    // The deleter's ReadWrite session can also read; the reader's ReadOnly session gains nothing.
    expect(found[0].entry.data).toMatch(/\(DELETE, ReadWrite session\) can also run GetObject, GetObjectAttributes, ListBucket/);
    expect(found[0].entry.data).not.toMatch(/READ, ReadOnly session/);
    expect(stack.resolve(accessPoint(stack).Policy).Statement).toHaveLength(2);
  });

  test('an explicit permissions bound is the Scope; a grant beyond it is refused at synthesis', () => {
    const { stack, bucket, role } = setup();
    const ap = new DirectoryBucketAccessPoint(stack, 'ReadOnly', {
      bucket, prefixes: ['r/'], permissions: [DirectoryBucketPermission.GET_OBJECT, DirectoryBucketPermission.GET_OBJECT_ATTRIBUTES, DirectoryBucketPermission.LIST_BUCKET],
    });
    expect(() => ap.grantRead(role)).not.toThrow();
    expect(() => ap.grantWrite(role)).toThrow(/Stack\/ReadOnly: invalid grant to .*:\n  - a WRITE grant needs the Scope to permit ListMultipartUploadParts, PutObject, AbortMultipartUpload, beyond this access point's permissions/);
    expect(() => ap.grantDelete(role)).toThrow(/a DELETE grant needs the Scope to permit DeleteObject/);
    expect(accessPoint(stack).Scope.Permissions).toEqual(['GetObject', 'GetObjectAttributes', 'ListBucket']);
    expect(stack.resolve(accessPoint(stack).Policy).Statement).toHaveLength(1);
  });

  test('names: the largest legal name (50 characters, CloudFormation) is accepted, one longer refused; wrong zone suffix, bad characters, hyphens refused', () => {
    const { stack, bucket } = setup();
    const make = (id: string, accessPointName: string) => () => new DirectoryBucketAccessPoint(stack, id, { bucket, accessPointName, prefixes: ['a/'] });
    // '--use1-az4--xa-s3' is 17 characters: a base of 33 makes 50.
    expect(make('Max', `${'a'.repeat(33)}--use1-az4--xa-s3`)).not.toThrow();
    expect(make('Min', 'abc--use1-az4--xa-s3')).not.toThrow();
    expect(make('Long', `${'b'.repeat(34)}--use1-az4--xa-s3`)).toThrow(/is 51 characters long: CloudFormation takes at most 50 with the suffix '--use1-az4--xa-s3' \(a base of at most 33 characters\)/);
    expect(make('Short', 'ab--use1-az4--xa-s3')).toThrow(/must be at least 3 characters long \(it has 2\)/);
    expect(make('Zone', 'reports--use1-az5--xa-s3')).toThrow(/must end with '--use1-az4--xa-s3' \(it names zone use1-az5, the bucket is in use1-az4\)/);
    expect(make('Bucket', 'reports--use1-az4--x-s3')).toThrow(/must end with '--use1-az4--xa-s3'/);
    expect(make('Upper', 'Reports--use1-az4--xa-s3')).toThrow(/only lowercase letters, digits and hyphens/);
    expect(make('Dot', 'rep.orts--use1-az4--xa-s3')).toThrow(/only lowercase letters, digits and hyphens/);
    expect(make('Hyphen', '-reports--use1-az4--xa-s3')).toThrow(/must not begin or end with a hyphen/);
    expect(make('Dup', 'abc--use1-az4--xa-s3')).toThrow(/is already used by Stack\/Min/);
  });

  test('a generated name is within the rules and in the bucket\'s zone', () => {
    const { stack, bucket } = setup();
    const ap = new DirectoryBucketAccessPoint(stack, 'A_Very-Long.Construct_Id_That_Goes_On_And_On_And_On_Forever', { bucket, prefixes: ['a/'] });
    expect(ap.accessPointName).toMatch(/^[a-z0-9][a-z0-9-]{1,31}[a-z0-9]--use1-az4--xa-s3$/);
    expect(ap.accessPointName.length).toBeLessThanOrEqual(50);
  });

  test('prefixes: exactly 255 bytes together accepted, 256 refused (multi-byte counted in bytes); no *, no leading /', () => {
    const { stack, bucket } = setup();
    const make = (id: string, prefixes: string[]) => () => new DirectoryBucketAccessPoint(stack, id, { bucket, prefixes });
    // 254 characters and the '/' added: 255 bytes.
    expect(make('At', ['a'.repeat(254)])).not.toThrow();
    expect(make('Over', ['a'.repeat(255)])).toThrow(/prefixes are 256 bytes in total .*less than 256 bytes together \(at most 255\)/);
    // Two prefixes add up: 127 + 128 = 255, then one byte more.
    expect(make('TwoAt', ['b'.repeat(126) + '/', 'c'.repeat(127) + '/'])).not.toThrow();
    expect(make('TwoOver', ['b'.repeat(127) + '/', 'c'.repeat(127) + '/'])).toThrow(/prefixes are 256 bytes/);
    // 'é' is two bytes: 127 of them and '/' make 255 bytes; 128, 257.
    expect(make('Utf8At', ['é'.repeat(127)])).not.toThrow();
    expect(make('Utf8Over', ['é'.repeat(128)])).toThrow(/prefixes are 257 bytes/);
    expect(make('Star', ['logs/*/2024/'])).toThrow(/prefix 'logs\/\*\/2024\/' must not contain '\*'/);
    expect(make('Slash', ['/logs/'])).toThrow(/must not start with '\/'/);
    expect(make('Empty', [])).toThrow(/prefixes is empty/);
    expect(make('Dupl', ['a/', 'a'])).toThrow(/prefixes lists a\/ more than once/);
  });

  test('no prefixes: every key; no grants: the Scope is open and it warns', () => {
    const { stack, bucket } = setup();
    new DirectoryBucketAccessPoint(stack, 'Open', { bucket });
    expect(accessPoint(stack).Scope).toBeUndefined();
    expect(accessPoint(stack).Policy).toBeUndefined();
    expect(warnings(stack, 'directoryAccessPointUnscoped')).toHaveLength(1);
  });

  test('a VPC origin; grants to everyone refused; another region refused; an undelegated account refused', () => {
    const { app, stack, bucket, role } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const ap = new DirectoryBucketAccessPoint(stack, 'InVpc', { bucket, vpc, prefixes: ['v/'] });
    ap.grantRead(role);
    expect(accessPoint(stack).VpcConfiguration).toEqual({ VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) } });
    expect(() => ap.grantRead(new iam.AnyPrincipal())).toThrow(/a grant to everyone/);
    const west = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'us-west-2' } });
    expect(() => new DirectoryBucketAccessPoint(west, 'Far', { bucket, prefixes: ['f/'] })).toThrow(/is in region us-east-1, this access point's stack in us-west-2/);
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    expect(() => new DirectoryBucketAccessPoint(partner, 'P', { bucket, prefixes: ['p/'] })).toThrow(/delegates to access points of account\(s\) 111111111111 only, not to 222222222222/);
  });

  test('an access point in another account over a bucket without a known name is refused', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', accessPointAccounts: [ACCOUNT, PARTNER] });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    expect(() => new DirectoryBucketAccessPoint(partner, 'P', { bucket, prefixes: ['p/'] })).toThrow(/give the SharedDirectoryBucket a bucketName/);
  });

  test('an access point of a delegated partner account names the bucket account', () => {
    const { app, bucket } = setup({ accessPointAccounts: [ACCOUNT, PARTNER] });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    new DirectoryBucketAccessPoint(partner, 'P', { bucket, accessPointName: 'partner--use1-az4--xa-s3', prefixes: ['p/'] })
      .grantRead(new iam.AccountPrincipal(PARTNER));
    expect(accessPoint(partner).BucketAccountId).toBe(ACCOUNT);
    expect(accessPoint(partner).Bucket).toBe('fast--use1-az4--x-s3');
  });

  test('SSE-KMS: the grant adds GenerateDataKey and Decrypt on the key, pinned to the bucket by encryption context', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', encryptionKey: key });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    new DirectoryBucketAccessPoint(stack, 'R', { bucket, prefixes: ['r/'] }).grantRead(role);
    const bucketArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3express:us-east-1:${ACCOUNT}:bucket/fast--use1-az4--x-s3`]] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:s3express:arn': [bucketArn,
                { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::arn:', { Ref: 'AWS::Partition' }, `:s3express:us-east-1:${ACCOUNT}:bucket/fast--use1-az4--x-s3`]] }],
            },
          },
        }]),
      },
    });
    // The key's own account trusts its identity policies: the key policy is not changed.
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::KMS::Key'))).not.toContain('s3express');
  });

  test('a principal of another account: the key policy names it, and the identity policy must be added there (warning)', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', encryptionKey: key });
    const other = iam.Role.fromRoleArn(stack, 'Other', `arn:aws:iam::${PARTNER}:role/analyst`, { mutable: false });
    new DirectoryBucketAccessPoint(stack, 'R', { bucket, prefixes: ['r/'] }).grantRead(other);
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::KMS::Key'))).toContain(`arn:aws:iam::${PARTNER}:role/analyst`);
    expect(warnings(stack, 'otherAccountMustAllow')).toHaveLength(1);
  });

  test('SSE-KMS, a principal of a stack of another account: its identity policy names the keys of the key\'s account, pinned by the context', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    const bucket = new SharedDirectoryBucket(stack, 'Fast', {
      zoneId: 'use1-az4',
      bucketName: 'fast--use1-az4--x-s3',
      encryptionKey: key,
      accessPointAccounts: [ACCOUNT, PARTNER],
    });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: 'us-east-1' } });
    const analyst = new iam.Role(partner, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() });
    new DirectoryBucketAccessPoint(partner, 'P', { bucket, accessPointName: 'share--use1-az4--xa-s3', prefixes: ['p/'] }).grantRead(analyst);
    // Both templates synthesize (no reference across accounts).
    const identity = JSON.stringify(Template.fromStack(partner).findResources('AWS::IAM::Policy'));
    expect(identity).toContain(`:kms:us-east-1:${ACCOUNT}:key/*`);
    expect(identity).toContain('kms:EncryptionContext:aws:s3express:arn');
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::KMS::Key'))).toContain(`:iam::${PARTNER}:role/analyst`);
    // An unnamed bucket cannot be named there.
    const unnamed = new SharedDirectoryBucket(stack, 'Unnamed', { zoneId: 'use1-az4', encryptionKey: key });
    const local = new DirectoryBucketAccessPoint(stack, 'L', { bucket: unnamed, prefixes: ['l/'] });
    expect(() => local.grantRead(analyst)).toThrow(/give the SharedDirectoryBucket a bucketName/);
  });

  test('grantToFunction: the grant and the access point name in ACCESS_POINT_NAME', () => {
    const { stack, bucket } = setup();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    const ap = new DirectoryBucketAccessPoint(stack, 'F', { bucket, accessPointName: 'fnc--use1-az4--xa-s3', prefixes: ['f/'] });
    ap.grantToFunction(fn, { level: AccessLevel.READ_WRITE });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { ACCESS_POINT_NAME: 'fnc--use1-az4--xa-s3' } } });
    expect(() => ap.grantToFunction(fn, { level: AccessLevel.READ, nameVariable: 'AWS_X' })).toThrow(/reserved by the runtime/);
  });

  test('grantToContainer: the grant goes to the task role (both policies), the name variable to the container', () => {
    const { stack, bucket } = setup();
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    const container = task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:latest') });
    const ap = new DirectoryBucketAccessPoint(stack, 'C', { bucket, accessPointName: 'ctr--use1-az4--xa-s3', prefixes: ['c/'] });
    ap.grantToContainer(container, { level: AccessLevel.READ });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'ACCESS_POINT_NAME', Value: 'ctr--use1-az4--xa-s3' }] })],
    });
    const taskRoleId = stack.getLogicalId(task.taskRole.node.defaultChild as iam.CfnRole);
    expect(JSON.stringify(t.findResources('AWS::S3Express::AccessPoint'))).toContain(taskRoleId);
    const policy = Object.values(t.findResources('AWS::IAM::Policy')).find(p => JSON.stringify(p.Properties.Roles).includes(taskRoleId))!;
    expect(JSON.stringify(policy)).toContain('s3express:CreateSession');
    expect(JSON.stringify(policy)).toContain('ReadOnly');
  });

  test('the access report lists the access point with kind, zone and scope', () => {
    const { app, stack, bucket, role } = setup();
    new DirectoryBucketAccessPoint(stack, 'Reports', { bucket, accessPointName: 'reports--use1-az4--xa-s3', prefixes: ['reports/'] }).grantRead(role);
    const out = app.synth().directory;
    const report = JSON.parse(fs.readFileSync(path.join(out, 'Stack-Fast.access-report.json'), 'utf8'));
    expect(report.bucket).toMatchObject({ name: 'fast--use1-az4--x-s3', encryption: 'SSE-S3', accessPointAccounts: [ACCOUNT] });
    expect(report.accessPoints).toEqual([expect.objectContaining({
      name: 'reports--use1-az4--xa-s3',
      kind: 'DirectoryBucketAccessPoint',
      zone: 'use1-az4',
      scope: { prefixes: ['reports/'], permissions: ['GetObject', 'GetObjectAttributes', 'ListBucket'] },
      prefix: 'reports/',
      networkOrigin: 'Internet',
      grants: [expect.objectContaining({ level: 'READ', keyPrefix: 'reports/', inAccessPointPolicy: true, identityPolicy: 'WRITTEN' })],
    })]);
    expect(fs.readFileSync(path.join(out, 'Stack-Fast.access-report.md'), 'utf8')).toContain('directory bucket access point, zone use1-az4, scope reports/: GetObject GetObjectAttributes ListBucket');
  });
});
