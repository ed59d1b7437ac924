import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessPointBase, IAccessPoint } from './access-point';
import { AccessPointDelegation } from './access-point-delegation';
import { AccessPointAttributes, AccessPointOptions } from './access-point-options';
import { bucketOf } from './private/bucket-ref';
import { ImportedAccessPoint } from './private/imported-access-point';
import { delegationOf } from './private/registry';

/**
 * Properties of a `PrefixAccessPoint`.
 */
export interface PrefixAccessPointProps extends AccessPointOptions {
  /**
   * The bucket the access point serves. A `SharedDataBucket` delegates access control to its access
   * points; any other bucket gets an `AccessPointDelegation` (once), which writes the delegation
   * into its policy, or for an imported bucket says what its owner must apply. An L1 `s3.CfnBucket`
   * (any `s3.IBucketRef`) is accepted: the library writes its policy as for an `s3.Bucket`.
   */
  readonly bucket: s3.IBucketRef;
}

/**
 * An internet-origin access point for one consumer, restricted to one key prefix of a bucket.
 *
 * Grants write the access point policy (naming the principal, limited to the prefix) and the
 * principal's identity policy from one record.
 *
 * @example
 * declare const data: SharedDataBucket;
 * declare const role: iam.Role;
 * const sales = new PrefixAccessPoint(this, 'Sales', {
 *   bucket: data,
 *   accessPointName: 'ec2-consumer',
 *   prefix: 'sales_event/',
 * });
 * sales.grantReadWrite(role);
 */
export class PrefixAccessPoint extends AccessPointBase {
  /**
   * Use an access point created elsewhere: grants on it write the principal's identity policy only
   * (and warn that the access point's own policy must allow the same).
   */
  public static fromAccessPointAttributes(scope: Construct, id: string, attrs: AccessPointAttributes): IAccessPoint {
    return new ImportedAccessPoint(scope, id, attrs);
  }

  /**
   * Use an access point created elsewhere, by its ARN (any account and region). Grants cover every
   * key the access point serves (its own policy limits them) and add no KMS permissions; use
   * `fromAccessPointAttributes` to give the prefix and the bucket.
   */
  public static fromAccessPointArn(scope: Construct, id: string, accessPointArn: string): IAccessPoint {
    return new ImportedAccessPoint(scope, id, { accessPointArn, wholeBucket: true });
  }

  /**
   * Use an access point created elsewhere, by its name, in the account and region of `scope`'s
   * stack. Grants as for `fromAccessPointArn`.
   */
  public static fromAccessPointName(scope: Construct, id: string, accessPointName: string): IAccessPoint {
    return new ImportedAccessPoint(scope, id, { accessPointName, wholeBucket: true });
  }

  /**
   * Grant on an access point made as an L1 (`s3.CfnAccessPoint`) or any `s3.IAccessPointRef`:
   * `PrefixAccessPoint.fromAccessPointRef(cfnAccessPoint).grants.read(role)` writes the principal's
   * identity policy, as for `fromAccessPointArn` (the L1's own policy is the caller's to write, and
   * synthesis says so). Grants cover every key the access point serves; to give the prefix and the
   * bucket (for its KMS key), use `fromAccessPointAttributes` with `accessPointArn: cfnAccessPoint.attrArn`.
   * Calling it again for the same access point returns the same import.
   */
  public static fromAccessPointRef(accessPoint: s3.IAccessPointRef): IAccessPoint {
    const id = 'CdkS3AccessPointsImport';
    const existing = accessPoint.node.tryFindChild(id);
    if (existing) return existing as ImportedAccessPoint;
    const attrs = { accessPointArn: accessPoint.accessPointRef.accessPointArn, wholeBucket: true };
    return new ImportedAccessPoint(accessPoint, id, attrs, accessPoint.env);
  }

  /** The CloudFormation access point. */
  public readonly resource: s3.CfnAccessPoint;

  constructor(scope: Construct, id: string, props: PrefixAccessPointProps) {
    super(scope, id);
    // A bucket made elsewhere gets its delegation (once) from the first access point over it.
    const bucket = bucketOf(props.bucket);
    if (!delegationOf(bucket)) AccessPointDelegation.of(bucket);
    this.resource = this._createResource(bucket, props);
  }
}
