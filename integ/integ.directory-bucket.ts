/*
 * Directory buckets (S3 Express One Zone): a SharedDirectoryBucket with SSE-KMS in use1-az4, its one
 * delegation statement, and two access points with a Scope each: a read-write one for a role, a
 * read-only one for another. When deployed (in an account where use1-az4 is in us-east-1), the
 * assertions write an object through the read-write access point (addressed by its name: a
 * directory bucket access point cannot be addressed by ARN) and read it back.
 *
 * Offline, `npx projen integ` verifies the committed snapshot against a fresh synthesis.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DirectoryBucketAccessPoint, SharedDirectoryBucket } from '../src';

const app = new App();
// Deployed to us-east-1 (regions below), where use1-az4 is; env-agnostic so that the assertion stack can reference it.
const stack = new Stack(app, 'S3AccessPointsDirectoryBucket');

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY });

const writer = new iam.Role(stack, 'IngestRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
const ingest = new DirectoryBucketAccessPoint(stack, 'Ingest', {
  bucket,
  accessPointName: 'integ-ingest--use1-az4--xa-s3',
  prefixes: ['ingest/'],
  tags: { purpose: 'integ' },
});
ingest.grantReadWrite(writer);

const reader = new iam.Role(stack, 'ReportsRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
new DirectoryBucketAccessPoint(stack, 'Reports', { bucket, accessPointName: 'integ-reports--use1-az4--xa-s3', prefixes: ['reports/'] })
  .grantRead(reader);

const integ = new IntegTest(app, 'DirectoryBucketTest', { testCases: [stack], regions: ['us-east-1'] });

const put = integ.assertions.awsApiCall('S3', 'putObject', { Bucket: ingest.accessPointName, Key: 'ingest/integ/hello.json', Body: '{"hello":"zone"}' });
const get = integ.assertions.awsApiCall('S3', 'getObject', { Bucket: ingest.accessPointName, Key: 'ingest/integ/hello.json' });
// The assertion functions get CreateSession on the access point and the key in their own identity
// policy: in the same account that and the delegating bucket policy let them through.
for (const call of [put, get]) {
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3express:CreateSession'], Resource: [ingest.accessPointArn] });
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [key.keyArn] });
}
get.expect(ExpectedResult.objectLike({ Body: '{"hello":"zone"}' }));
put.next(get);
