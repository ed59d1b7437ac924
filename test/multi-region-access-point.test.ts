import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel, DelegationScope, MultiRegionAccessPoint, PrincipalFolder, SharedDataBucket } from '../src';
import { Kind, setup } from './support/kinds';
import { EAST, MRAP_ACCOUNT, WEST, multiRegionApp } from './support/multi-region-app';
import { synthesize } from './support/synth';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'];

/** The Multi-Region Access Point ARN as this library writes it: global, with the alias S3 generates (it ends in .mrap). */
const mrapArn = (suffix = '') => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${MRAP_ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': [Match.stringLikeRegexp('^Reports'), 'Alias'] }, ...(suffix ? [suffix] : [])]],
});
/** Every Multi-Region Access Point of the account, no regional access point. */
const mrapPattern = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${MRAP_ACCOUNT}:accesspoint/*`]] };
const bucketPolicy = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))
  .find(r => JSON.stringify(r).includes('DelegateAccessControlToAccessPoints'))!.Properties.PolicyDocument;
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error was thrown');
};

describe('MultiRegionAccessPoint', () => {
  test('creates the Multi-Region Access Point, child id Resource, with Block Public Access on and one bucket per Region by name', () => {
    const { global, mrap } = multiRegionApp();
    expect(mrap.node.defaultChild).toBeInstanceOf(s3.CfnMultiRegionAccessPoint);
    expect((mrap.node.defaultChild as s3.CfnMultiRegionAccessPoint).node.id).toBe('Resource');
    const t = Template.fromStack(global);
    t.resourceCountIs('AWS::S3::MultiRegionAccessPoint', 1);
    t.hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Name: 'reports',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      // By physical name: no reference across Regions; same account, so no BucketAccountId.
      Regions: [{ Bucket: 'data-use1', BucketAccountId: Match.absent() }, { Bucket: 'data-euw1', BucketAccountId: Match.absent() }],
    });
    expect(mrap.regions).toEqual([EAST, WEST]);
    expect(mrap.prefix).toBe('reports/');
  });

  test('its stack deploys after the buckets\' stacks (S3 needs the buckets to exist)', () => {
    const { global, east, west } = multiRegionApp();
    expect(global.dependencies).toEqual(expect.arrayContaining([east, west]));
  });

  test('the ARN is global and named by the alias from Fn::GetAtt, which already ends in .mrap (no suffix added)', () => {
    const { global, mrap } = multiRegionApp();
    expect(global.resolve(mrap.multiRegionAccessPointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${MRAP_ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': ['Reports65402A0A', 'Alias'] }]],
    });
    expect(global.resolve(mrap.multiRegionAccessPointAlias)).toEqual({ 'Fn::GetAtt': ['Reports65402A0A', 'Alias'] });
    expect(global.resolve(mrap.arnForObjects('reports/a.csv'))['Fn::Join'][1].slice(-1)).toEqual(['/object/reports/a.csv']);
    expect(mrap.multiRegionAccessPointName).toBe('reports');
  });

  test('the policy is rendered from the grants: one statement per (level, statement), on the MRAP ARN, list narrowed by s3:prefix', () => {
    const { global } = multiRegionApp();
    Template.fromStack(global).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      MrapName: { Ref: Match.stringLikeRegexp('^Reports') },
    });
    const reader = { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Reader'), 'Arn'] } };
    const writer = { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Writer'), 'Arn'] } };
    Template.fromStack(global).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: reader, Action: READ_ACTIONS, Resource: mrapArn('/object/reports/*') },
          { Effect: 'Allow', Principal: reader, Action: LIST_ACTIONS, Resource: mrapArn(), Condition: { StringLike: { 's3:prefix': 'reports/*' } } },
          { Effect: 'Allow', Principal: writer, Action: [...READ_ACTIONS, ...WRITE_ACTIONS], Resource: mrapArn('/object/reports/*') },
          { Effect: 'Allow', Principal: writer, Action: LIST_ACTIONS, Resource: mrapArn(), Condition: { StringLike: { 's3:prefix': 'reports/*' } } },
        ],
      },
    });
  });

  test('without grants there is no policy resource, the buckets admit nothing through it and deny everything through it', () => {
    const { global, east } = multiRegionApp({ noGrants: true });
    Template.fromStack(global).resourceCountIs('AWS::S3::MultiRegionAccessPointPolicy', 0);
    const mentions = bucketPolicy(east).Statement.filter((st: any) => JSON.stringify(st).includes(':s3::'));
    expect(mentions.map((st: any) => [st.Effect, st.Action])).toEqual([['Deny', 's3:*']]);
  });

  test('grants write the identity policy on the MRAP ARN too, and KMS for each bucket through S3 in its own Region', () => {
    const { global } = multiRegionApp();
    Template.fromStack(global).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: READ_ACTIONS, Resource: mrapArn('/object/reports/*') },
          { Effect: 'Allow', Action: LIST_ACTIONS, Resource: mrapArn(), Condition: { StringLike: { 's3:prefix': 'reports/*' } } },
          Match.objectLike({ Action: 'kms:Decrypt', Condition: Match.objectLike({ StringEquals: { 'kms:ViaService': `s3.${EAST}.amazonaws.com` } }) }),
          Match.objectLike({ Action: 'kms:Decrypt', Condition: Match.objectLike({ StringEquals: { 'kms:ViaService': `s3.${WEST}.amazonaws.com` } }) }),
        ]),
      },
    });
  });

  test('each member bucket admits the account\'s Multi-Region Access Points for the granted levels, on the prefix only', () => {
    const { east, west } = multiRegionApp();
    for (const stack of [east, west]) {
      const statements = bucketPolicy(stack).Statement;
      expect(statements).toEqual(expect.arrayContaining([
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [...READ_ACTIONS, ...WRITE_ACTIONS],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] }, '/reports/*']] },
          Condition: { StringLike: { 's3:DataAccessPointArn': mrapPattern } },
        },
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: LIST_ACTIONS,
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] },
          Condition: { StringLike: { 's3:DataAccessPointArn': mrapPattern, 's3:prefix': 'reports/*' } },
        },
      ]));
    }
  });

  test('a bucket that delegates to its access points by ARN (ACCESS_POINTS) admits the MRAP too, and its object boundary exempts it', () => {
    const { east } = multiRegionApp({ delegationScope: DelegationScope.ACCESS_POINTS, boundary: true });
    const statements = bucketPolicy(east).Statement;
    const pinned = statements.filter((s: any) => s.Condition?.StringLike?.['s3:DataAccessPointArn']);
    expect(pinned.map((s: any) => s.Effect)).toEqual(['Allow', 'Allow', 'Deny', 'Deny', 'Deny']);
    const deny = statements.find((s: any) => s.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(deny.Condition.StringNotLike['s3:DataAccessPointArn']).toEqual(expect.arrayContaining([mrapPattern]));
  });

  test('the object boundary of an ACCOUNT-scope bucket exempts the MRAP pattern only when the bucket has one', () => {
    const withMrap = multiRegionApp({ boundary: true });
    const deny = bucketPolicy(withMrap.east).Statement.find((s: any) => s.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(deny.Condition).toEqual({
      StringNotEquals: { 's3:DataAccessPointAccount': [MRAP_ACCOUNT] },
      StringNotLike: { 's3:DataAccessPointArn': [mrapPattern] },
    });
    const stack = new Stack(new App(), 'Plain', { env: { account: MRAP_ACCOUNT, region: EAST } });
    new SharedDataBucket(stack, 'Data').denyObjectRequestsOutside();
    const plain = bucketPolicy(stack).Statement.find((s: any) => s.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(plain.Condition).toEqual({ StringNotEquals: { 's3:DataAccessPointAccount': [MRAP_ACCOUNT] } });
  });

  test('an imported bucket of another account: BucketAccountId, and a warning with the statement its owner must add', () => {
    const stack = new Stack(new App(), 'Global', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const partner = s3.Bucket.fromBucketAttributes(stack, 'Partner', { bucketName: 'partner-data', region: WEST, account: '222222222222' });
    const mine = new SharedDataBucket(stack, 'Mine', { bucketName: 'mine-data' });
    const mrap = new MultiRegionAccessPoint(stack, 'Reports', { buckets: [mine, partner], wholeBucket: true, multiRegionAccessPointName: 'reports' });
    mrap.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Regions: [{ Bucket: 'mine-data', BucketAccountId: Match.absent() }, { Bucket: 'partner-data', BucketAccountId: '222222222222' }],
    });
    const warnings = Annotations.fromStack(stack).findWarning('/Global/Reports', Match.stringLikeRegexp('multiRegionBucketNotDelegated'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('Bucket partner-data does not delegate');
    // What was granted (read), on the prefix (every key), pinned to the account's Multi-Region Access Points.
    expect(warnings[0].entry.data).toContain('"Action":["s3:GetObject","s3:GetObjectVersion","s3:GetObjectTagging","s3:GetObjectVersionTagging",' +
      '"s3:GetObjectAttributes","s3:GetObjectVersionAttributes"],"Resource":["arn:${AWS::Partition}:s3:::partner-data/*"],' +
      `"Condition":{"StringLike":{"s3:DataAccessPointArn":"arn:\${AWS::Partition}:s3::${MRAP_ACCOUNT}:accesspoint/*"}}`);
    expect(warnings[0].entry.data).not.toContain('s3:PutObject');
    expect(Annotations.fromStack(stack).findWarning('/Global/Reports', Match.stringLikeRegexp('bucketKeyUnknown'))).toHaveLength(1);
  });

  test('grantToContainer: the grant goes to the task role (policy and MRAP policy), the ARN variable to the container', () => {
    const { global, mrap } = multiRegionApp({ noGrants: true });
    const task = new ecs.FargateTaskDefinition(global, 'Task');
    const container = task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:latest') });
    mrap.grantToContainer(container, { level: AccessLevel.READ, arnVariable: 'REPORTS_ARN' });
    const t = Template.fromStack(global);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'REPORTS_ARN', Value: mrapArn() }] })],
    });
    const taskRoleId = global.getLogicalId(task.taskRole.node.defaultChild as iam.CfnRole);
    expect(JSON.stringify(t.findResources('AWS::S3::MultiRegionAccessPointPolicy'))).toContain(taskRoleId);
    expect(mrap.grantRecords.map(g => g.principal)).toEqual([task.taskRole]);
  });

  test('grantToFunction sets the ARN variable (clients use the MRAP ARN as the bucket)', () => {
    const { global, mrap } = multiRegionApp({ noGrants: true });
    const fn = new lambda.Function(global, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    mrap.grantToFunction(fn, { level: AccessLevel.READ });
    Template.fromStack(global).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { MULTI_REGION_ACCESS_POINT_ARN: mrapArn() } },
    });
    expect(mrap.grantRecords.map(g => g.level)).toEqual([AccessLevel.READ]);
    expect(errorOf(() => mrap.grantToFunction(fn, { level: AccessLevel.READ, arnVariable: 'AWS_X' }))).toContain('reserved');
  });

  test('the bucket statements do not grow with the number of MRAPs or grants on one prefix (2 Allows per prefix, 3 Denies)', () => {
    const sizes = [1, 20].map(n => {
      const app = new App();
      const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
      const west = new Stack(app, 'West', { env: { account: MRAP_ACCOUNT, region: WEST } });
      const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a' });
      const b = new SharedDataBucket(west, 'B', { bucketName: 'bucket-b' });
      for (let i = 0; i < n; i++) {
        const mrap = new MultiRegionAccessPoint(west, `Mrap${i}`, { buckets: [a, b], prefix: 'shared/' });
        for (let j = 0; j < 5; j++) mrap.grantReadWrite(new iam.Role(west, `R${i}-${j}`, { assumedBy: new iam.AccountRootPrincipal() }));
      }
      const statements = bucketPolicy(east).Statement.filter((st: any) => JSON.stringify(st).includes(':s3::'));
      return { count: statements.length, bytes: JSON.stringify(statements).length };
    });
    expect(sizes[1]).toEqual(sizes[0]);
    expect(sizes[0].count).toBe(5);
  });

  test('addToResourcePolicy adds a custom statement to the rendered policy', () => {
    const { global, mrap } = multiRegionApp({ noGrants: true });
    const result = mrap.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [mrap.arnForObjects('*')],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    expect(result.statementAdded).toBe(true);
    Template.fromStack(global).hasResourceProperties('AWS::S3::MultiRegionAccessPointPolicy', {
      Policy: { Statement: [Match.objectLike({ Effect: 'Deny', Resource: mrapArn('/object/*') })] },
    });
  });

  test('a principal of another account: the MRAP policy names it, and synthesis warns with what its account must add', () => {
    const { global, mrap } = multiRegionApp({ noGrants: true });
    const partner = iam.Role.fromRoleArn(global, 'Partner', 'arn:aws:iam::222222222222:role/partner');
    mrap.grantRead(partner);
    expect(mrap.grantRecords[0].identityPolicy).toBe('MUST_BE_ADDED');
    const warnings = Annotations.fromStack(global).findWarning('/Global/Reports', Match.stringLikeRegexp('otherAccountMustAllow'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('account 222222222222 must add');
    expect(warnings[0].entry.data).toContain('/object/reports/*');
  });

  test('each member bucket\'s access report shows it, with kind and Regions', () => {
    const { reports } = synthesize(app => multiRegionApp({ app }));
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      const ap = report.accessPoints.find(a => a.kind === 'MultiRegionAccessPoint')!;
      expect(ap).toMatchObject({ name: 'reports', path: 'Global/Reports', prefix: 'reports/', regions: [WEST, EAST].sort() });
      expect(ap.grants.map(g => g.level).sort()).toEqual(['READ', 'READ_WRITE']);
    }
  });
});

describe('MultiRegionAccessPoint: bad input', () => {
  const build = (props: Partial<ConstructorParameters<typeof MultiRegionAccessPoint>[2]>, env = true) => {
    const app = new App();
    const east = new Stack(app, 'East', env ? { env: { account: MRAP_ACCOUNT, region: EAST } } : {});
    const west = new Stack(app, 'West', { env: { account: MRAP_ACCOUNT, region: WEST } });
    const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a' });
    const b = new SharedDataBucket(west, 'B', { bucketName: 'bucket-b' });
    return () => new MultiRegionAccessPoint(west, 'Mrap', { buckets: [a, b], prefix: 'p/', ...props });
  };

  test.each([
    ['abc', true], ['a'.repeat(50), true], ['ab', false], ['a'.repeat(51), false],
    ['Reports', false], ['re_ports', false], ['re.ports', false], ['-reports', false], ['reports-', false],
  ])('name %s is accepted: %s', (name, ok) => {
    const f = build({ multiRegionAccessPointName: name });
    if (ok) expect(f).not.toThrow();
    else expect(errorOf(f)).toMatch(new RegExp(`West/Mrap: invalid properties:[\\s\\S]*multiRegionAccessPointName \\(multi_region_access_point_name in Python\\) '${name.replace('.', '\\.')}'`));
  });

  test('a generated name follows the rules', () => {
    const mrap = build({})();
    expect(mrap.multiRegionAccessPointName).toMatch(/^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/);
  });

  test('names are unique per account, across Regions', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const west = new Stack(app, 'West', { env: { account: MRAP_ACCOUNT, region: WEST } });
    const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a' });
    new MultiRegionAccessPoint(east, 'One', { buckets: [a], wholeBucket: true, multiRegionAccessPointName: 'same' });
    expect(errorOf(() => new MultiRegionAccessPoint(west, 'Two', { buckets: [a], wholeBucket: true, multiRegionAccessPointName: 'same' })))
      .toContain("multiRegionAccessPointName 'same' is already used by East/One in account 111111111111");
  });

  test('no bucket', () => {
    expect(errorOf(build({ buckets: [] }))).toContain('buckets must name at least one bucket');
  });

  test('one bucket is enough', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a' });
    expect(() => new MultiRegionAccessPoint(east, 'Mrap', { buckets: [a], wholeBucket: true })).not.toThrow();
  });

  test('two buckets in one Region', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a' });
    const c = s3.Bucket.fromBucketAttributes(east, 'C', { bucketName: 'bucket-c', region: EAST });
    expect(errorOf(() => new MultiRegionAccessPoint(east, 'Mrap', { buckets: [a, c], wholeBucket: true })))
      .toContain('buckets East/A and East/C are both in us-east-1: a Multi-Region Access Point has exactly one bucket per Region');
  });

  test('a bucket without a concrete Region', () => {
    expect(errorOf(build({}, false))).toContain('bucket East/A has no concrete Region');
  });

  test('a bucket of another Region without a physical name', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const west = new Stack(app, 'West', { env: { account: MRAP_ACCOUNT, region: WEST } });
    const a = new SharedDataBucket(east, 'A');
    const b = new SharedDataBucket(west, 'B', { bucketName: 'bucket-b' });
    expect(errorOf(() => new MultiRegionAccessPoint(west, 'Mrap', { buckets: [a, b], wholeBucket: true })))
      .toContain('bucket East/A is in another account or Region and has no physical name: give it a bucketName');
  });

  test.each([['p*/'], ['p?/'], ['/p/']])('prefix %s', prefix => {
    expect(errorOf(build({ prefix }))).toContain(`prefix '${prefix}'`);
  });

  test('prefix and wholeBucket, or neither', () => {
    expect(errorOf(build({ wholeBucket: true }))).toContain('exclude each other');
    expect(errorOf(build({ prefix: undefined }))).toContain('prefix is required');
  });

  test('a bucket that delegates to other accounts only', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: MRAP_ACCOUNT, region: EAST } });
    const a = new SharedDataBucket(east, 'A', { bucketName: 'bucket-a', accessPointAccounts: ['333333333333'] });
    expect(errorOf(() => new MultiRegionAccessPoint(east, 'Mrap', { buckets: [a], wholeBucket: true })))
      .toContain('delegates to account(s) 333333333333 only');
  });

  test('grants to everyone, and tag-limited deletes, are refused', () => {
    const mrap = build({})();
    expect(errorOf(() => mrap.grantRead(new iam.AnyPrincipal()))).toContain('a grant to everyone');
    const role = new iam.Role(mrap, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    expect(errorOf(() => mrap.grantDelete(role, { objectTags: { a: 'b' } }))).toContain('objectTags cannot limit a delete grant');
  });
});

describe.each<Kind>(['multiRegion', 'importedMultiRegion'])('principalFolder on a Multi-Region Access Point (%s)', (kind) => {
  /** Every folder kind against every principal kind: refused where it can never match or can be spoofed, as on a regional access point. */
  test.each<[string, (s: Stack) => iam.IGrantable, PrincipalFolder, boolean, RegExp | undefined]>([
    ['USERNAME on a role', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.USERNAME, false,
      /principalFolder \$\{aws:username\} on role .* can never match: a role session has no aws:username/],
    ['USERNAME on a role, even trusted', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.USERNAME, true,
      /can never match/],
    ['USER_ID on a role', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.USER_ID, false,
      /principalFolder \$\{aws:userid\} on .* can be spoofed: whoever assumes a role chooses its session name/],
    ['a principal tag on a role', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.principalTag('team'), false,
      /can be spoofed/],
    ['a principal tag on a user of another account', s => iam.User.fromUserArn(s, 'U', 'arn:aws:iam::222222222222:user/bob'),
      PrincipalFolder.principalTag('team'), false, /can be spoofed: an IAM user may call sts:GetFederationToken/],
    ['USER_ID on a role, trusted', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.USER_ID, true, undefined],
    ['a principal tag on a role, trusted', s => new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), PrincipalFolder.principalTag('team'), true,
      undefined],
    ['USERNAME on a user', s => new iam.User(s, 'U'), PrincipalFolder.USERNAME, false, undefined],
    ['USERNAME on a group', s => new iam.Group(s, 'G'), PrincipalFolder.USERNAME, false, undefined],
    ['USER_ID on a user', s => new iam.User(s, 'U'), PrincipalFolder.USER_ID, false, undefined],
    ['a principal tag on a user of this app', s => new iam.User(s, 'U'), PrincipalFolder.principalTag('team'), false, undefined],
  ])('%s', (_what, make, principalFolder, principalFolderTrusted, refused) => {
    const { stack, accessPoint } = setup(kind);
    const grant = () => accessPoint.grantRead(make(stack), { principalFolder, principalFolderTrusted });
    if (refused) {
      const message = errorOf(grant);
      expect(message).toMatch(/^Stack\/Ap: invalid grant to /);
      expect(message).toMatch(refused);
      expect(accessPoint.grantRecords).toEqual([]);
    } else {
      expect(grant).not.toThrow();
      expect(accessPoint.grantRecords[0].keyPrefix).toBe(`p/${principalFolder.variable}/`);
    }
  });

  test('the identity statements name the folder on the MRAP ARN; a principal tag folder denies its users federation with that tag', () => {
    const { stack, accessPoint } = setup(kind);
    accessPoint.grantRead(new iam.User(stack, 'Bob'), { principalFolder: PrincipalFolder.principalTag('team') });
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policy).toContain('/object/p/${aws:PrincipalTag/team}/*');
    expect(policy).toContain('"s3:prefix":"p/${aws:PrincipalTag/team}/*"');
    expect(policy).toContain('"aws:PrincipalTag/team":["*/*",""]');
    expect(policy).toContain('DenyFederationWithTheFolderTag');
  });
});

test('principalFolder: the MRAP policy names the folder after /object/, the member buckets admit the MRAP\'s prefix', () => {
  const { global, east, mrap } = multiRegionApp({ noGrants: true });
  mrap.grantReadWrite(new iam.User(global, 'Bob'), { principalFolder: PrincipalFolder.USERNAME });
  const policy = JSON.stringify(Template.fromStack(global).findResources('AWS::S3::MultiRegionAccessPointPolicy'));
  expect(policy).toContain('/object/reports/${aws:username}/*');
  expect(policy).toContain('"s3:prefix":"reports/${aws:username}/*"');
  expect(JSON.stringify(bucketPolicy(east))).toContain('"s3:prefix":"reports/*"');
});

describe('failover routes (routes)', () => {
  /** A Multi-Region Access Point over the two buckets with these routes (given as [bucket index or other, dial]). */
  const withRoutes = (routes: [0 | 1 | 'other', number][]) => {
    const a = multiRegionApp({ noGrants: true });
    const other = s3.Bucket.fromBucketAttributes(a.global, 'Other', { bucketName: 'other-bucket', region: 'ap-southeast-2', account: MRAP_ACCOUNT });
    const buckets = [a.dataEast, a.dataWest];
    const mrap = new MultiRegionAccessPoint(a.global, 'Failover', {
      buckets,
      multiRegionAccessPointName: 'failover',
      prefix: 'x/',
      routes: routes.map(([b, trafficDialPercentage]) => ({ bucket: b === 'other' ? other : buckets[b], trafficDialPercentage })),
    });
    return { ...a, failover: mrap };
  };
  const failoverOf = (stack: Stack) => stack.node.findChild('Failover') as MultiRegionAccessPoint;
  const calls = (stack: Stack) => {
    const r = Object.values(Template.fromStack(stack).findResources('Custom::AWS'));
    expect(r).toHaveLength(1);
    const json = (c: any) => JSON.parse(stack.resolve(c)['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : '<ref>').join(''));
    const props = r[0].Properties;
    return { create: json(props.Create), update: json(props.Update), delete: json(props.Delete), props };
  };

  test('submits every member bucket\'s route on create and on update, to a Region S3 takes route changes in; on delete every bucket is active again', () => {
    const { global } = withRoutes([[0, 100], [1, 0]]);
    const c = calls(global);
    const routes = [
      { Bucket: 'data-use1', Region: EAST, TrafficDialPercentage: 100 },
      { Bucket: 'data-euw1', Region: WEST, TrafficDialPercentage: 0 },
    ];
    for (const call of [c.create, c.update]) {
      expect(call).toEqual({
        service: 'S3Control',
        action: 'SubmitMultiRegionAccessPointRoutes',
        region: 'us-east-1',
        parameters: { AccountId: MRAP_ACCOUNT, Mrap: `arn:<ref>:s3::${MRAP_ACCOUNT}:accesspoint/<ref>`, RouteUpdates: routes },
        physicalResourceId: { id: 'routes' },
      });
    }
    expect(c.delete.parameters.RouteUpdates.map((r: any) => r.TrafficDialPercentage)).toEqual([100, 100]);
    // No download of the SDK at deploy time (the runtime's SDK has the call).
    expect(c.props.InstallLatestAwsSdk).toBe(false);
  });

  test('the function may submit routes for this Multi-Region Access Point only (least privilege, from the SAR: resource type multiregionaccesspoint)', () => {
    const { global } = withRoutes([[0, 100], [1, 0]]);
    const policies = Object.values(Template.fromStack(global).findResources('AWS::IAM::Policy'))
      .filter(p => JSON.stringify(p).includes('SubmitMultiRegionAccessPointRoutes'));
    expect(policies).toHaveLength(1);
    const failover = global.getLogicalId(failoverOf(global).node.defaultChild as s3.CfnMultiRegionAccessPoint);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{
      Action: 's3:SubmitMultiRegionAccessPointRoutes',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3::${MRAP_ACCOUNT}:accesspoint/`, { 'Fn::GetAtt': [failover, 'Alias'] }]] },
    }]);
  });

  test('a stack outside the five route Regions sends the call to us-west-2', () => {
    const app = new App();
    const stack = new Stack(app, 'Far', { env: { account: MRAP_ACCOUNT, region: 'sa-east-1' } });
    const here = new SharedDataBucket(stack, 'Data', { bucketName: 'data-sae1' });
    const there = s3.Bucket.fromBucketAttributes(stack, 'There', { bucketName: 'data-euw1', region: WEST, account: MRAP_ACCOUNT });
    new MultiRegionAccessPoint(stack, 'Mrap', { buckets: [here, there], prefix: 'x/', routes: [{ bucket: here, trafficDialPercentage: 0 }, { bucket: there, trafficDialPercentage: 100 }] });
    expect(calls(stack).create.region).toBe('us-west-2');
  });

  test('without routes there is no custom resource (S3 creates every bucket active)', () => {
    const { global } = multiRegionApp();
    Template.fromStack(global).resourceCountIs('Custom::AWS', 0);
  });

  test('a single active bucket of two, or both active, is accepted', () => {
    expect(() => withRoutes([[0, 0], [1, 100]])).not.toThrow();
    expect(() => withRoutes([[0, 100], [1, 100]])).not.toThrow();
  });

  test.each<[string, [0 | 1 | 'other', number][], RegExp]>([
    ['a dial other than 0 or 100', [[0, 100], [1, 50]], /routes\[1\]\.trafficDialPercentage is 50: it must be 100 \(active\) or 0 \(passive\)/],
    ['a dial above 100', [[0, 100], [1, 101]], /routes\[1\]\.trafficDialPercentage is 101/],
    ['a negative dial', [[0, -1], [1, 100]], /routes\[0\]\.trafficDialPercentage is -1/],
    ['no active bucket', [[0, 0], [1, 0]], /routes has no active bucket \(trafficDialPercentage 100\): S3 requires at least one active Region/],
    ['a member bucket without a route', [[0, 100]], /routes has no route for bucket DataWest\/Data: route every member bucket/],
    ['a bucket that is not a member', [[0, 100], [1, 0], ['other', 0]], /routes\[2\]\.bucket Global\/Other is not one of the buckets of this Multi-Region Access Point/],
    ['a bucket routed twice', [[0, 100], [1, 0], [1, 100]], /routes\[2\]\.bucket DataWest\/Data is routed twice/],
  ])('refused at synthesis: %s, naming the construct, the property and the rule', (_what, routes, rule) => {
    const message = errorOf(() => withRoutes(routes));
    expect(message).toMatch(/^Global\/Failover: invalid properties:\n {2}- routes/);
    expect(message).toMatch(rule);
  });
});
