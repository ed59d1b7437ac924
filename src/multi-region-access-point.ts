import { Annotations, Aspects, Lazy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { GrantableAccessPointBase, IGrantableAccessPoint } from './access-point-grants';
import { AccessPointGrantOptions, ConsumerGrantOptions } from './access-point-options';
import { multiRegionAdmissionSpecs, statementJson } from './private/access-levels';
import { AccessPointDescription } from './private/access-point-description';
import { renderAccessPointPolicy } from './private/access-policy';
import { bucketOf } from './private/bucket-ref';
import { ConsumerVariables } from './private/consumer';
import { ImportedMultiRegionAccessPoint } from './private/imported-multi-region-access-point';
import { isOtherAccount } from './private/key-grant';
import { grantMultiRegionAccess, multiRegionConsumerVariables } from './private/multi-region-grant';
import { routeErrors, submitRoutes } from './private/multi-region-routes';
import { readable } from './private/policy-size';
import { addStackDependency } from './private/principals';
import { delegationOf, registerAccessPoint } from './private/registry';
import {
  claimMultiRegionAccessPointName, formatMultiRegionAccessPointArn, generateAccessPointName, multiRegionAccessPointArnPrefix, physicalName,
  resolvePrefix, throwIfInvalid, validateMultiRegionAccessPointName,
} from './private/rules';

/*
 * A Multi-Region Access Point over buckets in several Regions, built like the access point core
 * (src/access-point.ts): grants are recorded once and rendered into the Multi-Region Access Point
 * policy, the principal's identity policy, the KMS statements of every member bucket, and the access
 * report of every member bucket. Facts and their sources: docs/multi-region-access-points.md.
 */

/**
 * Properties of a `MultiRegionAccessPoint`.
 */
export interface MultiRegionAccessPointProps {
  /**
   * The buckets requests are routed to, at most one per Region: `SharedDataBucket`s of this app, or
   * buckets imported with their Region (`s3.Bucket.fromBucketAttributes(this, 'B', { bucketName,
   * region, account })`). Each bucket's Region must be known at synthesis. S3 fixes them when it
   * creates the Multi-Region Access Point: changing them replaces it.
   *
   * A list of `s3.IBucket`, not of `s3.IBucketRef` as single bucket properties take: a Go slice is not
   * covariant, so widening the element type would break every Go caller's `&[]awss3.IBucket{...}`.
   * For an L1 `s3.CfnBucket`, pass `s3.Bucket.fromCfnBucket(cfnBucket)`.
   */
  readonly buckets: s3.IBucket[];

  /**
   * The name of the Multi-Region Access Point: 3-50 lowercase letters, digits and hyphens, unique in
   * the account. Changing it replaces the Multi-Region Access Point.
   *
   * @default - generated from the construct path
   */
  readonly multiRegionAccessPointName?: string;

  /**
   * The key prefix this Multi-Region Access Point serves, in every bucket (a missing trailing `/` is
   * added). Required unless `wholeBucket` is true.
   *
   * @default - none: give a prefix or set wholeBucket
   */
  readonly prefix?: string;

  /**
   * Serve every key of the buckets instead of a prefix.
   *
   * @default false
   */
  readonly wholeBucket?: boolean;

  /**
   * The failover routes: for every member bucket, whether S3 routes requests to it (active, 100) or
   * not (passive, 0). At least one bucket must be active. CloudFormation has no property for them:
   * a custom resource submits them with S3 Control's `SubmitMultiRegionAccessPointRoutes` on every
   * deployment that changes them, and makes every bucket active again when they are removed. Changes
   * can take up to 2 minutes to apply (S3 API reference).
   *
   * @default - no routes are submitted: every bucket is active, as S3 creates it, and routes set
   * outside the app are left as they are
   */
  readonly routes?: MultiRegionAccessPointRoute[];
}

/**
 * One failover route of a Multi-Region Access Point: a member bucket and whether S3 routes requests to it.
 */
export interface MultiRegionAccessPointRoute {
  /** The member bucket (one of `MultiRegionAccessPointProps.buckets`). */
  readonly bucket: s3.IBucketRef;

  /**
   * 100 to make the bucket active (S3 routes requests to it), 0 to make it passive (no new requests).
   * S3 documents no other value.
   */
  readonly trafficDialPercentage: number;
}

/**
 * A Multi-Region Access Point, created in this app or imported.
 */
export interface IMultiRegionAccessPoint extends IGrantableAccessPoint {
  /**
   * The ARN of the Multi-Region Access Point, `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS`.
   * @attribute
   */
  readonly multiRegionAccessPointArn: string;

  /** The key prefix grants are limited to, ending with `/`, or '' for every key. */
  readonly prefix: string;
}

/**
 * Attributes of a Multi-Region Access Point made elsewhere, for `fromMultiRegionAccessPointAttributes`.
 */
export interface MultiRegionAccessPointAttributes {
  /** The ARN of the Multi-Region Access Point, `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS` (the alias ends in `.mrap`). */
  readonly multiRegionAccessPointArn: string;

  /**
   * The name of the Multi-Region Access Point, for `nameVariable`.
   *
   * @default - unknown: `nameVariable` is refused
   */
  readonly multiRegionAccessPointName?: string;

  /**
   * The key prefix grants on it are limited to. Same rules as `MultiRegionAccessPointProps.prefix`.
   *
   * @default - required, unless `wholeBucket` is true
   */
  readonly prefix?: string;

  /**
   * Set to true when grants may cover every key of the buckets.
   *
   * @default false
   */
  readonly wholeBucket?: boolean;

  /**
   * The member buckets, each with its KMS key where it has one: grants add the actions on every key
   * (S3 calls KMS in the Region a request is routed to).
   *
   * @default - unknown: grants add no KMS permissions, and synthesis says so
   */
  readonly buckets?: s3.IBucket[];
}

/**
 * Options of a grant on a Multi-Region Access Point.
 *
 * @deprecated use `AccessPointGrantOptions`, which every kind of access point takes
 */
export interface MultiRegionAccessPointGrantOptions extends AccessPointGrantOptions {}

/**
 * Options of `MultiRegionAccessPoint.grantToFunction` and `grantToContainer`.
 *
 * @deprecated use `ConsumerGrantOptions`, which every kind of access point takes
 */
export interface MultiRegionAccessPointConsumerOptions extends ConsumerGrantOptions {}

/**
 * An S3 Multi-Region Access Point (`AWS::S3::MultiRegionAccessPoint`, Block Public Access on) with
 * its policy (`AWS::S3::MultiRegionAccessPointPolicy`), rendered from the grants made on it. Each
 * member bucket that delegates in this app (`SharedDataBucket`, `AccessPointDelegation`) admits it for
 * what is granted through it, on its prefix; the owner of an imported bucket must do so (synthesis
 * warns with the statement).
 *
 * Failover routes (active/passive buckets), which CloudFormation cannot set, are submitted by a
 * custom resource with S3 Control's `SubmitMultiRegionAccessPointRoutes` when `routes` is given. What
 * this construct cannot do: delete the policy (CloudFormation retains it, reduced to the owner's
 * account). Requests need SigV4A. See docs/multi-region-access-points.md.
 *
 * @resource AWS::S3::MultiRegionAccessPoint
 */
export class MultiRegionAccessPoint extends GrantableAccessPointBase implements iam.IResourceWithPolicy, IMultiRegionAccessPoint {
  /**
   * Use a Multi-Region Access Point made elsewhere: grants on it write the principal's identity policy
   * (and the KMS actions on the keys of the `buckets` given), and warn that its own policy, and each
   * member bucket's, must allow the same.
   */
  public static fromMultiRegionAccessPointAttributes(scope: Construct, id: string, attrs: MultiRegionAccessPointAttributes): IMultiRegionAccessPoint {
    return new ImportedMultiRegionAccessPoint(scope, id, attrs);
  }

  /**
   * Use a Multi-Region Access Point made elsewhere, by its ARN. Grants cover every key it serves (its
   * own policy limits them) and add no KMS permissions; use `fromMultiRegionAccessPointAttributes`
   * to give the prefix and the buckets.
   */
  public static fromMultiRegionAccessPointArn(scope: Construct, id: string, multiRegionAccessPointArn: string): IMultiRegionAccessPoint {
    return new ImportedMultiRegionAccessPoint(scope, id, { multiRegionAccessPointArn, wholeBucket: true });
  }

  /**
   * The name of the Multi-Region Access Point.
   * @attribute
   */
  public readonly multiRegionAccessPointName: string;

  /**
   * The alias S3 gives the Multi-Region Access Point, ending in `.mrap` (`Fn::GetAtt Alias`).
   * @attribute
   */
  public readonly multiRegionAccessPointAlias: string;

  /**
   * The ARN of the Multi-Region Access Point, `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS`: S3
   * clients use it in place of a bucket name.
   * @attribute
   */
  public readonly multiRegionAccessPointArn: string;

  /** The key prefix served, ending with `/`, or '' for every key. */
  public readonly prefix: string;

  /**
   * The member buckets, in the order given. `s3.IBucket`s (an L1 given in comes out as
   * `s3.Bucket.fromCfnBucket`): the library writes their policies and reads their encryption keys.
   */
  public readonly buckets: s3.IBucket[];

  /** The Regions of the member buckets, in the order given. */
  public readonly regions: string[];

  private readonly resource: s3.CfnMultiRegionAccessPoint;
  private readonly customStatements = new Array<iam.PolicyStatement>();
  private policyResource?: s3.CfnMultiRegionAccessPointPolicy;
  private renderedPolicy?: { document: any };

  constructor(scope: Construct, id: string, props: MultiRegionAccessPointProps) {
    super(scope, id);
    const errors: string[] = [];
    const name = props.multiRegionAccessPointName ?? generateAccessPointName(this);
    errors.push(...validateMultiRegionAccessPointName(name), ...claimMultiRegionAccessPointName(this, name));
    const prefix = resolvePrefix(props.prefix, props.wholeBucket, errors);
    const buckets = (props.buckets ?? []).map(bucketOf);
    errors.push(...this.checkBuckets(buckets));
    const routes = props.routes?.map(r => ({ bucket: bucketOf(r.bucket), trafficDialPercentage: r.trafficDialPercentage }));
    if (routes) errors.push(...routeErrors(buckets, routes));
    throwIfInvalid(this.node.path, errors);

    this.buckets = buckets;
    this.regions = this.buckets.map(b => b.env.region);
    this.prefix = prefix;
    this.multiRegionAccessPointName = name;

    this.resource = new s3.CfnMultiRegionAccessPoint(this, 'Resource', {
      name,
      // All four on; S3 cannot change them after creation.
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      regions: this.buckets.map(bucket => ({
        // By name where it is known: no reference across stacks and Regions.
        bucket: physicalName(bucket) ?? bucket.bucketName,
        bucketAccountId: isOtherAccount(bucket.env.account, this.env.account) ? bucket.env.account : undefined,
      })),
    });
    for (const bucket of this.buckets) {
      // S3 needs the buckets to exist; a bucket named by a literal gives CloudFormation no reference to order by.
      if (!(bucket.node.defaultChild instanceof s3.CfnBucket)) continue;
      const bucketStack = Stack.of(bucket);
      if (bucketStack === this.stack) this.resource.node.addDependency(bucket);
      else addStackDependency(this.stack, bucketStack, 'its Multi-Region Access Point needs the bucket to exist');
    }
    this.multiRegionAccessPointAlias = this.resource.attrAlias;
    this.multiRegionAccessPointArn = formatMultiRegionAccessPointArn(this, this.multiRegionAccessPointAlias);
    if (routes) submitRoutes(this, { arn: this.multiRegionAccessPointArn, account: this.env.account, routes });

    const arnPattern = `${multiRegionAccessPointArnPrefix(this, this.env.account)}*`;
    for (const bucket of this.buckets) {
      this.admitByBucket(bucket, arnPattern);
      registerAccessPoint(bucket, { bucket, account: this.env.account, describeAccessPoint: () => this.describe() });
    }
  }

  /**
   * The ARN of the objects whose keys match `keyPattern`, as seen through this Multi-Region Access
   * Point: `MULTI_REGION_ACCESS_POINT_ARN/object/KEY_PATTERN`.
   *
   * @param keyPattern a key or key pattern, e.g. `sales_event/*`
   */
  public arnForObjects(keyPattern: string): string {
    return `${this.multiRegionAccessPointArn}/object/${keyPattern}`;
  }

  /**
   * Add a statement to the Multi-Region Access Point policy. Resources must be ARNs of this
   * Multi-Region Access Point (`multiRegionAccessPointArn` or `arnForObjects(...)`).
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.customStatements.push(statement);
    this.renderedPolicy = undefined;
    return { statementAdded: true, policyDependable: this.ensurePolicy() };
  }

  /**
   * The buckets: at least one, each with a concrete Region, at most one per Region, and named where
   * this stack can name them.
   */
  private checkBuckets(buckets: s3.IBucket[]): string[] {
    const errors: string[] = [];
    if (buckets.length === 0) {
      errors.push('buckets must name at least one bucket (AWS::S3::MultiRegionAccessPoint Regions: minimum 1)');
    }
    const byRegion = new Map<string, string>();
    for (const bucket of buckets) {
      const region = bucket.env.region;
      if (Token.isUnresolved(region)) {
        errors.push(`bucket ${bucket.node.path} has no concrete Region: give its stack an env with a region, or import it with ` +
          's3.Bucket.fromBucketAttributes({ bucketName, region, account })');
        continue;
      }
      const other = byRegion.get(region);
      if (other !== undefined) {
        errors.push(`buckets ${other} and ${bucket.node.path} are both in ${region}: a Multi-Region Access Point has exactly one bucket per Region`);
      }
      byRegion.set(region, bucket.node.path);
      const elsewhere = Token.compareStrings(region, this.env.region) === TokenComparison.DIFFERENT
        || isOtherAccount(bucket.env.account, this.env.account);
      if (elsewhere && physicalName(bucket) === undefined && bucket.node.defaultChild instanceof s3.CfnBucket && Stack.of(bucket) !== this.stack) {
        errors.push(`bucket ${bucket.node.path} is in another account or Region and has no physical name: give it a bucketName, ` +
          'so that this stack can name it without a cross-Region reference');
      }
    }
    return errors;
  }

  /**
   * The bucket's delegation admits this Multi-Region Access Point for what it grants, on its prefix
   * (at synthesis); an imported bucket's owner must, and is told how.
   */
  private admitByBucket(bucket: s3.IBucket, arnPattern: string): void {
    const delegation = delegationOf(bucket);
    if (!delegation) {
      // Said at synthesis, with the levels granted by then.
      let warned = false;
      Aspects.of(this).add({
        visit: node => {
          if (node !== this || warned) return;
          warned = true;
          const levels = [...new Set(this.grantRecords.map(g => g.level))];
          const specs = multiRegionAdmissionSpecs({ bucketArn: bucket.bucketArn }, { arnPattern, prefix: this.prefix, levels });
          Annotations.of(this).addWarningV2('cdk-s3-access-points:multiRegionBucketNotDelegated',
            `Bucket ${readable(this, bucket.bucketName)} does not delegate to access points in this app: its owner must admit this ` +
            'Multi-Region Access Point in the bucket policy, or S3 denies every request routed to it. Add (with Principal "*"): ' +
            `${readable(this, specs.map(statementJson))} (or, once deployed, pin it with StringEquals s3:DataAccessPointArn ` +
            `${readable(this, this.multiRegionAccessPointArn)})`);
        },
      });
      return;
    }
    if (!delegation.grows && !delegation.accounts.some(a => Token.compareStrings(a, this.env.account) !== TokenComparison.DIFFERENT)) {
      throwIfInvalid(this.node.path, [`bucket ${bucket.node.path} delegates to account(s) ${delegation.accounts.join(', ')} only, not to ` +
        `${this.env.account} where this Multi-Region Access Point is: add it to the bucket's accessPointAccounts`]);
    }
    delegation.multiRegion.push({
      scope: this,
      arnPattern,
      prefix: this.prefix,
      levels: () => [...new Set(this.grantRecords.map(g => g.level))],
    });
  }

  /** @internal */
  protected _consumerVariables(): ConsumerVariables {
    return multiRegionConsumerVariables(this.multiRegionAccessPointArn, this.multiRegionAccessPointName);
  }

  /** @internal */
  protected _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions) {
    const made = grantMultiRegionAccess({
      scope: this, arn: this.multiRegionAccessPointArn, prefix: this.prefix, buckets: this.buckets, policyResource: () => this.ensurePolicy(),
    }, grantee, level, options);
    this.renderedPolicy = undefined;
    return made;
  }

  /** The policy resource, made with the first statement (CloudFormation requires a policy document). */
  private ensurePolicy(): s3.CfnMultiRegionAccessPointPolicy {
    this.policyResource ??= new s3.CfnMultiRegionAccessPointPolicy(this, 'Policy', {
      mrapName: this.resource.ref,
      policy: Lazy.any({ produce: () => this.renderPolicy() }),
    });
    return this.policyResource;
  }

  /** The Multi-Region Access Point policy, rendered once at synthesis (and again only after a change). */
  private renderPolicy(): any {
    this.renderedPolicy ??= {
      document: renderAccessPointPolicy({ accessPointArn: this.multiRegionAccessPointArn, arnForObjects: k => this.arnForObjects(k) },
        this.grantRecords, this.customStatements),
    };
    return this.renderedPolicy.document;
  }

  /** This Multi-Region Access Point as each member bucket's access report sees it. */
  private describe(): AccessPointDescription {
    return {
      scope: this,
      name: this.multiRegionAccessPointName,
      arn: this.multiRegionAccessPointArn,
      account: this.env.account,
      prefix: this.prefix,
      imported: false,
      network: { origin: 'Internet' },
      grants: this.grantRecords,
      kind: 'MultiRegionAccessPoint',
      regions: this.regions,
    };
  }
}
