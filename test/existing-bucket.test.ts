/*
 * Meeting users where their buckets and consumers are: adopting a bucket made elsewhere, handing
 * access points to compute, importing access points and tagging them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, App, CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel, AccessPointDelegation, IdentityPolicyStatus, PrefixAccessPoint, SharedDataBucket, VpcOnlyAccessPoint } from '../src';
import { DELEGATED_ACTIONS } from './support/delegated-actions';
import { synthesize } from './support/synth';

const DELEGATION = { Sid: 'DelegateAccessControlToAccessPoints', Effect: 'Allow', Action: DELEGATED_ACTIONS, Principal: { AWS: '*' } };
/** The Deny of copies through access points whose source names the bucket (docs/threat-model.md, "Granted consumer"). */
const COPY_GUARD = 'DenyCopiesFromTheBucketThroughAccessPoints';
const bucketStatements = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))
  .flatMap(p => p.Properties.PolicyDocument.Statement);
const delegations = (stack: Stack) => bucketStatements(stack).filter(s => s.Sid === DELEGATION.Sid);

function fn(stack: Stack, id = 'Fn') {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1;'),
  });
}

describe('a Bucket of the same app', () => {
  function setup() {
    const stack = new Stack(new App(), 'Stack');
    const lake = new s3.Bucket(stack, 'Lake');
    const auditor = new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
    lake.addToResourcePolicy(new iam.PolicyStatement({ sid: 'Audit', principals: [auditor], actions: ['s3:GetObject'], resources: [lake.arnForObjects('audit/*')] }));
    return { stack, lake };
  }

  test('keeps its own statement and gets exactly one delegation statement, in its own policy, for any number of access points', () => {
    const { stack, lake } = setup();
    for (const name of ['one', 'two', 'three']) new PrefixAccessPoint(stack, name, { bucket: lake, accessPointName: name, prefix: `${name}/` });
    new VpcOnlyAccessPoint(stack, 'Vpc', { bucket: lake, vpc: new ec2.Vpc(stack, 'Net', { natGateways: 0 }), accessPointName: 'four', prefix: 'four/' });

    Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 1);
    expect(bucketStatements(stack).map(s => s.Sid)).toEqual(['Audit', DELEGATION.Sid, COPY_GUARD]);
    expect(delegations(stack)[0]).toMatchObject({ ...DELEGATION, Condition: { StringEquals: { 's3:DataAccessPointAccount': { Ref: 'AWS::AccountId' } } } });
    expect(AccessPointDelegation.of(lake).policyWritten).toBe(true);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a bucket policy made before the access points (s3.BucketPolicy) is the one that gets the statement', () => {
    const stack = new Stack(new App(), 'Stack');
    const lake = new s3.Bucket(stack, 'Lake');
    const policy = new s3.BucketPolicy(stack, 'Policy', { bucket: lake });
    policy.document.addStatements(new iam.PolicyStatement({ sid: 'Mine', principals: [new iam.AccountRootPrincipal()], actions: ['s3:ListBucket'], resources: [lake.bucketArn] }));
    new PrefixAccessPoint(stack, 'Ap', { bucket: lake, accessPointName: 'lake-ap', prefix: 'a/' });
    Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 1);
    expect(bucketStatements(stack).map(s => s.Sid)).toEqual(['Mine', DELEGATION.Sid, COPY_GUARD]);

    // One made after the access points would replace the delegation at deploy time: refused.
    const later = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(later, 'Lake');
    new PrefixAccessPoint(later, 'Ap', { bucket, accessPointName: 'lake-ap', prefix: 'a/' });
    new s3.BucketPolicy(later, 'Later', { bucket });
    expect(() => Template.fromStack(later)).toThrow(/bucket Stack\/Lake has 2 bucket policies \(Stack\/Lake\/Policy, Stack\/Later\): CloudFormation would keep only one/);
  });

  test('the delegation admits the accounts of its access points, and an explicit list is enforced', () => {
    const app = new App();
    const owner = new Stack(app, 'Owner', { env: { account: '111111111111', region: 'us-east-1' } });
    const lake = new s3.Bucket(owner, 'Lake', { bucketName: 'lake' });
    const partner = new Stack(app, 'Partner', { env: { account: '333333333333', region: 'us-east-1' } });
    new PrefixAccessPoint(owner, 'Own', { bucket: lake, accessPointName: 'own', prefix: 'own/' });
    new PrefixAccessPoint(partner, 'Theirs', { bucket: s3.Bucket.fromBucketAttributes(partner, 'Lake', { bucketName: 'lake', account: '111111111111' }), accessPointName: 'theirs', prefix: 'p/' });
    // The partner's stack imports the bucket: a separate object, with its own (unwritable) delegation.
    expect(delegations(owner)[0].Condition).toEqual({ StringEquals: { 's3:DataAccessPointAccount': '111111111111' } });
    new PrefixAccessPoint(owner, 'Own2', { bucket: lake, accessPointName: 'own-two', prefix: 'two/' });
    expect(AccessPointDelegation.of(lake).accessPointAccounts).toEqual(['111111111111']);

    // Accounts other than the bucket's are admitted access point by access point: none known, none admitted.
    const fixed = new Stack(new App(), 'Fixed', { env: { account: '111111111111', region: 'us-east-1' } });
    const bucket = new s3.Bucket(fixed, 'Lake');
    new AccessPointDelegation(fixed, 'Delegation', { bucket, accessPointAccounts: ['222222222222', '333333333333'] });
    expect(delegations(fixed)).toEqual([]);
    Annotations.fromStack(fixed).hasWarning('/Fixed/Lake', Match.stringLikeRegexp('Account 222222222222 is in accessPointAccounts, but no access point of it'));
    expect(() => new PrefixAccessPoint(fixed, 'Ap', { bucket, accessPointName: 'lake-ap', prefix: 'a/' }))
      .toThrow(/Fixed\/Ap: invalid properties:\n.*delegates to access points of account\(s\) 222222222222, 333333333333 only, not to 111111111111/);
  });

  test('one delegation per bucket: a second one, or one over a SharedDataBucket, is refused', () => {
    const { stack, lake } = setup();
    new AccessPointDelegation(stack, 'First', { bucket: lake });
    expect(AccessPointDelegation.of(lake).node.path).toBe('Stack/First');
    expect(() => new AccessPointDelegation(stack, 'Second', { bucket: lake })).toThrow(/Stack\/Second: invalid properties:\n.*already delegates/);
    const shared = new SharedDataBucket(stack, 'Shared');
    expect(() => AccessPointDelegation.of(shared)).toThrow(/already delegates/);
    expect(() => new AccessPointDelegation(stack, 'None', { bucket: s3.Bucket.fromBucketName(stack, 'X', 'xyz'), accessPointAccounts: [] }))
      .toThrow(/accessPointAccounts must name at least one account/);
  });

  test('its access report is written with the access points and says the statement is written', () => {
    const { reports } = synthesize(app => {
      const stack = new Stack(app, 'Stack');
      const lake = new s3.Bucket(stack, 'Lake');
      new PrefixAccessPoint(stack, 'Ap', { bucket: lake, accessPointName: 'lake-ap', prefix: 'a/' }).grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    });
    expect(reports).toHaveLength(1);
    expect(reports[0].bucket).toMatchObject({ path: 'Stack/Lake', adopted: { delegationPolicyWritten: true } });
    expect(reports[0].accessPoints.map(a => [a.name, a.grants.length])).toEqual([['lake-ap', 1]]);
  });
});

describe('an imported bucket', () => {
  function setup() {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const legacy = s3.Bucket.fromBucketName(stack, 'Legacy', 'corp-legacy-archive');
    const ap = new PrefixAccessPoint(stack, 'Reader', { bucket: legacy, accessPointName: 'legacy-reader', prefix: 'archive/' });
    ap.grantRead(new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
    return { stack, legacy, ap };
  }
  const expected = {
    Version: '2012-10-17',
    Statement: [{
      ...DELEGATION,
      Resource: ['arn:aws:s3:::corp-legacy-archive', 'arn:aws:s3:::corp-legacy-archive/*'],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': '111111111111' } },
    }],
  };

  test('gets no bucket policy resource, and exposes the statement its owner must apply', () => {
    const { stack, legacy } = setup();
    Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
    const delegation = AccessPointDelegation.of(legacy);
    expect(delegation.policyWritten).toBe(false);
    expect(stack.resolve(delegation.policyDocument.toJSON())).toEqual({
      ...expected,
      Statement: [{ ...expected.Statement[0], Resource: [expect.anything(), expect.anything()] }, expect.objectContaining({ Sid: COPY_GUARD })],
    });
    expect(JSON.stringify(stack.resolve(delegation.policyDocument.toJSON()))).toContain(':s3:::corp-legacy-archive/*');
  });

  test('warns at synthesis with the statement, once, and the warning can be acknowledged', () => {
    const { stack } = setup();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('bucketPolicyNotManaged'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/Stack/Legacy/AccessPointDelegation');
    expect(warnings[0].entry.data).toMatch(/Bucket corp-legacy-archive is imported: CDK cannot change its policy/);
    expect(warnings[0].entry.data).toContain('"s3:DataAccessPointAccount":"111111111111"');

    const acknowledged = setup();
    CoreAnnotations.of(acknowledged.legacy).acknowledgeWarning('cdk-s3-access-points:bucketPolicyNotManaged', 'the owner applied it');
    Annotations.fromStack(acknowledged.stack).hasNoWarning('*', Match.stringLikeRegexp('bucketPolicyNotManaged'));
  });

  test('its access report carries the statement to apply, and says so in Markdown', () => {
    const { reports, outdir } = synthesize(app => {
      const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
      const legacy = s3.Bucket.fromBucketName(stack, 'Legacy', 'corp-legacy-archive');
      new PrefixAccessPoint(stack, 'Reader', { bucket: legacy, accessPointName: 'legacy-reader', prefix: 'archive/' });
    });
    expect(reports[0].bucket).toMatchObject({ name: 'corp-legacy-archive', adopted: { delegationPolicyWritten: false, delegationStatement: { Statement: [{ Sid: DELEGATION.Sid }, { Sid: COPY_GUARD }] } } });
    const md = fs.readFileSync(path.join(outdir, 'Stack-Legacy.access-report.md'), 'utf8');
    expect(md).toMatch(/The bucket is imported: its owner must apply the delegation statement/);
  });
});

describe('handing access points to compute', () => {
  function setup() {
    const stack = new Stack(new App(), 'Stack');
    const data = new SharedDataBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS });
    const ap = data.addPrefixAccessPoint('Ingest', { accessPointName: 'ingest', prefix: 'incoming/' });
    return { stack, data, ap };
  }

  test('a Lambda function gets the grant and the ARN and alias in its environment', () => {
    const { stack, ap } = setup();
    const f = fn(stack);
    const grant = ap.grantToFunction(f, { level: AccessLevel.WRITE });
    expect(grant.success).toBe(true);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { ACCESS_POINT_ARN: Match.objectLike({ 'Fn::Join': Match.anyValue() }), ACCESS_POINT_ALIAS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataIngest'), 'Alias'] } } },
    });
    expect(JSON.stringify(t.toJSON().Resources)).toContain(':accesspoint/ingest/object/incoming/*');
    const roleId = stack.getLogicalId(f.role!.node.defaultChild as iam.CfnRole);
    const policy = Object.values(t.findResources('AWS::IAM::Policy')).find(p => JSON.stringify(p.Properties.Roles).includes(roleId))!;
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 'kms:GenerateDataKey']));
    expect(actions).not.toContain('s3:GetAccessPoint');
    expect(actions).not.toContain('s3:GetObject');
    expect(ap.grantRecords[0]).toMatchObject({ level: AccessLevel.WRITE, identityPolicy: IdentityPolicyStatus.WRITTEN, inResourcePolicy: true });
  });

  test('variable names are configurable, so one function can use several access points', () => {
    const { stack, data, ap } = setup();
    const f = fn(stack);
    ap.grantToFunction(f, { level: AccessLevel.WRITE, arnVariable: 'INGEST_AP_ARN', aliasVariable: 'INGEST_AP_ALIAS' });
    data.addPrefixAccessPoint('Reports', { accessPointName: 'reports', prefix: 'reports/' })
      .grantToFunction(f, { level: AccessLevel.READ, arnVariable: 'REPORTS_AP_ARN', aliasVariable: 'REPORTS_AP_ALIAS' });
    const vars = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;
    expect(Object.keys(vars).sort()).toEqual(['INGEST_AP_ALIAS', 'INGEST_AP_ARN', 'REPORTS_AP_ALIAS', 'REPORTS_AP_ARN']);
  });

  test('bad variable names are refused at synthesis, naming the construct and the rule', () => {
    const { stack, ap } = setup();
    const f = fn(stack);
    expect(() => ap.grantToFunction(f, { level: AccessLevel.READ, arnVariable: 'ap-arn' })).toThrow(/Stack\/Data\/Ingest: invalid grant to .*\n.*environment variable 'ap-arn' must start with a letter/);
    expect(() => ap.grantToFunction(f, { level: AccessLevel.READ, aliasVariable: 'AWS_REGION' })).toThrow(/'AWS_REGION' is reserved by the runtime/);
    expect(() => ap.grantToFunction(f, { level: AccessLevel.READ, arnVariable: 'X', aliasVariable: 'X' })).toThrow(/both 'X'/);
    expect(ap.grantRecords).toHaveLength(0);
  });

  test('an ECS container: the grant goes to the task role, the variables to the container', () => {
    const { stack, ap } = setup();
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    const container = task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:latest') });
    ap.grantToContainer(container, { level: AccessLevel.READ });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Environment: Match.arrayWith([Match.objectLike({ Name: 'ACCESS_POINT_ARN' }), Match.objectLike({ Name: 'ACCESS_POINT_ALIAS' })]),
      })],
    });
    const taskRoleId = stack.getLogicalId(task.taskRole.node.defaultChild as iam.CfnRole);
    const policy = Object.values(t.findResources('AWS::IAM::Policy')).find(p => JSON.stringify(p.Properties.Roles).includes(taskRoleId))!;
    expect(JSON.stringify(policy)).toContain('s3:GetObject');
    expect(JSON.stringify(t.findResources('AWS::S3::AccessPoint'))).toContain(taskRoleId);
  });

  test('opt-in outputs of the ARN and alias, optionally exported', () => {
    Template.fromStack(setup().stack).templateMatches({ Outputs: Match.absent() });
    const { stack, ap } = setup();
    ap.addOutputs({ exportNamePrefix: 'lake-ingest' });
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    expect(Object.values<any>(outputs).map(o => o.Export.Name).sort()).toEqual(['lake-ingest-alias', 'lake-ingest-arn']);
    expect(ap.node.tryFindChild('ArnOutput')).toBeInstanceOf(CfnOutput);
    expect(() => ap.addOutputs({ exportNamePrefix: 'bad name' })).toThrow(/exportNamePrefix 'bad name' may contain only/);
  });
});

describe('imported access points', () => {
  const env = { account: '111111111111', region: 'eu-west-1' };

  test('fromAccessPointName uses the stack\'s account and region; fromAccessPointArn any', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const byName = PrefixAccessPoint.fromAccessPointName(stack, 'ByName', 'reports');
    expect(byName.accessPointArn).toMatch(/:s3:eu-west-1:111111111111:accesspoint\/reports$/);
    const byArn = PrefixAccessPoint.fromAccessPointArn(stack, 'ByArn', 'arn:aws:s3:us-east-1:222222222222:accesspoint/theirs');
    expect([byArn.accessPointName, byArn.env.account, byArn.env.region]).toEqual(['theirs', '222222222222', 'us-east-1']);
    expect(byArn.prefix).toBe('');
    expect(() => byArn.bucket).toThrow(/ByArn: bucket was not given/);
    expect(() => byArn.accessPointAlias).toThrow(/accessPointAlias was not given/);
    expect(() => PrefixAccessPoint.fromAccessPointArn(stack, 'Bad', 'arn:aws:s3:::bucket')).toThrow(/Stack\/Bad: invalid properties/);
    expect(() => PrefixAccessPoint.fromAccessPointName(stack, 'Bad2', 'Not_Valid')).toThrow(/Stack\/Bad2: invalid properties:\n.*lowercase/);
  });

  test('a grant writes the identity side only and warns that the access point policy is not managed here', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const ap = PrefixAccessPoint.fromAccessPointArn(stack, 'Theirs', 'arn:aws:s3:eu-west-1:111111111111:accesspoint/theirs');
    const f = fn(stack);
    ap.grantToFunction(f, { level: AccessLevel.READ });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::AccessPoint', 0);
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).toContain('arn:aws:s3:eu-west-1:111111111111:accesspoint/theirs/object/*');
    const vars = Object.values(t.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;
    expect(vars).toEqual({ ACCESS_POINT_ARN: 'arn:aws:s3:eu-west-1:111111111111:accesspoint/theirs' }); // no alias known
    Annotations.fromStack(stack).hasWarning('/Stack/Theirs', Match.stringLikeRegexp('writes its identity policy only: this access point was imported.*SSE-KMS'));
  });

  test('with the bucket given, grants add the KMS actions of its key', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'bkt', encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:eu-west-1:111111111111:key/abc') });
    const ap = PrefixAccessPoint.fromAccessPointAttributes(stack, 'Ap', { accessPointName: 'lake-ap', bucket, prefix: 'p/' });
    ap.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).toContain('kms:Decrypt');
  });
});

test('CDK tags reach the access point\'s Tags', () => {
  const stack = new Stack(new App(), 'Stack');
  const data = new SharedDataBucket(stack, 'Data');
  const ap = data.addPrefixAccessPoint('Ap', { accessPointName: 'lake-ap', prefix: 'a/' });
  Tags.of(stack).add('team', 'analytics');
  Tags.of(ap).add('cost-center', '1234');
  Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', {
    Tags: Match.arrayWith([{ Key: 'cost-center', Value: '1234' }, { Key: 'team', Value: 'analytics' }]),
  });
});
