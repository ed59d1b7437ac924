/*
 * The object request boundary holds on every path, for every action of the classes it denies
 * (src/private/action-classes.ts), proven on the synthesized templates with the independent evaluator:
 * an insider of the bucket's account whose identity policy allows s3:* on * is denied every action
 * that reads, reveals, writes or exports, on the bucket, on its objects and through an access point
 * it made; the exempt administrator, the service roles and the deployment keep what they need; and
 * the previous shape of the boundary let the attack through. Also: the server access logs bucket,
 * and the organization guardrail for a directory bucket.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessPointGuardrails, DelegationScope, OrganizationPolicyType, SharedDataBucket } from '../src';
import { AccessEvaluator, Decision, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { ACCOUNT, PARTITION, REGION, resolveTemplates } from './support/resolve-template';
import { actionsOf, ActionClass, DATA_CLASSES, resourceTypesOf } from '../src/private/action-classes';

const BUCKET = 'lake-bucket';
const INSIDER = `arn:${PARTITION}:iam::${ACCOUNT}:role/insider`;
const ADMIN = `arn:${PARTITION}:iam::${ACCOUNT}:role/data-admin`;
const REPLICATION = `arn:${PARTITION}:iam::${ACCOUNT}:role/replication`;
const CFN_EXEC = `arn:${PARTITION}:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`;
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3express:*'], Resource: '*' }] };
const BUCKET_ARN = `arn:${PARTITION}:s3:::${BUCKET}`;
const OBJECT_ARN = `${BUCKET_ARN}/sales/2026-q3.csv`;
const ROGUE_AP = `arn:${PARTITION}:s3:${REGION}:${ACCOUNT}:accesspoint/insider-ap`;

/** The lake: an access point of this app, the boundary on, an administrator and a replication role. */
function lake() {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: ACCOUNT, region: REGION } });
  const data = new SharedDataBucket(stack, 'Data', { bucketName: BUCKET, delegationScope: DelegationScope.ACCESS_POINTS });
  const reader = new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
  data.addPrefixAccessPoint('Sales', { accessPointName: 'lake-sales', prefix: 'sales/' }).grantRead(reader);
  const replication = new iam.Role(stack, 'Replication', { roleName: 'replication', assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
  data.denyObjectRequestsOutside({ administratorArns: [ADMIN], serviceRoles: [replication] });
  return { stack, template: { ...Template.fromStack(stack).toJSON(), account: ACCOUNT } };
}

const { template } = lake();
const evaluator = AccessEvaluator.fromTemplates(template);
const [resolved] = resolveTemplates([template]);
const policyOf = (bucketName: string) => Object.values(resolved.Resources!)
  .find(r => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === bucketName)!.Properties.PolicyDocument;
const LOGS_BUCKET = Object.values(resolved.Resources!).find(r => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === BUCKET)!
  .Properties.LoggingConfiguration.DestinationBucketName as string;

/** A request straight to a resource of a bucket, by a principal whose identity policy allows everything. */
function direct(bucketPolicy: any, principal: string, action: string, resource: string, context: Record<string, string> = {}): Decision {
  return evaluateWithoutContextFiltering({
    principal,
    action,
    resource,
    accountId: ACCOUNT,
    context: { 'aws:SecureTransport': 'true', ...context },
    identityPolicies: principal.includes(':iam::') ? [{ name: 'everything', policy: EVERYTHING }] : [],
    resourcePolicy: bucketPolicy,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

/** The same request through an access point the insider made: its policy allows everything, the bucket policy decides. */
function throughRogueAccessPoint(bucketPolicy: any, action: string, resource: string): Decision {
  return evaluateWithoutContextFiltering({
    principal: INSIDER,
    action,
    resource,
    accountId: ACCOUNT,
    context: { 'aws:SecureTransport': 'true', 's3:DataAccessPointArn': ROGUE_AP, 's3:DataAccessPointAccount': ACCOUNT, 's3:AccessPointNetworkOrigin': 'Internet' },
    identityPolicies: [],
    resourcePolicy: bucketPolicy,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

const DENIED_CLASSES: ActionClass[] = [...DATA_CLASSES, 'EXPORT'];
const applies = (action: string, ...types: string[]) => resourceTypesOf(action).some(t => types.includes(t));
const onBucket = actionsOf('s3', DENIED_CLASSES, ['bucket']);
const onObjects = actionsOf('s3', DENIED_CLASSES, ['object']);
const throughAccessPoints = actionsOf('s3', DENIED_CLASSES).filter(a => applies(a, 'accesspoint', 'accesspointobject'));
const bucketPolicy = evaluator.bucketPolicy;

/** The boundary as it was: objects (s3:*) and three list actions, nothing on the bucket's configuration. */
const previousShape = (() => {
  const policy = JSON.parse(JSON.stringify(bucketPolicy));
  policy.Statement = policy.Statement.filter((s: any) => !['DenyExportConfiguration', 'DenyReopeningTheBucket'].includes(s.Sid));
  const listing = policy.Statement.find((s: any) => s.Sid === 'DenyListingOutsideAccessPoints');
  listing.Action = ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'];
  return policy;
})();

describe('every action that reads, reveals, writes or exports is denied to an insider with s3:* on *', () => {
  test('the classes reach the bucket, its objects and access points', () => {
    expect(onBucket.length).toBeGreaterThanOrEqual(13);
    expect(onObjects.length).toBeGreaterThanOrEqual(40);
    expect(throughAccessPoints).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket', 's3:PutObject']));
  });

  test.each(onBucket)('%s on the bucket', action => {
    expect(direct(bucketPolicy, INSIDER, action, BUCKET_ARN)).toBe('ExplicitlyDenied');
  });

  test.each(onObjects)('%s on an object', action => {
    expect(direct(bucketPolicy, INSIDER, action, OBJECT_ARN)).toBe('ExplicitlyDenied');
  });

  test.each(throughAccessPoints)('%s through an access point the insider made (DelegationScope.ACCESS_POINTS)', action => {
    const resource = applies(action, 'accesspointobject') ? OBJECT_ARN : BUCKET_ARN;
    expect(throughRogueAccessPoint(bucketPolicy, action, resource)).toBe('ExplicitlyDenied');
  });

  test('actions with no bucket or object resource type cannot be named in a bucket policy: each is listed with what stops it (docs/threat-model.md)', () => {
    const elsewhere = actionsOf('s3', DENIED_CLASSES).filter(a => !applies(a, 'bucket', 'object'));
    expect(elsewhere).toEqual([
      // S3 Batch Operations: the job's role reads and writes the objects directly, where the boundary denies it unless it is a service role.
      's3:CreateJob',
      // S3 Access Grants vends the location role's credentials: the same.
      's3:GetDataAccess',
      // Account-level lists: names of buckets, access points, jobs, grants and Storage Lens configurations, not keys.
      's3:ListAccessGrants', 's3:ListAccessGrantsInstances', 's3:ListAccessGrantsLocations', 's3:ListAccessPoints', 's3:ListAccessPointsForObjectLambda',
      's3:ListAllMyBuckets', 's3:ListCallerAccessGrants', 's3:ListJobs', 's3:ListMultiRegionAccessPoints', 's3:ListStorageLensConfigurations',
      's3:ListStorageLensGroups',
      // Storage Lens: account-level, residual (an SCP can deny it).
      's3:GetStorageLensDashboard', 's3:PutStorageLensConfiguration',
      // Batch Operations job confirmation: the job's role, as CreateJob.
      's3:UpdateJobStatus',
    ].sort());
  });
});

describe('exports of keys and data: explicit attacks', () => {
  test.each([
    ['an inventory of every key to a bucket it owns', 's3:PutInventoryConfiguration'],
    ['server access logs (every key and requester) to a bucket it owns', 's3:PutBucketLogging'],
    ['replication of every object to a bucket it owns', 's3:PutReplicationConfiguration'],
    ['an S3 Metadata journal and inventory table', 's3:CreateBucketMetadataTableConfiguration'],
    ['event notifications carrying every new key', 's3:PutBucketNotification'],
  ])('denied: %s (%s); the administrator may; the previous shape allowed it', (_what, action) => {
    expect(direct(bucketPolicy, INSIDER, action, BUCKET_ARN)).toBe('ExplicitlyDenied');
    expect(direct(bucketPolicy, ADMIN, action, BUCKET_ARN)).toBe('Allowed');
    expect(direct(previousShape, INSIDER, action, BUCKET_ARN)).toBe('Allowed');
  });
});

describe('the settings that would reopen the bucket: only administrators and the deployment', () => {
  test.each(actionsOf('s3', ['REOPEN_BUCKET'], ['bucket']))('%s: insider and service role denied, administrator and deployment allowed, previous shape allowed', action => {
    expect(direct(bucketPolicy, INSIDER, action, BUCKET_ARN)).toBe('ExplicitlyDenied');
    expect(direct(bucketPolicy, REPLICATION, action, BUCKET_ARN)).toBe('ExplicitlyDenied');
    expect(direct(bucketPolicy, ADMIN, action, BUCKET_ARN)).toBe('Allowed');
    expect(direct(bucketPolicy, CFN_EXEC, action, BUCKET_ARN)).toBe('Allowed');
    expect(direct(previousShape, INSIDER, action, BUCKET_ARN)).toBe('Allowed');
  });
});

describe('controls: who keeps what', () => {
  test.each([...onBucket.map(a => [a, BUCKET_ARN]), ...onObjects.map(a => [a, OBJECT_ARN])])('the administrator: %s on %s', (action, resource) => {
    expect(direct(bucketPolicy, ADMIN, action, resource)).toBe('Allowed');
  });

  test.each([...onBucket.map(a => [a, BUCKET_ARN]), ...onObjects.map(a => [a, OBJECT_ARN])])('the replication role (a service role): %s on %s', (action, resource) => {
    expect(direct(bucketPolicy, REPLICATION, action, resource)).toBe('Allowed');
  });

  test('the app\'s access point still reads for its grantee', async () => {
    expect(await evaluator.evaluate({ principal: AccessEvaluator.namedRoleArn(ACCOUNT, 'reader'), accessPoint: 'lake-sales', action: 's3:GetObject', key: 'sales/2026-q3.csv' })).toBe('Allowed');
  });

  test('the deployment: a CloudFormation update of the bucket\'s logging, lifecycle or policy passes; its objects and keys do not', () => {
    for (const action of ['s3:PutBucketLogging', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutEncryptionConfiguration']) {
      expect(direct(bucketPolicy, CFN_EXEC, action, BUCKET_ARN)).toBe('Allowed');
    }
    expect(direct(bucketPolicy, CFN_EXEC, 's3:ListBucket', BUCKET_ARN)).toBe('ExplicitlyDenied');
    expect(direct(bucketPolicy, CFN_EXEC, 's3:GetObject', OBJECT_ARN)).toBe('ExplicitlyDenied');
  });

  test('administering the bucket (not a class the boundary denies) is left to identity policies', () => {
    expect(direct(bucketPolicy, INSIDER, 's3:PutLifecycleConfiguration', BUCKET_ARN)).toBe('Allowed');
  });
});

describe('the server access logs bucket: only log delivery and the administrators', () => {
  const logs = policyOf(LOGS_BUCKET);
  const logArn = `arn:${PARTITION}:s3:::${LOGS_BUCKET}`;
  const logObject = `${logArn}/2026-12-03-10-00-00-ABCDEF`;
  const unlocked = { ...logs, Statement: logs.Statement.filter((s: any) => s.Effect !== 'Deny' || String(s.Sid ?? '').startsWith('DenyInsecure') || s.Condition?.Bool) };

  test.each([
    ['reads a log (every key and requester of the lake)', 's3:GetObject', logObject],
    ['lists the logs', 's3:ListBucket', logArn],
    ['deletes a log (purges the evidence)', 's3:DeleteObject', logObject],
    ['deletes a log version', 's3:DeleteObjectVersion', logObject],
    ['overwrites a log', 's3:PutObject', logObject],
    ['replaces the logs bucket\'s policy', 's3:PutBucketPolicy', logArn],
    ['exports the logs by inventory', 's3:PutInventoryConfiguration', logArn],
    ['expires every log with a lifecycle rule (S3 deletes them)', 's3:PutLifecycleConfiguration', logArn],
    ['suspends versioning of the logs', 's3:PutBucketVersioning', logArn],
    ['changes the logs\' default encryption (delivery cannot use a KMS key)', 's3:PutEncryptionConfiguration', logArn],
  ])('denied: an insider %s; the previous shape allowed it', (_what, action, resource) => {
    expect(direct(logs, INSIDER, action, resource)).toBe('ExplicitlyDenied');
    expect(direct(unlocked, INSIDER, action, resource)).toBe('Allowed');
  });

  test('control: S3 log delivery writes the lake\'s logs; the administrator reads and lists them', () => {
    expect(direct(logs, 'logging.s3.amazonaws.com', 's3:PutObject', logObject, {
      'aws:PrincipalServiceName': 'logging.s3.amazonaws.com', 'aws:PrincipalIsAWSService': 'true', 'aws:SourceArn': BUCKET_ARN, 'aws:SourceAccount': ACCOUNT,
    })).toBe('Allowed');
    // A principal of the account that claims nothing of the kind is denied the same write.
    expect(direct(logs, INSIDER, 's3:PutObject', logObject, { 'aws:PrincipalIsAWSService': 'false' })).toBe('ExplicitlyDenied');
    expect(direct(logs, ADMIN, 's3:GetObject', logObject)).toBe('Allowed');
    expect(direct(logs, ADMIN, 's3:ListBucket', logArn)).toBe('Allowed');
  });

  test('control: the deployment role and the administrator may change the logs bucket\'s lifecycle; the insider may still read its settings', () => {
    expect(direct(logs, CFN_EXEC, 's3:PutLifecycleConfiguration', logArn)).toBe('Allowed');
    expect(direct(logs, ADMIN, 's3:PutLifecycleConfiguration', logArn)).toBe('Allowed');
    expect(direct(logs, INSIDER, 's3:GetLifecycleConfiguration', logArn)).toBe('Allowed');
  });
});

describe('the guardrail for a directory bucket (SCP form)', () => {
  const NAME = 'lake--use1-az4--x-s3';
  const directoryBucket = `arn:${PARTITION}:s3express:${REGION}:${ACCOUNT}:bucket/${NAME}`;
  const fullAccess = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const scp = (document: any) => [{ orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: fullAccess }, { name: 'guardrail', policy: document }] }];
  const session = (document: any, context: Record<string, string>) => evaluateWithoutContextFiltering({
    principal: INSIDER,
    action: 's3express:CreateSession',
    resource: directoryBucket,
    accountId: ACCOUNT,
    context: { 's3express:SessionMode': 'ReadWrite', ...context },
    identityPolicies: [{ name: 'everything', policy: EVERYTHING }],
    endpointPolicies: [],
    serviceControlPolicies: scp(document),
    resourceControlPolicies: [],
  });
  const guardrail = AccessPointGuardrails.requireAccessPoints({
    policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY, bucketNames: [NAME], accessPointAccounts: [ACCOUNT],
  }).toJSON();

  test('denied: an insider\'s CreateSession straight on the bucket', () => {
    expect(session(guardrail, {})).toBe('ExplicitlyDenied');
  });

  test('control: a session through an access point of an approved account', () => {
    expect(session(guardrail, { 's3express:DataAccessPointAccount': ACCOUNT, 's3express:DataAccessPointArn': `arn:${PARTITION}:s3express:${REGION}:${ACCOUNT}:accesspoint/app--use1-az4--xa-s3` })).toBe('Allowed');
  });

  test('the previous shape (s3 actions on arn:*:s3:::NAME) let the session through', () => {
    const previous = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['s3:GetObject*', 's3:PutObject*', 's3:ListBucket*'], Resource: [`arn:*:s3:::${NAME}`, `arn:*:s3:::${NAME}/*`], Condition: { StringNotEquals: { 's3:DataAccessPointAccount': [ACCOUNT] } } }] };
    expect(session(previous, {})).toBe('Allowed');
  });

  test('the export configuration of a directory bucket is denied too', () => {
    const inventory = evaluateWithoutContextFiltering({
      principal: INSIDER,
      action: 's3express:PutInventoryConfiguration',
      resource: directoryBucket,
      accountId: ACCOUNT,
      context: {},
      identityPolicies: [{ name: 'everything', policy: EVERYTHING }],
      endpointPolicies: [],
      serviceControlPolicies: scp(guardrail),
      resourceControlPolicies: [],
    });
    expect(inventory).toBe('ExplicitlyDenied');
  });
});

describe('residual risk (docs/threat-model.md, "Insider of the bucket\'s account"): the app\'s own access points', () => {
  const insider = evaluator.withIdentityPolicy(INSIDER, EVERYTHING);

  test('an insider whose identity policy allows s3:* on * reads and lists any key through an access point of the app: the bucket admits the access point', async () => {
    expect(await insider.evaluate({ principal: INSIDER, accessPoint: 'lake-sales', action: 's3:GetObject', key: 'finance/salaries.csv' })).toBe('Allowed');
    expect(await insider.evaluate({ principal: INSIDER, accessPoint: 'lake-sales', action: 's3:ListBucket' })).toBe('Allowed');
  });

  test('control: without s3:* in its identity policy, the same principal is not let through', async () => {
    expect(await evaluator.evaluate({ principal: INSIDER, accessPoint: 'lake-sales', action: 's3:GetObject', key: 'sales/2026-q3.csv' })).not.toBe('Allowed');
  });
});

test('a logs bucket shared by two bounded buckets with the same administrators gets one lock; with others, a second (its own Sids)', () => {
  const stack = new Stack(new App(), 'Shared', { env: { account: ACCOUNT, region: REGION } });
  const first = new SharedDataBucket(stack, 'First');
  const logs = first.serverAccessLogsBucket!;
  const second = new SharedDataBucket(stack, 'Second', { serverAccessLogsBucket: logs });
  const third = new SharedDataBucket(stack, 'Third', { serverAccessLogsBucket: logs });
  first.denyObjectRequestsOutside({ administratorArns: [ADMIN] });
  second.denyObjectRequestsOutside({ administratorArns: [ADMIN] });
  third.denyObjectRequestsOutside({ administratorArns: [REPLICATION] });
  const policies = Template.fromStack(stack).findResources('AWS::S3::BucketPolicy');
  const logsPolicy = Object.values(policies).find(p => JSON.stringify(p.Properties.Bucket).includes('AccessLogs'))!;
  const sids = logsPolicy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid).filter((sid: string) => sid?.startsWith('DenyLog'));
  expect(sids).toEqual(['DenyLogAccessButDeliveryAndAdministrators', 'DenyLogListingButAdministrators', 'DenyLogBucketExportAndReopening',
    'DenyLogBucketSettingChanges', 'DenyLogAccessButDeliveryAndAdministrators2', 'DenyLogListingButAdministrators2',
    'DenyLogBucketExportAndReopening2', 'DenyLogBucketSettingChanges2']);
});

test('the logs bucket policy is bounded at synthesis like the data bucket\'s: over 20 KB fails with the way out; under it synthesizes', () => {
  const make = (buckets: number) => {
    const app = new App();
    const stack = new Stack(app, 'Many', { env: { account: ACCOUNT, region: REGION } });
    const logs = new SharedDataBucket(stack, 'B0').serverAccessLogsBucket!;
    for (let i = 1; i <= buckets; i++) {
      new SharedDataBucket(stack, `B${i}`, { serverAccessLogsBucket: logs }).denyObjectRequestsOutside({ administratorArns: [`arn:aws:iam::${ACCOUNT}:role/admin-${i}`] });
    }
    return () => app.synth();
  };
  expect(make(2)).not.toThrow();
  expect(make(40)).toThrow(/The bucket policy of Many\/B0\/AccessLogs is [\d,]+ (to [\d,]+ )?characters.*Give groups of source buckets a log bucket each/s);
});
