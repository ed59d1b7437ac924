import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel } from './access-level';
import { PrincipalFolder } from './principal-folder';

/*
 * The options and attributes of access points: plain data, shared by every kind.
 */

/**
 * Options of `grantToFunction` and `grantToContainer`, the same on every kind of access point: the
 * grant, and the environment variables that tell the consumer where the access point is. Each kind
 * sets by default the variables its S3 clients need; a variable whose value a kind does not have is
 * refused at synthesis, naming the option.
 */
export interface ConsumerGrantOptions extends AccessPointGrantOptions {
  /** The access the consumer gets. */
  readonly level: AccessLevel;

  /**
   * The environment variable that receives the ARN: of the access point, or of the Multi-Region
   * Access Point (which S3 clients use in place of a bucket name, signing with SigV4A). Give each
   * access point of one consumer its own names.
   *
   * @default 'ACCESS_POINT_ARN' for an access point, 'MULTI_REGION_ACCESS_POINT_ARN' for a Multi-Region
   * Access Point; not set for a directory bucket access point (S3 clients address it by name)
   */
  readonly arnVariable?: string;

  /**
   * The environment variable that receives the access point alias. Only access points of general
   * purpose buckets have an alias that S3 clients can use in place of a bucket name.
   *
   * @default 'ACCESS_POINT_ALIAS' for an access point (not set for one imported without its alias); refused
   * on the other kinds
   */
  readonly aliasVariable?: string;

  /**
   * The environment variable that receives the access point's name: a directory bucket access
   * point's name is what S3 clients use in place of a bucket name.
   *
   * @default 'ACCESS_POINT_NAME' for a directory bucket access point; not set for the other kinds
   */
  readonly nameVariable?: string;
}

/**
 * Options of `addOutputs`.
 */
export interface AccessPointOutputsOptions {
  /**
   * Export the outputs under `PREFIX-arn` and `PREFIX-alias`, for `Fn.importValue` in other stacks
   * of the account.
   *
   * @default - not exported (stack outputs only)
   */
  readonly exportNamePrefix?: string;
}

/**
 * Options of a grant, the same on every kind of access point (`grantRead`, `grants.read`, ...). An
 * option that a kind cannot honour is refused at synthesis with the reason (for example `objectTags`
 * on a directory bucket access point, whose sessions S3 authorizes per bucket, not per request).
 */
export interface AccessPointGrantOptions {
  /**
   * Limit the grant to a folder per principal under the access point's prefix, named by a policy
   * variable: with `PrincipalFolder.USERNAME` on prefix `home/`, user Bob gets `home/Bob/` and
   * nothing else, from one grant (typically to a group or to several users).
   *
   * @default - the whole prefix of the access point
   */
  readonly principalFolder?: PrincipalFolder;

  /**
   * Confirms that the caller cannot choose the value that names its `principalFolder`: the granted
   * role's trust policy pins `sts:RoleSessionName` (for `PrincipalFolder.USER_ID`) or denies
   * `sts:TagSession` for the tag key (for `PrincipalFolder.principalTag`). Without it, such a grant to
   * anything but IAM users and groups is refused.
   *
   * @default false
   */
  readonly principalFolderTrusted?: boolean;

  /**
   * Also let the principal describe the access point (`s3:GetAccessPoint`: its alias, network origin,
   * policy status), for tools that look it up. S3 clients that use the access point's ARN or alias
   * do not need it. The action has no resource type, so it is granted on `*`, pinned to this access
   * point by `s3:DataAccessPointArn`.
   *
   * @default false
   */
  readonly allowGetAccessPoint?: boolean;

  /**
   * Object tags the grant is limited to, all of which must match: reads only of objects that carry
   * them (`s3:ExistingObjectTag`), uploads only when they set them (`s3:RequestObjectTag`). Listing
   * keys is not limited by tags. Multipart uploads send their parts without tags, so with this
   * option only single-request uploads succeed. Not allowed on delete grants.
   *
   * @default - no tag condition
   */
  readonly objectTags?: { [key: string]: string };
}

/**
 * Options common to every access point this library creates.
 */
export interface AccessPointOptions {
  /**
   * The name of the access point: 3-50 characters, lowercase letters, digits and hyphens,
   * not starting or ending with a hyphen, not ending in `-s3alias` or `-ext-s3alias`.
   * Unique per account and region. Changing it replaces the access point.
   *
   * @default - a name generated from the construct path
   */
  readonly accessPointName?: string;

  /**
   * The key prefix the access point is restricted to, e.g. `sales_event/`.
   *
   * A prefix without a trailing `/` is treated as a folder: `sales_event` becomes `sales_event/`,
   * so that it never also matches `sales_event_archive/`. Wildcards (`*`, `?`), policy variables
   * (`${...}`) and a leading `/` are refused.
   *
   * @default - required, unless `wholeBucket` is true
   */
  readonly prefix?: string;

  /**
   * Set to true to make the access point serve every key of the bucket, with no prefix.
   * This is an explicit choice so that a forgotten prefix never grants the whole bucket.
   *
   * @default false
   */
  readonly wholeBucket?: boolean;

  /**
   * The account that owns the bucket, for an access point in one account over a bucket in another.
   * That bucket's policy must delegate to this access point's account.
   *
   * @default - the bucket's account when it is known and differs from the access point's, else none (same account)
   */
  readonly bucketAccountId?: string;
}

/**
 * Attributes of an access point created elsewhere, for `fromAccessPointAttributes`.
 */
export interface AccessPointAttributes {
  /**
   * The ARN of the access point. Give this or `accessPointName`.
   *
   * @default - built from `accessPointName` in the scope's account and region
   */
  readonly accessPointArn?: string;

  /**
   * The name of the access point. Give this or `accessPointArn`.
   *
   * @default - taken from `accessPointArn`
   */
  readonly accessPointName?: string;

  /**
   * The alias of the access point.
   *
   * @default - unknown: reading `accessPointAlias` throws
   */
  readonly accessPointAlias?: string;

  /**
   * The bucket the access point serves. With an SSE-KMS bucket, grants add the KMS actions on its key.
   *
   * An L1 `s3.CfnBucket` (any `s3.IBucketRef`) is accepted.
   *
   * @default - unknown: grants add no KMS permissions, and reading `bucket` throws
   */
  readonly bucket?: s3.IBucketRef;

  /**
   * The key prefix grants on this access point are limited to. Same rules as `AccessPointOptions.prefix`.
   *
   * @default - required, unless `wholeBucket` is true
   */
  readonly prefix?: string;

  /**
   * Set to true when grants on this access point may cover every key of the bucket.
   *
   * @default false
   */
  readonly wholeBucket?: boolean;
}
