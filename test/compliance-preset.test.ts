/*
 * The compliance preset (SharedDataBucketProps.compliance): cdk-nag's four packs find nothing on the
 * bucket, its server access logs bucket and what the preset adds (key, replication role and policy);
 * without the preset they find what the README says; the choices the library cannot make fail
 * synthesis, naming them.
 */
import { App, Aspects, Duration, IAspect, Stack } from 'aws-cdk-lib';
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
