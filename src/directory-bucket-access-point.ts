import { Annotations, Lazy, Resource, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3express from 'aws-cdk-lib/aws-s3express';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { AccessPointGrants, IGrantableAccessPoint } from './access-point-grants';
import { AccessPointGrantOptions, ConsumerGrantOptions } from './access-point-options';
import { AccessGrantRecord, IdentityPolicyStatus } from './grant-record';
import { directoryGrantSpec, directoryKeyStatementSpec, directoryLookupStatementSpec, effectiveScopeOperations, scopePermissionsOf, sessionModeOf, statementJson } from './private/access-levels';
import { AccessPointDescription } from './private/access-point-description';
import { renderDirectoryAccessPointPolicy } from './private/access-policy';
import { grantToConsumer } from './private/consumer';
import { directoryBucketStateOf } from './private/directory-bucket-state';
import { InapplicableOptions, refuseInapplicableOptions } from './private/grant-options';
import { inOtherEnvironment, isOtherAccount } from './private/key-grant';
import { checkPolicySize, readable, watchIdentityPolicySize } from './private/policy-size';
import { identityPolicyStatus, isGroup } from './private/principals';
import { registerInBucketReport } from './private/registry';
import {
  claimAccessPointName, formatS3ExpressArn, generateDirectoryAccessPointName, resolveScopePrefixes, throwIfInvalid,
  validateDirectoryAccessPointName, validateGrant,
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
 * The grant options a directory bucket access point cannot honour: S3 authorizes its object requests
 * per session (CreateSession), for every prefix and operation of the access point's Scope.
 */
const DIRECTORY_INAPPLICABLE: InapplicableOptions = {
  objectTags: 'S3 authorizes a directory bucket\'s object requests per session (CreateSession), not per request, so no object tag ' +
    'condition can apply',
  principalFolder: 'a session reaches every prefix of the access point\'s Scope, so no folder per principal can apply: give each ' +
    'principal an access point of its own (prefixes)',
  principalFolderTrusted: 'it confirms a principalFolder, which does not apply to this kind',
};

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
export class DirectoryBucketAccessPoint extends Resource implements iam.IResourceWithPolicy, IGrantableAccessPoint {
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

  /** The CloudFormation access point. */
  public readonly resource: s3express.CfnAccessPoint;

  private readonly records = new Array<AccessGrantRecord>();
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
      policy: Lazy.any({ produce: () => renderDirectoryAccessPointPolicy(this.accessPointArn, this.records, this.customStatements) }),
      vpcConfiguration: props.vpc ? { vpcId: props.vpc.vpcId } : undefined,
      tags: props.tags && Object.keys(props.tags).length > 0 ? Object.entries(props.tags).map(([key, value]) => ({ key, value })) : undefined,
    });
    // The access point of an app's bucket is created after the bucket's delegation.
    const policy = bucket.node.tryFindChild('Policy');
    if (policy) this.resource.node.addDependency(policy);
    registerInBucketReport(bucket, { describeAccessPoint: () => this.describe() });
    state!.accessPoints.push({
      account: this.env.account,
      arn: this.accessPointArn,
      scopePermissions: () => this.scopePermissions,
      readOnly: () => this.records.length > 0 && this.records.every(r => sessionModeOf(r.level) === 'ReadOnly'),
    });
    this.node.addValidation({
      validate: () => [
        ...checkPolicySize(this, `The access point policy of ${this.node.path}`, renderDirectoryAccessPointPolicy(this.accessPointArn, this.records, this.customStatements),
          20_480, 'Give groups of consumers their own access points, or grant a role that they assume.'),
        ...this.warnSessionsExceedGrants(),
      ],
    });
  }

  /** The grants of this access point as a facade: `grants.read(role)` is `grantRead(role)`. */
  public get grants(): AccessPointGrants {
    return AccessPointGrants._of(this);
  }

  /** The grants made on this access point, in the order they were made. */
  public get grantRecords(): AccessGrantRecord[] {
    return [...this.records];
  }

  /** The operations the Scope permits: the bound given, else what the grants need (empty before any grant: every operation). */
  public get scopePermissions(): string[] {
    return this.permissionBound ?? scopePermissionsOf(...this.records.map(r => r.level));
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

  /** Grant sessions that read (ReadOnly): GetObject, GetObjectAttributes, ListBucket within the Scope. */
  public grantRead(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.READ, options);
  }

  /** Grant sessions that upload (ReadWrite): a ReadWrite session can run every operation the Scope permits. */
  public grantWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.WRITE, options);
  }

  /** Grant sessions that read and upload (ReadWrite). */
  public grantReadWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.READ_WRITE, options);
  }

  /** Grant sessions that delete (ReadWrite): a ReadWrite session can run every operation the Scope permits. */
  public grantDelete(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.DELETE, options);
  }

  /** Grant a Lambda function access and tell it the access point's name (an environment variable). */
  public grantToFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant {
    return this.grantWithVariable(fn, options, (name, value) => fn.addEnvironment(name, value));
  }

  /**
   * Grant an ECS container access (to its task definition's task role) and tell it the access
   * point's name (an environment variable).
   */
  public grantToContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant {
    return this.grantWithVariable(container.taskDefinition.taskRole, options, (name, value) => container.addEnvironment(name, value));
  }


  /** The grant, then the environment variable with the access point's name (and ARN, if asked for). */
  private grantWithVariable(grantee: iam.IGrantable, options: ConsumerGrantOptions, setVariable: (name: string, value: string) => void) {
    return grantToConsumer(this, grantee, options, {
      arnVariable: { value: this.accessPointArn },
      aliasVariable: { missing: 'a directory bucket access point has no alias; S3 clients use its name (nameVariable)' },
      nameVariable: { defaultName: 'ACCESS_POINT_NAME', value: this.accessPointName },
    }, () => this.grant(grantee, options.level, options), setVariable);
  }

  private grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions): iam.Grant {
    const principal = grantee.grantPrincipal;
    const errors = validateGrant(principal, level);
    errors.push(...refuseInapplicableOptions(options, 'directory bucket access point', DIRECTORY_INAPPLICABLE));
    const beyond = this.permissionBound && scopePermissionsOf(level).filter(p => !this.permissionBound!.includes(p));
    if (beyond && beyond.length > 0) {
      errors.push(`a ${level} grant needs the Scope to permit ${beyond.join(', ')}, beyond this access point's permissions (${this.permissionBound!.join(', ')})`);
    }
    if (this.bucket.encryptionKey && Construct.isConstruct(principal) && inOtherEnvironment(principal, this.bucket)
      && Token.isUnresolved(this.bucket.bucketName)) {
      errors.push('the principal is in another account or region, where the key\'s encryption context can name the bucket only by a ' +
        'name known at synthesis: give the SharedDirectoryBucket a bucketName');
    }
    throwIfInvalid(this.node.path, errors, `invalid grant to ${principal}`);

    const spec = directoryGrantSpec(this.accessPointArn, level);
    // IAM groups cannot be principals of a resource policy: their grant is written to the group only.
    const inResourcePolicy = !isGroup(grantee);
    const resource: iam.IResourceWithPolicyV2 | undefined = inResourcePolicy ? {
      env: this.env,
      addToResourcePolicy: () => ({ statementAdded: true, policyDependable: this.resource }),
    } : undefined;
    const grant = resource
      ? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource })
      : iam.Grant.addToPrincipal({ grantee, ...spec });
    const identityPolicy = identityPolicyStatus(principal, this.env.account, grant.principalStatements.length > 0);
    if (identityPolicy === IdentityPolicyStatus.MUST_BE_ADDED) {
      Annotations.of(this).addWarningV2('cdk-s3-access-points:otherAccountMustAllow',
        `The grant to ${readable(this, principal.policyFragment.principalJson)} is written to this access point's policy only: account ` +
        `${principal.principalAccount} must add to the principal's identity policy ${readable(this, statementJson(spec))}`);
    }
    this.records.push({ principal, level, keyPrefix: this.prefixText(), inResourcePolicy, identityPolicy });
    watchIdentityPolicySize(principal);
    const lookup = options.allowGetAccessPoint
      ? iam.Grant.addToPrincipal({ grantee, ...directoryLookupStatementSpec(this.accessPointArn) })
      : undefined;
    const withLookup = lookup ? grant.combine(lookup) : grant;
    const key = this.bucket.encryptionKey;
    if (!key) return withLookup;
    // A principal of another environment can name neither the key nor an unnamed bucket by reference:
    // the keys of the key's account and region then, pinned to this bucket by the encryption context.
    const consumer = Construct.isConstruct(principal) ? principal : undefined;
    const keyArn = consumer && inOtherEnvironment(consumer, key) && Token.isUnresolved(key.keyArn)
      ? Stack.of(key).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })
      : key.keyArn;
    const keySpec = directoryKeyStatementSpec(keyArn, this.bucket.bucketArn, Stack.of(this).partition);
    const keyGrant = iam.Grant.addToPrincipal({ grantee, ...keySpec });
    // The key's own account trusts its identity policies; another account's principal must be named in the key policy.
    if (isOtherAccount(principal.principalAccount, Stack.of(key).account)) {
      key.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal], actions: keySpec.actions, resources: ['*'], conditions: keySpec.conditions }), true);
    }
    return withLookup.combine(keyGrant);
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
    const exceeded = this.records.map(record => ({
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
      network: this.vpc ? { origin: 'VPC', vpc: this.vpc } : { origin: 'Internet' },
      grants: this.grantRecords,
      kind: 'DirectoryBucketAccessPoint',
      zone: this.zoneId,
      accessScope: { prefixes: [...this.prefixes], permissions: this.scopePermissions },
    };
  }
}
