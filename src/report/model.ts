/*
 * The access report's JSON schema (version 1). Plain data: the CLI reads it without the CDK.
 * Values the CDK resolves only at deployment are written as `${LogicalId}`, `${LogicalId.Arn}` or
 * `${AWS::AccountId}` (CloudFormation's own notation); everything else is literal.
 * Documented in docs/access-report.md; a change that is not additive needs a new schemaVersion.
 */

export const REPORT_SCHEMA_VERSION = 1;

/** What a grant lets its principal do. */
export type ReportCapability = 'READ' | 'WRITE' | 'DELETE' | 'LIST';

/** One grant: a principal's access through one access point. */
export interface ReportGrant {
  /** The principal: its construct path when defined in the app, else its ARN or service. */
  readonly principal: string;
  /** The principal's ARN (or service name), as written in the policies. */
  readonly principalArn: string;
  /** The principal's account, when it has one. */
  readonly account?: string;
  /** The key prefix the grant covers ('' for every key); may contain a policy variable such as ${aws:username}. */
  readonly keyPrefix: string;
  /** Object tags the grant requires (reads: on the object; writes: set by the upload). */
  readonly objectTags: Record<string, string>;
  /** The access level the grant was made with: READ, WRITE, READ_WRITE or DELETE. */
  readonly level: string;
  /** What the principal may do. */
  readonly capabilities: ReportCapability[];
  /** Whether the access point policy names the principal. */
  readonly inAccessPointPolicy: boolean;
  /** WRITTEN, NOT_NEEDED or MUST_BE_ADDED (see IdentityPolicyStatus). */
  readonly identityPolicy: string;
}

/** One access point of the bucket. */
export interface ReportAccessPoint {
  /** The access point's name. */
  readonly name: string;
  /** Its construct path, or its ARN when imported. */
  readonly path: string;
  /** Whether it was created elsewhere and imported (its policy is not the app's). */
  readonly imported: boolean;
  /** The account it is in. */
  readonly account: string;
  /** The key prefix it serves ('' for the whole bucket). */
  readonly prefix: string;
  /** Internet or VPC. */
  readonly networkOrigin: 'Internet' | 'VPC';
  /** For a VPC origin: the VPC (construct path and id). */
  readonly vpc?: { readonly path: string; readonly id: string };
  /** For a VPC origin: the S3 gateway endpoint (construct path) and how it approves access points. */
  readonly endpoint?: {
    readonly path: string;
    readonly approval: string;
    readonly allowances: string[];
    /** False when the endpoint was imported: its owner writes its policy (absent: this app writes it). */
    readonly managed?: boolean;
  };
  /** The grants, by principal then prefix. */
  readonly grants: ReportGrant[];
  /**
   * The kind of access point, when it is not a general purpose bucket's (`AccessPoint`):
   * `DirectoryBucketAccessPoint` or `MultiRegionAccessPoint`.
   */
  readonly kind?: 'DirectoryBucketAccessPoint' | 'MultiRegionAccessPoint';
  /** A directory bucket access point: the zone id of its bucket, e.g. `use1-az4`. */
  readonly zone?: string;
  /** A directory bucket access point: its Scope (prefixes and permitted operations). */
  readonly scope?: { readonly prefixes: string[]; readonly permissions: string[] };
  /** A Multi-Region Access Point: the Regions of its buckets, sorted. */
  readonly regions?: string[];
}

/** The access report of one shared bucket. */
export interface AccessReport {
  readonly schemaVersion: number;
  readonly bucket: {
    /** The construct path. */
    readonly path: string;
    readonly stack: string;
    readonly name: string;
    readonly account: string;
    readonly region: string;
    /** SSE-S3, SSE-KMS, ... */
    readonly encryption: string;
    /** The accounts whose access points the bucket delegates to. */
    readonly accessPointAccounts: string[];
    /**
     * Present for a bucket made elsewhere (AccessPointDelegation): whether this app writes the
     * delegation statement into the bucket's policy, and the statement (which, when it does not,
     * the bucket's owner must apply).
     */
    readonly adopted?: { readonly delegationPolicyWritten: boolean; readonly delegationStatement: unknown };
    /**
     * Present when the bucket denies object requests from outside access points (and these VPCs, or,
     * when given, these VPC endpoints only).
     */
    readonly objectRequestBoundary?: {
      readonly vpcs: string[];
      readonly vpcEndpoints?: string[];
      readonly administratorArns: string[];
      readonly serviceRoleArns?: string[];
      /** The deployment roles, which may change the bucket's configuration (not its objects). */
      readonly deploymentRoleArns?: string[];
      /** The action classes denied outside the admitted access points and VPCs (src/private/action-classes.ts). */
      readonly deniedOutsideAccessPoints?: string[];
      /** The action classes denied, whatever the path, to all but the exempt. */
      readonly deniedExceptExempt?: string[];
    };
    /**
     * Which access points of the bucket's own account it delegates to: `ACCOUNT` (all of them),
     * `ACCESS_POINTS` (this app's, by ARN) or `NAME_PREFIX <prefix>`. Access points of other
     * accounts are admitted one by one.
     */
    readonly delegationScope?: string;
  };
  /** The access points, by name. */
  readonly accessPoints: ReportAccessPoint[];
}
