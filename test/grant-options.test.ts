import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PrefixAccessPoint, SharedDataBucket } from '../src';

function setup(env?: { account: string; region: string }) {
  const stack = new Stack(new App(), 'Stack', { env });
  const data = new SharedDataBucket(stack, 'Data');
  const ap = data.addPrefixAccessPoint('Records', { accessPointName: 'records', prefix: 'records/' });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  return { stack, data, ap, role };
}
const apStatements = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3::AccessPoint'))[0].Properties.Policy.Statement;

describe('objectTags', () => {
  test('a read grant requires every tag on the object; listing is not tag-limited', () => {
    const { stack, ap, role } = setup();
    ap.grantRead(role, { objectTags: { data: 'emergency-room', ward: 'north' } });
    const [objects, list] = apStatements(stack);
    expect(objects.Action).toContain('s3:GetObject');
    expect(objects.Condition).toEqual({ StringEquals: { 's3:ExistingObjectTag/data': 'emergency-room', 's3:ExistingObjectTag/ward': 'north' } });
    expect(list).toMatchObject({ Action: ['s3:ListBucket', 's3:ListBucketVersions'], Condition: { StringLike: { 's3:prefix': 'records/*' } } });
    const identity = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    expect(identity[0].Condition).toEqual(objects.Condition);
  });

  test('a write grant requires the upload to set the tags, tags only untagged objects (no retagging); multipart housekeeping has no tag condition', () => {
    const { stack, ap, role } = setup();
    ap.grantWrite(role, { objectTags: { data: 'emergency-room' } });
    expect(apStatements(stack).map((s: any) => [s.Action, s.Condition])).toEqual([
      ['s3:PutObject', { StringEquals: { 's3:RequestObjectTag/data': 'emergency-room' } }],
      ['s3:PutObjectTagging', { StringEquals: { 's3:RequestObjectTag/data': 'emergency-room' }, Null: { 's3:ExistingObjectTag/data': 'true' } }],
      [['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], undefined],
    ]);
  });

  test('grants with other tags get statements of their own; the same tags share one', () => {
    const { stack, ap, role } = setup();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    const third = new iam.Role(stack, 'Third', { assumedBy: new iam.AccountRootPrincipal() });
    ap.grantRead(role, { objectTags: { data: 'emergency-room' } });
    ap.grantRead(other, { objectTags: { data: 'cardiology' } });
    ap.grantRead(third, { objectTags: { data: 'emergency-room' } });
    const statements = apStatements(stack);
    expect(statements).toHaveLength(4);
    expect(statements[0].Principal.AWS).toHaveLength(2);
  });

  test.each([
    ['a 129-character key', { ['k'.repeat(129)]: 'v' }, /objectTags \(object_tags in Python\) key 'k{129}' must be 1-128 characters/],
    ['a key with *', { 'bad*key': 'v' }, /objectTags \(object_tags in Python\) key 'bad\*key' must be 1-128 characters of letters, digits, spaces and \+ - = \. _ : \/ @/],
    ['an aws: key', { 'aws:owner': 'v' }, /objectTags \(object_tags in Python\) key 'aws:owner' must not start with 'aws:'/],
    ['a 257-character value', { data: 'v'.repeat(257) }, /objectTags \(object_tags in Python\) value 'v{257}' of key 'data' must be 0-256 characters/],
    ['a value with |', { data: 'a|b' }, /objectTags \(object_tags in Python\) value 'a\|b' of key 'data'/],
  ])('refuses %s, naming the access point and the principal', (_what, objectTags, rule) => {
    const { ap, role } = setup();
    expect(() => ap.grantRead(role, { objectTags })).toThrow(/^Stack\/Data\/Records: invalid grant to Stack\/Reader:/);
    expect(() => ap.grantRead(role, { objectTags })).toThrow(rule);
  });

  test('refuses tags on a delete grant, which S3 could never match', () => {
    const { ap, role } = setup();
    expect(() => ap.grantDelete(role, { objectTags: { data: 'x' } })).toThrow(/objectTags cannot limit a delete grant: S3 gives DeleteObject no s3:ExistingObjectTag key/);
  });

  test('token keys and values are not checked', () => {
    const { ap, role } = setup();
    expect(() => ap.grantRead(role, { objectTags: { data: Lazy.string({ produce: () => 'later' }) } })).not.toThrow();
  });
});

describe('cross-account', () => {
  const dataAccount = { account: '111111111111', region: 'us-east-1' };

  test('an access point over a bucket of another account names the bucket\'s account', () => {
    const stack = new Stack(new App(), 'Partner', { env: { account: '333333333333', region: 'us-east-1' } });
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Shared', { bucketName: 'shared', account: '111111111111' });
    new PrefixAccessPoint(stack, 'Ap', { bucket, accessPointName: 'partner', prefix: 'p/' });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', { Bucket: 'shared', BucketAccountId: '111111111111' });
  });

  test('bucketAccountId can be given, and must be an account id', () => {
    const stack = new Stack(new App(), 'Partner');
    const bucket = s3.Bucket.fromBucketName(stack, 'Shared', 'shared');
    new PrefixAccessPoint(stack, 'Ap', { bucket, accessPointName: 'partner', prefix: 'p/', bucketAccountId: '111111111111' });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', { BucketAccountId: '111111111111' });
    expect(() => new PrefixAccessPoint(stack, 'Bad', { bucket, accessPointName: 'bad', prefix: 'p/', bucketAccountId: '1111' }))
      .toThrow(/Partner\/Bad: invalid properties:\n {2}- bucketAccountId \(bucket_account_id in Python\) '1111' must be a 12-digit account id/);
  });

  test('an access point in an account the SharedDataBucket does not delegate to fails synthesis', () => {
    const app = new App();
    const dataStack = new Stack(app, 'Data', { env: dataAccount });
    const data = new SharedDataBucket(dataStack, 'Shared', { bucketName: 'shared' });
    const partner = new Stack(app, 'Partner', { env: { account: '333333333333', region: 'us-east-1' } });
    expect(() => new PrefixAccessPoint(partner, 'Ap', { bucket: data, accessPointName: 'partner', prefix: 'p/' }))
      .toThrow(/bucket Data\/Shared delegates to access points of account\(s\) 111111111111 only, not to 333333333333 .*add it to the bucket's accessPointAccounts/);
  });

  test('a grant to an imported role of another account warns with what that account must add', () => {
    const { stack, ap } = setup(dataAccount);
    ap.grantRead(iam.Role.fromRoleArn(stack, 'Auditor', 'arn:aws:iam::444444444444:role/auditor'));
    Annotations.fromStack(stack).hasWarning('/Stack/Data/Records', Match.stringLikeRegexp(
      'The grant to arn:aws:iam::444444444444:role/auditor is written to this access point\'s policy only: the principal is in account 444444444444,.*' +
      'Account 444444444444 must add: \\{"Effect":"Allow","Action":\\["s3:GetObject".*"Resource":\\["arn:\\$\\{AWS::Partition\\}:s3:us-east-1:111111111111:accesspoint/records/object/records/\\*"\\]'));
  });

  test('so does a grant to another account', () => {
    const { stack, ap } = setup(dataAccount);
    ap.grantWrite(new iam.AccountPrincipal('555555555555'));
    Annotations.fromStack(stack).hasWarning('/Stack/Data/Records', Match.stringLikeRegexp('principal is in account 555555555555'));
  });

  test('with an environment-agnostic access point, the warning says it depends on the account', () => {
    const { stack, ap } = setup();
    ap.grantRead(iam.Role.fromRoleArn(stack, 'Auditor', 'arn:aws:iam::444444444444:role/auditor'));
    Annotations.fromStack(stack).hasWarning('/Stack/Data/Records', Match.stringLikeRegexp('account 444444444444 \\(if that is not this access point\'s account\\)'));
  });

  test('no warning for principals of the same account, imported or not', () => {
    const { stack, ap, role } = setup(dataAccount);
    ap.grantRead(role);
    ap.grantRead(iam.Role.fromRoleArn(stack, 'Local', 'arn:aws:iam::111111111111:role/local', { mutable: false }));
    ap.grantRead(new iam.ServicePrincipal('lambda.amazonaws.com'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an imported access point of another account can be granted on: the identity policy is written', () => {
    const { stack, data, role } = setup(dataAccount);
    const theirs = PrefixAccessPoint.fromAccessPointAttributes(stack, 'Theirs', {
      accessPointArn: 'arn:aws:s3:us-east-1:333333333333:accesspoint/theirs', bucket: data, prefix: 'shared/',
    });
    expect(theirs.env.account).toBe('333333333333');
    expect(theirs.grantRead(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: 'arn:aws:s3:us-east-1:333333333333:accesspoint/theirs/object/shared/*' })]) },
    });
  });
});
