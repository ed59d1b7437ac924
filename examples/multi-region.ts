/*
 * A Multi-Region Access Point over two SharedDataBuckets in two Regions (docs/multi-region-access-points.md):
 * - one stack per Region for the buckets, each with a physical name, so that the Multi-Region Access
 *   Point can name them without a reference across Regions;
 * - the Multi-Region Access Point and its consumers in a third stack, in the Region of the first
 *   bucket: it deploys after both bucket stacks (S3 needs the buckets), and each bucket's policy
 *   admits it without referring to it (by the account's Multi-Region Access Point ARN pattern), so
 *   nothing refers back: no crossRegionReferences needed.
 * - a reader and a writer role: the Multi-Region Access Point policy and their identity policies name
 *   its ARN, and their identity policies allow the KMS key of each bucket through S3 in the bucket's
 *   Region only.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MultiRegionAccessPoint, SharedDataBucket } from '../src';

export const MULTI_REGION = { account: '111111111111', first: 'us-east-1', second: 'eu-west-1' };

/** The three stacks of the example. */
export class MultiRegionExample extends Construct {
  public readonly firstStack: Stack;
  public readonly secondStack: Stack;
  public readonly globalStack: Stack;
  public readonly reports: MultiRegionAccessPoint;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { account, first, second } = MULTI_REGION;
    this.firstStack = new Stack(scope, `${id}Data-${first}`, { env: { account, region: first } });
    this.secondStack = new Stack(scope, `${id}Data-${second}`, { env: { account, region: second } });
    const dataFirst = new SharedDataBucket(this.firstStack, 'Data', { bucketName: `reports-${account}-${first}`, encryption: s3.BucketEncryption.KMS });
    const dataSecond = new SharedDataBucket(this.secondStack, 'Data', { bucketName: `reports-${account}-${second}`, encryption: s3.BucketEncryption.KMS });

    this.globalStack = new Stack(scope, `${id}Global`, { env: { account, region: first } });
    this.reports = new MultiRegionAccessPoint(this.globalStack, 'Reports', {
      buckets: [dataFirst, dataSecond],
      multiRegionAccessPointName: 'reports',
      prefix: 'reports/',
    });
    const reader = new iam.Role(this.globalStack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const writer = new iam.Role(this.globalStack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.reports.grantRead(reader);
    this.reports.grantReadWrite(writer);
  }
}

if (require.main === module) {
  const app = new App();
  new MultiRegionExample(app, 'MultiRegion');
  app.synth();
}
