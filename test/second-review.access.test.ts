/*
 * docs/threat-model.md, the findings of the second review that concern the granted consumer, the
 * partner account and the VPC workload, proven on synthesized templates with the independent
 * evaluator: each attack is denied, a control request still works, and the previous shape (the
 * template with the new statement removed, or the old one restored) let the attack through.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataLakeStack } from '../examples/data-lake';
import {
  AccessLevel, DelegationScope, DirectoryBucketAccessPoint, EndpointAllowance, PrefixAccessPoint, PrincipalFolder,
  SharedDataBucket, SharedDirectoryBucket,
} from '../src';
import { AccessEvaluator, S3Request } from './support/access-evaluator';
import { ACCOUNT, PARTITION, REGION, resolveTemplates } from './support/resolve-template';

const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const apArn = (account: string, name: string) => `arn:${PARTITION}:s3:${REGION}:${account}:accesspoint/${name}`;
const withoutCondition = ({ Condition: _, ...statement }: any) => statement;
const without = (policy: any, drop: (s: any) => boolean) => ({ ...policy, Statement: policy.Statement.filter((s: any) => !drop(s)) });

describe.each([
  ['ACCESS_POINTS', DelegationScope.ACCESS_POINTS],
  ['ACCOUNT', DelegationScope.ACCOUNT],
])('a partner\'s access point is capped for every caller (delegation %s, with the object boundary)', (_name, delegationScope) => {
  const DATA = '111111111111';
  const PARTNER = '333333333333';
  const app = new App();
  const dataStack = new Stack(app, 'Data', { env: { account: DATA, region: REGION } });
  const partnerStack = new Stack(app, 'Partner', { env: { account: PARTNER, region: REGION } });
  const data = new SharedDataBucket(dataStack, 'Shared', { bucketName: 'capped-lake', accessPointAccounts: [DATA, PARTNER], delegationScope });
  data.denyObjectRequestsOutside();
  data.addPrefixAccessPoint('Reports', { accessPointName: 'reports', prefix: 'reports/' })
    .grantRead(new iam.Role(dataStack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() }));
  const shared = SharedDataBucket.fromBucketAttributes(partnerStack, 'SharedBucket', { bucketName: 'capped-lake', account: DATA });
  new PrefixAccessPoint(partnerStack, 'Ingest', { bucket: shared, accessPointName: 'partner-ingest', prefix: 'partner/' })
    .grantWrite(new iam.Role(partnerStack, 'IngestRole', { roleName: 'ingest', assumedBy: new iam.AccountRootPrincipal() }));

  // An insider of the data account with s3:* on *, named by the partner in its access point's
  // (widened) policy: a same-account caller needs no bucket policy Allow.
  const insider = AccessEvaluator.namedRoleArn(DATA, 'insider');
  const evaluator = AccessEvaluator.fromStacks(dataStack, partnerStack)
    .withAccessPointPolicy('partner-ingest', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: insider }, Action: 's3:*', Resource: [apArn(PARTNER, 'partner-ingest'), `${apArn(PARTNER, 'partner-ingest')}/object/*`] }],
    })
    .withIdentityPolicy(insider, EVERYTHING);
  const through = (r: Omit<S3Request, 'principal' | 'accessPoint' | 'sameAccountAsBucket'>): S3Request =>
    ({ principal: insider, accessPoint: 'partner-ingest', sameAccountAsBucket: true, ...r });
  const caps = (s: any) => s.Sid === 'DenyOwnAccountThroughPartnerAccessPoints';
  // The shape before: no caps, and the object boundary exempting the partner (its access point by ARN
  // with ACCESS_POINTS, its whole account with ACCOUNT).
  const previousBucketPolicy = () => {
    const policy = JSON.parse(JSON.stringify(without(evaluator.bucketPolicy, caps)));
    if (delegationScope === DelegationScope.ACCOUNT) {
      for (const s of policy.Statement.filter((st: any) => String(st.Sid).endsWith('OutsideAccessPoints'))) {
        s.Condition = { ...s.Condition, StringNotEquals: { 's3:DataAccessPointAccount': [DATA, PARTNER] } };
        delete s.Condition.StringNotLike;
      }
    }
    return policy;
  };

  test.each([
    ['reads another prefix', through({ action: 's3:GetObject', key: 'reports/2026-q3.csv' })],
    ['reads its own prefix (the partner was granted WRITE only)', through({ action: 's3:GetObject', key: 'partner/batch.json' })],
    ['deletes under the partner\'s prefix', through({ action: 's3:DeleteObject', key: 'partner/batch.json' })],
    ['writes outside the prefix, at a key sharing its string', through({ action: 's3:PutObject', key: 'partner-archive/x.json' })],
    ['changes an object\'s ACL', through({ action: 's3:PutObjectAcl', key: 'partner/batch.json' })],
    ['lists every key', through({ action: 's3:ListBucket' })],
    ['writes what the partner was granted (the bucket\'s own callers use the app\'s access points)', through({ action: 's3:PutObject', key: 'partner/batch.json' })],
  ])('denied: an insider through the partner\'s access point %s; the previous shape allowed it', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('ExplicitlyDenied');
    expect(await evaluator.withBucketPolicy(previousBucketPolicy()).evaluate(request)).toBe('Allowed');
  });

  test('control: the partner\'s role still writes partner/ through it, and nothing more', async () => {
    const ingest = AccessEvaluator.namedRoleArn(PARTNER, 'ingest');
    expect(await evaluator.evaluate({ principal: ingest, accessPoint: 'partner-ingest', action: 's3:PutObject', key: 'partner/batch.json' })).toBe('Allowed');
    expect(await evaluator.evaluate({ principal: ingest, accessPoint: 'partner-ingest', action: 's3:GetObject', key: 'reports/a.csv' })).not.toBe('Allowed');
  });

  test('a second access point of the partner account is not exempt from the boundary: only the admitted ones, by ARN', async () => {
    const rogue: S3Request = { principal: insider, rogueAccessPoint: apArn(PARTNER, 'rogue'), action: 's3:GetObject', key: 'reports/a.csv', sameAccountAsBucket: true };
    expect(await evaluator.evaluate(rogue)).toBe('ExplicitlyDenied');
    expect(await evaluator.withBucketPolicy(previousBucketPolicy()).evaluate(rogue)).toBe(delegationScope === DelegationScope.ACCOUNT ? 'Allowed' : 'ExplicitlyDenied');
  });

  test('the reader of the data account still reads through the app\'s own access point', async () => {
    expect(await evaluator.evaluate({ principal: AccessEvaluator.namedRoleArn(DATA, 'reader'), accessPoint: 'reports', action: 's3:GetObject', key: 'reports/a.csv' })).toBe('Allowed');
  });
});

describe('a partner whose grants are all tag-limited cannot widen its access point to other tags', () => {
  // The bucket admits a partner access point for its grants' tags when they all name the same ones.
  function partner(objectTags: Record<string, string>[]) {
    const app = new App();
    const dataStack = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const partnerStack = new Stack(app, 'Partner', { env: { account: '333333333333', region: REGION } });
    new SharedDataBucket(dataStack, 'Shared', { bucketName: 'tagged-lake', accessPointAccounts: ['111111111111', '333333333333'] });
    const shared = SharedDataBucket.fromBucketAttributes(partnerStack, 'SharedBucket', { bucketName: 'tagged-lake', account: '111111111111' });
    const ap = new PrefixAccessPoint(partnerStack, 'Records', { bucket: shared, accessPointName: 'partner-records', prefix: 'records/' });
    objectTags.forEach((tags, i) => ap.grantReadWrite(new iam.Role(partnerStack, `Reader${i}`, { roleName: `reader-${i}`, assumedBy: new iam.AccountRootPrincipal() }), { objectTags: tags }));
    return AccessEvaluator.fromStacks(dataStack, partnerStack);
  }
  const reader = AccessEvaluator.namedRoleArn('333333333333', 'reader-0');
  const widen = (e: AccessEvaluator) => e.withAccessPointPolicy('partner-records', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: reader }, Action: 's3:*', Resource: `${apArn('333333333333', 'partner-records')}/object/*` }],
  }).withIdentityPolicy(reader, EVERYTHING);
  const read = (data: string): S3Request => ({ principal: reader, accessPoint: 'partner-records', action: 's3:GetObject', key: 'records/p1.json', context: { 's3:ExistingObjectTag/data': data } });
  const upload = (data?: string): S3Request => ({ principal: reader, accessPoint: 'partner-records', action: 's3:PutObject', key: 'records/new.json', context: data ? { 's3:RequestObjectTag/data': data } : {} });
  const withoutTags = (policy: any) => ({
    ...policy,
    Statement: policy.Statement.map((st: any) => {
      const { StringEquals, Null: _null, ...rest } = st.Condition ?? {};
      if (!StringEquals) return st;
      const pinned = Object.fromEntries(Object.entries(StringEquals).filter(([k]) => !k.includes('ObjectTag/')));
      return { ...st, Condition: { ...rest, StringEquals: pinned } };
    }),
  });

  test.each([
    ['read an object of another tag', read('secret')],
    ['upload an object with another tag', upload('secret')],
    ['upload an object without the tag', upload()],
  ])('denied: the widened access point would %s; the previous shape (no tags in the admission) allowed it', async (_what, request) => {
    const e = widen(partner([{ data: 'public' }, { data: 'public' }]));
    expect(await e.evaluate(request)).not.toBe('Allowed');
    expect(await e.withBucketPolicy(withoutTags(e.bucketPolicy)).evaluate(request)).toBe('Allowed');
  });

  test('control: the granted tag is still read and written', async () => {
    const e = widen(partner([{ data: 'public' }]));
    expect(await e.evaluate(read('public'))).toBe('Allowed');
    expect(await e.evaluate(upload('public'))).toBe('Allowed');
  });

  test('residual risk (docs/threat-model.md): grants of different tags admit every tag under the prefix', async () => {
    const e = widen(partner([{ data: 'public' }, { data: 'internal' }]));
    expect(await e.evaluate(read('secret'))).toBe('Allowed');
  });
});

test('the cost of a partner access point in the bucket policy (docs/threat-model.md, "Partner account")', () => {
  const size = (partners: number, levels: AccessLevel[]) => {
    const stack = new Stack(new App(), 'Data', { env: { account: '111111111111', region: REGION } });
    const data = new SharedDataBucket(stack, 'Shared', { bucketName: 'measure-lake-111111111111', accessPointAccounts: ['111111111111', '333333333333'] });
    data.denyObjectRequestsOutside();
    for (let i = 0; i < partners; i++) {
      data.admitAccessPoint({ accessPointArn: apArn('333333333333', `partner-${i}`), prefix: `partner-${i}/`, levels });
    }
    const [resolved] = resolveTemplates([{ ...Template.fromStack(stack).toJSON(), account: '111111111111' }]);
    return JSON.stringify((Object.values(resolved.Resources ?? {}).find((r: any) => r.Type === 'AWS::S3::BucketPolicy') as any).Properties.PolicyDocument).length;
  };
  for (const [levels, most] of [[[AccessLevel.READ], 900], [[AccessLevel.WRITE], 550], [[AccessLevel.READ_WRITE], 1000]] as const) {
    const each = (size(6, [...levels]) - size(1, [...levels])) / 5;
    expect(each).toBeLessThanOrEqual(most);
  }
});

test('one Deny covers every partner access point, those admitted with admitAccessPoint too; none without partners', () => {
  const policyOf = (admit: number) => {
    const stack = new Stack(new App(), 'Data', { env: { account: '111111111111', region: REGION } });
    const data = new SharedDataBucket(stack, 'Bucket', { bucketName: 'admitting', accessPointAccounts: ['111111111111', '333333333333'] });
    for (let i = 0; i < admit; i++) {
      data.admitAccessPoint({ accessPointArn: apArn('333333333333', `reader-${i}`), prefix: `shared-${i}/`, levels: [AccessLevel.READ] });
    }
    const resources = Template.fromStack(stack).toJSON().Resources;
    return (Object.values(resources).find((r: any) => r.Type === 'AWS::S3::BucketPolicy') as any).Properties.PolicyDocument;
  };
  const denies = (admit: number) => policyOf(admit).Statement.filter((s: any) => s.Sid === 'DenyOwnAccountThroughPartnerAccessPoints');
  expect(denies(0)).toEqual([]);
  expect(denies(2)).toEqual([expect.objectContaining({
    Effect: 'Deny',
    Action: 's3:*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111', 's3:DataAccessPointArn': [apArn('333333333333', 'reader-0'), apArn('333333333333', 'reader-1')] } },
  })]);
});

describe('EndpointAllowance.CLOUDFORMATION: a VPC workload cannot write to another account\'s presigned response URL', () => {
  const stack = new Stack(new App(), 'Vpc', { env: { account: ACCOUNT, region: REGION } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const data = new SharedDataBucket(stack, 'Data');
  const role = new iam.Role(stack, 'App', { roleName: 'app', assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  data.addVpcOnlyAccessPoint('Ap', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointAllowances: [EndpointAllowance.CLOUDFORMATION] }).grantRead(role);
  const vpcId = stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC);
  const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT });
  const workload = AccessEvaluator.namedRoleArn(ACCOUNT, 'app');
  const RESPONSES = `cloudformation-custom-resource-response-${REGION.replace(/-/g, '')}`;
  const SIGNALS = `cloudformation-waitcondition-${REGION}`;
  // Keys as CloudFormation names them: STACK_ARN|LOGICAL_ID|REQUEST_ID for a custom resource response
  // (the ResponseURL of https://docs.aws.amazon.com/lambda/latest/dg/services-cloudformation.html),
  // STACK_ARN/HANDLE for a wait condition handle.
  const stackArn = (account: string) => `arn:${PARTITION}:cloudformation:${REGION}:${account}:stack/app/1134083a-2608-1e91-9897-022501a2c456`;
  const put = (bucket: string, key: string): S3Request => ({ principal: workload, fromVpc: vpcId, foreignBucket: bucket, action: 's3:PutObject', key });

  test.each([
    ['a custom resource response of another account\'s stack', put(RESPONSES, `${stackArn('999999999999')}|Exfil|5d478078`)],
    ['a wait condition signal of another account\'s stack', put(SIGNALS, `${stackArn('999999999999')}/ExfilHandle`)],
    ['a key that names no stack', put(RESPONSES, 'dump/records.csv')],
  ])('denied: %s; the previous shape (any key of the buckets) allowed it', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('ImplicitlyDenied');
    const previous = JSON.parse(JSON.stringify(evaluator.endpointPolicy(vpcId)));
    const statement = previous.Statement.find((s: any) => s.Sid === 'AllowCloudformation');
    statement.Resource = [`arn:${PARTITION}:s3:::${SIGNALS}/*`, `arn:${PARTITION}:s3:::${RESPONSES}/*`];
    expect(await evaluator.withEndpointPolicy(vpcId, previous).evaluate(request)).toBe('Allowed');
  });

  test.each([
    ['a custom resource response', put(RESPONSES, `${stackArn(ACCOUNT)}|Resource|5d478078`)],
    ['a wait condition signal', put(SIGNALS, `${stackArn(ACCOUNT)}/WaitHandle`)],
  ])('control: %s of a stack of the endpoint\'s own account still passes', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });

  test('reading the responses back is not allowed either', async () => {
    expect(await evaluator.evaluate({ ...put(RESPONSES, `${stackArn(ACCOUNT)}|Resource|5d478078`), action: 's3:GetObject' })).toBe('ImplicitlyDenied');
  });
});

describe('KMS: a grant\'s key statement always names the bucket, for a principal of another account too', () => {
  function lake(bucketName?: string) {
    const app = new App();
    const data = new Stack(app, 'Data', { env: { account: '111111111111', region: REGION } });
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: REGION } });
    const west = new Stack(app, 'West', { env: { account: '111111111111', region: 'eu-west-1' } });
    const bucket = new SharedDataBucket(data, 'Bucket', { bucketName, encryption: s3.BucketEncryption.KMS, accessPointAccounts: ['111111111111'] });
    const ap = bucket.addPrefixAccessPoint('Ap', { accessPointName: 'reader', prefix: 'r/' });
    return { data, other, west, ap };
  }

  test.each([
    ['a role of another account, imported by ARN (the key policy, which the bucket references, cannot name it)',
      (l: ReturnType<typeof lake>) => iam.Role.fromRoleArn(l.data, 'Partner', 'arn:aws:iam::222222222222:role/reader'), /the KMS statement in the key policy/],
    ['a role of another account, made in its stack', (l: ReturnType<typeof lake>) =>
      new iam.Role(l.other, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() }), /the KMS statement in the identity policy of .* in another account or region/],
    ['a role of another region of the same account', (l: ReturnType<typeof lake>) =>
      new iam.Role(l.west, 'Reader', { roleName: 'west-reader', assumedBy: new iam.AccountRootPrincipal() }), /in another account or region/],
  ])('refused on a bucket with a generated name: %s', (_what, principal, where) => {
    const l = lake();
    expect(() => l.ap.grantRead(principal(l))).toThrow(/Data\/Bucket\/Ap: invalid grant to .*: bucket Data\/Bucket has no bucketName known at synthesis/);
    const l2 = lake();
    expect(() => l2.ap.grantRead(principal(l2))).toThrow(where);
    // The near miss: the same grant on a bucket with a name is made.
    const named = lake('kms-named-lake');
    expect(() => named.ap.grantRead(principal(named))).not.toThrow();
  });

  test('control: with a bucketName, the key policy names the bucket in the encryption context; S3 decrypts for the partner', async () => {
    const l = lake('kms-pinned-lake');
    l.ap.grantRead(iam.Role.fromRoleArn(l.data, 'Partner', 'arn:aws:iam::222222222222:role/reader'));
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(l.data).toJSON(), account: '111111111111' });
    const [resolved] = resolveTemplates([{ ...Template.fromStack(l.data).toJSON(), account: '111111111111' }]);
    const key = Object.entries(resolved.Resources ?? {}).find(([, r]: any) => r.Type === 'AWS::KMS::Key') as [string, any];
    const keyPolicy = key[1].Properties.KeyPolicy;
    const partnerStatement = keyPolicy.Statement.find((st: any) => JSON.stringify(st.Principal).includes('222222222222'));
    expect(partnerStatement.Condition.StringLike).toEqual({ 'kms:EncryptionContext:aws:s3:arn': `arn:${PARTITION}:s3:::kms-pinned-lake` });
    const decrypt = (policy: any, context: Record<string, string>) => evaluator.evaluateAction({
      principal: 'arn:aws:iam::222222222222:role/reader',
      action: 'kms:Decrypt',
      resource: `arn:${PARTITION}:kms:${REGION}:111111111111:key/${key[0]}`,
      context,
      resourcePolicy: policy,
      // The partner's own account allows its role every KMS action: the key policy decides.
      identityPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] },
    });
    // The evaluator cannot match kms:EncryptionContext:* keys (DESIGN.md, "Verifying access"): the
    // context is asserted on the template above, and the evaluator decides on the rest.
    const withoutContext = JSON.parse(JSON.stringify(keyPolicy));
    for (const st of withoutContext.Statement) delete st.Condition?.StringLike;
    expect(await decrypt(withoutContext, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('Allowed');
    expect(await decrypt(withoutContext, {})).not.toBe('Allowed');
    // The previous shape for a bucket with a generated name was that statement without the context:
    // S3 decrypted for the partner whatever bucket the object was in.
    expect(JSON.stringify(partnerStatement.Condition)).toContain('kms:EncryptionContext:aws:s3:arn');
  });
});

test('residual risk (docs/threat-model.md): a directory bucket grantee can call KMS directly with the bucket\'s encryption context', async () => {
  // No AWS page names a kms:ViaService value for S3 Express: the statement has the encryption
  // context only, and a direct KMS call carries whatever context its caller gives.
  const stack = new Stack(new App(), 'Fast', { env: { account: ACCOUNT, region: REGION } });
  const key = new kms.Key(stack, 'Key');
  const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', encryptionKey: key });
  const role = new iam.Role(stack, 'Reader', { roleName: 'fast-reader', assumedBy: new iam.AccountRootPrincipal() });
  new DirectoryBucketAccessPoint(stack, 'R', { bucket, prefixes: ['r/'] }).grantRead(role);
  const [resolved] = resolveTemplates([{ ...Template.fromStack(stack).toJSON(), account: ACCOUNT }]);
  const statements = Object.values(resolved.Resources ?? {}).filter((r: any) => r.Type === 'AWS::IAM::Policy')
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  const keyStatement = statements.find((st: any) => [].concat(st.Action).includes('kms:Decrypt' as never));
  expect(Object.keys(keyStatement.Condition)).toEqual(['StringEquals']);
  expect(Object.keys(keyStatement.Condition.StringEquals)).toEqual(['kms:EncryptionContext:aws:s3express:arn']);
  // The evaluator cannot match kms:EncryptionContext:* keys: what is left of the statement decides.
  const result = await runSimulation({
    request: {
      principal: AccessEvaluator.namedRoleArn(ACCOUNT, 'fast-reader'),
      action: 'kms:Decrypt',
      resource: { resource: keyStatement.Resource, accountId: ACCOUNT },
      contextVariables: {},
    },
    identityPolicies: [{ name: 'grant', policy: { Version: '2012-10-17', Statement: [withoutCondition(keyStatement)] } }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: (Object.values(resolved.Resources ?? {}).find((r: any) => r.Type === 'AWS::KMS::Key') as any).Properties.KeyPolicy,
  }, {});
  expect(result).toMatchObject({ overallResult: 'Allowed' });
});

describe('per-principal folders: every folder kind against every principal kind', () => {
  function home() {
    const stack = new Stack(new App(), 'Folders', { env: { account: ACCOUNT, region: REGION } });
    const ap = new SharedDataBucket(stack, 'Data').addPrefixAccessPoint('Home', { accessPointName: 'home', prefix: 'home/' });
    return { stack, ap };
  }

  test.each([
    ['a role', (stack: Stack) => new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() })],
    ['a role imported by ARN', (stack: Stack) => iam.Role.fromRoleArn(stack, 'R', `arn:aws:iam::${ACCOUNT}:role/uploader`)],
    ['a role session ARN', (_stack: Stack) => new iam.ArnPrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/uploader/bob`)],
  ])('PrincipalFolder.USERNAME on %s can never match (no aws:username in a role session): refused, trusted or not', (_what, make) => {
    const { stack, ap } = home();
    const grantee = make(stack);
    for (const principalFolderTrusted of [false, true]) {
      expect(() => ap.grantRead(grantee, { principalFolder: PrincipalFolder.USERNAME, principalFolderTrusted }))
        .toThrow(/Folders\/Data\/Home: invalid grant to .*\n.*principalFolder \$\{aws:username\} on role .* can never match: a role session has no aws:username/);
    }
  });

  test('the near misses: USERNAME on IAM users, groups and an account; USER_ID on users; a trusted USER_ID on a role', () => {
    const { stack, ap } = home();
    expect(() => ap.grantRead(new iam.User(stack, 'Bob'), { principalFolder: PrincipalFolder.USERNAME })).not.toThrow();
    expect(() => ap.grantRead(new iam.Group(stack, 'G'), { principalFolder: PrincipalFolder.USERNAME })).not.toThrow();
    expect(() => ap.grantRead(new iam.AccountRootPrincipal(), { principalFolder: PrincipalFolder.USERNAME })).not.toThrow();
    expect(() => ap.grantRead(new iam.User(stack, 'Alice'), { principalFolder: PrincipalFolder.USER_ID })).not.toThrow();
    expect(() => ap.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }),
      { principalFolder: PrincipalFolder.USER_ID, principalFolderTrusted: true })).not.toThrow();
  });

  describe('a principal tag folder of IAM users: the user cannot federate with a session tag of the key', () => {
    const { stack, ap } = home();
    new iam.User(stack, 'Mallory', { userName: 'mallory' });
    const mallory = stack.node.findChild('Mallory') as iam.User;
    ap.grantRead(mallory, { principalFolder: PrincipalFolder.principalTag('team') });
    const user = AccessEvaluator.userArn('mallory');
    // An administrator lets the user federate (a proxy application's user, say).
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT })
      .withIdentityPolicy(user, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }] });
    const federate = (e: AccessEvaluator, tags: Record<string, string>) => e.evaluateAction({
      principal: user,
      action: 'sts:GetFederationToken',
      resource: `arn:aws:sts::${ACCOUNT}:federated-user/mallory-session`,
      context: { 'aws:TagKeys': Object.keys(tags), ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])) },
    });

    test.each([
      ['team=finance', { team: 'finance' }],
      ['Team=finance (tag keys ignore case)', { Team: 'finance' }],
      ['with another tag beside it', { project: 'x', team: 'finance' }],
    ])('denied: GetFederationToken with the session tag %s; the previous shape (no Deny) allowed it', async (_what, tags) => {
      expect(await federate(evaluator, tags)).toBe('ExplicitlyDenied');
      const previous = evaluator.identityPoliciesOf(user).map((doc: any) => ({ ...doc, Statement: doc.Statement.filter((st: any) => st.Effect !== 'Deny') }));
      let e = evaluator.withoutIdentityPolicies();
      for (const doc of previous) e = e.withIdentityPolicy(user, doc);
      expect(await federate(e, tags)).toBe('Allowed');
    });

    test('control: federating without that tag still works, and the user reads its own folder', async () => {
      expect(await federate(evaluator, {})).toBe('Allowed');
      expect(await federate(evaluator, { project: 'x' })).toBe('Allowed');
      expect(await evaluator.evaluate({ principal: user, accessPoint: 'home', action: 's3:GetObject', key: 'home/ops/a.csv', context: { 'aws:PrincipalTag/team': 'ops' } })).toBe('Allowed');
    });
  });

  test('a principal tag folder of a user whose identity policy this app cannot write: refused unless principalFolderTrusted', () => {
    const { stack, ap } = home();
    const other = iam.User.fromUserArn(stack, 'Other', 'arn:aws:iam::222222222222:user/eve');
    expect(() => ap.grantRead(other, { principalFolder: PrincipalFolder.principalTag('team') }))
      .toThrow(/can be spoofed: an IAM user may call sts:GetFederationToken with a session tag of that key/);
    const { ap: ap2, stack: stack2 } = home();
    expect(() => ap2.grantRead(iam.User.fromUserArn(stack2, 'Other', 'arn:aws:iam::222222222222:user/eve'),
      { principalFolder: PrincipalFolder.principalTag('team'), principalFolderTrusted: true })).not.toThrow();
  });
});

describe('copy sources: a writer cannot copy a key of another prefix into its own by naming the bucket as the source', () => {
  const stack = new DataLakeStack(new App(), 'DataLake');
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  const writer = AccessEvaluator.roleArn(stack.getLogicalId(stack.ec2Role.node.defaultChild as iam.CfnRole));
  const bucket = evaluator.bucketName;
  const copy = (source: string): S3Request => ({
    principal: writer, accessPoint: 'ec2-consumer', action: 's3:PutObject', key: 'sales_event/copied.json', context: { 's3:x-amz-copy-source': source },
  });

  test.each([
    ['bucket/key', `${bucket}/inventory_event/secret.json`],
    ['/bucket/key', `/${bucket}/inventory_event/secret.json`],
    ['its own prefix, named by bucket (the source check would not go through its access point either)', `${bucket}/sales_event/a.json`],
  ])('denied: a copy through its access point whose source names the bucket (%s); the previous shape allowed it', async (_what, source) => {
    expect(await evaluator.evaluate(copy(source))).toBe('ExplicitlyDenied');
    const previous = without(evaluator.bucketPolicy, (st: any) => st.Sid === 'DenyCopiesFromTheBucketThroughAccessPoints');
    expect(await evaluator.withBucketPolicy(previous).evaluate(copy(source))).toBe('Allowed');
  });

  test('why it matters: were s3:DataAccessPointArn carried into the source check, the delegation would admit the read of another prefix', async () => {
    // The source check of a copy whose source names the bucket: GetObject on the bucket's object, by
    // the writer. AWS does not document whether it carries the destination's access point keys; if it
    // does, the bucket's delegation allows it (a caller of the bucket's account needs nothing more).
    const sourceCheck = (context: Record<string, string>): S3Request => ({ principal: writer, action: 's3:GetObject', key: 'inventory_event/secret.json', context });
    const ap = `arn:${PARTITION}:s3:${REGION}:${ACCOUNT}:accesspoint/ec2-consumer`;
    expect(await evaluator.evaluate(sourceCheck({ 's3:DataAccessPointArn': ap, 's3:DataAccessPointAccount': ACCOUNT }))).toBe('Allowed');
    expect(await evaluator.evaluate(sourceCheck({}))).not.toBe('Allowed');
  });

  test.each([
    ['an upload (no copy source)', { principal: writer, accessPoint: 'ec2-consumer', action: 's3:PutObject', key: 'sales_event/a.json' } as S3Request],
    ['a copy whose source names its access point (read through that access point\'s policy)',
      copy(`arn:${PARTITION}:s3:${REGION}:${ACCOUNT}:accesspoint/ec2-consumer/object/sales_event/a.json`)],
    ['a copy from another bucket', copy('other-bucket/sales_event/a.json')],
    ['a copy from a bucket whose name starts with this one\'s', copy(`${bucket}-archive/a.json`)],
  ])('control: %s still works', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });
});

describe('VPC workload: an S3 interface endpoint in the VPC goes around the gateway endpoint\'s policy', () => {
  function vpcStack(pin: boolean) {
    const stack = new Stack(new App(), 'Vpc', { env: { account: ACCOUNT, region: REGION } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'vpc-lake' });
    const role = new iam.Role(stack, 'App', { roleName: 'app', assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    // The VPC's workloads also use the bucket directly, through the gateway endpoint.
    const ap = data.addVpcOnlyAccessPoint('Ap', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointAllowances: [EndpointAllowance.buckets(['vpc-lake'])] });
    ap.grantRead(role);
    data.denyObjectRequestsOutside({ vpcs: [vpc], vpcEndpoints: pin ? [ap.endpoint] : undefined });
    const vpcId = stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC);
    const evaluator = AccessEvaluator.fromTemplates({ ...Template.fromStack(stack).toJSON(), account: ACCOUNT })
      .withIdentityPolicy(AccessEvaluator.namedRoleArn(ACCOUNT, 'insider'), EVERYTHING);
    return { evaluator, vpcId, stack };
  }
  const insider = AccessEvaluator.namedRoleArn(ACCOUNT, 'insider');
  // Through an interface endpoint: the request carries the VPC and that endpoint's id, and no gateway
  // endpoint policy sees it (an interface endpoint's own policy is full access by default).
  const throughInterface = (vpcId: string): S3Request =>
    ({ principal: insider, action: 's3:GetObject', key: 'secret/payroll.csv', context: { 'aws:SourceVpc': vpcId, 'aws:SourceVpce': 'vpce-0interface00000000' } });

  test('with vpcEndpoints, a direct read through an interface endpoint of the VPC is denied; with vpcs alone (the previous shape) it was allowed', async () => {
    const pinned = vpcStack(true);
    expect(await pinned.evaluator.evaluate(throughInterface(pinned.vpcId))).toBe('ExplicitlyDenied');
    const unpinned = vpcStack(false);
    expect(await unpinned.evaluator.evaluate(throughInterface(unpinned.vpcId))).toBe('Allowed');
  });

  test('control: a direct read through the gateway endpoint (whose policy allows the bucket) still works', async () => {
    const { evaluator, vpcId } = vpcStack(true);
    expect(await evaluator.evaluate({ principal: insider, action: 's3:GetObject', key: 'app/config.json', fromVpc: vpcId })).toBe('Allowed');
  });

  test('the boundary names the endpoint (aws:SourceVpce), not the VPC; an empty list is refused', () => {
    const { evaluator } = vpcStack(true);
    const boundary = evaluator.bucketPolicy.Statement.find((st: any) => st.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(boundary.Condition.StringNotEquals).toEqual(expect.objectContaining({ 'aws:SourceVpce': [expect.stringMatching(/^vpce-/)] }));
    expect(boundary.Condition.StringNotEquals['aws:SourceVpc']).toBeUndefined();
    const stack = new Stack(new App(), 'S');
    expect(() => new SharedDataBucket(stack, 'D').denyObjectRequestsOutside({ vpcEndpoints: [] }))
      .toThrow(/S\/D: denyObjectRequestsOutside: vpcEndpoints must name at least one VPC endpoint/);
  });
});
