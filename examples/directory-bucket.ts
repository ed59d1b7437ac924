/*
 * A directory bucket (S3 Express One Zone) shared through access points: one SSE-KMS directory
 * bucket in zone use1-az4 and two access points, one per access level. An ingest role uploads
 * through `ingest--use1-az4--xa-s3` (Scope: ingest/, the write operations), an analytics role reads
 * through `reports--use1-az4--xa-s3` (Scope: reports/, the read operations, in ReadOnly sessions).
 * Each grant writes the access point policy and the role's identity policy (s3express:CreateSession
 * on the access point, and the key's actions).
 *
 * The same app in Python, Java and Go: examples/python/directory_bucket.py,
 * examples/java/.../DirectoryBucketStack.java, examples/go/directorybucket.
 *
 *   npx ts-node --project tsconfig.dev.json examples/directory-bucket.ts      synthesizes into ./cdk.out
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DirectoryBucketAccessPoint, SharedDirectoryBucket } from '../src';

/** A directory bucket with an ingest access point and a reports access point. */
export class DirectoryBucketStack extends Stack {
  public readonly key: kms.Key;
  public readonly bucket: SharedDirectoryBucket;
  public readonly ingest: DirectoryBucketAccessPoint;
  public readonly reports: DirectoryBucketAccessPoint;
  public readonly ingestRole: iam.Role;
  public readonly reportsRole: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true });
    this.bucket = new SharedDirectoryBucket(this, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', encryptionKey: this.key });

    this.ingestRole = new iam.Role(this, 'IngestRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    this.ingest = new DirectoryBucketAccessPoint(this, 'Ingest', { bucket: this.bucket, accessPointName: 'ingest--use1-az4--xa-s3', prefixes: ['ingest/'] });
    this.ingest.grantWrite(this.ingestRole);

    this.reportsRole = new iam.Role(this, 'ReportsRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    this.reports = new DirectoryBucketAccessPoint(this, 'Reports', { bucket: this.bucket, accessPointName: 'reports--use1-az4--xa-s3', prefixes: ['reports/'] });
    this.reports.grantRead(this.reportsRole);
  }
}

if (require.main === module) {
  const app = new App();
  // use1-az4 is a zone of us-east-1.
  new DirectoryBucketStack(app, 'DirectoryBucket', { env: { region: 'us-east-1' } });
  app.synth();
}
