import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { bucketOf } from './bucket-ref';
import { ConsumerVariables } from './consumer';
import { warnPolicyNotManaged } from './imported-grants';
import { grantMultiRegionAccess, multiRegionConsumerVariables } from './multi-region-grant';
import { resolvePrefix, throwIfInvalid, validateMultiRegionAccessPointName } from './rules';
import { AccessLevel } from '../access-level';
import { GrantableAccessPointBase } from '../access-point-grants';
import { AccessPointGrantOptions } from '../access-point-options';
import type { IMultiRegionAccessPoint, MultiRegionAccessPointAttributes } from '../multi-region-access-point';

/**
 * A Multi-Region Access Point made outside this construct tree, for granting on it. Grants write the
 * principal's identity policy only (and the KMS actions on the keys of the buckets given): its own
 * policy, and its member buckets' policies, belong to whoever made them.
 */
export class ImportedMultiRegionAccessPoint extends GrantableAccessPointBase implements IMultiRegionAccessPoint {
  public readonly multiRegionAccessPointArn: string;
  public readonly prefix: string;
  private readonly attrs: MultiRegionAccessPointAttributes;

  constructor(scope: IConstruct, id: string, attrs: MultiRegionAccessPointAttributes) {
    const arn = attrs.multiRegionAccessPointArn;
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    // A Multi-Region Access Point is global: its ARN has no Region.
    super(scope, id, { account: parts.account });
    const errors: string[] = [];
    if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:s3::\d{12}:accesspoint\/[a-z0-9]+\.mrap$/.test(arn)) {
      errors.push(`multiRegionAccessPointArn '${arn}' is not a Multi-Region Access Point ARN (arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS.mrap)`);
    }
    if (attrs.multiRegionAccessPointName !== undefined) errors.push(...validateMultiRegionAccessPointName(attrs.multiRegionAccessPointName));
    this.prefix = resolvePrefix(attrs.prefix, attrs.wholeBucket, errors);
    throwIfInvalid(this.node.path, errors);
    this.multiRegionAccessPointArn = arn;
    this.attrs = attrs;
  }

  /** @internal */
  protected _consumerVariables(): ConsumerVariables {
    const name = this.attrs.multiRegionAccessPointName;
    const variables = multiRegionConsumerVariables(this.multiRegionAccessPointArn, name ?? '');
    return name === undefined ? { ...variables, nameVariable: { missing: 'multiRegionAccessPointName was not given to the import' } } : variables;
  }

  /** @internal */
  protected _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions) {
    const buckets = (this.attrs.buckets ?? []).map(bucketOf);
    const made = grantMultiRegionAccess({ scope: this, arn: this.multiRegionAccessPointArn, prefix: this.prefix, buckets }, grantee, level, options);
    warnPolicyNotManaged(this, grantee.grantPrincipal, this.attrs.buckets === undefined);
    return made;
  }
}
