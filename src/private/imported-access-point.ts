import { Arn, ArnFormat, ResourceEnvironment, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { optionalBucketOf } from './bucket-ref';
import { formatAccessPointArn, resolvePrefix, throwIfInvalid, validateAccessPointName } from './rules';
import { AccessPointBase } from '../access-point';
import { AccessPointAttributes } from '../access-point-options';

/**
 * An access point created outside this construct tree, for granting on it. Grants write the
 * principal's identity policy only: the access point's own policy belongs to whoever created it.
 */
export class ImportedAccessPoint extends AccessPointBase {
  /**
   * @param env where the access point is, when its ARN is known at deployment only (an L1 of this app)
   */
  constructor(scope: IConstruct, id: string, attrs: AccessPointAttributes, env?: ResourceEnvironment) {
    const errors: string[] = [];
    if ((attrs.accessPointArn === undefined) === (attrs.accessPointName === undefined)) {
      errors.push('give exactly one of accessPointArn and accessPointName');
    }
    const arn = attrs.accessPointArn ?? formatAccessPointArn(scope, attrs.accessPointName ?? '');
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    const where = Token.isUnresolved(arn) && env ? env : parts;
    super(scope, id, { account: where.account, region: where.region });
    if (!Token.isUnresolved(arn) && parts.resource !== 'accesspoint') {
      errors.push(`accessPointArn '${arn}' is not an access point ARN (arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME)`);
    }
    const name = attrs.accessPointName ?? parts.resourceName ?? '';
    errors.push(...validateAccessPointName(name));
    const prefix = resolvePrefix(attrs.prefix, attrs.wholeBucket, errors);
    throwIfInvalid(this.node.path, errors);
    this._setAttributes({ name, arn, alias: attrs.accessPointAlias, bucket: optionalBucketOf(attrs.bucket), prefix });
  }
}

