/*
 * Adopting a bucket that already exists: a data lake bucket made years ago (here, a plain
 * s3.Bucket of this app with a statement of its own for the auditors) gets access points for new
 * consumers. The library adds one delegation statement to the bucket's own policy and keeps the
 * auditors' statement; the consumers get their grant and the access point's ARN and alias in their
 * environment.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLevel, PrefixAccessPoint } from '../src';

/** An existing data lake bucket with a direct-access statement, and two consumers through access points. */
export class ExistingBucketStack extends Stack {
  public readonly lake: s3.Bucket;
  public readonly auditRole: iam.Role;
  public readonly ingest: PrefixAccessPoint;
  public readonly reports: PrefixAccessPoint;
  public readonly ingestFunction: lambda.Function;
  public readonly analystRole: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The bucket as it was before access points: encrypted, private, with one statement of its own.
    this.lake = new s3.Bucket(this, 'Lake', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
    this.auditRole = new iam.Role(this, 'AuditRole', { assumedBy: new iam.AccountRootPrincipal() });
    this.lake.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AuditorsReadAuditLogs',
      principals: [this.auditRole],
      actions: ['s3:GetObject'],
      resources: [this.lake.arnForObjects('audit/*')],
    }));

    // New consumers, each through its own access point: the first one adds the delegation.
    this.ingest = new PrefixAccessPoint(this, 'Ingest', { bucket: this.lake, accessPointName: 'lake-ingest', prefix: 'incoming/' });
    this.ingestFunction = new lambda.Function(this, 'IngestFunction', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
    });
    // The grant, plus ACCESS_POINT_ARN and ACCESS_POINT_ALIAS in the function's environment.
    this.ingest.grantToFunction(this.ingestFunction, { level: AccessLevel.WRITE });

    this.reports = new PrefixAccessPoint(this, 'Reports', { bucket: this.lake, accessPointName: 'lake-reports', prefix: 'reports/' });
    this.analystRole = new iam.Role(this, 'AnalystRole', { assumedBy: new iam.AccountRootPrincipal() });
    this.reports.grantRead(this.analystRole);
    // For the teams outside this app that use the reports.
    this.reports.addOutputs();
  }
}

if (require.main === module) {
  const app = new App();
  new ExistingBucketStack(app, 'ExistingBucket');
  app.synth();
}
