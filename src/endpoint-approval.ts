import { Token } from 'aws-cdk-lib';
import { validateAccountIds } from './private/rules';

/**
 * Options of `EndpointApproval.accounts()`.
 */
export interface EndpointApprovalOptions {
  /**
   * More buckets (by name, not ARN) that access points of the approved accounts may serve through
   * the endpoint, besides the buckets of the VPC-only access points on it: for example the bucket
   * of an access point made in another app.
   *
   * Requests through an access point of an approved account over any other bucket are denied at
   * the endpoint, so that nobody in an approved account can move data out of the VPC through an
   * access point of their own over a bucket of another account.
   *
   * @default - only the buckets of the VPC-only access points on the endpoint
   */
  readonly trustedBucketNames?: string[];
}

/** S3 bucket naming rules (general purpose buckets): 3-63 characters, lowercase letters, digits, dots and hyphens. */
function validateBucketNames(names: string[]): string[] {
  return names.filter(n => !Token.isUnresolved(n) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(n))
    .map(n => `trustedBucketNames '${n}' must be a bucket name (3-63 lowercase letters, digits, dots and hyphens), not an ARN or pattern`);
}

/**
 * Which requests through access points a VPC's S3 gateway endpoint lets pass.
 *
 * S3 checks the endpoint policy twice for a request through an access point: against the access
 * point and against the bucket behind it. The endpoint statement this library writes names both.
 */
export class EndpointApproval {
  /**
   * The access point itself, by ARN (`s3:DataAccessPointArn`): the endpoint policy lists every
   * approved access point, so it grows by one ARN (about 75 characters) per access point. Only
   * access points this app made pass, so an access point someone else creates never does.
   */
  public static readonly ACCESS_POINT = new EndpointApproval();

  /**
   * Every access point owned by these accounts (`s3:DataAccessPointAccount`), over the trusted
   * buckets only: the buckets of the VPC-only access points on the endpoint, plus
   * `trustedBucketNames`. The statement's `Resource` lists the accounts' access points and those
   * buckets, so a request through an access point of an approved account over any other bucket
   * (for example one that an insider made over a bucket of their own account outside) is denied at
   * the endpoint. The statement grows by two ARNs per account and per bucket, not per access point.
   *
   * The endpoint's stack must be able to name each bucket without a reference to another stack:
   * the bucket is in the endpoint's stack, or it has a concrete name (`bucketName`, or imported by
   * name); otherwise synthesis fails with the way out.
   *
   * Any principal of an approved account who may create access points can still create one over a
   * trusted bucket and use it from the VPC; `ACCESS_POINT` lets only this app's access points pass.
   *
   * @param accountIds the accounts; by default the access point's own account
   * @param options more trusted buckets
   */
  public static accounts(accountIds?: string[], options: EndpointApprovalOptions = {}): EndpointApproval {
    const errors = [...validateAccountIds('accountIds', accountIds ?? []), ...validateBucketNames(options.trustedBucketNames ?? [])];
    if (errors.length > 0) throw new Error(`EndpointApproval.accounts: ${errors.join('; ')}`);
    return new EndpointApproval(accountIds ?? [], [...options.trustedBucketNames ?? []]);
  }

  /**
   * @param accountIds undefined for approval by access point ARN; the accounts (empty: the access point's own) otherwise
   * @param trustedBucketNames the buckets, besides those of the VPC-only access points, that approval by account admits
   */
  private constructor(
    /**
     * The approved accounts, for approval by account; undefined for approval by access point ARN.
     * An empty list stands for the access point's own account.
     */
    public readonly accountIds?: string[],
    /**
     * For approval by account: the buckets (by name) it admits besides those of the VPC-only access
     * points on the endpoint. Empty for approval by access point ARN.
     */
    public readonly trustedBucketNames: string[] = [],
  ) {}
}
