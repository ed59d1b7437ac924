/*
 * docs/threat-model.md, proven on synthesized templates with the independent evaluator: every attack
 * is a request (or a sequence) with its expected deny, next to a control case in which the intended
 * access still works, and a case showing that the previous policy shape let the attack through (so
 * that the test can fail). Object tags, encryption headers and the like are context keys S3 fills
 * in; the tests pass them, as S3 would.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACCOUNTS, CrossAccountApp } from '../examples/cross-account';
import { DataLakeStack } from '../examples/data-lake';
import { TaggedRecordsStack } from '../examples/tagged';
import { VpcOnlyStack } from '../examples/vpc-only';
import { AccessLevel, DelegationScope, PrefixAccessPoint, PrincipalFolder, SharedDataBucket } from '../src';
import { AccessEvaluator, S3Request } from './support/access-evaluator';
import { ACCOUNT, PARTITION, REGION, resolveTemplates } from './support/resolve-template';

const roleArnOf = (role: iam.Role) => AccessEvaluator.roleArn(Stack.of(role).getLogicalId(role.node.defaultChild as iam.CfnRole));
const tags = (prefix: string, t: Record<string, string>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [`${prefix}/${k}`, v]));
const existing = (t: Record<string, string>) => tags('s3:ExistingObjectTag', t);
const setting = (t: Record<string, string>) => tags('s3:RequestObjectTag', t);
const INSIDER = `arn:${PARTITION}:iam::${ACCOUNT}:role/insider`;
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const apArn = (account: string, name: string) => `arn:${PARTITION}:s3:${REGION}:${account}:accesspoint/${name}`;

describe('retagging: a tag-limited writer cannot move an existing object into or out of its tags', () => {
  const stack = new TaggedRecordsStack(new App(), 'TaggedRecords');
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  const intake = roleArnOf(stack.intakeRole);
  const tagging = (context: Record<string, string>): S3Request =>
    ({ principal: intake, accessPoint: 'medical-records', action: 's3:PutObjectTagging', key: 'records/p1.json', context });

  test.each([
    ['retag an intensive-care record as emergency-room (into the granted tags)', { ...setting({ data: 'emergency-room' }), ...existing({ data: 'intensive-care' }) }],
    ['retag an emergency-room record as public (out of them)', { ...setting({ data: 'public' }), ...existing({ data: 'emergency-room' }) }],
    ['retag an emergency-room record, keeping the tag (still a retag of a tagged object)', { ...setting({ data: 'emergency-room' }), ...existing({ data: 'emergency-room' }) }],
  ])('denied: %s', async (_what, context) => {
    expect(await evaluator.evaluate(tagging(context))).not.toBe('Allowed');
  });

  test('control: an upload that sets the tags (authorized as PutObject and PutObjectTagging on a key with no tags yet)', async () => {
    expect(await evaluator.evaluate({ principal: intake, accessPoint: 'medical-records', action: 's3:PutObject', key: 'records/new.json', context: setting({ data: 'emergency-room' }) })).toBe('Allowed');
    expect(await evaluator.evaluate(tagging(setting({ data: 'emergency-room' })))).toBe('Allowed');
  });

  test('residual (docs/threat-model.md): an object that never carried the tag key can be tagged into the granted tags', async () => {
    expect(await evaluator.evaluate(tagging({ ...setting({ data: 'emergency-room' }), ...existing({ ward: 'south' }) }))).toBe('Allowed');
  });

  test('the previous shape (PutObjectTagging conditioned on the new tags only) let the retag through', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.accessPointPolicy('medical-records')));
    for (const s of policy.Statement) if (s.Condition?.Null) delete s.Condition.Null;
    const request = tagging({ ...setting({ data: 'emergency-room' }), ...existing({ data: 'intensive-care' }) });
    expect(await evaluator.withAccessPointPolicy('medical-records', policy).withoutIdentityPolicies().evaluate(request)).toBe('Allowed');
  });
});

describe('a partner account cannot widen its access point beyond what the bucket admits', () => {
  const app = new App();
  const scenario = new CrossAccountApp(app, 'CrossAccount');
  const evaluator = AccessEvaluator.fromStacks(scenario.dataStack, scenario.analyticsStack, scenario.partnerStack);
  const ingestRole = scenario.partnerStack.node.findChild('IngestRole') as iam.Role;
  const ingest = AccessEvaluator.namedRoleArn(ACCOUNTS.partner, `role-${Stack.of(ingestRole).getLogicalId(ingestRole.node.defaultChild as iam.CfnRole)}`);
  // The partner owns its access point's policy and rewrites it to allow everything.
  const widened = evaluator.withAccessPointPolicy('partner-ingest', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: [apArn(ACCOUNTS.partner, 'partner-ingest'), `${apArn(ACCOUNTS.partner, 'partner-ingest')}/object/*`] }],
  }).withIdentityPolicy(ingest, EVERYTHING);
  const through = (action: string, key: string): S3Request => ({ principal: ingest, accessPoint: 'partner-ingest', action, key });

  test.each([
    ['read reports/ through its widened access point', through('s3:GetObject', 'reports/2026-q3.csv')],
    ['overwrite reports/', through('s3:PutObject', 'reports/2026-q3.csv')],
    ['delete under its own prefix (it was granted WRITE only)', through('s3:DeleteObject', 'partner/batch.json')],
    ['list every key', { principal: ingest, accessPoint: 'partner-ingest', action: 's3:ListBucket' }],
    ['read through a second access point it creates', { principal: ingest, rogueAccessPoint: apArn(ACCOUNTS.partner, 'rogue'), action: 's3:GetObject', key: 'partner/batch.json' }],
  ])('denied: %s', async (_what, request) => {
    expect(await widened.evaluate(request as S3Request)).not.toBe('Allowed');
  });

  test('control: what this app grants through it still works', async () => {
    expect(await widened.evaluate(through('s3:PutObject', 'partner/batch.json'))).toBe('Allowed');
  });

  test('the previous shape (Action * for every access point of the account) let the widened access point read reports/', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.bucketPolicy));
    // Nor the Denies that cap the partner's access point for every caller.
    policy.Statement = policy.Statement.filter((s: any) => !(s.Effect === 'Deny' && s.Condition?.StringEquals?.['s3:DataAccessPointArn']));
    const delegation = policy.Statement.find((s: any) => s.Sid === 'DelegateAccessControlToAccessPoints');
    delegation.Action = '*';
    delegation.Condition.StringEquals['s3:DataAccessPointAccount'] = [ACCOUNTS.data, ACCOUNTS.partner];
    expect(await widened.withBucketPolicy(policy).evaluate(through('s3:GetObject', 'reports/2026-q3.csv'))).toBe('Allowed');
  });

  test('the delegation lists data actions, never * (Security Hub S3.6), and the data stack deploys after the roles it names', () => {
    const delegation = evaluator.bucketPolicy.Statement.find((s: any) => s.Sid === 'DelegateAccessControlToAccessPoints');
    expect(delegation.Action).not.toContain('*');
    expect(scenario.dataStack.dependencies).toContain(scenario.analyticsStack);
  });
});

describe('delegation scope: an insider\'s own access point over the bucket', () => {
  function lake(delegationScope?: DelegationScope) {
    const stack = new Stack(new App(), 'Lake', { env: { account: ACCOUNT, region: REGION } });
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'lake-bucket', delegationScope });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    data.addPrefixAccessPoint('Sales', { accessPointName: 'lake-sales', prefix: 'sales/' }).grantRead(role);
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT })
      .withIdentityPolicy(INSIDER, EVERYTHING);
    return { evaluator, reader: roleArnOf(role), stack, data };
  }
  const rogue = (name: string): S3Request => ({ principal: INSIDER, rogueAccessPoint: apArn(ACCOUNT, name), action: 's3:GetObject', key: 'sales/q3.csv' });

  test('residual with ACCOUNT (AWS\'s pattern, the default): any access point of the account is admitted', async () => {
    expect(await lake().evaluator.evaluate(rogue('insider'))).toBe('Allowed');
  });

  test.each([
    ['ACCESS_POINTS', DelegationScope.ACCESS_POINTS],
    ['namePrefix(lake-)', DelegationScope.namePrefix('lake-')],
  ])('%s: the insider\'s access point is denied by the bucket; the app\'s still works', async (_name, scope) => {
    const { evaluator, reader } = lake(scope);
    expect(await evaluator.evaluate(rogue('insider'))).not.toBe('Allowed');
    expect(await evaluator.evaluate({ principal: reader, accessPoint: 'lake-sales', action: 's3:GetObject', key: 'sales/q3.csv' })).toBe('Allowed');
  });

  test('residual with namePrefix: a name that matches is admitted (pair it with an SCP on s3:CreateAccessPoint)', async () => {
    expect(await lake(DelegationScope.namePrefix('lake-')).evaluator.evaluate(rogue('lake-squatter'))).toBe('Allowed');
  });

  test('namePrefix refuses an access point whose name does not start with it, and a prefix no name can start with', () => {
    const stack = new Stack(new App(), 'Lake', { env: { account: ACCOUNT, region: REGION } });
    const data = new SharedDataBucket(stack, 'Data', { delegationScope: DelegationScope.namePrefix('lake-') });
    expect(() => data.addPrefixAccessPoint('Other', { accessPointName: 'other', prefix: 'o/' }))
      .toThrow(/Lake\/Data\/Other: invalid properties:\n.*accessPointName 'other' must start with 'lake-'/);
    expect(() => DelegationScope.namePrefix('Lake_')).toThrow(/cannot start an access point name/);
  });
});

describe('object request boundary: an insider with s3:* cannot go around the access points', () => {
  const stack = new VpcOnlyStack(new App(), 'VpcOnly', { env: { region: REGION } });
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON()).withIdentityPolicy(INSIDER, EVERYTHING);
  const cfnExec = `arn:${PARTITION}:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;

  test.each([
    ['lists every key straight from the bucket', { principal: INSIDER, action: 's3:ListBucket' }],
    ['lists versions', { principal: INSIDER, action: 's3:ListBucketVersions' }],
    ['lists multipart uploads', { principal: INSIDER, action: 's3:ListBucketMultipartUploads' }],
    ['reads an object', { principal: INSIDER, action: 's3:GetObject', key: 'app/config.json' }],
    ['reads as the CDK CloudFormation execution role (shared by every CDK app of the account)', { principal: cfnExec, action: 's3:GetObject', key: 'app/config.json' }],
  ])('denied: %s', async (_what, request) => {
    const who = request.principal === cfnExec ? evaluator.withIdentityPolicy(cfnExec, EVERYTHING) : evaluator;
    expect(await who.evaluate(request as S3Request)).toBe('ExplicitlyDenied');
  });

  test('control: the app role lists app/ through its access point from the VPC', async () => {
    const vpc = stack.getLogicalId(stack.vpc.node.defaultChild as any);
    expect(await evaluator.evaluate({ principal: roleArnOf(stack.appRole), accessPoint: 'app-reader', action: 's3:ListBucket', listPrefix: 'app/', fromVpc: vpc })).toBe('Allowed');
  });

  test('the previous shape (objects only) let the insider list every key', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.bucketPolicy));
    policy.Statement = policy.Statement.filter((s: any) => s.Sid !== 'DenyListingOutsideAccessPoints');
    expect(await evaluator.withBucketPolicy(policy).evaluate({ principal: INSIDER, action: 's3:ListBucket' })).toBe('Allowed');
  });

  test('service roles keep direct access; a pinned scope also denies the insider\'s own access point', async () => {
    const app = new App();
    const s = new Stack(app, 'Boundary', { env: { account: ACCOUNT, region: REGION } });
    const data = new SharedDataBucket(s, 'Data', { delegationScope: DelegationScope.ACCESS_POINTS });
    const replication = new iam.Role(s, 'Replication', { roleName: 'replication', assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    data.denyObjectRequestsOutside({ serviceRoles: [replication] });
    const e = AccessEvaluator.fromTemplates({ ...Template.fromStack(s).toJSON(), account: ACCOUNT })
      .withIdentityPolicy(INSIDER, EVERYTHING).withIdentityPolicy(AccessEvaluator.namedRoleArn(ACCOUNT, 'replication'), EVERYTHING);
    expect(await e.evaluate({ principal: AccessEvaluator.namedRoleArn(ACCOUNT, 'replication'), action: 's3:GetObject', key: 'a/b' })).toBe('Allowed');
    expect(await e.evaluate({ principal: INSIDER, rogueAccessPoint: apArn(ACCOUNT, 'insider'), action: 's3:GetObject', key: 'a/b' })).toBe('ExplicitlyDenied');
  });
});

describe('uploads cannot choose their encryption (the ransom pattern)', () => {
  const stack = new DataLakeStack(new App(), 'DataLake');
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  const ec2 = roleArnOf(stack.ec2Role);
  const bucketKey = evaluator.bucketPolicy.Statement.find((s: any) => s.Sid === 'DenyUploadsWithAnotherKmsKey')
    .Condition.StringNotEquals['s3:x-amz-server-side-encryption-aws-kms-key-id'];
  const upload = (context: Record<string, string>): S3Request => ({ principal: ec2, accessPoint: 'ec2-consumer', action: 's3:PutObject', key: 'sales_event/a.json', context });
  const SSE = 's3:x-amz-server-side-encryption';
  const KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

  test.each([
    ['a KMS key of another account', { [SSE]: 'aws:kms', [KEY]: 'arn:aws:kms:us-east-1:999999999999:key/ransom' }],
    ['a key alias (resolved in the caller\'s account)', { [SSE]: 'aws:kms', [KEY]: 'alias/ransom' }],
    ['aws:kms without a key (the AWS managed key aws/s3)', { [SSE]: 'aws:kms' }],
    ['SSE-S3 instead of the bucket\'s key', { [SSE]: 'AES256' }],
    ['a customer-provided key (SSE-C)', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }],
  ])('denied: an upload naming %s', async (_what, context) => {
    expect(await evaluator.evaluate(upload(context))).toBe('ExplicitlyDenied');
  });

  test.each([
    ['no encryption (the bucket\'s default applies)', {}],
    ['the bucket\'s own key, by ARN', { [SSE]: 'aws:kms', [KEY]: bucketKey }],
  ])('control: an upload naming %s', async (_what, context) => {
    expect(await evaluator.evaluate(upload(context))).toBe('Allowed');
  });

  test('the previous shape (no upload Deny) let the foreign key through; SSE-C is also blocked on the bucket', async () => {
    const policy = JSON.parse(JSON.stringify(evaluator.bucketPolicy));
    policy.Statement = policy.Statement.filter((s: any) => !String(s.Sid).startsWith('DenyUploads'));
    expect(await evaluator.withBucketPolicy(policy).evaluate(upload({ [SSE]: 'aws:kms', [KEY]: 'arn:aws:kms:us-east-1:999999999999:key/ransom' }))).toBe('Allowed');
  });
});

describe('KMS: the grant\'s key statements work only through S3, on the bucket\'s key', () => {
  const stack = new DataLakeStack(new App(), 'DataLake');
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  const ec2 = roleArnOf(stack.ec2Role);
  // The evaluator cannot match kms:EncryptionContext:* keys (DESIGN.md, "Verifying access"): it
  // decides on the rest of the synthesized statements, and the context condition is checked on the
  // template below.
  const withoutContext = JSON.parse(JSON.stringify(evaluator.identityPoliciesOf(ec2)));
  for (const doc of withoutContext) {
    for (const s of doc.Statement) if (s.Condition?.StringLike?.['kms:EncryptionContext:aws:s3:arn']) delete s.Condition.StringLike;
  }
  const keyArn = withoutContext.flatMap((d: any) => d.Statement).find((s: any) => [].concat(s.Action).includes('kms:Decrypt' as never)).Resource;
  const [resolved] = resolveTemplates([Template.fromStack(stack).toJSON()]);
  const keyPolicy = Object.values(resolved.Resources ?? {}).find((r: any) => r.Type === 'AWS::KMS::Key')!.Properties.KeyPolicy;
  const decrypt = (context: Record<string, string>) => evaluator.evaluateAction({
    principal: ec2,
    action: 'kms:Decrypt',
    resource: keyArn,
    context,
    resourcePolicy: keyPolicy,
    identityPolicy: { Version: '2012-10-17', Statement: withoutContext.flatMap((d: any) => d.Statement) },
  });

  test('control: S3 decrypts for the consumer (kms:ViaService s3.REGION.amazonaws.com)', async () => {
    expect(await decrypt({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('Allowed');
  });

  test.each([
    ['a direct KMS call', {}],
    ['through another service', { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` }],
  ])('denied: %s', async (_what, context) => {
    expect(await decrypt(context)).not.toBe('Allowed');
  });

  test('the previous shape (Key.grant: no kms:ViaService) let the consumer call KMS directly', async () => {
    const statements = JSON.parse(JSON.stringify(withoutContext.flatMap((d: any) => d.Statement)));
    for (const s of statements) delete s.Condition;
    expect(await evaluator.evaluateAction({
      principal: ec2,
      action: 'kms:Decrypt',
      resource: keyArn,
      resourcePolicy: keyPolicy,
      identityPolicy: { Version: '2012-10-17', Statement: statements },
    })).toBe('Allowed');
  });

  test('the identity statement names the key (never *), kms:ViaService and the bucket\'s encryption context (S3 Bucket Keys: the bucket ARN)', () => {
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(p => p.Properties.PolicyDocument.Statement);
    const kmsStatements = statements.filter((s: any) => [].concat(s.Action).some((a: string) => a.startsWith('kms:')));
    expect(kmsStatements).toHaveLength(2);
    for (const s of kmsStatements) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StoreEventsKey/), 'Arn'] });
      expect(s.Condition).toEqual({
        StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': { 'Fn::GetAtt': [expect.stringMatching(/^StoreEvents/), 'Arn'] } },
      });
    }
  });

  test('a principal of another account is named in the key policy, with the same conditions, and no statement is on *', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: REGION } });
    const bucket = new SharedDataBucket(data, 'Bucket', { bucketName: 'kms-lake', encryption: s3.BucketEncryption.KMS, accessPointAccounts: ['111111111111'] });
    const role = new iam.Role(other, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
    bucket.addPrefixAccessPoint('Ap', { accessPointName: 'reader', prefix: 'r/' }).grantRead(role);
    const keyStatements = Object.values(Template.fromStack(data).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(keyStatements).toContainEqual(expect.objectContaining({
      Principal: { AWS: expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([':iam::222222222222:role/reader'])]) }) },
      Action: 'kms:Decrypt',
      Condition: expect.objectContaining({ StringEquals: expect.objectContaining({ 'kms:ViaService': `s3.${REGION}.amazonaws.com` }) }),
    }));
    const identity = Object.values(Template.fromStack(other).findResources('AWS::IAM::Policy')).flatMap(p => p.Properties.PolicyDocument.Statement);
    const kmsIdentity = identity.find((s: any) => s.Action === 'kms:Decrypt');
    // The key cannot be referenced across environments: the keys of its account and region, pinned
    // by the encryption context to this bucket (its name is known).
    expect(JSON.stringify(kmsIdentity.Resource)).toContain(':kms:us-east-1:111111111111:key/*');
    expect(JSON.stringify(kmsIdentity.Condition)).toContain(':s3:::kms-lake');
    expect(JSON.stringify(identity)).not.toMatch(/"Resource":"\*"/);
  });

  test('the AWS managed key aws/s3 cannot serve another account: such a grant is refused', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const bucket = new SharedDataBucket(data, 'Bucket', { encryption: s3.BucketEncryption.KMS_MANAGED });
    const ap = bucket.addPrefixAccessPoint('Ap', { accessPointName: 'reader-ap', prefix: 'r/' });
    expect(() => ap.grantRead(iam.Role.fromRoleArn(data, 'Other', 'arn:aws:iam::222222222222:role/reader')))
      .toThrow(/Data\/Bucket\/Ap: invalid grant to [\s\S]*encrypts with the AWS managed key aws\/s3, which principals of another account \(222222222222\) cannot use/);
  });

  test('an imported key cannot be changed: the key policy statement is given in a warning', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const key = kms.Key.fromKeyArn(data, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/abc');
    const bucket = s3.Bucket.fromBucketAttributes(data, 'Lake', { bucketName: 'lake', encryptionKey: key });
    new PrefixAccessPoint(data, 'Ap', { bucket, accessPointName: 'reader-ap', prefix: 'r/' })
      .grantRead(iam.Role.fromRoleArn(data, 'Other', 'arn:aws:iam::222222222222:role/reader'));
    Annotations.fromStack(data).hasWarning('/Data/Ap', Match.stringLikeRegexp('needs the bucket\'s KMS key to allow account 222222222222.*its owner must add to the key policy'));
  });
});

describe('per-principal folders cannot be spoofed', () => {
  function folders() {
    const stack = new Stack(new App(), 'Folders', { env: { account: ACCOUNT, region: REGION } });
    const data = new SharedDataBucket(stack, 'Data');
    const ap = data.addPrefixAccessPoint('Home', { accessPointName: 'home', prefix: 'home/' });
    return { stack, ap };
  }

  test('a principal tag with a / cannot reach into another principal\'s folder; the plain tag still works', async () => {
    const { stack, ap } = folders();
    const user = new iam.User(stack, 'Mallory', { userName: 'mallory' });
    ap.grantRead(user, { principalFolder: PrincipalFolder.principalTag('team') });
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT });
    const read = (team: string, key: string): S3Request => ({ principal: AccessEvaluator.userArn('mallory'), accessPoint: 'home', action: 's3:GetObject', key, context: { 'aws:PrincipalTag/team': team } });
    expect(await evaluator.evaluate(read('finance', 'home/finance/x.csv'))).toBe('Allowed');
    expect(await evaluator.evaluate(read('finance/private', 'home/finance/private/x.csv'))).not.toBe('Allowed');
    expect(await evaluator.evaluate(read('', 'home//x.csv'))).not.toBe('Allowed');
    // The previous shape, without the guard, let the slash through.
    const policy = JSON.parse(JSON.stringify(evaluator.accessPointPolicy('home')));
    for (const s of policy.Statement) delete s.Condition?.StringNotLike;
    expect(await evaluator.withAccessPointPolicy('home', policy).withoutIdentityPolicies().evaluate(read('finance/private', 'home/finance/private/x.csv'))).toBe('Allowed');
  });

  test('USER_ID or a principal tag on a role needs the trust side pinned: refused unless principalFolderTrusted', () => {
    const { stack, ap } = folders();
    const role = new iam.Role(stack, 'Uploader', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => ap.grantWrite(role, { principalFolder: PrincipalFolder.USER_ID })).toThrow(/can be spoofed: whoever assumes a role chooses its session name/);
    expect(() => ap.grantWrite(role, { principalFolder: PrincipalFolder.principalTag('team') })).toThrow(/can be spoofed/);
    expect(() => ap.grantWrite(role, { principalFolder: PrincipalFolder.USER_ID, principalFolderTrusted: true })).not.toThrow();
    // IAM users: their ids and tags are set by administrators.
    expect(() => ap.grantWrite(new iam.User(stack, 'Bob'), { principalFolder: PrincipalFolder.USER_ID })).not.toThrow();
  });
});

describe('client actions: describe, versions', () => {
  function versioned() {
    const stack = new Stack(new App(), 'Versions', { env: { account: ACCOUNT, region: REGION } });
    const data = new SharedDataBucket(stack, 'Data', { versioned: true });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    data.addPrefixAccessPoint('Ap', { accessPointName: 'reports', prefix: 'reports/' }).grantRead(role, { allowGetAccessPoint: true });
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT });
    return { evaluator, reader: roleArnOf(role) };
  }

  test('READ lists the versions under its prefix only, and reads their attributes', async () => {
    const { evaluator, reader } = versioned();
    const at = (r: Omit<S3Request, 'principal' | 'accessPoint'>): S3Request => ({ principal: reader, accessPoint: 'reports', ...r });
    expect(await evaluator.evaluate(at({ action: 's3:ListBucketVersions', listPrefix: 'reports/' }))).toBe('Allowed');
    expect(await evaluator.evaluate(at({ action: 's3:GetObjectVersionAttributes', key: 'reports/q3.csv' }))).toBe('Allowed');
    expect(await evaluator.evaluate(at({ action: 's3:ListBucketVersions', listPrefix: 'other/' }))).not.toBe('Allowed');
    expect(await evaluator.evaluate(at({ action: 's3:ListBucketVersions' }))).not.toBe('Allowed');
    expect(await evaluator.evaluate(at({ action: 's3:GetObjectVersionAttributes', key: 'other/q3.csv' }))).not.toBe('Allowed');
  });

  test('s3:GetAccessPoint is granted on * pinned to the access point; on the access point ARN it could never match', async () => {
    const { evaluator, reader } = versioned();
    const describe = (ap: string) => evaluator.evaluateAction({ principal: reader, action: 's3:GetAccessPoint', resource: '*', context: { 's3:DataAccessPointArn': apArn(ACCOUNT, ap) } });
    expect(await describe('reports')).toBe('Allowed');
    expect(await describe('other')).not.toBe('Allowed');
    await expect(evaluator.evaluateAction({ principal: reader, action: 's3:GetAccessPoint', resource: apArn(ACCOUNT, 'reports') })).rejects.toThrow(/must.use.wildcard|wildcard/);
  });
});

describe('silent no-ops are warnings', () => {
  test('a grant to a group of another account cannot work', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const ap = new SharedDataBucket(data, 'Bucket').addPrefixAccessPoint('Ap', { accessPointName: 'reader-ap', prefix: 'r/' });
    ap.grantRead(iam.Group.fromGroupArn(data, 'Group', 'arn:aws:iam::222222222222:group/readers'));
    Annotations.fromStack(data).hasWarning('/Data/Bucket/Ap', Match.stringLikeRegexp('cannot work: across accounts both .* an IAM group can never be named in a resource policy'));
  });

  test('an imported bucket given without its key: grants cannot add KMS permissions', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'legacy-lake');
    const ap = new PrefixAccessPoint(stack, 'Ap', { bucket, accessPointName: 'reader-ap', prefix: 'r/' });
    ap.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Annotations.fromStack(stack).hasWarning('/Stack/Ap', Match.stringLikeRegexp('imported without its KMS key: if it uses SSE-KMS'));
  });

  test('an access point of another account joining a growing delegation warns; one over a bucket that does not delegate to its account is not admitted', () => {
    const app = new App();
    const owner = new Stack(app, 'Owner', { env: { account: '111111111111', region: REGION } });
    const partner = new Stack(app, 'Partner', { env: { account: '333333333333', region: REGION } });
    const lake = new s3.Bucket(owner, 'Lake', { bucketName: 'grown-lake' });
    new PrefixAccessPoint(partner, 'Theirs', { bucket: lake, accessPointName: 'theirs', prefix: 'p/' });
    Annotations.fromStack(partner).hasWarning('/Partner/Theirs', Match.stringLikeRegexp('now delegates to this access point of account 333333333333'));

    const app2 = new App();
    const dataStack = new Stack(app2, 'Data', { env: { account: '111111111111', region: REGION } });
    const other = new Stack(app2, 'Other', { env: { account: '333333333333', region: REGION } });
    new SharedDataBucket(dataStack, 'Bucket', { bucketName: 'only-own' });
    const imported = s3.Bucket.fromBucketAttributes(other, 'Imported', { bucketName: 'only-own', account: '111111111111' });
    new PrefixAccessPoint(other, 'Theirs', { bucket: imported, accessPointName: 'theirs', prefix: 'p/' })
      .grantRead(new iam.Role(other, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Annotations.fromStack(dataStack).hasWarning('/Data/Bucket', Match.stringLikeRegexp('Access point Other/Theirs of account 333333333333 is over this bucket, which does not delegate to that account'));
    expect(JSON.stringify(Template.fromStack(dataStack).toJSON())).not.toContain('accesspoint/theirs');
  });

  test('a role of another environment without a physical name is refused in the library\'s words', () => {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: REGION } });
    const ap = new SharedDataBucket(data, 'Bucket').addPrefixAccessPoint('Ap', { accessPointName: 'reader-ap', prefix: 'r/' });
    const role = new iam.Role(other, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => ap.grantRead(role)).toThrow(/Data\/Bucket\/Ap: invalid grant to Other\/Reader: it is in another account or region.*Give it one \(roleName/);
  });

  test('an admitted access point of another account made elsewhere: its actions on its prefix, by ARN', () => {
    const stack = new Stack(new App(), 'Data', { env: { account: '111111111111', region: REGION } });
    const data = new SharedDataBucket(stack, 'Bucket', { accessPointAccounts: ['111111111111', '333333333333'] });
    data.admitAccessPoint({ accessPointArn: 'arn:aws:s3:us-east-1:333333333333:accesspoint/partner', prefix: 'partner/', levels: [AccessLevel.READ] });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const pinned = statements.filter((s: any) => s.Effect === 'Allow' && s.Condition?.StringEquals?.['s3:DataAccessPointArn'] === 'arn:aws:s3:us-east-1:333333333333:accesspoint/partner');
    expect(pinned.map((s: any) => s.Action)).toEqual([expect.arrayContaining(['s3:GetObject']), ['s3:ListBucket', 's3:ListBucketVersions']]);
    expect(JSON.stringify(pinned)).not.toContain('s3:PutObject');
    expect(() => data.admitAccessPoint({ accessPointArn: 'arn:aws:s3:us-east-1:444444444444:accesspoint/xyz', prefix: 'x/', levels: [AccessLevel.READ] }))
      .toThrow(/Data\/Bucket: invalid admitAccessPoint:\n.*account 444444444444 is not in accessPointAccounts/);
  });
});
