/*
 * The catalog of bad input: every construct and grant option, each case refused at synthesis (or,
 * where synthesis should go on, warned about) with a message that names the construct path, the
 * property, the value and the rule. A refused case creates nothing: no policy broader than asked.
 */
import { Annotations as CoreAnnotations, App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AccessLevel, AccessPointDelegation, AccessPointGuardrails, DirectoryBucketAccessPoint, EndpointAllowance, EndpointApproval, OrganizationPolicyType,
  PrefixAccessPoint, PrincipalFolder, SharedDataBucket, SharedDirectoryBucket, VpcOnlyAccessPoint,
} from '../src';

const ENV = { account: '111111111111', region: 'us-east-1' };

/** A fresh app: a stack with a SharedDataBucket and a role. */
function fresh(env: { account?: string; region?: string } | undefined = ENV) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const data = new SharedDataBucket(stack, 'Data');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, data, role };
}
const ap = (s = fresh(), options: any = {}) => new PrefixAccessPoint(s.stack, 'Ap', { bucket: s.data, accessPointName: 'consumer', prefix: 'a/', ...options });
const fn = (stack: Stack) => new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromInline('x') });

/** [what, build, the parts the message must contain: path, property, value and rule]. */
const ERRORS: [string, () => unknown, (string | RegExp)[]][] = [
  // Access point names
  ['name too short', () => ap(undefined, { accessPointName: 'ab' }), ['Stack/Ap', 'accessPointName', "'ab'", '3-50 characters']],
  ['name of 51 characters', () => ap(undefined, { accessPointName: 'a'.repeat(51) }), ['Stack/Ap', 'accessPointName', 'a'.repeat(51), '3-50 characters long (it has 51)']],
  ['name with uppercase', () => ap(undefined, { accessPointName: 'Sales' }), ['Stack/Ap', 'accessPointName', "'Sales'", 'lowercase letters, digits and hyphens']],
  ['name with an underscore', () => ap(undefined, { accessPointName: 'sales_event' }), ['Stack/Ap', "'sales_event'", 'lowercase letters, digits and hyphens']],
  ['name starting with a hyphen', () => ap(undefined, { accessPointName: '-sales' }), ['Stack/Ap', "'-sales'", 'must not start or end with a hyphen']],
  ['name ending in -s3alias', () => ap(undefined, { accessPointName: 'sales-s3alias' }), ['Stack/Ap', "'sales-s3alias'", "must not end with '-s3alias'"]],
  ['duplicate name in one stack', () => { const s = fresh(); ap(s); new PrefixAccessPoint(s.stack, 'Ap2', { bucket: s.data, accessPointName: 'consumer', prefix: 'b/' }); },
    ['Stack/Ap2', 'accessPointName', "'consumer'", 'already used by Stack/Ap', 'unique per account and region']],
  ['duplicate name in two stacks of one account and region', () => {
    const s = fresh();
    ap(s);
    const other = new Stack(s.app, 'Other', { env: ENV });
    new PrefixAccessPoint(other, 'Ap', { bucket: s3.Bucket.fromBucketName(other, 'B', 'bkt'), accessPointName: 'consumer', prefix: 'a/' });
  }, ['Other/Ap', "'consumer'", 'already used by Stack/Ap in account 111111111111, region us-east-1']],
  ['imported name that is not valid', () => PrefixAccessPoint.fromAccessPointName(fresh().stack, 'Imp', 'Bad_Name'), ['Stack/Imp', "'Bad_Name'", 'lowercase']],
  ['imported ARN that is not an access point', () => PrefixAccessPoint.fromAccessPointArn(fresh().stack, 'Imp', 'arn:aws:s3:::bucket'), ['Stack/Imp', 'accessPointArn', "'arn:aws:s3:::bucket'", 'is not an access point ARN']],
  // Prefixes
  ['prefix with *', () => ap(undefined, { prefix: 'logs/*' }), ['Stack/Ap', 'prefix', "'logs/*'", 'wildcards']],
  ['prefix with ?', () => ap(undefined, { prefix: 'logs?/' }), ['Stack/Ap', 'prefix', "'logs?/'", 'wildcards']],
  ['prefix with a policy variable', () => ap(undefined, { prefix: '${aws:username}/' }), ['Stack/Ap', 'prefix', "'${aws:username}/'", 'policy variable']],
  ['prefix with a leading slash', () => ap(undefined, { prefix: '/logs/' }), ['Stack/Ap', 'prefix', "'/logs/'", "must not start with '/'"]],
  ['prefix longer than a key', () => ap(undefined, { prefix: 'k'.repeat(1025) }), ['Stack/Ap', 'prefix', 'is 1025 characters long', '1,024 bytes']],
  ['no prefix and no wholeBucket', () => ap(undefined, { prefix: undefined }), ['Stack/Ap', 'prefix is required', 'wholeBucket (whole_bucket in Python) to true']],
  ['prefix and wholeBucket', () => ap(undefined, { wholeBucket: true }), ['Stack/Ap', "prefix 'a/' and wholeBucket (whole_bucket in Python): true exclude each other"]],
  // Object tags and grant options
  ['delete grant limited by tags', () => ap().grantDelete(fresh().role, { objectTags: { data: 'x' } }), ['Stack/Ap', 'objectTags', 'delete grant', 'no s3:ExistingObjectTag key']],
  ['tag key starting with aws:', () => { const s = fresh(); ap(s).grantRead(s.role, { objectTags: { 'aws:team': 'x' } }); }, ['Stack/Ap', 'objectTags', "'aws:team'", "must not start with 'aws:'"]],
  ['tag key longer than 128', () => { const s = fresh(); ap(s).grantRead(s.role, { objectTags: { ['k'.repeat(129)]: 'x' } }); }, ['Stack/Ap', 'objectTags (object_tags in Python) key', '1-128 characters']],
  ['tag value with a bad character', () => { const s = fresh(); ap(s).grantRead(s.role, { objectTags: { data: 'a*b' } }); }, ['Stack/Ap', 'objectTags (object_tags in Python) value', "'a*b'", '0-256 characters']],
  ['principal tag folder with a bad key', () => PrincipalFolder.principalTag('bad*key'), ['PrincipalFolder.principalTag', "'bad*key'", '1-128 characters']],
  ['environment variable with a hyphen', () => { const s = fresh(); ap(s).grantToFunction(fn(s.stack), { level: AccessLevel.READ, arnVariable: 'AP-ARN' }); },
    ['Stack/Ap', 'environment variable', "'AP-ARN'", 'letters, digits and']],
  ['reserved environment variable', () => { const s = fresh(); ap(s).grantToFunction(fn(s.stack), { level: AccessLevel.READ, aliasVariable: 'AWS_REGION' }); },
    ['Stack/Ap', "'AWS_REGION'", 'reserved by the runtime']],
  // Principals
  ['grant to AnyPrincipal', () => ap().grantRead(new iam.AnyPrincipal()), ['Stack/Ap', 'invalid grant to', 'everyone', 'Block Public Access']],
  ['grant to StarPrincipal', () => ap().grantWrite(new iam.StarPrincipal()), ['Stack/Ap', 'everyone']],
  ["grant to ArnPrincipal('*')", () => ap().grantReadWrite(new iam.ArnPrincipal('*')), ['Stack/Ap', 'everyone']],
  // Accounts
  ['bucketAccountId that is not an account', () => ap(undefined, { bucketAccountId: '1234' }), ['Stack/Ap', 'bucketAccountId', "'1234'", '12-digit account id']],
  ['accessPointAccounts empty', () => new SharedDataBucket(new Stack(new App(), 'Stack'), 'Data', { accessPointAccounts: [] }), ['Stack/Data', 'accessPointAccounts', 'at least one account']],
  ['accessPointAccounts with a malformed id', () => new SharedDataBucket(new Stack(new App(), 'Stack'), 'Data', { accessPointAccounts: ['11111111111'] }),
    ['Stack/Data', 'accessPointAccounts', "'11111111111'", '12 digits']],
  ['access point in an account the bucket does not delegate to', () => {
    const s = fresh();
    new PrefixAccessPoint(new Stack(s.app, 'Partner', { env: { ...ENV, account: '333333333333' } }), 'Ap', { bucket: s.data, accessPointName: 'partner', prefix: 'p/' });
  }, ['Partner/Ap', 'delegates to access points of account(s) 111111111111 only, not to 333333333333', 'accessPointAccounts']],
  ['delegation with a malformed account', () => { const s = fresh(); new AccessPointDelegation(s.stack, 'Del', { bucket: new s3.Bucket(s.stack, 'B'), accessPointAccounts: ['abc'] }); },
    ['Stack/Del', 'accessPointAccounts', "'abc'", '12 digits']],
  ['second delegation of one bucket', () => { const s = fresh(); new AccessPointDelegation(s.stack, 'Del', { bucket: s.data }); }, ['Stack/Del', 'Stack/Data already delegates', 'one delegation per bucket']],
  ['endpoint approval of a malformed account', () => EndpointApproval.accounts(['12']), ['EndpointApproval.accounts', 'accountIds', "'12'", '12 digits']],
  ['guardrail with a malformed account', () => AccessPointGuardrails.requireAccessPoints({ policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY, bucketNames: ['b'], accessPointAccounts: ['x'] }),
    ['requireAccessPoints', 'accessPointAccounts', "'x'", '12 digits']],
  // Regions
  ['access point in another region than its bucket', () => {
    const s = fresh();
    new PrefixAccessPoint(new Stack(s.app, 'West', { env: { ...ENV, region: 'eu-west-1' } }), 'Ap', { bucket: s.data, accessPointName: 'west', prefix: 'w/' });
  }, ['West/Ap', 'bucket Stack/Data is in region us-east-1', 'eu-west-1', "an access point must be in its bucket's region"]],
  ['region-specific endpoint allowance in a stack without a region', () => {
    const s = fresh({ account: '111111111111' });
    new VpcOnlyAccessPoint(s.stack, 'Vpc', { bucket: s.data, vpc: new ec2.Vpc(s.stack, 'Net', { natGateways: 0 }), accessPointName: 'vpc-ap', prefix: 'v/', endpointAllowances: [EndpointAllowance.ECR] });
  }, ['Stack/Vpc', 'endpointAllowances', 'ECR', 'no concrete region']],
  // VPC and endpoint
  ['VPC-only access point without a VPC', () => { const s = fresh(); new VpcOnlyAccessPoint(s.stack, 'Vpc', { bucket: s.data, vpc: undefined as any, accessPointName: 'vpc-ap', prefix: 'v/' }); },
    ['Stack/Vpc', 'vpc is required']],
  ['endpoint of another VPC', () => {
    const s = fresh();
    const other = new ec2.Vpc(s.stack, 'Other', { natGateways: 0 });
    const endpoint = other.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    new VpcOnlyAccessPoint(s.stack, 'Vpc', { bucket: s.data, vpc: new ec2.Vpc(s.stack, 'Net', { natGateways: 0 }), endpoint, accessPointName: 'vpc-ap', prefix: 'v/' });
  }, ['Stack/Vpc', 'endpoint must be an S3 gateway endpoint of the VPC']],
  ['directory bucket access point: endpoint without a vpc', () => {
    const s = fresh();
    const fast = new SharedDirectoryBucket(s.stack, 'Fast', { zoneId: 'use1-az4' });
    const endpoint = new ec2.Vpc(s.stack, 'Net', { natGateways: 0 }).addGatewayEndpoint('X', { service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS });
    new DirectoryBucketAccessPoint(s.stack, 'Dir', { bucket: fast, endpoint, prefixes: ['d/'] });
  }, ['Stack/Dir', 'endpoint is given without vpc']],
  ['directory bucket access point: an S3 (not S3 Express) endpoint', () => {
    const s = fresh();
    const fast = new SharedDirectoryBucket(s.stack, 'Fast', { zoneId: 'use1-az4' });
    const vpc = new ec2.Vpc(s.stack, 'Net', { natGateways: 0 });
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    new DirectoryBucketAccessPoint(s.stack, 'Dir', { bucket: fast, vpc, endpoint, prefixes: ['d/'] });
  }, ['Stack/Dir', 'endpoint must be an S3 Express gateway endpoint of the VPC', 'not for S3 Express']],
  // Bucket settings
  ['encryption UNENCRYPTED', () => new SharedDataBucket(new Stack(new App(), 'Stack'), 'Data', { encryption: s3.BucketEncryption.UNENCRYPTED }), ['Stack/Data', 'encryption', 'UNENCRYPTED', 'encrypted at rest']],
  ['encryptionKey with SSE-S3', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { encryption: s3.BucketEncryption.S3_MANAGED, encryptionKey: new kms.Key(stack, 'K') });
  }, ['Stack/Data', 'encryptionKey', 'S3_MANAGED', 'use KMS']],
  ['bucketKeyEnabled with DSSE-KMS', () => new SharedDataBucket(new Stack(new App(), 'Stack'), 'Data', { encryption: s3.BucketEncryption.DSSE, bucketKeyEnabled: true }),
    ['Stack/Data', 'bucketKeyEnabled', 'DSSE-KMS', 'Bucket Keys are not supported']],
  ['serverAccessLogs false with a log bucket', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { serverAccessLogs: false, serverAccessLogsBucket: new s3.Bucket(stack, 'Logs') });
  }, ['Stack/Data', 'serverAccessLogsBucket is given but serverAccessLogs is false']],
  ['serverAccessLogsRetention with a log bucket of the user', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: new s3.Bucket(stack, 'Logs'), serverAccessLogsRetention: Duration.days(30) });
  }, ['Stack/Data', 'serverAccessLogsRetention', 'only to the log bucket this construct creates']],
  ['server access logs bucket in another region', () => {
    const app = new App();
    const logs = new s3.Bucket(new Stack(app, 'West', { env: { ...ENV, region: 'eu-west-1' } }), 'Logs');
    new SharedDataBucket(new Stack(app, 'Stack', { env: ENV }), 'Data', { serverAccessLogsBucket: logs });
  }, ['Stack/Data', 'serverAccessLogsBucket is in region eu-west-1', 'same account and region']],
  ['log retention that is not whole days', () => new SharedDataBucket(new Stack(new App(), 'Stack'), 'Data', { serverAccessLogsRetention: Duration.hours(36) }),
    ['Stack/Data/AccessLogs', 'retention', 'whole number of days']],
  ['denyObjectRequestsOutside twice', () => { const s = fresh(); s.data.denyObjectRequestsOutside(); s.data.denyObjectRequestsOutside(); }, ['Stack/Data', 'denyObjectRequestsOutside', 'already called']],
  ['export name prefix with a space', () => ap().addOutputs({ exportNamePrefix: 'my exports' }), ['Stack/Ap', 'exportNamePrefix', "'my exports'", 'letters, digits']],
];

describe('refused at synthesis', () => {
  test(`the catalog has at least 30 cases (${ERRORS.length})`, () => {
    expect(ERRORS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(ERRORS)('%s', (_what, build, parts) => {
    let message = '';
    try {
      build();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    for (const part of parts) {
      if (typeof part === 'string') expect(message).toContain(part);
      else expect(message).toMatch(part);
    }
  });
});

test('a refused grant leaves nothing behind: no record, no statement in either policy', () => {
  const s = fresh();
  const consumer = ap(s);
  expect(() => consumer.grantRead(new iam.AnyPrincipal())).toThrow(/everyone/);
  expect(() => consumer.grantDelete(s.role, { objectTags: { a: 'b' } })).toThrow(/delete grant/);
  expect(consumer.grantRecords).toEqual([]);
  const t = Template.fromStack(s.stack);
  expect(Object.values(t.findResources('AWS::S3::AccessPoint'))[0].Properties.Policy).toBeUndefined();
  t.resourceCountIs('AWS::IAM::Policy', 0);
});

describe('warned about, synthesis goes on, nothing broader than asked', () => {
  test('a grant through an imported bucket whose policy the library cannot write: no bucket policy, the statement to apply', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const bucket = s3.Bucket.fromBucketName(stack, 'Legacy', 'corp-legacy');
    new PrefixAccessPoint(stack, 'Ap', { bucket, accessPointName: 'legacy', prefix: 'a/' }).grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/Legacy/AccessPointDelegation', Match.stringLikeRegexp('corp-legacy is imported.*DelegateAccessControlToAccessPoints'));
  });

  test('a grant on an imported access point: identity side only, and says the access point policy is not managed here', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const imported = PrefixAccessPoint.fromAccessPointName(stack, 'Ap', 'theirs');
    imported.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(stack).resourceCountIs('AWS::S3::AccessPoint', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/Ap', Match.stringLikeRegexp('writes its identity policy only'));
  });

  test('a grant to a role of another account that CDK cannot change: the statements that account must add', () => {
    const s = fresh();
    ap(s).grantRead(iam.Role.fromRoleArn(s.stack, 'Theirs', 'arn:aws:iam::444444444444:role/theirs'));
    Annotations.fromStack(s.stack).hasWarning('/Stack/Ap', Match.stringLikeRegexp('Account 444444444444 must add: .*accesspoint/consumer/object/a/\\*'));
  });

  test('Block Public Access weakened on the bucket', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('Block Public Access is off for blockPublicPolicy, restrictPublicBuckets'));
  });

  test('server access logs turned off', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { serverAccessLogs: false });
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('cdk-s3-access-points:serverAccessLogsDisabled'));
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('an imported server access logs bucket: its policy cannot be written, the statement to add', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'corp-access-logs') });
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('corp-access-logs is imported.*logging.s3.amazonaws.com.*cdk-s3-access-points:accessLogsPolicyNotAdded'));
  });

  test('an SSE-KMS server access logs bucket', () => {
    const stack = new Stack(new App(), 'Stack');
    new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS }) });
    Annotations.fromStack(stack).hasWarning('/Stack/Data', Match.stringLikeRegexp('cdk-s3-access-points:accessLogsBucketKms'));
  });

  test('a warning that the user has dealt with can be acknowledged by its id', () => {
    const stack = new Stack(new App(), 'Stack');
    const data = new SharedDataBucket(stack, 'Data', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
    CoreAnnotations.of(data).acknowledgeWarning('cdk-s3-access-points:publicAccessNotBlocked', 'a public website bucket');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('publicAccessNotBlocked'));
  });
});
