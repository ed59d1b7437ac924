/*
 * Where the library takes a bucket it accepts an s3.IBucketRef, as aws-cdk-lib's own grants do
 * (s3.BucketGrants.fromBucket): an L1 CfnBucket works, with its policy written as for an s3.Bucket.
 * An IBucket still works unchanged (IBucket extends IBucketRef).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AccessPointDelegation, MultiRegionAccessPoint, PrefixAccessPoint, ServerAccessLogsBucket, SharedDataBucket, VpcOnlyAccessPoint,
} from '../src';
import { AccessEvaluator } from './support/access-evaluator';
import { synthesize } from './support/synth';

const ACCOUNT = '111111111111';
const env = { account: ACCOUNT, region: 'us-east-1' };
const policies = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'));
const delegationOf = (stack: Stack) => policies(stack).flatMap(p => p.Properties.PolicyDocument.Statement)
  .find(s => s.Sid === 'DelegateAccessControlToAccessPoints');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  const cfn = new s3.CfnBucket(stack, 'Lake', { bucketName: 'lake-l1' });
  const role = new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, cfn, role };
}

describe('an L1 CfnBucket where the library takes a bucket', () => {
  test('PrefixAccessPoint: the access point names the bucket, and the delegation is written into a policy on the CfnBucket', () => {
    const { stack, cfn, role } = setup();
    new PrefixAccessPoint(stack, 'Sales', { bucket: cfn, accessPointName: 'sales', prefix: 'sales/' }).grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', { Bucket: { Ref: 'Lake' }, Name: 'sales' });
    const [policy] = policies(stack);
    expect(policy.Properties.Bucket).toEqual({ Ref: 'Lake' });
    expect(delegationOf(stack)).toBeDefined();
  });

  test('VpcOnlyAccessPoint and AccessPointDelegation.of take it too; one delegation per bucket, however it is named', () => {
    const { stack, cfn, role } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new VpcOnlyAccessPoint(stack, 'App', { bucket: cfn, vpc, accessPointName: 'app', prefix: 'app/' }).grantRead(role);
    const delegation = AccessPointDelegation.of(cfn);
    expect(AccessPointDelegation.of(s3.Bucket.fromCfnBucket(cfn))).toBe(delegation);
    expect(policies(stack)).toHaveLength(1);
  });

  test('the CfnBucket of an s3.Bucket (or SharedDataBucket) is that bucket: no second delegation or policy', () => {
    const { stack, role } = setup();
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'data' });
    new PrefixAccessPoint(stack, 'A', { bucket: data.node.defaultChild as s3.CfnBucket, accessPointName: 'aaa', prefix: 'a/' }).grantRead(role);
    new PrefixAccessPoint(stack, 'B', { bucket: data, accessPointName: 'bbb', prefix: 'b/' }).grantRead(role);
    // The SharedDataBucket's policy and its access log bucket's: nothing on a second view of the data bucket.
    expect(policies(stack).filter(p => JSON.stringify(p.Properties.Bucket).includes('Data') && !JSON.stringify(p.Properties.Bucket).includes('AccessLogs')))
      .toHaveLength(1);
  });

  test('serverAccessLogsBucket and ServerAccessLogsBucket.allowLogDeliveryFrom take a CfnBucket', () => {
    const { stack, cfn } = setup();
    new SharedDataBucket(stack, 'Data', { bucketName: 'data', serverAccessLogsBucket: cfn, serverAccessLogsPrefix: 'data/' });
    const logs = new ServerAccessLogsBucket(stack, 'Logs');
    logs.allowLogDeliveryFrom(new s3.CfnBucket(stack, 'Other', { bucketName: 'other-l1' }), 'other/');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'data', LoggingConfiguration: { DestinationBucketName: { Ref: 'Lake' }, LogFilePrefix: 'data/' },
    });
    const logStatements = policies(stack).filter(p => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: 'Lake' }))
      .flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(logStatements.some(s => s.Principal?.Service === 'logging.s3.amazonaws.com')).toBe(true);

    const logsPolicy = policies(stack).find(p => JSON.stringify(p.Properties.Bucket).includes('Logs'));
    expect(JSON.stringify(logsPolicy!.Properties.PolicyDocument)).toContain('{"ArnLike":{"aws:SourceArn":{"Fn::GetAtt":["Other","Arn"]}}');
  });

  // A list stays s3.IBucket[] (a Go slice is not covariant): CfnBuckets go in through fromCfnBucket;
  // a route names its bucket by any IBucketRef, the CfnBucket itself included.
  test('MultiRegionAccessPoint: member buckets from CfnBuckets, routes naming the CfnBucket', () => {
    const app = new App();
    const east = new Stack(app, 'East', { env });
    const west = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const a = new s3.CfnBucket(east, 'A', { bucketName: 'mrap-a' });
    const b = new s3.CfnBucket(west, 'B', { bucketName: 'mrap-b' });
    const mrap = new MultiRegionAccessPoint(east, 'Global', {
      buckets: [s3.Bucket.fromCfnBucket(a), s3.Bucket.fromCfnBucket(b)],
      multiRegionAccessPointName: 'global',
      prefix: 'shared/',
      routes: [{ bucket: a, trafficDialPercentage: 100 }, { bucket: b, trafficDialPercentage: 0 }],
    });
    expect(mrap.regions).toEqual(['us-east-1', 'us-west-2']);
    Template.fromStack(east).hasResourceProperties('AWS::S3::MultiRegionAccessPoint', {
      Regions: [{ Bucket: 'mrap-a' }, { Bucket: 'mrap-b' }],
    });
  });

  test('another IBucketRef (a construct with only a name and ARN): imported by them, its policy said, not written', () => {
    const { stack, role } = setup();
    class NamedBucket extends Construct implements s3.IBucketRef {
      public readonly env = { account: ACCOUNT, region: 'us-east-1' };
      public readonly bucketRef = { bucketName: 'far-bucket', bucketArn: 'arn:aws:s3:::far-bucket' };
    }
    const ref = new NamedBucket(stack, 'Far');
    new PrefixAccessPoint(stack, 'Ap', { bucket: ref, accessPointName: 'far', prefix: 'f/' }).grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::AccessPoint', { Bucket: 'far-bucket' });
    expect(policies(stack)).toHaveLength(0);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('far-bucket'))).not.toHaveLength(0);
  });
});

describe('evaluator: a grant on an access point over a CfnBucket', () => {
  test('the reader reads its prefix through the access point; the near miss (another prefix) is denied', async () => {
    const { templates } = synthesize(app => {
      const stack = new Stack(app, 'Stack', { env });
      const cfn = new s3.CfnBucket(stack, 'Lake', { bucketName: 'lake-l1' });
      const role = new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() });
      new PrefixAccessPoint(stack, 'Sales', { bucket: cfn, accessPointName: 'sales', prefix: 'sales/' }).grantRead(role);
    });
    const evaluator = AccessEvaluator.fromTemplates(...templates);
    const reader = `arn:aws:iam::${ACCOUNT}:role/reader`;
    expect(await evaluator.evaluate({ principal: reader, action: 's3:GetObject', accessPoint: 'sales', key: 'sales/a.json' })).toBe('Allowed');
    expect(await evaluator.evaluate({ principal: reader, action: 's3:GetObject', accessPoint: 'sales', key: 'salesX/a.json' })).not.toBe('Allowed');
  });
});
