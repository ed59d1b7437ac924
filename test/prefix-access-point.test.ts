import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel, IdentityPolicyStatus, PrefixAccessPoint, PrincipalFolder, SharedDataBucket } from '../src';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes'];
const LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** The access point ARN as this library writes it: from the name, no Fn::GetAtt. */
const apArn = (name: string, suffix = '') => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:accesspoint/${name}${suffix}`]],
});

function setup(bucketProps = {}) {
  const stack = new Stack(new App(), 'Stack');
  const data = new SharedDataBucket(stack, 'Data', bucketProps);
  const role = new iam.Role(stack, 'Consumer', { assumedBy: new iam.AccountRootPrincipal() });
  const ap = new PrefixAccessPoint(stack, 'Sales', { bucket: data, accessPointName: 'sales', prefix: 'sales_event/' });
  return { stack, data, role, ap };
}

const apPolicy = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3::AccessPoint'))[0].Properties.Policy;
const identityPolicy = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0]?.Properties.PolicyDocument;
const principal = { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Consumer'), 'Arn'] } };

describe('PrefixAccessPoint', () => {
  test('creates one access point, child id Resource, with its own Block Public Access and no policy before a grant', () => {
    const { stack, ap, data } = setup();
    expect(ap.node.defaultChild).toBe(ap.resource);
    expect(ap.resource.node.id).toBe('Resource');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::AccessPoint', 1);
    t.hasResourceProperties('AWS::S3::AccessPoint', {
      Bucket: { Ref: stack.getLogicalId(data.node.defaultChild as s3.CfnBucket) },
      Name: 'sales',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      Policy: Match.absent(),
      VpcConfiguration: Match.absent(),
    });
  });

  test('exposes name, ARN (built from the name), alias, bucket and prefix', () => {
    const { stack, ap, data } = setup();
    expect(ap.accessPointName).toBe('sales');
    expect(stack.resolve(ap.accessPointArn)).toEqual(apArn('sales'));
    expect(stack.resolve(ap.accessPointAlias)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(ap.resource), 'Alias'] });
    expect(ap.bucket).toBe(data);
    expect(ap.prefix).toBe('sales_event/');
    expect(stack.resolve(ap.arnForObjects('sales_event/a.json'))).toEqual(apArn('sales', '/object/sales_event/a.json'));
  });

  test('grantRead writes the access point policy and the identity policy from one record', () => {
    const { stack, ap, role } = setup();
    const grant = ap.grantRead(role);
    expect(grant.success).toBe(true);
    expect(ap.grantRecords).toHaveLength(1);
    const { principal: recorded, ...record } = ap.grantRecords[0];
    expect(recorded).toBe(role.grantPrincipal);
    expect(record).toEqual({ level: AccessLevel.READ, keyPrefix: 'sales_event/', objectTags: undefined, inResourcePolicy: true, identityPolicy: IdentityPolicyStatus.WRITTEN });

    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', {
      Policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: principal, Action: READ_ACTIONS, Resource: apArn('sales', '/object/sales_event/*') },
          { Effect: 'Allow', Principal: principal, Action: LIST_ACTIONS, Resource: apArn('sales'), Condition: { StringLike: { 's3:prefix': 'sales_event/*' } } },
        ],
      },
    });
    expect(identityPolicy(stack).Statement).toEqual([
      { Effect: 'Allow', Action: READ_ACTIONS, Resource: apArn('sales', '/object/sales_event/*') },
      { Effect: 'Allow', Action: LIST_ACTIONS, Resource: apArn('sales'), Condition: { StringLike: { 's3:prefix': 'sales_event/*' } } },
    ]);
  });

  test('allowGetAccessPoint adds s3:GetAccessPoint on *, pinned to this access point (the action has no resource type)', () => {
    const { stack, ap, role } = setup();
    ap.grantRead(role, { allowGetAccessPoint: true });
    expect(identityPolicy(stack).Statement).toContainEqual(
      { Effect: 'Allow', Action: 's3:GetAccessPoint', Resource: '*', Condition: { StringEquals: { 's3:DataAccessPointArn': apArn('sales') } } });
  });

  test('grantWrite gives upload actions only: no read, no list, no delete', () => {
    const { stack, ap, role } = setup();
    ap.grantWrite(role);
    const statements = apPolicy(stack).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(WRITE_ACTIONS);
    expect(statements[0].Resource).toEqual(apArn('sales', '/object/sales_event/*'));
  });

  test('grantReadWrite gives read, list and upload', () => {
    const { stack, ap, role } = setup();
    ap.grantReadWrite(role);
    const statements = apPolicy(stack).Statement;
    expect(statements.map((s: any) => s.Action)).toEqual([[...READ_ACTIONS, ...WRITE_ACTIONS], LIST_ACTIONS]);
  });

  test('grantDelete gives delete only', () => {
    const { stack, ap, role } = setup();
    ap.grantDelete(role);
    expect(apPolicy(stack).Statement.map((s: any) => s.Action)).toEqual([['s3:DeleteObject', 's3:DeleteObjectVersion']]);
  });

  test('principals with the same grant share one statement; a second grant of the same principal is not repeated', () => {
    const { stack, ap, role } = setup();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    ap.grantRead(role);
    ap.grantRead(other);
    ap.grantRead(role);
    const statements = apPolicy(stack).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Principal.AWS).toHaveLength(2);
  });

  test.each([
    [AccessLevel.READ, 'kms:Decrypt'],
    [AccessLevel.WRITE, ['kms:GenerateDataKey', 'kms:Decrypt']],
    [AccessLevel.READ_WRITE, ['kms:GenerateDataKey', 'kms:Decrypt']],
    [AccessLevel.DELETE, undefined],
  ])('on an SSE-KMS bucket, a %s grant gives the key actions it needs', (level, kmsActions) => {
    const { stack, ap, role, data } = setup({ encryption: s3.BucketEncryption.KMS });
    const grantBy = { READ: ap.grantRead, WRITE: ap.grantWrite, READ_WRITE: ap.grantReadWrite, DELETE: ap.grantDelete }[level];
    grantBy.call(ap, role);
    const kmsStatement = identityPolicy(stack).Statement.find((s: any) => JSON.stringify(s.Action).includes('kms:'));
    expect(kmsStatement?.Action).toEqual(kmsActions);
    if (kmsActions) {
      expect(kmsStatement.Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(data.encryptionKey!.node.defaultChild as any), 'Arn'] });
    }
  });

  test('on an SSE-S3 bucket, grants give no KMS permission', () => {
    const { stack, ap, role } = setup();
    ap.grantReadWrite(role);
    expect(JSON.stringify(identityPolicy(stack))).not.toContain('kms:');
  });

  test('a grant to a principal whose policy cannot be changed still succeeds through the access point policy', () => {
    const { stack, ap } = setup();
    const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/reader', { mutable: false });
    const grant = ap.grantRead(imported);
    expect(grant.success).toBe(true);
    expect(apPolicy(stack).Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:role/reader' });
  });

  test('wholeBucket: every key, and a list with no prefix condition', () => {
    const stack = new Stack(new App(), 'Stack');
    const data = new SharedDataBucket(stack, 'Data');
    const ap = data.addPrefixAccessPoint('All', { accessPointName: 'everything', wholeBucket: true });
    ap.grantRead(new iam.Role(stack, 'Consumer', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(ap.prefix).toBe('');
    const [objects, list] = apPolicy(stack).Statement;
    expect(objects.Resource).toEqual(apArn('everything', '/object/*'));
    expect(list.Condition).toBeUndefined();
  });

  test('a prefix without a trailing slash becomes a folder, never a wider string prefix', () => {
    const stack = new Stack(new App(), 'Stack');
    const data = new SharedDataBucket(stack, 'Data');
    const ap = data.addPrefixAccessPoint('Sales', { accessPointName: 'sales', prefix: 'sales_event' });
    ap.grantRead(new iam.Role(stack, 'Consumer', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(ap.prefix).toBe('sales_event/');
    expect(JSON.stringify(apPolicy(stack))).toContain('/object/sales_event/*');
  });

  test('generates a valid name when none is given, the same at every synthesis and unique per construct', () => {
    const nameOf = (id: string) => {
      const stack = new Stack(new App(), 'Stack');
      return new SharedDataBucket(stack, 'Data').addPrefixAccessPoint(id, { prefix: 'reports/' }).accessPointName;
    };
    const id = 'My_Very-Long.Construct.Identifier.For.The.Reporting.Team';
    expect(nameOf(id)).toMatch(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/);
    expect(nameOf(id)).toEqual(nameOf(id));
    expect(nameOf(id)).not.toEqual(nameOf(`${id}2`));
  });

  test('addToResourcePolicy adds a statement beside the grants', () => {
    const { stack, ap, role } = setup();
    ap.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:DeleteObject'], resources: [ap.arnForObjects('*')] }));
    ap.grantRead(role);
    const statements = apPolicy(stack).Statement;
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Action: 's3:DeleteObject' });
  });

  test('over a SharedDataBucket adds nothing to the bucket and warns of nothing', () => {
    const shared = new Stack(new App(), 'Shared');
    const data = new SharedDataBucket(shared, 'Data');
    new PrefixAccessPoint(shared, 'Ap', { bucket: data, accessPointName: 'shared', prefix: 'a/' });
    Annotations.fromStack(shared).hasNoWarning('*', Match.anyValue());
    expect(data.node.tryFindChild('AccessPointDelegation')).toBeUndefined();
  });
});

describe('PrefixAccessPoint.fromAccessPointAttributes', () => {
  test('by ARN: grants write the identity policy only, on the given ARN', () => {
    const { stack, data, role } = setup();
    const imported = PrefixAccessPoint.fromAccessPointAttributes(stack, 'Elsewhere', {
      accessPointArn: 'arn:aws:s3:eu-west-1:123456789012:accesspoint/elsewhere',
      bucket: data,
      prefix: 'shared/',
    });
    expect(imported.accessPointName).toBe('elsewhere');
    expect(imported.prefix).toBe('shared/');
    const grant = imported.grantRead(role);
    expect(grant.success).toBe(true);
    expect(grant.resourceStatements).toHaveLength(0);
    expect(identityPolicy(stack).Statement[0].Resource).toBe('arn:aws:s3:eu-west-1:123456789012:accesspoint/elsewhere/object/shared/*');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', { Policy: Match.absent() });
    expect(() => imported.accessPointAlias).toThrow(/Stack\/Elsewhere: accessPointAlias was not given/);
  });

  test('by name: the ARN is built in the stack\'s account and region', () => {
    const { stack, data } = setup();
    const imported = PrefixAccessPoint.fromAccessPointAttributes(stack, 'ByName', { accessPointName: 'by-name', accessPointAlias: 'by-name-abc-s3alias', bucket: data, wholeBucket: true });
    expect(stack.resolve(imported.accessPointArn)).toEqual(apArn('by-name'));
    expect(imported.accessPointAlias).toBe('by-name-abc-s3alias');
  });

  test.each([
    [{ prefix: 'a/' }, /give exactly one of accessPointArn and accessPointName/],
    [{ accessPointName: 'a-b-c', accessPointArn: 'arn:aws:s3:eu-west-1:123456789012:accesspoint/a-b-c', prefix: 'a/' }, /give exactly one/],
    [{ accessPointArn: 'arn:aws:s3:::my-bucket', prefix: 'a/' }, /is not an access point ARN/],
    [{ accessPointName: 'abc' }, /prefix is required/],
  ])('refuses %j', (attrs, message) => {
    const { stack, data } = setup();
    expect(() => PrefixAccessPoint.fromAccessPointAttributes(stack, 'Bad', { bucket: data, ...attrs })).toThrow(message);
  });
});

describe('layouts across stacks', () => {
  test('bucket in one stack, access point and consumer in a team stack: the team stack depends on the bucket stack only', () => {
    const app = new App();
    const bucketStack = new Stack(app, 'BucketStack');
    const data = new SharedDataBucket(bucketStack, 'Data', { encryption: s3.BucketEncryption.KMS });
    const team = new Stack(app, 'TeamStack');
    const role = new iam.Role(team, 'Consumer', { assumedBy: new iam.AccountRootPrincipal() });
    new PrefixAccessPoint(team, 'Ap', { bucket: data, accessPointName: 'team', prefix: 'team/' }).grantReadWrite(role);

    const assembly = app.synth();
    expect(assembly.getStackByName('TeamStack').dependencies.map(d => d.id)).toContain('BucketStack');
    expect(assembly.getStackByName('BucketStack').dependencies.map(d => d.id)).not.toContain('TeamStack');
    // Adding a consumer changes nothing in the bucket stack: not the bucket policy, not the key policy.
    expect(JSON.stringify(assembly.getStackByName('BucketStack').template)).not.toContain('Consumer');
  });
});

describe('grant options and principal kinds', () => {
  test('principalFolder puts the policy variable after the prefix, in the object ARN and the list condition', () => {
    const { stack, ap, role } = setup();
    // A role's caller chooses its session name: the grant needs the trust side pinned, and says so.
    expect(() => ap.grantRead(role, { principalFolder: PrincipalFolder.USER_ID }))
      .toThrow(/Stack\/Sales: invalid grant to Stack\/Consumer:\n  - principalFolder \$\{aws:userid\} on .* can be spoofed: whoever assumes a role chooses its session name/);
    ap.grantRead(role, { principalFolder: PrincipalFolder.USER_ID, principalFolderTrusted: true });
    const [objects, list] = apPolicy(stack).Statement;
    expect(objects.Resource).toEqual(apArn('sales', '/object/sales_event/${aws:userid}/*'));
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': 'sales_event/${aws:userid}/*' } });
    expect(identityPolicy(stack).Statement[0].Resource).toEqual(apArn('sales', '/object/sales_event/${aws:userid}/*'));
  });

  test('PrincipalFolder.principalTag names the tag, and refuses a key S3 cannot have', () => {
    expect(PrincipalFolder.principalTag('team').variable).toBe('${aws:PrincipalTag/team}');
    expect(() => PrincipalFolder.principalTag('bad}key')).toThrow(/tag key 'bad}key' must be 1-128 characters/);
    expect(() => PrincipalFolder.principalTag('')).toThrow(/must be 1-128 characters/);
  });

  test('a grant to an IAM group writes the group policy only: a group cannot be a resource policy principal', () => {
    const { stack, ap } = setup();
    const group = new iam.Group(stack, 'Readers');
    const grant = ap.grantRead(group);
    expect(grant.success).toBe(true);
    expect(ap.grantRecords[0].inResourcePolicy).toBe(false);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::AccessPoint', { Policy: Match.absent() });
    t.hasResourceProperties('AWS::IAM::Policy', {
      Groups: [{ Ref: stack.getLogicalId(group.node.defaultChild as iam.CfnGroup) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: READ_ACTIONS, Resource: apArn('sales', '/object/sales_event/*') })]) },
    });
  });
});
