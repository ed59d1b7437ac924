/*
 * test/compliance-preset.test.ts for cdk-nag 3 (a policy validation plugin, not an aspect): the four
 * packs find on a default SharedDataBucket what the README lists, and nothing with the compliance
 * preset, on the bucket, its log bucket, the key and the replication roles. cdk-nag 3 reads the
 * library's `cdk_nag` suppression metadata as v2 does.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SharedDataBucket, SharedDataBucketProps } from '../../../src';

const ENV = { env: { account: '111111111111', region: 'us-east-1' } };

const PACKS = [
  { name: 'AwsSolutions', prefix: 'AwsSolutions-', pack: () => new AwsSolutionsChecks() },
  { name: 'HIPAA Security', prefix: 'HIPAA.Security-', pack: () => new HIPAASecurityChecks() },
  { name: 'NIST 800-53 rev 5', prefix: 'NIST.800.53.R5-', pack: () => new NIST80053R5Checks() },
  { name: 'PCI DSS 3.2.1', prefix: 'PCI.DSS.321-', pack: () => new PCIDSS321Checks() },
];

function findings(pack: { validateScope(scope: Stack): { violations: any[] } }, props: (stack: Stack) => SharedDataBucketProps): string[] {
  const stack = new Stack(new App(), 'Nag', ENV);
  new SharedDataBucket(stack, 'Data', props(stack));
  return pack.validateScope(stack).violations.flatMap(v => v.violatingResources.map((r: any) =>
    `${r.constructPath ?? r.resourceLogicalId} ${v.ruleName.replace(/\[.*$/, '')}`)).sort();
}

function destinations(stack: Stack) {
  const key = kms.Key.fromKeyArn(stack, 'ReplicaKey', 'arn:aws:kms:us-west-2:111111111111:key/11111111-2222-3333-4444-555555555555');
  return {
    replicationDestination: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'data-replica-usw2', region: 'us-west-2', encryptionKey: key }),
    serverAccessLogsReplicationDestination: s3.Bucket.fromBucketAttributes(stack, 'LogsReplica', { bucketName: 'logs-replica-usw2', region: 'us-west-2' }),
  };
}

describe.each(PACKS)('$name', ({ prefix, pack }) => {
  test('without the preset: the README\'s findings (the preset test can fail)', () => {
    const found = findings(pack(), () => ({})).map(f => f.replace(/^\/?Nag\//, '').replace(/ [A-Za-z0-9.]+-/, ' '));
    expect(found).toEqual(prefix === 'AwsSolutions-' ? [] : [
      'Data/AccessLogs/Resource S3BucketReplicationEnabled',
      'Data/Resource S3BucketReplicationEnabled',
      'Data/Resource S3BucketVersioningEnabled',
      'Data/Resource S3DefaultEncryptionKMS',
    ]);
  });

  test('with the preset: no finding', () => {
    expect(findings(pack(), stack => ({ compliance: destinations(stack) }))).toEqual([]);
    expect(findings(pack(), () => ({ compliance: { noReplicationReason: 'AWS Backup copies this bucket.' } }))).toEqual([]);
  });
});
