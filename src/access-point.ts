import { Annotations, CfnOutput, IResource, Lazy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { GrantableAccessPointBase, IGrantableAccessPoint } from './access-point-grants';
import { AccessPointGrantOptions, AccessPointOptions, AccessPointOutputsOptions } from './access-point-options';
import { IdentityPolicyStatus } from './grant-record';
import { GrantShape, StatementSpec, grantStatementSpecs, lookupStatementSpec, statementJson } from './private/access-levels';
import { AccessPointDescription, NetworkDescription } from './private/access-point-description';
import { renderAccessPointPolicy } from './private/access-policy';
import { ConsumerVariables } from './private/consumer';
import { warnPolicyNotManaged } from './private/imported-grants';
import { grantKeyUse, inOtherEnvironment, isOtherAccount, usesAwsManagedKey, warnIfKeyUnknown } from './private/key-grant';
import { checkPolicySize, readable, watchIdentityPolicySize } from './private/policy-size';
import { principalFolderErrors, pinFolderTagOfUsers } from './private/principal-folders';
import { addStackDependency, describePrincipal, identityPolicyStatus, isGroup } from './private/principals';
import { delegationOf, registerAccessPoint } from './private/registry';
import {
  claimAccessPointName, formatAccessPointArn, generateAccessPointName, resolvePrefix, throwIfInvalid, validateAccessPointName,
  validateAccountIds, validateGrant,
} from './private/rules';

/*
 * The access point core: the construct's lifecycle and public API. Every construct kind of this
 * library builds on it; it imports none of them. What a grant means in policy is in
 * private/access-policy.ts; names, prefixes and ARNs follow the rules in private/rules.ts; state kept
 * about buckets and the app is in private/registry.ts.
 */

/**
 * An S3 access point: a named network endpoint of one bucket, with its own policy.
 */
export interface IAccessPoint extends IResource, IGrantableAccessPoint {
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
   *
   * An `s3.IBucket`, not the `s3.IBucketRef` the constructors accept: it is output, and users call
   * its methods (grants, `arnForObjects`); an L1 bucket given in comes out as `s3.Bucket.fromCfnBucket`.
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

/**
 * The access point core: grants recorded once and rendered into the access point policy and the
 * principal's identity policy, ARNs, and the resource policy. Every access point kind extends it.
 */
export abstract class AccessPointBase extends GrantableAccessPointBase implements IAccessPoint, iam.IResourceWithPolicy {
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
    if (attributes.bucket) {
      registerAccessPoint(attributes.bucket, { bucket: attributes.bucket, account: this.env.account, describeAccessPoint: () => this.describe() });
    }
  }

  /**
   * Where requests to this access point may come from, for the access report. Kinds with another
   * network origin than the internet say so here.
   *
   * @internal
   */
  protected _describeNetwork(): NetworkDescription {
    return { origin: 'Internet' };
  }

  /**
   * Creates the CloudFormation access point (child id `Resource`) after validating its name and
   * prefix, with Block Public Access on and the policy rendered from the grant records, and sets the
   * attributes from it.
   *
   * @internal
   */
  protected _createResource(
    // A full bucket (see private/bucket-ref.ts): the delegation and the KMS grants write its policy and read its encryption.
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
      if (!delegation.accounts.includes(this.env.account)) {
        delegation.accounts.push(this.env.account);
        if (isOtherAccount(bucket.env.account, this.env.account)) {
          Annotations.of(this).addWarningV2('cdk-s3-access-points:delegationGrew',
            `Bucket ${readable(this, bucket.bucketName)} now delegates to this access point of account ${this.env.account}, for what this app ` +
            'grants through it on its prefix: check that this account is meant to reach the bucket.');
        }
      }
    } else if (delegation && delegation.accounts.every(a => isOtherAccount(a, this.env.account))) {
      errors.push(`bucket ${bucket.node.path} delegates to access points of account(s) ${delegation.accounts.join(', ')} only, not to ` +
        `${this.env.account} where this access point is: add it to the bucket's accessPointAccounts`);
    }
    const namePrefix = delegation?.namePrefix;
    const ownAccount = !isOtherAccount(bucket.env.account, this.env.account);
    if (namePrefix !== undefined && ownAccount && (Token.isUnresolved(name) || !name.startsWith(namePrefix))) {
      errors.push(`accessPointName '${name}' must start with '${namePrefix}': bucket ${bucket.node.path} delegates only to access points ` +
        'with that name prefix (delegationScope)');
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

  /** @internal */
  protected _consumerVariables(): ConsumerVariables {
    return {
      arnVariable: { defaultName: 'ACCESS_POINT_ARN', value: this.accessPointArn },
      aliasVariable: { defaultName: 'ACCESS_POINT_ALIAS', value: this.attributeValues().alias, missing: 'the alias was not given to the import of this access point' },
      nameVariable: { value: this.accessPointName },
    };
  }

  /** @internal */
  protected _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions) {
    const principal = grantee.grantPrincipal;
    const errors = validateGrant(principal, level, options.objectTags);
    errors.push(...principalFolderErrors(this, principal, options.principalFolder, options.principalFolderTrusted === true));
    const bucket = this.attributeValues().bucket;
    if (bucket && usesAwsManagedKey(bucket) && isOtherAccount(principal.principalAccount, bucket.env.account)) {
      errors.push(`bucket ${bucket.node.path} encrypts with the AWS managed key aws/s3, which principals of another account ` +
        `(${principal.principalAccount}) cannot use: encrypt the bucket with a customer managed key (encryption: KMS)`);
    }
    throwIfInvalid(this.node.path, errors, `invalid grant to ${principal}`);
    this.checkPrincipalReachable(principal);
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
    // The first statement carries the resource side (the Grant's dependency on the access point and
    // its success across accounts); the others are the principal's alone, which costs less at scale.
    const grants = specs.map((spec, i) => resourceSide && i === 0
      ? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource: resourceSide })
      : iam.Grant.addToPrincipal({ grantee, ...spec }));
    const identityPolicy = identityPolicyStatus(principal, this.env.account, grants.some(g => g.principalStatements.length > 0));
    if (identityPolicy === IdentityPolicyStatus.MUST_BE_ADDED) {
      this.warnOtherAccountMustAllow(principal, specs);
    }
    const record = { principal, ...shape, inResourcePolicy, identityPolicy };
    this.renderedPolicy = undefined;
    watchIdentityPolicySize(principal);

    throwIfInvalid(this.node.path, pinFolderTagOfUsers(this, grantee, options.principalFolder, options.principalFolderTrusted === true),
      `invalid grant to ${principal}`);
    if (options.allowGetAccessPoint) grants.push(iam.Grant.addToPrincipal({ grantee, ...lookupStatementSpec(this) }));

    if (!this.policyResource) {
      warnPolicyNotManaged(this, principal, bucket === undefined);
    }
    const key = bucket?.encryptionKey;
    const keyGrant = key && grantKeyUse(this, grantee, bucket!, key, shape);
    if (keyGrant) grants.push(keyGrant);
    if (bucket) warnIfKeyUnknown(this, bucket);
    if (isGroup(grantee) && isOtherAccount(principal.principalAccount, this.env.account)) {
      Annotations.of(this).addWarningV2('cdk-s3-access-points:groupOfOtherAccount',
        `The grant to group ${describePrincipal(this, principal)} cannot work: across accounts both the access point policy and the ` +
        'identity policy must allow a request, and an IAM group can never be named in a resource policy. Grant a role (or the users) instead.');
    }
    return { grant: grants.reduce((all, g) => all.combine(g)), record };
  }

  /**
   * A principal of another environment named in this stack's policies: CDK can name it only by a
   * physical name, and it must exist before this stack deploys.
   */
  private checkPrincipalReachable(principal: iam.IPrincipal): void {
    if (!Construct.isConstruct(principal) || !inOtherEnvironment(principal, this)) return;
    try {
      Stack.of(this).resolve(principal.policyFragment.principalJson);
    } catch (e) {
      throw new Error(`${this.node.path}: invalid grant to ${principal.node.path}: it is in another account or region, where this stack ` +
        'can name it only by its physical name. Give it one (roleName: \'...\' or PhysicalName.GENERATE_IF_NEEDED) and grant again.');
    }
    const principalStack = Stack.of(principal);
    try {
      addStackDependency(this.stack, principalStack, 'its policies name a principal of that stack, which must exist first');
    } catch {
      Annotations.of(this).addWarningV2('cdk-s3-access-points:deployPrincipalFirst',
        `The policies of ${this.stack.stackName} name ${principal.node.path} of stack ${principalStack.stackName}, which must exist first, ` +
        `but the two stacks already depend on each other the other way: deploy ${principalStack.stackName} first, then ${this.stack.stackName}.`);
    }
  }

  /** Say what the principal's account must add, since CDK cannot. */
  private warnOtherAccountMustAllow(principal: iam.IPrincipal, specs: StatementSpec[]): void {
    const account = principal.principalAccount!;
    const comparison = Token.compareStrings(account, this.env.account);
    const maybe = comparison === TokenComparison.ONE_UNRESOLVED ? ' (if that is not this access point\'s account)' : '';
    const statements = specs.map(spec => readable(this, statementJson(spec)));
    Annotations.of(this).addWarningV2('cdk-s3-access-points:otherAccountMustAllow',
      `The grant to ${describePrincipal(this, principal)} is written to this access point's policy only: ` +
      `the principal is in account ${account}${maybe}, whose own identity policies must allow the same requests and which ` +
      `CDK cannot change from here. Account ${account} must add: ${statements.join(' ')}`);
  }

  /** This access point as the access report sees it. */
  private describe(): AccessPointDescription {
    const attributes = this.attributeValues();
    return {
      scope: this,
      name: attributes.name,
      arn: attributes.arn,
      account: this.env.account,
      prefix: attributes.prefix,
      bucket: attributes.bucket,
      imported: this.policyResource === undefined,
      network: this._describeNetwork(),
      grants: this.grantRecords,
    };
  }

  /** The access point policy, rendered once at synthesis (and again only after a change). */
  private renderPolicy(): any {
    this.renderedPolicy ??= { document: renderAccessPointPolicy(this, this.grantRecords, this.customStatements) };
    return this.renderedPolicy.document;
  }
}

