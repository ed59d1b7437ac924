/*
 * Scenario S1 deployed: a shared SSE-KMS bucket, two prefix access points, an EC2 consumer role and
 * a Lambda consumer. When deployed, the assertions write an object through the sales access point
 * (addressed by ARN) and read it back through its alias.
 *
 * Offline, `npx projen integ` verifies the committed snapshot against a fresh synthesis.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PrefixAccessPoint, SharedDataBucket } from '../src';

const app = new App();
const stack = new Stack(app, 'S3AccessPointsDataLake');

const data = new SharedDataBucket(stack, 'StoreEvents', {
  encryption: s3.BucketEncryption.KMS,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});

const ec2Role = new iam.Role(stack, 'Ec2ConsumerRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
const sales = new PrefixAccessPoint(stack, 'SalesEvents', { bucket: data, accessPointName: 'integ-ec2-consumer', prefix: 'sales_event/' });
sales.grantReadWrite(ec2Role);

const fn = new lambda.Function(stack, 'InventoryConsumer', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
});
const inventory = data.addPrefixAccessPoint('InventoryEvents', { accessPointName: 'integ-lambda-consumer', prefix: 'inventory_event/' });
inventory.grantReadWrite(fn);
fn.addEnvironment('ACCESS_POINT_ARN', inventory.accessPointArn);

const integ = new IntegTest(app, 'DataLakeTest', { testCases: [stack] });

const put = integ.assertions.awsApiCall('S3', 'putObject', {
  Bucket: sales.accessPointArn,
  Key: 'sales_event/integ/hello.json',
  Body: '{"hello":"access point"}',
});
const get = integ.assertions.awsApiCall('S3', 'getObject', {
  Bucket: sales.accessPointAlias,
  Key: 'sales_event/integ/hello.json',
});
// The assertion functions get s3:PutObject / s3:GetObject on '*' in their own identity policy; in
// the same account that and the delegating bucket policy let them through the access point. (A grant
// naming their role in the access point policy would make this stack depend on the assertion stack,
// which already depends on it.) The bucket is SSE-KMS, so they need the key as well.
for (const call of [put, get]) {
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [data.encryptionKey!.keyArn] });
}
get.expect(ExpectedResult.objectLike({ Body: '{"hello":"access point"}' }));
put.next(get);
