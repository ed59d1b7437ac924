import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/*
 * Where the library takes a bucket it accepts what aws-cdk-lib's own grants accept
 * (`s3.BucketGrants.fromBucket(ref)`): an `s3.IBucketRef`, so an L1 `CfnBucket` works. Inside, the
 * library writes the bucket's policy (delegation, boundary, log delivery) and reads its encryption,
 * which need an `s3.IBucket`: this is the one place that turns a reference into one.
 */

const IMPORT_ID = 'CdkS3AccessPointsBucket';

/** Whether the reference is a full bucket already (an `s3.Bucket`, a `SharedDataBucket`, an imported `IBucket`). */
function isBucket(ref: s3.IBucketRef): ref is s3.IBucket {
  return typeof (ref as s3.IBucket).addToResourcePolicy === 'function' && typeof (ref as s3.IBucket).bucketArn === 'string';
}

/**
 * The bucket behind a reference: itself when it is an `s3.IBucket`; the L2 bucket whose resource it
 * is (a `CfnBucket` of an `s3.Bucket` or `SharedDataBucket`: the same bucket, the same delegation);
 * for another `CfnBucket` of the app, `s3.Bucket.fromCfnBucket` (its policy is written, as for an L2
 * bucket); for any other reference, an import by name and ARN whose policy the library cannot write
 * (synthesis then says which statements its owner must add, as for `s3.Bucket.fromBucketName`).
 * The same reference always gives the same bucket.
 */
export function bucketOf(ref: s3.IBucketRef): s3.IBucket {
  if (isBucket(ref)) return ref;
  if (ref instanceof s3.CfnBucket) {
    const parent = ref.node.scope;
    if (parent instanceof s3.Bucket && parent.node.defaultChild === ref) return parent;
    return s3.Bucket.fromCfnBucket(ref);
  }
  const existing = ref.node.tryFindChild(IMPORT_ID);
  if (existing) return existing as s3.IBucket;
  return s3.Bucket.fromBucketAttributes(ref as Construct, IMPORT_ID, {
    bucketArn: ref.bucketRef.bucketArn,
    bucketName: ref.bucketRef.bucketName,
    account: ref.env.account,
    region: ref.env.region,
  });
}

/** `bucketOf` for an optional reference. */
export function optionalBucketOf(ref: s3.IBucketRef | undefined): s3.IBucket | undefined {
  return ref === undefined ? undefined : bucketOf(ref);
}

