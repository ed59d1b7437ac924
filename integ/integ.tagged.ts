/*
 * Scenario S4: reads limited to objects tagged data=emergency-room, uploads required to set the tag
 * (examples/tagged.ts). When deployed, the assertion uploads a tagged record through the access
 * point and reads its tags back.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { TaggedRecordsStack } from '../examples/tagged';

const app = new App();
const stack = new TaggedRecordsStack(app, 'S3AccessPointsTagged');
const integ = new IntegTest(app, 'TaggedTest', { testCases: [stack] });

const put = integ.assertions.awsApiCall('S3', 'putObject', {
  Bucket: stack.records.accessPointArn,
  Key: 'records/integ.json',
  Body: '{}',
  Tagging: 'data=emergency-room',
});
const tags = integ.assertions.awsApiCall('S3', 'getObjectTagging', {
  Bucket: stack.records.accessPointArn,
  Key: 'records/integ.json',
});
tags.expect(ExpectedResult.objectLike({ TagSet: [{ Key: 'data', Value: 'emergency-room' }] }));
// The assertion functions act in this account through their own identity policies: the tag
// actions are not among those awsApiCall adds by itself.
put.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3:PutObjectTagging'], Resource: ['*'] });
tags.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3:GetObjectTagging'], Resource: ['*'] });
put.next(tags);
