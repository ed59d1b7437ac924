/*
 * One API for every kind of access point (issue 25): the same grant methods and options on every kind,
 * the grants facade writing what the grant methods write, and options a kind cannot honour refused by
 * name with the reason.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3express from 'aws-cdk-lib/aws-s3express';
import {
  AccessLevel, AccessPointGrantOptions, DirectoryBucketAccessPoint, MultiRegionAccessPoint, PrefixAccessPoint,
  PrincipalFolder, SharedDataBucket, SharedDirectoryBucket,
} from '../src';
import { Decision, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { ACCOUNT, KINDS, Kind, THEIR_MRAP, setup } from './support/kinds';
import { resolveTemplates } from './support/resolve-template';

const env = { account: ACCOUNT, region: 'us-east-1' };

/**
 * What the identity policies of role `reader` (resolved) decide for one request: for the identity
 * side alone (the access point's own policy is not this app's, or the action is identity-only).
 */
function decide(stack: Stack, action: string, resource: string, context: Record<string, string> = {}): Decision {
  const [template] = resolveTemplates([{ ...Template.fromStack(stack).toJSON(), account: ACCOUNT }]);
  const identityPolicies = Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::IAM::Policy')
    .map(([name, r]) => ({ name, policy: r.Properties.PolicyDocument }));
  return evaluateWithoutContextFiltering({
    principal: `arn:aws:iam::${ACCOUNT}:role/reader`,
    action,
    resource,
    accountId: ACCOUNT,
    context: { 'aws:SecureTransport': 'true', ...context },
    identityPolicies,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

describe('the same grant calls on every kind', () => {
  test.each(KINDS)('%s: grantRead/Write/ReadWrite/Delete take (grantee, options), as the facade does', (kind) => {
    const { role, accessPoint } = setup(kind);
    const options: AccessPointGrantOptions = {};
    // Typed against the shared interface: the call compiles against any kind (and so does a Go user's GrantRead(role, opts)).
    const grants = [
      accessPoint.grantRead(role, options), accessPoint.grantWrite(role, options),
      accessPoint.grantReadWrite(role), accessPoint.grantDelete(role, options),
      accessPoint.grants.read(role), accessPoint.grants.readWrite(role, options),
    ];
    expect(grants.every(g => g.success)).toBe(true);
    expect(accessPoint.grants.records.map(r => r.level)).toEqual(['READ', 'WRITE', 'READ_WRITE', 'DELETE', 'READ', 'READ_WRITE']);
  });

  test.each(KINDS)('%s: grants.read writes exactly what grantRead writes (templates equal)', (kind) => {
    const byMethod = setup(kind);
    byMethod.accessPoint.grantRead(byMethod.role);
    byMethod.accessPoint.grantDelete(byMethod.role);
    const byFacade = setup(kind);
    byFacade.accessPoint.grants.read(byFacade.role);
    byFacade.accessPoint.grants.delete(byFacade.role);
    expect(Template.fromStack(byFacade.stack).toJSON()).toEqual(Template.fromStack(byMethod.stack).toJSON());
  });

  test.each(KINDS)('%s: grants.toFunction is grantToFunction, with ConsumerGrantOptions', (kind) => {
    const build = (facade: boolean) => {
      const s = setup(kind);
      const fn = new lambda.Function(s.stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code: lambda.Code.fromInline('x') });
      const options = { level: AccessLevel.READ, nameVariable: 'AP_NAME' };
      if (facade) s.accessPoint.grants.toFunction(fn, options);
      else s.accessPoint.grantToFunction(fn, options);
      return Template.fromStack(s.stack).toJSON();
    };
    const template = build(false);
    expect(build(true)).toEqual(template);
    const fn = Object.values(template.Resources as Record<string, any>).find(r => r.Type === 'AWS::Lambda::Function');
    // nameVariable means the same on every kind: the name of the access point.
    expect(Object.keys(fn.Properties.Environment.Variables)).toContain('AP_NAME');
  });
});

describe('options a kind cannot honour are refused, naming the option and the reason', () => {
  test.each<[Kind, AccessPointGrantOptions, RegExp]>([
    ['directory', { objectTags: { data: 'x' } }, /objectTags does not apply to a directory bucket access point: S3 authorizes .* per session/],
    ['directory', { principalFolder: PrincipalFolder.USERNAME }, /principalFolder does not apply to a directory bucket access point: a session reaches every prefix/],
    ['directory', { principalFolderTrusted: true }, /principalFolderTrusted does not apply to a directory bucket access point/],
  ])('%s refuses %j', (kind, options, rule) => {
    const { role, accessPoint } = setup(kind);
    expect(() => accessPoint.grantRead(role, options)).toThrow(/^Stack\/Ap: invalid grant to Stack\/Reader:/);
    expect(() => accessPoint.grants.read(role, options)).toThrow(rule);
    expect(accessPoint.grantRecords).toEqual([]);
  });

  test.each<[Kind, AccessPointGrantOptions]>([
    ['directory', { principalFolderTrusted: false, allowGetAccessPoint: true }],
    ['multiRegion', { objectTags: { data: 'x' }, allowGetAccessPoint: true }],
    ['multiRegion', { principalFolder: PrincipalFolder.USERNAME }],
    ['importedMultiRegion', { principalFolder: PrincipalFolder.USER_ID }],
    ['prefix', { principalFolder: PrincipalFolder.USERNAME, objectTags: { data: 'x' }, allowGetAccessPoint: true }],
  ])('%s accepts %j (the options it honours, and false for one it does not)', (kind, options) => {
    const { accessPoint } = setup(kind);
    const user = new iam.User(Stack.of(accessPoint), 'Bob');
    expect(() => accessPoint.grantRead(user, options)).not.toThrow();
  });

  test.each<[Kind, string, RegExp]>([
    ['directory', 'aliasVariable', /aliasVariable cannot be set: a directory bucket access point has no alias; S3 clients use its name/],
    ['multiRegion', 'aliasVariable', /aliasVariable cannot be set: a Multi-Region Access Point's alias cannot replace a bucket name/],
    ['imported', 'aliasVariable', /aliasVariable cannot be set: the alias was not given to the import of this access point/],
    ['importedDirectory', 'aliasVariable', /aliasVariable cannot be set: a directory bucket access point has no alias/],
    ['importedMultiRegion', 'aliasVariable', /aliasVariable cannot be set: a Multi-Region Access Point's alias cannot replace a bucket name/],
  ])('%s refuses %s, before it grants', (kind, option, rule) => {
    const { stack, accessPoint } = setup(kind);
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code: lambda.Code.fromInline('x') });
    expect(() => accessPoint.grantToFunction(fn, { level: AccessLevel.READ, [option]: 'AP_ALIAS' })).toThrow(rule);
    expect(accessPoint.grantRecords).toEqual([]);
    // The same kind with the variable it has: accepted.
    expect(() => accessPoint.grantToFunction(fn, { level: AccessLevel.READ, arnVariable: 'AP_ARN' })).not.toThrow();
  });
});

describe('nameVariable', () => {
  test.each(KINDS)('%s: a bad or reserved name, or one shared with arnVariable, is refused before the grant', (kind) => {
    const { stack, accessPoint } = setup(kind);
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code: lambda.Code.fromInline('x') });
    expect(() => accessPoint.grantToFunction(fn, { level: AccessLevel.READ, nameVariable: 'ap-name' })).toThrow(/environment variable 'ap-name' must start with a letter/);
    expect(() => accessPoint.grantToFunction(fn, { level: AccessLevel.READ, nameVariable: 'AWS_REGION' })).toThrow(/reserved by the runtime/);
    expect(() => accessPoint.grantToFunction(fn, { level: AccessLevel.READ, nameVariable: 'X', arnVariable: 'X' })).toThrow(/arnVariable and nameVariable are both 'X'/);
    expect(accessPoint.grantRecords).toEqual([]);
  });
});

describe('allowGetAccessPoint on directory bucket access points and Multi-Region Access Points', () => {
  /** A stack with a read grant on the kind, with or without the lookup. */
  function granted(kind: Kind, allowGetAccessPoint: boolean) {
    const { stack, role, accessPoint } = setup(kind);
    accessPoint.grantRead(role, { allowGetAccessPoint });
    return stack;
  }

  test('directory: s3express:GetAccessPoint on this access point only (its ARN: the action has the accesspoint resource type)', () => {
    const arn = `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/app--use1-az4--xa-s3`;
    const other = `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/other--use1-az4--xa-s3`;
    expect(decide(granted('directory', false), 's3express:GetAccessPoint', arn)).toBe('ImplicitlyDenied');
    const stack = granted('directory', true);
    expect(decide(stack, 's3express:GetAccessPoint', arn)).toBe('Allowed');
    expect(decide(stack, 's3express:GetAccessPoint', other)).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3express:GetAccessPointPolicy', arn)).toBe('ImplicitlyDenied');
  });

  test('Multi-Region: s3:GetMultiRegionAccessPoint on this Multi-Region Access Point only', () => {
    const stack = granted('multiRegion', true);
    // The alias resolve-template makes up for the Multi-Region Access Point (S3 generates it).
    const logicalId = Object.keys(Template.fromStack(stack).findResources('AWS::S3::MultiRegionAccessPoint'))[0];
    const arn = `arn:aws:s3::${ACCOUNT}:accesspoint/${logicalId.toLowerCase()}.mrap`;
    const other = `arn:aws:s3::${ACCOUNT}:accesspoint/other.mrap`;
    expect(decide(granted('multiRegion', false), 's3:GetMultiRegionAccessPoint', arn)).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3:GetMultiRegionAccessPoint', arn)).toBe('Allowed');
    expect(decide(stack, 's3:GetMultiRegionAccessPoint', other)).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3:GetMultiRegionAccessPointPolicy', arn)).toBe('ImplicitlyDenied');
  });
});

describe('a Multi-Region member bucket in another account', () => {
  const accountAdmitsNothing = (stack: Stack) => Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp('cdk-s3-access-points:accountAdmitsNothing'));

  /** A bucket of account 222222222222 that lists account ACCOUNT; with a Multi-Region Access Point of ACCOUNT over it, or not. */
  function build(withMultiRegionAccessPoint: boolean) {
    const app = new App();
    const bucketStack = new Stack(app, 'Partner', { env: { account: '222222222222', region: 'us-east-1' } });
    const bucket = new SharedDataBucket(bucketStack, 'Data', { bucketName: 'partner-data', accessPointAccounts: ['222222222222', ACCOUNT] });
    if (withMultiRegionAccessPoint) {
      const global = new Stack(app, 'Global', { env });
      const mrap = new MultiRegionAccessPoint(global, 'Reports', { buckets: [bucket], multiRegionAccessPointName: 'reports', prefix: 'reports/' });
      mrap.grantRead(new iam.Role(global, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    }
    return bucketStack;
  }

  test('listing the account of its Multi-Region Access Point does not warn that the account admits nothing; listing an idle account does', () => {
    const stack = build(true);
    expect(accountAdmitsNothing(stack)).toHaveLength(0);
    // The bucket policy does admit the Multi-Region Access Points of that account (what the warning denied).
    const statements = JSON.stringify(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
    expect(statements).toContain(`:s3::${ACCOUNT}:accesspoint/*`);
    expect(accountAdmitsNothing(build(false))).toHaveLength(1);
  });
});

describe('grants on an access point made as an L1 (s3.CfnAccessPoint, an s3.IAccessPointRef)', () => {
  function build(grant: boolean) {
    const stack = new Stack(new App(), 'Stack', { env });
    const bucket = new SharedDataBucket(stack, 'Data', { bucketName: 'data' });
    const cfn = new s3.CfnAccessPoint(stack, 'Handmade', { bucket: bucket.bucketName, name: 'handmade' });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'reader' });
    if (grant) PrefixAccessPoint.fromAccessPointRef(cfn).grants.read(role);
    return { stack, cfn };
  }

  test('writes the identity side only, on the L1\'s ARN, and warns that its policy is the caller\'s', () => {
    const { stack, cfn } = build(true);
    expect(PrefixAccessPoint.fromAccessPointRef(cfn)).toBe(PrefixAccessPoint.fromAccessPointRef(cfn));
    const identity = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(identity).toContain('"Fn::GetAtt":["Handmade","Arn"]');
    expect(Template.fromStack(stack).findResources('AWS::S3::AccessPoint').Handmade.Properties.Policy).toBeUndefined();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('accessPointPolicyNotManaged'))).toHaveLength(1);
  });

  test('evaluator: the role may read through the L1 access point, not through another one (near miss), and not without the grant', () => {
    const ap = (name: string) => `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/${name}/object/report.csv`;
    const { stack } = build(true);
    expect(decide(stack, 's3:GetObject', ap('handmade'))).toBe('Allowed');
    expect(decide(stack, 's3:GetObject', ap('handmade-2'))).toBe('ImplicitlyDenied');
    expect(decide(build(false).stack, 's3:GetObject', ap('handmade'))).toBe('ImplicitlyDenied');
  });
});

describe('imported directory bucket access points and Multi-Region Access Points', () => {
  const notManaged = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('accessPointPolicyNotManaged'))
    .map(w => w.entry.data as string);
  const THEIR_DIRECTORY = `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/theirs--use1-az4--xa-s3`;

  test('directory: a read grant lets the role open ReadOnly sessions on that access point only; not ReadWrite, not another one', () => {
    const { stack, role, accessPoint } = setup('importedDirectory');
    accessPoint.grants.read(role);
    expect(decide(stack, 's3express:CreateSession', THEIR_DIRECTORY, { 's3express:SessionMode': 'ReadOnly' })).toBe('Allowed');
    expect(decide(stack, 's3express:CreateSession', THEIR_DIRECTORY, { 's3express:SessionMode': 'ReadWrite' })).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3express:CreateSession', THEIR_DIRECTORY.replace('theirs', 'other'), { 's3express:SessionMode': 'ReadOnly' }))
      .toBe('ImplicitlyDenied');
    expect(notManaged(stack)[0]).toMatch(/writes its identity policy only: this access point was imported.*The bucket was not given/);
  });

  test('directory: with the bucket and its key, the grant adds the key\'s actions (no warning about the key)', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    const bucket = SharedDirectoryBucket.fromDirectoryBucketAttributes(stack, 'Fast', { bucketName: 'fast--use1-az4--x-s3', zoneId: 'use1-az4', encryptionKey: key });
    const ap = DirectoryBucketAccessPoint.fromAccessPointAttributes(stack, 'Ap', { accessPointName: 'theirs--use1-az4--xa-s3', bucket });
    ap.grantWrite(new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() }));
    const identity = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(identity).toContain('kms:GenerateDataKey');
    expect(identity).toContain('s3express:CreateSession');
    expect(notManaged(stack)[0]).not.toMatch(/bucket was not given/);
  });

  test.each([
    ['a regional access point ARN', { accessPointArn: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/theirs` }, /is not a directory bucket access point ARN/],
    ['a name without its zone', { accessPointName: 'theirs' }, /accessPointName 'theirs' must end with '--ZONE--xa-s3'/],
    ['both ARN and name', { accessPointName: 'theirs--use1-az4--xa-s3', accessPointArn: THEIR_DIRECTORY }, /exactly one of accessPointArn and accessPointName/],
  ])('directory: refuses %s', (_what, attrs, rule) => {
    const stack = new Stack(new App(), 'Stack', { env });
    expect(() => DirectoryBucketAccessPoint.fromAccessPointAttributes(stack, 'Ap', attrs)).toThrow(rule);
  });

  test('Multi-Region: a read grant on prefix p/ reads p/ through that Multi-Region Access Point; not p2/, not another one', () => {
    const { stack, role, accessPoint } = setup('importedMultiRegion');
    accessPoint.grants.read(role);
    expect(decide(stack, 's3:GetObject', `${THEIR_MRAP}/object/p/report.csv`)).toBe('Allowed');
    expect(decide(stack, 's3:GetObject', `${THEIR_MRAP}/object/p2/report.csv`)).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3:GetObject', `${THEIR_MRAP.replace('theirs123', 'other123')}/object/p/report.csv`)).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3:PutObject', `${THEIR_MRAP}/object/p/report.csv`)).toBe('ImplicitlyDenied');
    expect(notManaged(stack)).toHaveLength(1);
  });

  test('Multi-Region: with its buckets, the grant adds every key\'s actions', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const key = new kms.Key(stack, 'Key');
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'data-use1', encryptionKey: key });
    const mrap = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', { multiRegionAccessPointArn: THEIR_MRAP, wholeBucket: true, buckets: [bucket] });
    mrap.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).toContain('kms:Decrypt');
    expect(notManaged(stack)[0]).not.toMatch(/bucket was not given/);
  });

  test.each([
    ['a regional access point ARN', `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/theirs`],
    ['an alias without .mrap', `arn:aws:s3::${ACCOUNT}:accesspoint/theirs`],
  ])('Multi-Region: refuses %s', (_what, arn) => {
    const stack = new Stack(new App(), 'Stack', { env });
    expect(() => MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, 'Ap', arn)).toThrow(/is not a Multi-Region Access Point ARN/);
    expect(() => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'B', { multiRegionAccessPointArn: THEIR_MRAP }))
      .toThrow(/prefix is required/);
    expect(() => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'C', {
      multiRegionAccessPointArn: THEIR_MRAP, wholeBucket: true, multiRegionAccessPointName: 'Bad_Name',
    })).toThrow(/multiRegionAccessPointName \(multi_region_access_point_name in Python\) 'Bad_Name'/);
  });
});

describe('grants on a directory bucket access point made as an L1 (s3express.CfnAccessPoint)', () => {
  test('writes CreateSession on the L1\'s ARN in the identity policy (evaluator: that access point, ReadOnly; not another one)', () => {
    const build = (grant: boolean) => {
      const stack = new Stack(new App(), 'Stack', { env });
      const cfn = new s3express.CfnAccessPoint(stack, 'Handmade', { bucket: 'fast--use1-az4--x-s3', name: 'handmade--use1-az4--xa-s3' });
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'reader' });
      if (grant) DirectoryBucketAccessPoint.fromAccessPointRef(cfn).grants.read(role);
      return { stack, cfn };
    };
    const { stack, cfn } = build(true);
    expect(DirectoryBucketAccessPoint.fromAccessPointRef(cfn)).toBe(DirectoryBucketAccessPoint.fromAccessPointRef(cfn));
    const arn = (name: string) => `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/${name}--use1-az4--xa-s3`;
    expect(decide(stack, 's3express:CreateSession', arn('handmade'), { 's3express:SessionMode': 'ReadOnly' })).toBe('Allowed');
    expect(decide(stack, 's3express:CreateSession', arn('handmade'), { 's3express:SessionMode': 'ReadWrite' })).toBe('ImplicitlyDenied');
    expect(decide(stack, 's3express:CreateSession', arn('other'), { 's3express:SessionMode': 'ReadOnly' })).toBe('ImplicitlyDenied');
    expect(decide(build(false).stack, 's3express:CreateSession', arn('handmade'), { 's3express:SessionMode': 'ReadOnly' })).toBe('ImplicitlyDenied');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('accessPointPolicyNotManaged'))).toHaveLength(1);
  });
});
