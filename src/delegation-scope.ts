import { Token } from 'aws-cdk-lib';
import { AccessLevel } from './access-level';
import { validateAccessPointName } from './private/rules';

/**
 * Which access points of the bucket's own account the bucket delegates access control to.
 * (Access points of other accounts are always admitted one by one, by ARN, for what this app grants
 * through them: see `SharedDataBucket.admitAccessPoint`.)
 *
 * See docs/threat-model.md, "Delegation scope", for when to choose which.
 */
export class DelegationScope {
  /**
   * Every access point of the bucket's account (`s3:DataAccessPointAccount`): AWS's documented
   * pattern, one statement of constant size. It also admits an access point that any principal of the
   * account with `s3:CreateAccessPoint` makes over the bucket, with a policy of its own choosing.
   */
  public static readonly ACCOUNT = new DelegationScope('ACCOUNT');

  /**
   * Only the access points this app makes over the bucket, by ARN (`s3:DataAccessPointArn`). The
   * statement grows by about 80 characters per access point.
   */
  public static readonly ACCESS_POINTS = new DelegationScope('ACCESS_POINTS');

  /**
   * Only access points whose names start with `prefix` (`s3:DataAccessPointArn` like
   * `...:accesspoint/PREFIX*`): constant size. Synthesis refuses an access point of the bucket's
   * account over the bucket whose name does not start with it. A boundary only where nobody else may
   * create access points with such names (an SCP on `s3:CreateAccessPoint`; docs/threat-model.md).
   *
   * @param prefix the start of every access point name, e.g. `lake-`
   */
  public static namePrefix(prefix: string): DelegationScope {
    if (!Token.isUnresolved(prefix)) {
      // The prefix must itself be the start of a valid name: test it as a name, padded to 3 characters.
      const errors = validateAccessPointName(prefix.endsWith('-') ? `${prefix}x` : prefix.padEnd(3, 'x'))
        .filter(e => !e.includes('must be 3-50'));
      if (prefix.length < 1 || prefix.length > 49) errors.push(`it must be 1-49 characters long (it has ${prefix.length})`);
      if (errors.length > 0) {
        throw new Error(`DelegationScope.namePrefix: '${prefix}' cannot start an access point name: ${errors.join('; ')}`);
      }
    }
    return new DelegationScope('NAME_PREFIX', prefix);
  }

  private constructor(
    /** `ACCOUNT`, `ACCESS_POINTS` or `NAME_PREFIX`. */
    public readonly kind: string,
    /** For `NAME_PREFIX`: the start of every access point name. */
    public readonly prefix?: string,
  ) {}
}

/**
 * An access point of another account, made outside this app, that a bucket admits.
 */
export interface AdmitAccessPointOptions {
  /** The ARN of the access point, `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME`. */
  readonly accessPointArn: string;

  /**
   * The key prefix the bucket admits it to. Same rules as an access point's prefix.
   *
   * @default - required, unless `wholeBucket` is true
   */
  readonly prefix?: string;

  /**
   * Set to true to admit it to every key.
   *
   * @default false
   */
  readonly wholeBucket?: boolean;

  /** What the bucket admits through it: the actions of these access levels, and no other. */
  readonly levels: AccessLevel[];
}
