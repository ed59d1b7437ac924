import { Annotations, Lazy, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3express from 'aws-cdk-lib/aws-s3express';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { GrantableAccessPointBase, IGrantableAccessPoint } from './access-point-grants';
import { AccessPointGrantOptions, ConsumerGrantOptions } from './access-point-options';
import { effectiveScopeOperations, scopePermissionsOf, sessionModeOf } from './private/access-levels';
import { AccessPointDescription } from './private/access-point-description';
import { renderDirectoryAccessPointPolicy } from './private/access-policy';
import { ConsumerVariables } from './private/consumer';
import { directoryBucketStateOf } from './private/directory-bucket-state';
import { directoryConsumerVariables, grantDirectoryAccess } from './private/directory-grant';
import { GatewayEndpointPolicy, S3_EXPRESS_ENDPOINT } from './private/gateway-endpoint-policy';
import { ImportedDirectoryAccessPoint } from './private/imported-directory-access-point';
import { inOtherEnvironment, isOtherAccount } from './private/key-grant';
import { checkPolicySize, readable } from './private/policy-size';
import { registerInBucketReport } from './private/registry';
import {
  claimAccessPointName, formatS3ExpressArn, generateDirectoryAccessPointName, resolveScopePrefixes, throwIfInvalid,
  validateDirectoryAccessPointName,
} from './private/rules';
import { ISharedDirectoryBucket } from './shared-directory-bucket';

/**
 * An operation a directory bucket access point's Scope can permit (Scope, Amazon S3 API reference).
 */
export enum DirectoryBucketPermission {
  /** GetObject (and HeadObject). */
  GET_OBJECT = 'GetObject',
  /** GetObjectAttributes. */
  GET_OBJECT_ATTRIBUTES = 'GetObjectAttributes',
  /** ListParts of a multipart upload. */
  LIST_MULTIPART_UPLOAD_PARTS = 'ListMultipartUploadParts',
  /** ListObjectsV2. */
  LIST_BUCKET = 'ListBucket',
  /** ListMultipartUploads. */
  LIST_BUCKET_MULTIPART_UPLOADS = 'ListBucketMultipartUploads',
  /** PutObject (and the multipart upload that writes an object). */
  PUT_OBJECT = 'PutObject',
  /** DeleteObject. */
  DELETE_OBJECT = 'DeleteObject',
  /** AbortMultipartUpload. */
  ABORT_MULTIPART_UPLOAD = 'AbortMultipartUpload',
}

/**
 * A directory bucket access point, created in this app or imported.
 */
export interface IDirectoryBucketAccessPoint extends IGrantableAccessPoint {
  /** The name of the access point, `BASE--ZONE--xa-s3`. */
  readonly accessPointName: string;

  /** The ARN of the access point, `arn:PARTITION:s3express:REGION:ACCOUNT:accesspoint/NAME`. */
  readonly accessPointArn: string;
}

/**
 * Attributes of a directory bucket access point made elsewhere, for `fromAccessPointAttributes`.
 */
export interface DirectoryBucketAccessPointAttributes {
  /**
   * The ARN of the access point, `arn:PARTITION:s3express:REGION:ACCOUNT:accesspoint/NAME`. Give this or `accessPointName`.
   *
   * @default - built from `accessPointName` in the scope's account and region
   */
  readonly accessPointArn?: string;

  /**
   * The name of the access point, `BASE--ZONE--xa-s3`. Give this or `accessPointArn`.
   *
   * @default - taken from `accessPointArn`
   */
  readonly accessPointName?: string;

  /**
   * The directory bucket the access point serves (e.g. `SharedDirectoryBucket.fromDirectoryBucketAttributes`):
   * with its `encryptionKey`, grants add the key's actions.
   *
   * @default - unknown: grants add no KMS permissions, and synthesis says so
   */
  readonly bucket?: ISharedDirectoryBucket;
}

/**
 * Properties of a `DirectoryBucketAccessPoint`.
 */
export interface DirectoryBucketAccessPointProps {
  /** The directory bucket the access point serves (a `SharedDirectoryBucket`, or one imported with `fromDirectoryBucketAttributes`). */
  readonly bucket: ISharedDirectoryBucket;

  /**
   * The full name of the access point: a base of lowercase letters, digits and hyphens (at least 3),
   * then `--ZONE--xa-s3` with the bucket's zone id; at most 50 characters in all (CloudFormation's
   * limit: with `--use1-az4--xa-s3`, a base of at most 33). Changing it replaces the access point.
   *
   * @default - generated from the construct path, in the bucket's zone
   */
  readonly accessPointName?: string;

  /**
   * The key prefixes the access point serves (its Scope's prefixes): folders, each ending with `/`
   * (added where missing), no `*`, less than 256 bytes together. Every principal granted on the
   * access point reaches all of them.
   *
   * @default - every key of the bucket
   */
  readonly prefixes?: string[];

  /**
   * The most the access point's Scope may ever permit. The Scope permits what its grants need
   * (READ: GetObject, GetObjectAttributes, ListBucket; WRITE: PutObject, AbortMultipartUpload,
   * ListMultipartUploadParts; DELETE: DeleteObject); a grant that needs more than this bound is
   * refused at synthesis.
   *
   * @default - no bound: the Scope permits what the grants need
   */
  readonly permissions?: DirectoryBucketPermission[];

  /**
   * The VPC the access point accepts requests from, and only from. Changing it replaces the access point.
   *
   * @default - requests from the internet (and any VPC)
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The VPC's S3 Express gateway endpoint (`com.amazonaws.REGION.s3express`), for an access point with
   * a `vpc`. Its policy lets the VPC's requests create sessions (`s3express:CreateSession`) on this
   * app's VPC-only directory bucket access points over their buckets, and on nothing else. For an
   * endpoint made in this app (`ec2.GatewayVpcEndpoint`) the library adds its statements after any it
   * already has, as for `VpcOnlyAccessPoint`. An endpoint that exists already
   * (`ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(this, 'S3Express', 'vpce-...')`) has a policy the
   * library cannot write: synthesis warns once per endpoint with the exact statements its owner must
   * add, and the access report marks the endpoint as not managed.
   *
   * @default - with a `vpc`: the S3 Express gateway endpoint this library creates for the VPC, shared
   * by all its directory bucket access points; without: none
   */
  readonly endpoint?: ec2.IGatewayVpcEndpoint;

  /**
   * Tags of the access point.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Options of `DirectoryBucketAccessPoint.grantToFunction` and `grantToContainer`.
 *
 * @deprecated use `ConsumerGrantOptions`, which every kind of access point takes
 */
export interface DirectoryBucketConsumerOptions extends ConsumerGrantOptions {}

/**
 * An access point of a directory bucket (`AWS::S3Express::AccessPoint`), with a Scope, Block Public
 * Access on, an optional VPC origin and tags.
 *
 * Grants write both the access point policy and the principal's identity policy from one record:
 * `s3express:CreateSession` on the access point, in a `ReadOnly` session for READ, `ReadWrite`
 * otherwise, and on an SSE-KMS bucket the key's actions. S3 authorizes a directory bucket's object
 * requests per session, not per request: a ReadWrite session runs every operation the Scope permits,
 * on every prefix of the Scope. So the Scope is the boundary of every grant on the access point, and
 * grants of different levels on one access point warn (`cdk-s3-access-points:sessionExceedsGrant`):
 * give each level its own access point.
 *
 * @example
 * declare const fast: SharedDirectoryBucket;
 * declare const role: iam.Role;
 * const ingest = new DirectoryBucketAccessPoint(this, 'Ingest', {
 *   bucket: fast,
 *   accessPointName: 'ingest--use1-az4--xa-s3',
 *   prefixes: ['ingest/'],
 * });
 * ingest.grantWrite(role);
 */
export class DirectoryBucketAccessPoint extends GrantableAccessPointBase implements iam.IResourceWithPolicy, IDirectoryBucketAccessPoint {
  /**
   * Use a directory bucket access point made elsewhere: grants on it write the principal's identity
   * policy (CreateSession on the access point, and the key's actions when the bucket with its key is
   * given), and warn that the access point's own policy must allow the same.
   */
  public static fromAccessPointAttributes(scope: Construct, id: string, attrs: DirectoryBucketAccessPointAttributes): IDirectoryBucketAccessPoint {
    return new ImportedDirectoryAccessPoint(scope, id, attrs);
  }

  /**
   * Use a directory bucket access point made elsewhere, by its ARN (any account and region). Grants as
   * for `fromAccessPointAttributes` without the bucket: no KMS permissions.
   */
  public static fromAccessPointArn(scope: Construct, id: string, accessPointArn: string): IDirectoryBucketAccessPoint {
    return new ImportedDirectoryAccessPoint(scope, id, { accessPointArn });
  }

  /**
   * Grant on a directory bucket access point made as an L1 (`s3express.CfnAccessPoint`) or any
   * `s3express.IAccessPointRef`: `DirectoryBucketAccessPoint.fromAccessPointRef(cfn).grants.read(role)`
   * writes the principal's identity policy, as for `fromAccessPointArn`. Calling it again for the same
   * access point returns the same import.
   */
  public static fromAccessPointRef(accessPoint: s3express.IAccessPointRef): IDirectoryBucketAccessPoint {
    const id = 'CdkS3AccessPointsImport';
    const existing = accessPoint.node.tryFindChild(id);
    if (existing) return existing as ImportedDirectoryAccessPoint;
    return new ImportedDirectoryAccessPoint(accessPoint, id, { accessPointArn: accessPoint.accessPointRef.accessPointArn }, accessPoint.env);
  }

  /** The name of the access point, `BASE--ZONE--xa-s3`. */
  public readonly accessPointName: string;

  /** The ARN of the access point, `arn:PARTITION:s3express:REGION:ACCOUNT:accesspoint/NAME`. */
  public readonly accessPointArn: string;

  /** The directory bucket the access point serves. */
  public readonly bucket: ISharedDirectoryBucket;

  /** The zone id of the access point (its bucket's). */
  public readonly zoneId: string;

  /** The Scope's prefixes, each ending with `/`; empty for every key. */
  public readonly prefixes: string[];

  /** The VPC the access point accepts requests from, if any. */
  public readonly vpc?: ec2.IVpc;

  /**
   * With a `vpc`: the S3 Express gateway endpoint the VPC's requests pass (the one given, made here or
   * imported, or the one this library created).
   */
  public readonly gatewayEndpoint?: ec2.IGatewayVpcEndpoint;

  /** With a `vpc`: whether this library writes the endpoint's policy (false for an imported endpoint). */
  public readonly endpointManaged?: boolean;

  /** The CloudFormation access point. */
  public readonly resource: s3express.CfnAccessPoint;

  private readonly customStatements = new Array<iam.PolicyStatement>();
  private readonly permissionBound?: string[];
  private unscopedWarned = false;

  constructor(scope: Construct, id: string, props: DirectoryBucketAccessPointProps) {
    super(scope, id);
    const bucket = props.bucket;
    const errors: string[] = [];
    const name = props.accessPointName ?? generateDirectoryAccessPointName(this, bucket.zoneId);
    errors.push(...validateDirectoryAccessPointName(name, bucket.zoneId));
    if (errors.length === 0) errors.push(...claimAccessPointName(this, name));
    const prefixes = resolveScopePrefixes(props.prefixes, errors);
    if (props.permissions !== undefined && props.permissions.length === 0) {
      errors.push('permissions is empty: an empty Scope permits every operation. Leave it unset, or name at least one');
    }
    const regions = [bucket.env.region, this.env.region];
    if (regions.every(r => !Token.isUnresolved(r)) && regions[0] !== regions[1]) {
      errors.push(`bucket ${bucket.node.path} is in region ${regions[0]}, this access point's stack in ${regions[1]}: an access point must be in its bucket's region`);
    }
    // Another account's stack can name the bucket only by a name known at synthesis.
    if (Token.isUnresolved(bucket.bucketName) && inOtherEnvironment(this, bucket)) {
      errors.push(`bucket ${bucket.node.path} has no bucketName known at synthesis, and this access point is in another account or region: ` +
        'give the SharedDirectoryBucket a bucketName');
    }
    if (props.endpoint && !props.vpc) {
      errors.push('endpoint is given without vpc: only an access point restricted to a VPC uses its S3 Express gateway endpoint');
    } else if (props.vpc) {
      errors.push(...GatewayEndpointPolicy.checkGiven(props.endpoint, props.vpc, S3_EXPRESS_ENDPOINT));
    }
    const state = directoryBucketStateOf(bucket);
    if (!state) {
      errors.push(`bucket ${bucket.node.path} is not a SharedDirectoryBucket (or one imported with SharedDirectoryBucket.fromDirectoryBucketAttributes)`);
    } else if (!state.accounts.some(a => Token.compareStrings(a, this.env.account) !== TokenComparison.DIFFERENT)) {
      if (state.grows) state.accounts.push(this.env.account);
      else errors.push(`bucket ${bucket.node.path} delegates to access points of account(s) ${state.accounts.join(', ')} only, not to ${this.env.account} where this access point is: add it to the bucket's accessPointAccounts`);
    }
    throwIfInvalid(this.node.path, errors);

    this.bucket = bucket;
    this.zoneId = bucket.zoneId;
    this.prefixes = prefixes;
    this.vpc = props.vpc;
    this.permissionBound = props.permissions ? [...new Set(props.permissions as string[])] : undefined;
    this.accessPointName = name;
    this.accessPointArn = formatS3ExpressArn(this, `accesspoint/${name}`);
    this.resource = new s3express.CfnAccessPoint(this, 'Resource', {
      bucket: bucket.bucketName,
      bucketAccountId: isOtherAccount(bucket.env.account, this.env.account) ? bucket.env.account : undefined,
      name,
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      scope: Lazy.any({ produce: () => this.renderScope() }),
      policy: Lazy.any({ produce: () => renderDirectoryAccessPointPolicy(this.accessPointArn, this.grantRecords, this.customStatements) }),
      vpcConfiguration: props.vpc ? { vpcId: props.vpc.vpcId } : undefined,
      tags: props.tags && Object.keys(props.tags).length > 0 ? Object.entries(props.tags).map(([key, value]) => ({ key, value })) : undefined,
    });
    if (props.vpc) {
      const endpointPolicy = GatewayEndpointPolicy.forAccessPoint(props.endpoint, props.vpc, S3_EXPRESS_ENDPOINT);
      endpointPolicy.approveDirectoryAccessPoint(this.accessPointArn, bucket);
      this.gatewayEndpoint = endpointPolicy.endpoint;
      this.endpointManaged = endpointPolicy.managed;
    }
    // The access point of an app's bucket is created after the bucket's delegation.
    const policy = bucket.node.tryFindChild('Policy');
    if (policy) this.resource.node.addDependency(policy);
    registerInBucketReport(bucket, { describeAccessPoint: () => this.describe() });
    state!.accessPoints.push({
      account: this.env.account,
      arn: this.accessPointArn,
      scopePermissions: () => this.scopePermissions,
      readOnly: () => this.grantRecords.length > 0 && this.grantRecords.every(r => sessionModeOf(r.level) === 'ReadOnly'),
    });
    this.node.addValidation({
      validate: () => [
        ...checkPolicySize(this, `The access point policy of ${this.node.path}`, renderDirectoryAccessPointPolicy(this.accessPointArn, this.grantRecords, this.customStatements),
          20_480, 'Give groups of consumers their own access points, or grant a role that they assume.'),
        ...this.warnSessionsExceedGrants(),
      ],
    });
  }

  /** The operations the Scope permits: the bound given, else what the grants need (empty before any grant: every operation). */
  public get scopePermissions(): string[] {
    return this.permissionBound ?? scopePermissionsOf(...this.grantRecords.map(r => r.level));
  }

  /**
   * Add a statement to the access point policy, before the grants' statements. Its resource must be
   * this access point (`accessPointArn`); what a session may then do is still bounded by the Scope
   * and, for another account, by the bucket's delegation.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.customStatements.push(statement);
    return { statementAdded: true, policyDependable: this.resource };
  }

  /** @internal */
  protected _consumerVariables(): ConsumerVariables {
    return directoryConsumerVariables(this.accessPointArn, this.accessPointName);
  }

  /** @internal */
  protected _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions) {
    const errors: string[] = [];
    const beyond = this.permissionBound && scopePermissionsOf(level).filter(p => !this.permissionBound!.includes(p));
    if (beyond && beyond.length > 0) {
      errors.push(`a ${level} grant needs the Scope to permit ${beyond.join(', ')}, beyond this access point's permissions (${this.permissionBound!.join(', ')})`);
    }
    return grantDirectoryAccess({
      scope: this, accessPointArn: this.accessPointArn, keyPrefix: this.prefixText(), bucket: this.bucket, policyResource: this.resource,
    }, grantee, level, options, errors);
  }

  /** The Scope: its prefixes, and the permissions of the bound or of the grants. */
  private renderScope(): s3express.CfnAccessPoint.ScopeProperty | undefined {
    const permissions = this.scopePermissions;
    if (permissions.length === 0 && !this.unscopedWarned) {
      this.unscopedWarned = true;
      Annotations.of(this).addWarningV2('cdk-s3-access-points:directoryAccessPointUnscoped',
        'This access point has no grants and no permissions: its Scope permits every operation, to whoever the account\'s ' +
        'identity policies allow CreateSession on it. Grant through it, or give permissions.');
    }
    if (permissions.length === 0 && this.prefixes.length === 0) return undefined;
    return {
      prefixes: this.prefixes.length > 0 ? this.prefixes : undefined,
      permissions: permissions.length > 0 ? permissions : undefined,
    };
  }

  /**
   * A session runs every operation of its mode that the Scope permits: a grant whose session can do
   * more than its level (another grant widened the Scope) is said at synthesis.
   */
  private warnSessionsExceedGrants(): string[] {
    const scope = this.scopePermissions;
    const exceeded = this.grantRecords.map(record => ({
      record,
      extra: effectiveScopeOperations(record.level, scope).filter(p => !scopePermissionsOf(record.level).includes(p)),
    })).filter(e => e.extra.length > 0);
    if (exceeded.length > 0) {
      const who = exceeded.map(e => `${readable(this, e.record.principal.policyFragment.principalJson)} (${e.record.level}, ` +
        `${sessionModeOf(e.record.level)} session) can also run ${e.extra.join(', ')}`);
      Annotations.of(this).addWarningV2('cdk-s3-access-points:sessionExceedsGrant',
        `S3 authorizes a directory bucket's object requests per session, within the access point's Scope (${scope.join(', ') || 'every operation'}): ` +
        `${who.join('; ')}. Give each access level its own access point (docs/threat-model.md, "Directory buckets").`);
    }
    return [];
  }

  /** The Scope's prefixes as the report's one prefix column shows them. */
  private prefixText(): string {
    return this.prefixes.join(' ');
  }

  /** This access point as the access report sees it. */
  private describe(): AccessPointDescription {
    return {
      scope: this,
      name: this.accessPointName,
      arn: this.accessPointArn,
      account: this.env.account,
      prefix: this.prefixText(),
      imported: false,
      network: this.vpc ? {
        origin: 'VPC',
        vpc: this.vpc,
        endpoint: { construct: this.gatewayEndpoint!, approval: 'ACCESS_POINT', allowances: [], managed: this.endpointManaged },
      } : { origin: 'Internet' },
      grants: this.grantRecords,
      kind: 'DirectoryBucketAccessPoint',
      zone: this.zoneId,
      accessScope: { prefixes: [...this.prefixes], permissions: this.scopePermissions },
    };
  }
}
