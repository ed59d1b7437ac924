import { Annotations, CfnOutput, IResource, Lazy, Resource, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { PrincipalFolder } from './principal-folder';
import { capabilitiesOf } from './private/capabilities';
import { checkPolicySize, readable, watchIdentityPolicySize } from './private/policy-size';
import { delegationOf, formatAccessPointArn, generateAccessPointName, registerAccessPoint, resolvePrefix, throwIfInvalid, validateAccessPointName, claimAccessPointName, isEveryone, validateAccountIds, validateEnvironmentVariableName, validateObjectTags } from './private/rules';

/*
 * The access point core. Every construct kind of this library builds on it; it imports none of them.
 * It is the only place that lists S3 and KMS actions and turns a grant record into policy statements;
 * names, prefixes and ARNs follow the rules in private/rules.ts.
 */

/**
 * An S3 access point: a named network endpoint of one bucket, with its own policy.
 */
export interface IAccessPoint extends IResource {
  /**
   * The name of the access point.
   * @attribute
   */
  readonly accessPointName: string;

  /**
   * The ARN of the access point, `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME`.
   * @attribute
   */
  readonly accessPointArn: string;

  /**
   * The alias of the access point: a bucket-style name that S3 clients can use in place of a bucket name.
   * @attribute
   */
  readonly accessPointAlias: string;

  /**
   * The bucket the access point serves. Throws for an access point imported without it.
   */
  readonly bucket: s3.IBucket;

  /**
   * The key prefix this access point is restricted to, always ending with `/`,
   * or the empty string when the access point serves the whole bucket.
   */
  readonly prefix: string;

  /**
   * The ARN of the objects whose keys match `keyPattern`, as seen through this access point:
   * `ACCESS_POINT_ARN/object/KEY_PATTERN`.
   *
   * @param keyPattern a key or key pattern, e.g. `sales_event/*`
   */
  arnForObjects(keyPattern: string): string;

  /**
   * Grant read access (download, list) to the objects under the access point's prefix.
   */
  grantRead(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /**
   * Grant write access (upload) to the objects under the access point's prefix.
   */
  grantWrite(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /**
   * Grant read and write access to the objects under the access point's prefix.
   */
  grantReadWrite(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /**
   * Grant permission to delete objects under the access point's prefix.
   */
  grantDelete(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /**
   * Grant a Lambda function access and tell it where to go: the grant (to the function's role) and
   * environment variables with the access point's ARN and alias, which S3 clients use in place of
   * a bucket name.
   */
  grantToFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant;

  /**
   * Grant an ECS container access and tell it where to go: the grant (to its task definition's
   * task role) and environment variables with the access point's ARN and alias.
   */
  grantToContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant;
}

/**
 * Options of `grantToFunction` and `grantToContainer`: the grant, and the environment variables
 * that tell the consumer where the access point is.
 */
export interface ConsumerGrantOptions extends AccessPointGrantOptions {
  /** The access the consumer gets. */
  readonly level: AccessLevel;

  /**
   * The environment variable that receives the access point ARN. Give each access point of one
   * consumer its own names.
   *
   * @default 'ACCESS_POINT_ARN'
   */
  readonly arnVariable?: string;

  /**
   * The environment variable that receives the access point alias.
   *
   * @default 'ACCESS_POINT_ALIAS' (not set for an access point imported without its alias)
   */
  readonly aliasVariable?: string;
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
 * Options of a grant on an access point.
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
   * @default - unknown: grants add no KMS permissions, and reading `bucket` throws
   */
  readonly bucket?: s3.IBucket;

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

/**
 * S3 object actions, in groups by the object-tag condition key S3 gives them, on
 * `ACCESS_POINT_ARN/object/PREFIX*`.
 */
interface ObjectActions {
  readonly actions: string[];
  /** The condition key prefix that tests the object's tags; none where S3 provides no tag key. */
  readonly tagKey?: string;
}
const READ_OBJECT: ObjectActions = {
  actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes'],
  tagKey: 's3:ExistingObjectTag',
};
const WRITE_OBJECT: ObjectActions = {
  // s3:PutObjectTagging is needed to set tags with the upload itself (x-amz-tagging).
  actions: ['s3:PutObject', 's3:PutObjectTagging'],
  tagKey: 's3:RequestObjectTag',
};
// Multipart housekeeping: no tags in these requests, and nothing to read or write.
const MULTIPART: ObjectActions = { actions: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] };
const DELETE_OBJECT: ObjectActions = { actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'] };

/** The object action groups behind each access level. */
const OBJECT_ACTIONS: Record<AccessLevel, ObjectActions[]> = {
  [AccessLevel.READ]: [READ_OBJECT],
  [AccessLevel.WRITE]: [WRITE_OBJECT, MULTIPART],
  [AccessLevel.READ_WRITE]: [READ_OBJECT, WRITE_OBJECT, MULTIPART],
  [AccessLevel.DELETE]: [DELETE_OBJECT],
};

const union = (...lists: string[][]) => [...new Set(lists.flat())];

/** All object actions of each level, for a grant without tag conditions (one statement). */
const ALL_OBJECT_ACTIONS = Object.fromEntries(Object.entries(OBJECT_ACTIONS)
  .map(([level, groups]) => [level, union(...groups.map(g => g.actions))])) as Record<AccessLevel, string[]>;

const READ_KEY = ['kms:Decrypt'];
// Multipart uploads decrypt the data key of earlier parts.
const WRITE_KEY = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** KMS actions behind each access level when the bucket is encrypted with a KMS key. */
const KMS_ACTIONS: Record<AccessLevel, string[]> = {
  [AccessLevel.READ]: READ_KEY,
  [AccessLevel.WRITE]: WRITE_KEY,
  [AccessLevel.READ_WRITE]: union(WRITE_KEY, READ_KEY),
  [AccessLevel.DELETE]: [],
};

/** Whether an access level includes listing keys (s3:ListBucket on the access point, narrowed by s3:prefix). */
function canList(level: AccessLevel): boolean {
  return capabilitiesOf(level).includes('LIST');
}

/**
 * Whether a grant's principal has the identity policy it needs.
 */
export enum IdentityPolicyStatus {
  /** CDK handed the identity statements to the principal, whose policy it manages. */
  WRITTEN = 'WRITTEN',
  /**
   * No identity policy CDK can change (a service or account principal, an imported role), and none
   * needed: the principal is in the access point's account, where the access point policy is enough.
   */
  NOT_NEEDED = 'NOT_NEEDED',
  /**
   * The principal is in another account, whose identity policy CDK cannot write: until that account
   * adds the statements (synthesis warns with them), S3 denies the requests.
   */
  MUST_BE_ADDED = 'MUST_BE_ADDED',
}

/**
 * One grant, recorded once. The access point policy, the principal's identity policy and the
 * access report are all rendered from these records.
 */
export interface AccessGrantRecord {
  /** The principal granted access. */
  readonly principal: iam.IPrincipal;
  /** What the principal may do. */
  readonly level: AccessLevel;
  /**
   * The key prefix the grant covers: the access point's prefix, followed by a policy variable and
   * `/` for a `principalFolder` grant; '' for every key.
   */
  readonly keyPrefix: string;
  /**
   * Object tags the grant requires: reads only of objects carrying them, writes only setting them.
   * @default - none
   */
  readonly objectTags?: { [key: string]: string };
  /** Whether the access point policy names the principal (false for imported access points and IAM groups). */
  readonly inResourcePolicy: boolean;
  /** Whether the principal has the identity policy it needs. */
  readonly identityPolicy: IdentityPolicyStatus;
}

/** A principal as a person reads it: its ARN where it has one. */
function describePrincipal(scope: Construct, principal: iam.IPrincipal): string {
  const json = principal.policyFragment.principalJson;
  const arns: unknown[] = json.AWS === undefined ? [] : ([] as unknown[]).concat(json.AWS);
  return readable(scope, arns.length === 1 ? arns[0] : json);
}

/** Whether two accounts are known to differ (both concrete and unequal). */
function isOtherAccount(a: string, b: string): boolean {
  return Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
}

/** IAM groups have an ARN but can never be named as a principal in a resource policy. */
function isGroup(grantee: iam.IGrantable): boolean {
  return 'groupArn' in grantee;
}

/** The attributes every access point has. */
interface AttributeValues {
  readonly name: string;
  readonly arn: string;
  /** Unknown for an access point imported without it. */
  readonly alias?: string;
  /** Unknown for an access point imported without it. */
  readonly bucket?: s3.IBucket;
  readonly prefix: string;
}

/** What decides a grant's statements: records with the same shape share statements. */
type GrantShape = Pick<AccessGrantRecord, 'level' | 'keyPrefix' | 'objectTags'>;

/** A policy statement without its principal: what a grant record turns into. */
interface StatementSpec {
  readonly actions: string[];
  readonly resourceArns: string[];
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/**
 * The statements one grant record needs on an access point. The same statements are written to the
 * access point policy (with the principal) and to the principal's identity policy.
 */
function grantStatementSpecs(accessPoint: IAccessPoint, record: GrantShape): StatementSpec[] {
  const objects = accessPoint.arnForObjects(`${record.keyPrefix}*`);
  const groups = OBJECT_ACTIONS[record.level];
  const tags = Object.entries(record.objectTags ?? {});
  const specs: StatementSpec[] = tags.length === 0
    ? [{ actions: ALL_OBJECT_ACTIONS[record.level], resourceArns: [objects] }]
    // One statement per tag condition key; several tags in one StringEquals must all match.
    : groups.map(g => ({
      actions: g.actions,
      resourceArns: [objects],
      conditions: g.tagKey ? { StringEquals: Object.fromEntries(tags.map(([k, v]) => [`${g.tagKey}/${k}`, v])) } : undefined,
    }));
  if (canList(record.level)) {
    specs.push({
      actions: ['s3:ListBucket'],
      resourceArns: [accessPoint.accessPointArn],
      // Without this condition, ListBucket on the access point lists every key of the bucket.
      // Listing shows keys, not objects, so object tags cannot narrow it.
      conditions: record.keyPrefix === '' ? undefined : { StringLike: { 's3:prefix': `${record.keyPrefix}*` } },
    });
  }
  return specs;
}

/**
 * The access point core: grants recorded once and rendered into the access point policy and the
 * principal's identity policy, ARNs, and the resource policy. Every access point kind extends it.
 */
export abstract class AccessPointBase extends Resource implements IAccessPoint, iam.IResourceWithPolicy {
  private readonly grantRecords = new Array<AccessGrantRecord>();
  private readonly customStatements = new Array<iam.PolicyStatement>();
  /** The access point resource whose policy this construct writes; none for an imported access point. */
  private policyResource?: s3.CfnAccessPoint;
  /** The rendered policy, kept between the size check and the synthesis; dropped by any change. */
  private renderedPolicy?: { document: any };

  /** The attributes, set once by the kind of access point (created or imported). */
  private attributes?: AttributeValues;

  public get accessPointName(): string {
    return this.attributeValues().name;
  }

  public get accessPointArn(): string {
    return this.attributeValues().arn;
  }

  public get accessPointAlias(): string {
    const alias = this.attributeValues().alias;
    if (alias === undefined) {
      throw new Error(`${this.node.path}: accessPointAlias was not given to fromAccessPointAttributes`);
    }
    return alias;
  }

  public get bucket(): s3.IBucket {
    const bucket = this.attributeValues().bucket;
    if (bucket === undefined) {
      throw new Error(`${this.node.path}: bucket was not given to the import of this access point`);
    }
    return bucket;
  }

  public get prefix(): string {
    return this.attributeValues().prefix;
  }

  /**
   * The grants made on this access point, in the order they were made.
   */
  public get grants(): AccessGrantRecord[] {
    return [...this.grantRecords];
  }

  public arnForObjects(keyPattern: string): string {
    return `${this.accessPointArn}/object/${keyPattern}`;
  }

  /**
   * Add a statement to the access point policy. Resources must be ARNs of this access point
   * (`accessPointArn` or `arnForObjects(...)`), never of the bucket.
   *
   * An imported access point's policy cannot be changed: the statement is not added.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    if (!this.policyResource) {
      return { statementAdded: false };
    }
    this.customStatements.push(statement);
    this.renderedPolicy = undefined;
    return { statementAdded: true, policyDependable: this.policyResource };
  }

  public grantRead(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.READ, options);
  }

  public grantWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.WRITE, options);
  }

  public grantReadWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.READ_WRITE, options);
  }

  public grantDelete(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grant(grantee, AccessLevel.DELETE, options);
  }

  public grantToFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant {
    return this.grantToConsumer(fn, options, (name, value) => fn.addEnvironment(name, value));
  }

  public grantToContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant {
    return this.grantToConsumer(container.taskDefinition.taskRole, options, (name, value) => container.addEnvironment(name, value));
  }

  /**
   * Add stack outputs with the access point's ARN (`ArnOutput`) and alias (`AliasOutput`), for
   * teams outside this app. Only for access points created here.
   */
  public addOutputs(options: AccessPointOutputsOptions = {}): void {
    if (!this.policyResource) {
      throw new Error(`${this.node.path}: addOutputs is for access points created in this app, not imported ones`);
    }
    const prefix = options.exportNamePrefix;
    if (prefix !== undefined && !Token.isUnresolved(prefix) && !/^[A-Za-z0-9:-]{1,240}$/.test(prefix)) {
      throw new Error(`${this.node.path}: exportNamePrefix '${prefix}' may contain only letters, digits, ':' and '-' (CloudFormation export names)`);
    }
    new CfnOutput(this, 'ArnOutput', {
      description: `ARN of the S3 access point ${this.node.path}`,
      value: this.accessPointArn,
      exportName: prefix && `${prefix}-arn`,
    });
    new CfnOutput(this, 'AliasOutput', {
      description: `Alias of the S3 access point ${this.node.path} (use it in place of a bucket name)`,
      value: this.accessPointAlias,
      exportName: prefix && `${prefix}-alias`,
    });
  }

  /**
   * Sets the attributes of an access point, and tells its bucket about it (for the access report).
   *
   * @internal
   */
  protected _setAttributes(attributes: AttributeValues): void {
    this.attributes = attributes;
    if (attributes.bucket) registerAccessPoint(attributes.bucket, this);
  }

  /**
   * Creates the CloudFormation access point (child id `Resource`) after validating its name and
   * prefix, with Block Public Access on and the policy rendered from the grant records, and sets the
   * attributes from it.
   *
   * @internal
   */
  protected _createResource(
    bucket: s3.IBucket,
    options: AccessPointOptions,
    vpcConfiguration?: s3.CfnAccessPoint.VpcConfigurationProperty,
  ): s3.CfnAccessPoint {
    const errors: string[] = [];
    const name = options.accessPointName ?? generateAccessPointName(this);
    errors.push(...validateAccessPointName(name), ...claimAccessPointName(this, name));
    const prefix = resolvePrefix(options.prefix, options.wholeBucket, errors);
    // S3 serves a bucket's access points in the bucket's region only.
    const regions = [bucket.env.region, this.env.region];
    if (regions.every(r => r !== undefined && !Token.isUnresolved(r)) && regions[0] !== regions[1]) {
      errors.push(`bucket ${bucket.node.path} is in region ${bucket.env.region}, this access point's stack in ${this.env.region}: ` +
        'an access point must be in its bucket\'s region');
    }
    const bucketAccountId = options.bucketAccountId ?? (isOtherAccount(bucket.env.account, this.env.account) ? bucket.env.account : undefined);
    errors.push(...validateAccountIds('bucketAccountId', bucketAccountId === undefined ? [] : [bucketAccountId]));
    // Every kind of access point puts a delegation on its bucket first (SharedDataBucket's own, or
    // an AccessPointDelegation); one that grows admits this access point's account.
    const delegation = delegationOf(bucket);
    if (delegation?.grows) {
      if (!delegation.accounts.includes(this.env.account)) delegation.accounts.push(this.env.account);
    } else if (delegation && delegation.accounts.every(a => isOtherAccount(a, this.env.account))) {
      errors.push(`bucket ${bucket.node.path} delegates to access points of account(s) ${delegation.accounts.join(', ')} only, not to ` +
        `${this.env.account} where this access point is: add it to the bucket's accessPointAccounts`);
    }
    throwIfInvalid(this.node.path, errors);

    const resource = new s3.CfnAccessPoint(this, 'Resource', {
      bucket: bucket.bucketName,
      bucketAccountId,
      name,
      publicAccessBlockConfiguration: {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      vpcConfiguration,
      policy: Lazy.any({ produce: () => this.renderPolicy() }),
    });
    this.policyResource = resource;
    this._setAttributes({ name, arn: formatAccessPointArn(this, name), alias: resource.attrAlias, bucket, prefix });
    this.node.addValidation({
      validate: () => checkPolicySize(this, `The access point policy of ${this.node.path}`, this.renderPolicy(), 20_480,
        'Give groups of consumers their own access points (one per team or application), or grant a role that they assume.'),
    });
    return resource;
  }

  private attributeValues(): AttributeValues {
    if (!this.attributes) {
      throw new Error(`${this.node.path}: the access point's attributes are read before they are set`);
    }
    return this.attributes;
  }

  private grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions): iam.Grant {
    const errors = validateObjectTags(options.objectTags);
    if (isEveryone(grantee.grantPrincipal)) {
      errors.push('a grant to everyone (AnyPrincipal, StarPrincipal or \'*\') is refused: access points serve named consumers, and ' +
        'Block Public Access on the access point would refuse the policy at deploy time. Grant roles, users or accounts');
    }
    if (options.objectTags && Object.keys(options.objectTags).length > 0 && level === AccessLevel.DELETE) {
      errors.push('objectTags cannot limit a delete grant: S3 gives DeleteObject no s3:ExistingObjectTag key, so it would never match');
    }
    throwIfInvalid(this.node.path, errors, `invalid grant to ${grantee.grantPrincipal}`);

    const principal = grantee.grantPrincipal;
    const shape: GrantShape = {
      level,
      keyPrefix: options.principalFolder ? `${this.prefix}${options.principalFolder.variable}/` : this.prefix,
      objectTags: options.objectTags,
    };
    // IAM groups cannot be principals of a resource policy (S3 would refuse the access point
    // policy at deploy time): a grant to a group writes the group's identity policy only.
    const inResourcePolicy = this.policyResource !== undefined && !isGroup(grantee);

    // The access point policy renders the record at synthesis (renderPolicy); this stand-in only
    // tells the Grant that the resource side is written, so that the Grant is whole.
    const resourceSide: iam.IResourceWithPolicyV2 | undefined = inResourcePolicy ? {
      env: this.env,
      addToResourcePolicy: () => ({ statementAdded: true, policyDependable: this.policyResource }),
    } : undefined;
    const specs = grantStatementSpecs(this, shape);
    const grants = specs.map(spec => resourceSide
      ? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource: resourceSide })
      : iam.Grant.addToPrincipal({ grantee, ...spec }));
    const identityPolicy = this.identityPolicyStatus(principal, grants.some(g => g.principalStatements.length > 0));
    if (identityPolicy === IdentityPolicyStatus.MUST_BE_ADDED) {
      this.warnOtherAccountMustAllow(principal, specs);
    }
    this.grantRecords.push({ principal, ...shape, inResourcePolicy, identityPolicy });
    this.renderedPolicy = undefined;
    watchIdentityPolicySize(principal);

    // Consumers look up the access point (alias, network origin) with s3:GetAccessPoint, an
    // identity-policy-only action.
    grants.push(iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetAccessPoint'], resourceArns: [this.accessPointArn] }));

    if (!this.policyResource) {
      this.warnPolicyNotManaged(principal);
    }
    const key = this.attributeValues().bucket?.encryptionKey;
    if (key && KMS_ACTIONS[level].length > 0) {
      grants.push(key.grant(grantee, ...KMS_ACTIONS[level]));
    }
    return grants.reduce((all, g) => all.combine(g));
  }

  /**
   * A principal of another account needs its own account's identity policy too; CDK writes it only
   * for a principal defined in a stack of that account (a role imported into another account's
   * stack pretends to accept statements and drops them).
   */
  private identityPolicyStatus(principal: iam.IPrincipal, accepted: boolean): IdentityPolicyStatus {
    const account = principal.principalAccount;
    const comparison = account === undefined ? TokenComparison.SAME : Token.compareStrings(account, this.env.account);
    if (comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED) {
      return accepted ? IdentityPolicyStatus.WRITTEN : IdentityPolicyStatus.NOT_NEEDED;
    }
    const ownStack = Construct.isConstruct(principal) && Token.compareStrings(Stack.of(principal).account, account!) === TokenComparison.SAME;
    return accepted && ownStack ? IdentityPolicyStatus.WRITTEN : IdentityPolicyStatus.MUST_BE_ADDED;
  }

  /** The grant, then the environment variables that name the access point. */
  private grantToConsumer(grantee: iam.IGrantable, options: ConsumerGrantOptions, setVariable: (name: string, value: string) => void): iam.Grant {
    const arnVariable = options.arnVariable ?? 'ACCESS_POINT_ARN';
    const aliasVariable = options.aliasVariable ?? 'ACCESS_POINT_ALIAS';
    const errors = [arnVariable, aliasVariable].flatMap(v => validateEnvironmentVariableName(v));
    if (arnVariable === aliasVariable) errors.push(`arnVariable and aliasVariable are both '${arnVariable}'`);
    throwIfInvalid(this.node.path, errors, `invalid grant to ${grantee.grantPrincipal}`);

    const grant = this.grant(grantee, options.level, options);
    setVariable(arnVariable, this.accessPointArn);
    const alias = this.attributeValues().alias;
    if (alias !== undefined) setVariable(aliasVariable, alias);
    return grant;
  }

  /** A grant on an imported access point writes the identity side only: say so. */
  private warnPolicyNotManaged(principal: iam.IPrincipal): void {
    const kms = this.attributeValues().bucket === undefined
      ? ' The bucket was not given to the import: if it uses SSE-KMS, grant the key\'s actions separately.'
      : '';
    Annotations.of(this).addWarningV2('cdk-s3-access-points:accessPointPolicyNotManaged',
      `The grant to ${describePrincipal(this, principal)} writes its identity policy only: this access point was imported, and its ` +
      `own policy, managed where it was created, must allow the same requests.${kms}`);
  }

  /** Say what the principal's account must add, since CDK cannot. */
  private warnOtherAccountMustAllow(principal: iam.IPrincipal, specs: StatementSpec[]): void {
    const account = principal.principalAccount!;
    const comparison = Token.compareStrings(account, this.env.account);
    const maybe = comparison === TokenComparison.ONE_UNRESOLVED ? ' (if that is not this access point\'s account)' : '';
    const statements = specs.map(spec => readable(this, {
      Effect: 'Allow',
      Action: spec.actions,
      Resource: spec.resourceArns,
      ...(spec.conditions ? { Condition: spec.conditions } : {}),
    }));
    Annotations.of(this).addWarningV2('cdk-s3-access-points:otherAccountMustAllow',
      `The grant to ${describePrincipal(this, principal)} is written to this access point's policy only: ` +
      `the principal is in account ${account}${maybe}, whose own identity policies must allow the same requests and which ` +
      `CDK cannot change from here. Account ${account} must add: ${statements.join(' ')}`);
  }

  /**
   * The access point policy: custom statements, then one statement per (prefix, level, statement)
   * naming every principal granted it. Rendered once, at synthesis.
   */
  private renderPolicy(): any {
    this.renderedPolicy ??= { document: this.renderPolicyDocument() };
    return this.renderedPolicy.document;
  }

  /**
   * The policy as plain JSON (with tokens): the statements are already grouped, so the policy
   * document machinery (statement merging at resolution) would only cost time at scale.
   */
  private renderPolicyDocument(): any {
    const statements = [...this.customStatements];
    const groups = new Map<string, { shape: GrantShape; principals: iam.IPrincipal[] }>();
    for (const record of this.grantRecords.filter(r => r.inResourcePolicy)) {
      const tags = Object.entries(record.objectTags ?? {}).sort();
      const key = JSON.stringify([record.keyPrefix, record.level, tags]);
      const group = groups.get(key) ?? { shape: record, principals: [] };
      if (!group.principals.includes(record.principal)) {
        group.principals.push(record.principal);
      }
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      for (const spec of grantStatementSpecs(this, group.shape)) {
        statements.push(new iam.PolicyStatement({
          principals: group.principals,
          actions: spec.actions,
          resources: spec.resourceArns,
          conditions: spec.conditions,
        }));
      }
    }
    return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements.map(s => s.toStatementJson()) };
  }
}

