import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessPointAttributes, AccessPointBase, AccessPointOptions, IAccessPoint } from './access-point';
import { ImportedAccessPoint } from './private/imported-access-point';

/**
 * Properties of a `PrefixAccessPoint`.
 */
export interface PrefixAccessPointProps extends AccessPointOptions {
  /**
   * The bucket the access point serves. A `SharedDataBucket` already delegates access control to
   * its access points; any other bucket's policy must do so itself.
   */
  readonly bucket: s3.IBucket;
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
   * Use an access point created elsewhere: grants on it write the principal's identity policy only.
   */
  public static fromAccessPointAttributes(scope: Construct, id: string, attrs: AccessPointAttributes): IAccessPoint {
    return new ImportedAccessPoint(scope, id, attrs);
  }

  /** The CloudFormation access point. */
  public readonly resource: s3.CfnAccessPoint;

  constructor(scope: Construct, id: string, props: PrefixAccessPointProps) {
    super(scope, id);
    this.resource = this._createResource(props.bucket, props);
  }
}
