/*
 * An adopted bucket (examples/existing-bucket.ts): a plain s3.Bucket with a statement of its own
 * gets one delegation statement, and two access points for new consumers. When deployed, the
 * assertion uploads through the ingest access point's alias (as a client given ACCESS_POINT_ALIAS
 * would) and reads the object back through its ARN.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { ExistingBucketStack } from '../examples/existing-bucket';

const app = new App();
const stack = new ExistingBucketStack(app, 'S3AccessPointsExistingBucket');
const integ = new IntegTest(app, 'ExistingBucketTest', { testCases: [stack] });

const put = integ.assertions.awsApiCall('S3', 'putObject', {
  Bucket: stack.ingest.accessPointAlias,
  Key: 'incoming/integ.json',
  Body: '{"adopted":true}',
});
const get = integ.assertions.awsApiCall('S3', 'getObject', {
  Bucket: stack.ingest.accessPointArn,
  Key: 'incoming/integ.json',
});
get.expect(ExpectedResult.objectLike({ Body: '{"adopted":true}' }));
put.next(get);
