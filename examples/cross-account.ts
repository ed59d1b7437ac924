/*
 * Scenario S7, cross-account: the data account (111111111111) owns a shared bucket that delegates to
 * access points of its own account and of a partner account (333333333333).
 * - In the data account, an access point for a reporting role of the analytics account
 *   (222222222222): the access point policy names the role, and the analytics stack's identity
 *   policy allows the same requests, both written by CDK.
 * - The same access point also grants an auditor role imported from account 444444444444: CDK
 *   cannot write that role's policy, so synthesis warns with what account 444444444444 must add.
 * - In the partner account, an access point of its own over the data account's bucket
 *   (BucketAccountId), for the partner's ingest role.
 */
import { Annotations, App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PrefixAccessPoint, SharedDataBucket } from '../src';

export const ACCOUNTS = { data: '111111111111', analytics: '222222222222', partner: '333333333333', audit: '444444444444' };
const REGION = 'us-east-1';
export const BUCKET_NAME = 'store-events-shared-111111111111';

/** The three stacks of the scenario, in their three accounts. */
export class CrossAccountApp extends Construct {
  public readonly dataStack: Stack;
  public readonly analyticsStack: Stack;
  public readonly partnerStack: Stack;
  public readonly data: SharedDataBucket;
  public readonly reports: PrefixAccessPoint;
  public readonly partnerIngest: PrefixAccessPoint;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.dataStack = new Stack(scope, 'DataAccount', { env: { account: ACCOUNTS.data, region: REGION } });
    this.analyticsStack = new Stack(scope, 'AnalyticsAccount', { env: { account: ACCOUNTS.analytics, region: REGION } });
    this.partnerStack = new Stack(scope, 'PartnerAccount', { env: { account: ACCOUNTS.partner, region: REGION } });

    const data = this.data = new SharedDataBucket(this.dataStack, 'Shared', {
      bucketName: BUCKET_NAME,
      accessPointAccounts: [ACCOUNTS.data, ACCOUNTS.partner],
    });

    // A role of another account, defined in this app: its name is fixed so the data account's
    // access point policy can name it without a cross-account reference.
    const reporting = new iam.Role(this.analyticsStack, 'Reporting', {
      roleName: 'partner-reporting',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.reports = data.addPrefixAccessPoint('Reports', { accessPointName: 'analytics-reports', prefix: 'reports/' });
    this.reports.grantRead(reporting);
    const auditor = iam.Role.fromRoleArn(this.dataStack, 'Auditor', `arn:aws:iam::${ACCOUNTS.audit}:role/auditor`);
    this.reports.grantRead(auditor);

    // The partner's own access point, over the data account's bucket.
    const shared = s3.Bucket.fromBucketAttributes(this.partnerStack, 'SharedBucket', { bucketName: BUCKET_NAME, account: ACCOUNTS.data });
    // Its policy is the data account's, which delegates to this account (accessPointAccounts above).
    Annotations.of(shared).acknowledgeWarning('cdk-s3-access-points:bucketPolicyNotManaged',
      'The SharedDataBucket in the data account delegates to the partner account');
    this.partnerIngest = new PrefixAccessPoint(this.partnerStack, 'Ingest', { bucket: shared, accessPointName: 'partner-ingest', prefix: 'partner/' });
    const ingestRole = new iam.Role(this.partnerStack, 'IngestRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.partnerIngest.grantWrite(ingestRole);
  }
}

if (require.main === module) {
  const app = new App();
  new CrossAccountApp(app, 'CrossAccount');
  app.synth();
}
