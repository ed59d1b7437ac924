import { Arn, ArnFormat, ResourceEnvironment, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ConsumerVariables } from './consumer';
import { directoryConsumerVariables, grantDirectoryAccess } from './directory-grant';
import { warnPolicyNotManaged } from './imported-grants';
import { formatS3ExpressArn, throwIfInvalid, validateDirectoryAccessPointName, zoneOfDirectoryName } from './rules';
import { AccessLevel } from '../access-level';
import { GrantableAccessPointBase } from '../access-point-grants';
import { AccessPointGrantOptions } from '../access-point-options';
import type { DirectoryBucketAccessPointAttributes, IDirectoryBucketAccessPoint } from '../directory-bucket-access-point';

/**
 * A directory bucket access point made outside this construct tree, for granting on it. Grants write
 * the principal's identity policy only (and the key's actions when the bucket is given): the access
 * point's own policy belongs to whoever made it.
 */
export class ImportedDirectoryAccessPoint extends GrantableAccessPointBase implements IDirectoryBucketAccessPoint {
  public readonly accessPointName: string;
  public readonly accessPointArn: string;
  private readonly attrs: DirectoryBucketAccessPointAttributes;

  /**
   * @param env where the access point is, when its ARN is known at deployment only (an L1 of this app)
   */
  constructor(scope: IConstruct, id: string, attrs: DirectoryBucketAccessPointAttributes, env?: ResourceEnvironment) {
    const errors: string[] = [];
    if ((attrs.accessPointArn === undefined) === (attrs.accessPointName === undefined)) {
      errors.push('give exactly one of accessPointArn and accessPointName');
    }
    const arn = attrs.accessPointArn ?? formatS3ExpressArn(scope, `accesspoint/${attrs.accessPointName ?? ''}`);
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    const where = Token.isUnresolved(arn) && env ? env : parts;
    super(scope, id, { account: where.account, region: where.region });
    if (!Token.isUnresolved(arn) && (parts.service !== 's3express' || parts.resource !== 'accesspoint')) {
      errors.push(`accessPointArn '${arn}' is not a directory bucket access point ARN (arn:PARTITION:s3express:REGION:ACCOUNT:accesspoint/NAME)`);
    }
    const name = attrs.accessPointName ?? parts.resourceName ?? '';
    const zone = Token.isUnresolved(name) ? undefined : zoneOfDirectoryName(name);
    if (!Token.isUnresolved(name)) {
      errors.push(...zone ? validateDirectoryAccessPointName(name, zone) : [`accessPointName '${name}' must end with '--ZONE--xa-s3'`]);
    }
    throwIfInvalid(this.node.path, errors);
    this.accessPointName = name;
    this.accessPointArn = arn;
    this.attrs = attrs;
  }

  /** @internal */
  protected _consumerVariables(): ConsumerVariables {
    return directoryConsumerVariables(this.accessPointArn, this.accessPointName);
  }

  /** @internal */
  protected _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions) {
    const made = grantDirectoryAccess({ scope: this, accessPointArn: this.accessPointArn, keyPrefix: '', bucket: this.attrs.bucket },
      grantee, level, options, []);
    warnPolicyNotManaged(this, grantee.grantPrincipal, this.attrs.bucket === undefined);
    return made;
  }
}
