import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { formatAccessPointArn, registerAccessPoint, resolvePrefix, throwIfInvalid, validateAccessPointName } from './rules';
import { AccessPointAttributes, AccessPointBase } from '../access-point';

/**
 * An access point created outside this construct tree, for granting on it. Grants write the
 * principal's identity policy only: the access point's own policy belongs to whoever created it.
 */
export class ImportedAccessPoint extends AccessPointBase {
  public readonly accessPointName: string;
  public readonly accessPointArn: string;
  public readonly bucket: s3.IBucket;
  public readonly prefix: string;
  private readonly alias?: string;

  constructor(scope: IConstruct, id: string, attrs: AccessPointAttributes) {
    const errors: string[] = [];
    if ((attrs.accessPointArn === undefined) === (attrs.accessPointName === undefined)) {
      errors.push('give exactly one of accessPointArn and accessPointName');
    }
    const arn = attrs.accessPointArn ?? formatAccessPointArn(scope, attrs.accessPointName ?? '');
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    super(scope, id, { account: parts.account, region: parts.region });
    if (!Token.isUnresolved(arn) && parts.resource !== 'accesspoint') {
      errors.push(`accessPointArn '${arn}' is not an access point ARN (arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME)`);
    }
    this.accessPointArn = arn;
    this.accessPointName = attrs.accessPointName ?? parts.resourceName ?? '';
    errors.push(...validateAccessPointName(this.accessPointName));
    this.prefix = resolvePrefix(attrs.prefix, attrs.wholeBucket, errors);
    throwIfInvalid(this.node.path, errors);
    this.bucket = attrs.bucket;
    this.alias = attrs.accessPointAlias;
    registerAccessPoint(attrs.bucket, this);
  }

  public get accessPointAlias(): string {
    if (this.alias === undefined) {
      throw new Error(`${this.node.path}: accessPointAlias was not given to fromAccessPointAttributes`);
    }
    return this.alias;
  }
}

