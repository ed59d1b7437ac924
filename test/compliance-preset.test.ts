/*
 * The compliance preset (SharedDataBucketProps.compliance): cdk-nag's four packs find nothing on the
 * bucket, its server access logs bucket and what the preset adds (key, replication role and policy);
 * without the preset they find what the README says; the choices the library cannot make fail
 * synthesis, naming them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, CfnResource, Duration, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ComplianceOptions, ServerAccessLogsBucket, SharedDataBucket, SharedDataBucketProps } from '../src';

const ENV = { account: '111111111111', region: 'us-east-1' };

const PACKS: { name: string; prefix: string; aspect: () => IAspect }[] = [
  { name: 'AwsSolutions', prefix: 'AwsSolutions-', aspect: () => new AwsSolutionsChecks({ verbose: true }) },
  { name: 'HIPAA Security', prefix: 'HIPAA.Security-', aspect: () => new HIPAASecurityChecks({ verbose: true }) },
  { name: 'NIST 800-53 rev 5', prefix: 'NIST.800.53.R5-', aspect: () => new NIST80053R5Checks({ verbose: true }) },
  { name: 'PCI DSS 3.2.1', prefix: 'PCI.DSS.321-', aspect: () => new PCIDSS321Checks({ verbose: true }) },
];

/** Destinations in another Region, imported with their keys, as a user names buckets of elsewhere. */
function destinations(stack: Stack): Required<Pick<ComplianceOptions, 'replicationDestination' | 'serverAccessLogsReplicationDestination'>> {
  const key = kms.Key.fromKeyArn(stack, 'ReplicaKey', 'arn:aws:kms:us-west-2:111111111111:key/11111111-2222-3333-4444-555555555555');
  return {
    replicationDestination: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'data-replica-usw2', region: 'us-west-2', encryptionKey: key }),
    serverAccessLogsReplicationDestination: s3.Bucket.fromBucketAttributes(stack, 'LogsReplica', { bucketName: 'logs-replica-usw2', region: 'us-west-2' }),
  };
}

/** One stack with one SharedDataBucket under one pack; its findings as `path rule`. */
function findings(aspect: IAspect, prefix: string, props: (stack: Stack) => SharedDataBucketProps) {
  const app = new App();
  Aspects.of(app).add(aspect);
  const stack = new Stack(app, 'Nag', { env: ENV });
  new SharedDataBucket(stack, 'Data', props(stack));
  const render = (f: { id: string; entry: { data?: unknown } }) => `${f.id} ${String(f.entry.data).match(/^[A-Za-z0-9.]+-[A-Za-z0-9]+/)![0]}`;
  return {
    stack,
    errors: Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(prefix)).map(render).sort(),
    warnings: Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(prefix)).map(render).sort(),
  };
}

describe.each(PACKS)('$name', ({ prefix, aspect }) => {
  test('without the preset, a default SharedDataBucket has the findings the README lists (the preset test below can fail)', () => {
    const { errors } = findings(aspect(), prefix, () => ({}));
    const expected = prefix === 'AwsSolutions-' ? [] : [
      `/Nag/Data/AccessLogs/Resource ${prefix}S3BucketReplicationEnabled`,
      `/Nag/Data/Resource ${prefix}S3BucketReplicationEnabled`,
      `/Nag/Data/Resource ${prefix}S3BucketVersioningEnabled`,
      `/Nag/Data/Resource ${prefix}S3DefaultEncryptionKMS`,
    ];
    expect(errors).toEqual(expected);
  });

  test('with the preset and replication destinations: no error and no warning on the bucket, the logs bucket, the key and the replication roles', () => {
    const { errors, warnings } = findings(aspect(), prefix, stack => ({ compliance: destinations(stack) }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('with the preset and noReplicationReason: no error and no warning; the replication rule is suppressed with the user\'s reason', () => {
    const { errors, warnings } = findings(aspect(), prefix, () => ({ compliance: { noReplicationReason: 'Backups are taken by AWS Backup.' } }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('what the preset writes', () => {
  const app = new App();
  const stack = new Stack(app, 'Preset', { env: ENV });
  const data = new SharedDataBucket(stack, 'Data', { compliance: { ...destinations(stack), noncurrentVersionExpiration: Duration.days(90) } });
  const template = Template.fromStack(stack);
  const buckets = template.findResources('AWS::S3::Bucket');
  const dataBucket = Object.entries(buckets).find(([id]) => id.startsWith('Data') && !id.startsWith('DataAccessLogs'))![1].Properties;
  const logsBucket = Object.entries(buckets).find(([id]) => id.startsWith('DataAccessLogs'))![1].Properties;

  test('versioning, SSE-KMS with the key the bucket made (rotated), S3 Bucket Keys', () => {
    expect(dataBucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(dataBucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
    }]);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('noncurrent versions expire after noncurrentVersionExpiration; removal policy stays RETAIN', () => {
    expect(dataBucket.LifecycleConfiguration.Rules).toEqual([{ Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }]);
    for (const r of Object.values(buckets)) expect(r.DeletionPolicy).toBe('Retain');
  });

  test('the bucket replicates every object, SSE-KMS objects too, into the destination with its key; delete markers stay', () => {
    expect(dataBucket.ReplicationConfiguration.Rules).toEqual([{
      Id: 'ReplicateEverything',
      Priority: 0,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Disabled' },
      Destination: {
        Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::data-replica-usw2']] },
        EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:111111111111:key/11111111-2222-3333-4444-555555555555' },
      },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
    }]);
    expect(logsBucket.ReplicationConfiguration.Rules[0].Destination).toEqual({
      Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::logs-replica-usw2']] },
    });
    expect(logsBucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(data.replicationRoleArn).toBeDefined();
  });

  test('the replication role uses KMS only through S3 and only for the two buckets, in each bucket\'s Region', () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map(p => p.Properties.PolicyDocument.Statement);
    expect(policies).toHaveLength(2);
    const kmsStatements = policies.flat().filter((s: any) => [].concat(s.Action).some((a: string) => a.startsWith('kms:')));
    expect(kmsStatements.map((s: any) => s.Action)).toEqual(['kms:Decrypt', ['kms:Encrypt', 'kms:GenerateDataKey']]);
    expect(kmsStatements[0].Condition.StringEquals).toEqual({ 'kms:ViaService': 's3.us-east-1.amazonaws.com' });
    expect(kmsStatements[1].Condition.StringEquals).toEqual({ 'kms:ViaService': 's3.us-west-2.amazonaws.com' });
    expect(kmsStatements[1].Condition.StringLike['kms:EncryptionContext:aws:s3:arn']).toHaveLength(2);
    // No action wildcard anywhere in the replication policies.
    expect(policies.flat().flatMap((s: any) => [].concat(s.Action)).filter((a: string) => a.includes('*'))).toEqual([]);
  });
});

describe('refusals: the error names the construct path, the property and the missing choice', () => {
  const build = (props: (stack: Stack) => SharedDataBucketProps) => () => {
    const stack = new Stack(new App(), 'Refuse', { env: ENV });
    new SharedDataBucket(stack, 'Data', props(stack));
  };

  test('no replication destination and no reason: refused, naming both ways out', () => {
    expect(build(() => ({ compliance: {} }))).toThrow(/^Refuse\/Data: invalid properties:\n.*where to replicate the bucket: give compliance\.replicationDestination \(replication_destination in Python\).*or compliance\.noReplicationReason/s);
    expect(build(() => ({ compliance: {} }))).toThrow(/where to replicate the server access logs bucket it makes: give compliance\.serverAccessLogsReplicationDestination/);
  });

  test('control: destinations, or a reason, synthesize', () => {
    expect(build(stack => ({ compliance: destinations(stack) }))).not.toThrow();
    expect(build(() => ({ compliance: { noReplicationReason: 'AWS Backup copies this bucket.' } }))).not.toThrow();
    // A log bucket the user passes is the user's: only the shared bucket's destination is asked for.
    expect(build(stack => ({
      serverAccessLogsBucket: new ServerAccessLogsBucket(stack, 'Logs'),
      compliance: { replicationDestination: destinations(stack).replicationDestination },
    }))).not.toThrow();
  });

  test('a destination without its key (the source is SSE-KMS): refused; with it: accepted (above)', () => {
    expect(build(stack => ({
      compliance: { noReplicationReason: 'x', replicationDestination: s3.Bucket.fromBucketName(stack, 'NoKey', 'data-replica-usw2') },
    }))).toThrow(/^Refuse\/Data: invalid compliance preset:\n.*compliance\.replicationDestination \(replication_destination in Python\) has no encryptionKey/s);
  });

  test('a destination of this app that is not versioned: refused; versioned: accepted', () => {
    const destination = (versioned: boolean) => (stack: Stack): SharedDataBucketProps => ({
      compliance: { noReplicationReason: 'x', replicationDestination: new s3.Bucket(stack, 'Replica', { versioned, encryption: s3.BucketEncryption.KMS }) },
    });
    expect(build(destination(false))).toThrow(/Refuse\/Replica\) is not versioned/);
    expect(build(destination(true))).not.toThrow();
  });

  test.each([
    ['encryption S3_MANAGED', { encryption: s3.BucketEncryption.S3_MANAGED }, /encryption is S3_MANAGED but the compliance preset needs SSE-KMS/],
    ['encryption KMS_MANAGED (the aws/s3 key)', { encryption: s3.BucketEncryption.KMS_MANAGED }, /encryption is KMS_MANAGED/],
    ['encryption DSSE', { encryption: s3.BucketEncryption.DSSE }, /encryption is DSSE/],
    ['versioned: false', { versioned: false }, /versioned is false but the compliance preset turns versioning on/],
    ['serverAccessLogs: false', { serverAccessLogs: false }, /serverAccessLogs is false but the compliance preset needs server access logs/],
  ])('contradicting setting refused: %s', (_what, extra, message) => {
    expect(build(() => ({ ...extra, compliance: { noReplicationReason: 'x' } }))).toThrow(message);
  });

  test.each([
    ['encryption KMS', { encryption: s3.BucketEncryption.KMS }],
    ['versioned: true', { versioned: true }],
    ['an encryptionKey of the user', {}],
  ])('control: agreeing setting accepted: %s', (what, extra) => {
    expect(build(stack => ({
      ...extra,
      ...what.startsWith('an encryptionKey') ? { encryptionKey: new kms.Key(stack, 'Mine', { enableKeyRotation: true }) } : {},
      compliance: { noReplicationReason: 'x' },
    }))).not.toThrow();
  });

  test('noReplicationReason: empty refused, unused refused', () => {
    expect(build(() => ({ compliance: { noReplicationReason: ' ' } }))).toThrow(/compliance\.noReplicationReason \(no_replication_reason in Python\) is empty/);
    expect(build(stack => ({ compliance: { ...destinations(stack), noReplicationReason: 'x' } }))).toThrow(/noReplicationReason .* is given but every bucket is replicated/);
  });

  test('serverAccessLogsReplicationDestination with a log bucket the user passes: refused', () => {
    expect(build(stack => ({
      serverAccessLogsBucket: new ServerAccessLogsBucket(stack, 'Logs'),
      compliance: { ...destinations(stack) },
    }))).toThrow(/serverAccessLogsReplicationDestination .* applies only to the log bucket this construct makes/);
  });

  test('noncurrentVersionExpiration: 0 days and fractions refused, 1 day accepted', () => {
    expect(build(() => ({ compliance: { noReplicationReason: 'x', noncurrentVersionExpiration: Duration.hours(12) } }))).toThrow(/noncurrentVersionExpiration .* must be a whole number of days, at least 1/);
    expect(build(() => ({ compliance: { noReplicationReason: 'x', noncurrentVersionExpiration: Duration.days(1) } }))).not.toThrow();
  });
});

test('README: the nag figures table states what the packs find, per pack, without and with the preset', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const table = readme.split('<!-- nag-figures -->')[1].split('\n\n')[0];
  const rows = Object.fromEntries([...table.matchAll(/^\| ([^|]+?) \| (\d+) \| (\d+) \|$/gm)].map(m => [m[1], [Number(m[2]), Number(m[3])]]));
  const measured = Object.fromEntries(PACKS.map(({ name, prefix, aspect }) => [name, [
    findings(aspect(), prefix, () => ({})).errors.length,
    findings(aspect(), prefix, stack => ({ compliance: destinations(stack) })).errors.length,
  ]]));
  expect(rows).toEqual(measured);
});

test('README: the KMS prices cite the AWS pricing page (change them together)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const costs = readme.split('**Key costs**')[1].split('\n- ')[0];
  // From https://aws.amazon.com/kms/pricing/ (checked 2026-12-03): $1/month per key, $1/month per
  // rotated backing key, $0.03 per 10,000 requests, 20,000 free requests a month.
  expect(costs).toContain('(https://aws.amazon.com/kms/pricing/)');
  expect([...costs.matchAll(/\$[\d.]+|\b[\d,]{5,}\b/g)].map(m => m[0])).toEqual(['$1', '$1', '$0.03', '10,000', '20,000']);
});

test('the replication policy\'s IAM5 suppression names exactly its two object wildcards, for cdk-nag 2 and 3', () => {
  const stack = new Stack(new App(), 'Exact', { env: ENV });
  new SharedDataBucket(stack, 'Data', { compliance: { ...destinations(stack), serverAccessLogsReplicationDestination: undefined, noReplicationReason: 'x' } });
  const policy = stack.node.findChild('Data').node.findChild('ReplicationPolicy').node.defaultChild as CfnResource;
  const bucketId = stack.getLogicalId(stack.node.findChild('Data').node.defaultChild as CfnResource);
  const wildcards = [`Resource::<${bucketId}.Arn>/*`, 'Resource::arn:<AWS::Partition>:s3:::data-replica-usw2/*'];
  expect(policy.getMetadata('cdk_nag').rules_to_suppress).toEqual([expect.objectContaining({ id: 'AwsSolutions-IAM5', applies_to: wildcards })]);
  const acknowledged = policy.node.metadata.filter(m => m.type === 'aws:cdk:acknowledged-rules').flatMap(m => Object.keys(m.data));
  expect(acknowledged).toEqual(wildcards.map(f => `AwsSolutions-IAM5[${f}]`));
});

test('ServerAccessLogsBucket replicationDestination: a versioned destination is replicated into; an unversioned one of this app is refused', () => {
  const build = (versioned: boolean) => () => {
    const stack = new Stack(new App(), 'Logs', { env: ENV });
    const replica = new s3.Bucket(stack, 'Replica', { versioned });
    const logs = new ServerAccessLogsBucket(stack, 'AccessLogs', { replicationDestination: replica });
    return { logs, template: Template.fromStack(stack) };
  };
  const { logs, template } = build(true)();
  template.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.objectLike({ Rules: [Match.objectLike({ Status: 'Enabled' })] }) });
  expect(logs.replicationRoleArn).toBeDefined();
  expect(build(false)).toThrow(/^Logs\/AccessLogs: invalid properties:\n.*replicationDestination \(Logs\/Replica\) is not versioned/s);
});
