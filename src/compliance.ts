import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The compliance preset of a `SharedDataBucket` (`compliance`): the settings that make cdk-nag's
 * AwsSolutions, HIPAA Security, NIST 800-53 rev 5 and PCI DSS 3.2.1 packs clean on the bucket and on
 * the server access logs bucket it makes.
 *
 * - Versioning on. A delete then leaves a delete marker and keeps the object as a noncurrent
 *   version (billed as storage) until `noncurrentVersionExpiration` or a permanent delete of the
 *   version; consumers granted `DELETE` can still delete versions (`s3:DeleteObjectVersion`).
 *   Versioning can later be suspended, never turned off.
 * - SSE-KMS with a customer managed key: `encryptionKey`, or a key the bucket makes, with yearly
 *   rotation (a cost per key and month, and per request: S3 Bucket Keys stay on).
 * - Replication into `replicationDestination` (and the logs into
 *   `serverAccessLogsReplicationDestination`), or, when you choose not to replicate, your
 *   `noReplicationReason`, written as the reason of the packs' replication rule suppression.
 *   Neither given: synthesis fails, naming the choice.
 * - The logs bucket keeps SSE-S3, the only default encryption S3 server access log delivery
 *   supports; it carries the suppression of the packs' KMS rule with that reason.
 *
 * Removal policy, auto-delete and the retention of the logs are unchanged (`RETAIN` by default).
 */
export interface ComplianceOptions {
  /**
   * The bucket that receives a replica of every object (another Region or account, versioned). With
   * SSE-KMS, import it with its key (`s3.Bucket.fromBucketAttributes({ bucketName, encryptionKey })`):
   * replicas are encrypted with it. Delete markers are not replicated. A destination of another
   * account must allow the replication role (`replicationRoleArn`) in its bucket policy, and its key
   * policy must allow it `kms:Encrypt` and `kms:GenerateDataKey`.
   *
   * @default - none: `noReplicationReason` must say why
   */
  readonly replicationDestination?: s3.IBucket;

  /**
   * The bucket that receives a replica of the server access logs, for the log bucket this construct
   * makes (not for a `serverAccessLogsBucket` you pass).
   *
   * @default - none: `noReplicationReason` must say why
   */
  readonly serverAccessLogsReplicationDestination?: s3.IBucket;

  /**
   * Why the bucket (or its log bucket) is not replicated, when you choose not to. Written as the
   * reason of the suppression of `S3BucketReplicationEnabled` on the bucket without a destination.
   *
   * @default - none: each bucket needs a replication destination
   */
  readonly noReplicationReason?: string;

  /**
   * How long a noncurrent version (an overwritten or deleted object) is kept before a lifecycle rule
   * deletes it for good (whole days).
   *
   * @default - noncurrent versions are kept until deleted
   */
  readonly noncurrentVersionExpiration?: Duration;
}
