/*
 * One access point of every kind, each in a stack of its own with a role: for the tests that hold
 * every kind to the same API (test/one-api.test.ts, test/kinds-table.test.ts).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  DirectoryBucketAccessPoint, IGrantableAccessPoint, MultiRegionAccessPoint, PrefixAccessPoint, SharedDataBucket, SharedDirectoryBucket,
  VpcOnlyAccessPoint,
} from '../../src';

export const ACCOUNT = '111111111111';
export const env = { account: ACCOUNT, region: 'us-east-1' };
export type Kind = 'prefix' | 'vpcOnly' | 'imported' | 'directory' | 'importedDirectory' | 'multiRegion' | 'importedMultiRegion';
export const KINDS: Kind[] = ['prefix', 'vpcOnly', 'imported', 'directory', 'importedDirectory', 'multiRegion', 'importedMultiRegion'];
export const THEIR_MRAP = `arn:aws:s3::${ACCOUNT}:accesspoint/theirs123.mrap`;

/** A stack with one access point of the kind, and a role. */
export function setup(kind: Kind) {
  const stack = new Stack(new App(), 'Stack', { env });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'reader' });
  const accessPoint = ((): IGrantableAccessPoint => {
    switch (kind) {
      case 'prefix': return new PrefixAccessPoint(stack, 'Ap', { bucket: new SharedDataBucket(stack, 'Data'), accessPointName: 'app', prefix: 'p/' });
      case 'vpcOnly': return new VpcOnlyAccessPoint(stack, 'Ap', {
        bucket: new SharedDataBucket(stack, 'Data'), vpc: new ec2.Vpc(stack, 'Vpc'), accessPointName: 'app', prefix: 'p/',
      });
      case 'imported': return PrefixAccessPoint.fromAccessPointArn(stack, 'Ap', `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/theirs`);
      case 'directory': return new DirectoryBucketAccessPoint(stack, 'Ap', {
        bucket: new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' }),
        accessPointName: 'app--use1-az4--xa-s3',
      });
      case 'importedDirectory': return DirectoryBucketAccessPoint.fromAccessPointArn(stack, 'Ap',
        `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/theirs--use1-az4--xa-s3`);
      case 'importedMultiRegion': return MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', {
        multiRegionAccessPointArn: THEIR_MRAP, multiRegionAccessPointName: 'theirs', prefix: 'p/',
      });
      case 'multiRegion': return new MultiRegionAccessPoint(stack, 'Ap', {
        buckets: [new SharedDataBucket(stack, 'Data', { bucketName: 'data-use1' })], multiRegionAccessPointName: 'app', prefix: 'p/',
      });
    }
  })();
  return { stack, role, accessPoint };
}

