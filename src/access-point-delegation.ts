import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AdmitAccessPointOptions, DelegationScope } from './delegation-scope';
import { copySourceStatement, uploadEncryptionStatements } from './private/access-policy';
import { bucketOf } from './private/bucket-ref';
import { BucketDelegation } from './private/delegation';
import { readable } from './private/policy-size';
import { delegationConstructOf, delegationOf, setDelegationConstruct } from './private/registry';
import { throwIfInvalid, validateAccountIds } from './private/rules';
import { attachAccessReport } from './report/build-report';

/**
 * Properties of an `AccessPointDelegation`.
 */
export interface AccessPointDelegationProps {
  /**
   * The bucket made elsewhere: a `Bucket` of this app, or one imported with `Bucket.fromBucketName`
   * or `Bucket.fromBucketAttributes`, or an L1 `s3.CfnBucket` (any `s3.IBucketRef`).
   */
  readonly bucket: s3.IBucketRef;

  /**
   * The accounts whose access points the bucket delegates access control to. An access point of
   * another account over this bucket fails synthesis.
   *
   * @default - the bucket's account and the account of every access point made over the bucket in this app
   */
  readonly accessPointAccounts?: string[];

  /**
   * Which access points of the bucket's own account it delegates to (see `SharedDataBucketProps.delegationScope`).
   *
   * @default DelegationScope.ACCOUNT
   */
  readonly delegationScope?: DelegationScope;
}

/**
 * Puts access points over a bucket made elsewhere: adds the one bucket policy statement that
 * delegates access control to access points, as `SharedDataBucket` has it.
 *
 * - A `Bucket` of this app: the statement goes into the bucket's own policy (its other statements
 *   are kept; no second `BucketPolicy` is made).
 * - An imported bucket: CDK cannot change its policy. The statement its owner must apply is in
 *   `policyDocument` and in the access report, and synthesis warns
 *   (`cdk-s3-access-points:bucketPolicyNotManaged`; acknowledge it once the owner has applied it).
 *
 * Access points made over a bucket that does not delegate yet create its delegation themselves
 * (`AccessPointDelegation.of`), once per bucket however many there are. The bucket's access report
 * is written into the cloud assembly at every synthesis, as for a `SharedDataBucket`.
 *
 * @example
 * const existing = s3.Bucket.fromBucketName(this, 'Lake', 'corp-data-lake');
 * const delegation = new AccessPointDelegation(this, 'LakeDelegation', { bucket: existing });
 * const sales = new PrefixAccessPoint(this, 'Sales', { bucket: existing, accessPointName: 'sales', prefix: 'sales/' });
 * delegation.policyDocument; // what the bucket's owner must add to its policy
 */
export class AccessPointDelegation extends Construct {
  /**
   * The delegation of `bucket`: the one made for it in this app, or a new one (a child of the
   * bucket construct, `AccessPointDelegation`) that admits the accounts of the access points made
   * over it. Throws for a `SharedDataBucket`, which delegates by itself.
   */
  public static of(bucket: s3.IBucketRef): AccessPointDelegation {
    // The parameter keeps its name: Python callers may pass it by keyword (bucket=...).
    const full = bucketOf(bucket);
    const existing = delegationConstructOf(full);
    return existing instanceof AccessPointDelegation ? existing : new AccessPointDelegation(full as unknown as Construct, 'AccessPointDelegation', { bucket: full });
  }

  /** The bucket whose access control is delegated. */
  public readonly bucket: s3.IBucket;

  /**
   * The accounts whose access points the bucket delegates to (with the default, it grows as access
   * points are made over the bucket).
   */
  public readonly accessPointAccounts: string[];

  /**
   * Whether the statement is in a bucket policy this app deploys. False for an imported bucket:
   * its owner must apply `policyDocument`.
   */
  public readonly policyWritten: boolean;

  /** The delegation statement, as a policy document (for an imported bucket: what its owner must apply). */
  public readonly policyDocument: iam.PolicyDocument;

  private readonly delegation: BucketDelegation;

  constructor(scope: Construct, id: string, props: AccessPointDelegationProps) {
    super(scope, id);
    const bucket = bucketOf(props.bucket);
    const errors: string[] = [];
    if (delegationOf(bucket) !== undefined) {
      errors.push(`bucket ${bucket.node.path} already delegates access control to access points (a SharedDataBucket, or an ` +
        'AccessPointDelegation made for it already): one delegation per bucket; use AccessPointDelegation.of(bucket)');
    }
    if (props.accessPointAccounts !== undefined && props.accessPointAccounts.length === 0) {
      errors.push('accessPointAccounts must name at least one account (leave it unset for the accounts of the access points)');
    }
    errors.push(...validateAccountIds('accessPointAccounts', props.accessPointAccounts ?? []));
    throwIfInvalid(this.node.path, errors);

    this.bucket = bucket;
    const grows = props.accessPointAccounts === undefined;
    this.accessPointAccounts = grows ? [bucket.env.account] : [...props.accessPointAccounts!];
    this.delegation = new BucketDelegation(bucket, this.accessPointAccounts, grows, props.delegationScope ?? DelegationScope.ACCOUNT);
    setDelegationConstruct(bucket, this);

    this.policyDocument = new iam.PolicyDocument();
    // A BucketPolicy made for the bucket with `new s3.BucketPolicy` is not the bucket's `policy`:
    // adopt it, so that the bucket does not get a second policy (CloudFormation would keep one).
    const standalone = bucketPoliciesOf(bucket);
    if (bucket.policy === undefined && standalone.length === 1) bucket.policy = standalone[0];
    // Bucket.addToResourcePolicy adds to the bucket's own policy (made once, on first use) and keeps
    // its statements; an imported bucket accepts nothing.
    this.policyWritten = bucket.node.defaultChild instanceof s3.CfnBucket || bucket.policy !== undefined;
    const add = (statement: iam.PolicyStatement) => {
      this.policyDocument.addStatements(statement);
      if (this.policyWritten) bucket.addToResourcePolicy(statement);
    };
    if (this.delegation.ownAccountStatement) add(this.delegation.ownAccountStatement);
    this.delegation.addPartnerStatementsAtSynthesis(this, add);
    // With its key known, uploads may name no other (as on a SharedDataBucket).
    if (bucket.encryptionKey) {
      uploadEncryptionStatements(bucket, { algorithm: 'aws:kms', keyArn: bucket.encryptionKey.keyArn }).forEach(add);
    }
    add(copySourceStatement(bucket));
    this.node.addValidation({
      validate: () => {
        const policies = bucketPoliciesOf(bucket);
        return policies.length > 1
          ? [`bucket ${bucket.node.path} has ${policies.length} bucket policies (${policies.map(p => p.node.path).join(', ')}): ` +
            'CloudFormation would keep only one of them. Add statements with bucket.addToResourcePolicy instead of new s3.BucketPolicy']
          : [];
      },
    });
    if (!this.policyWritten) {
      // The accounts are complete only once every access point is made: say it at synthesis.
      this.node.addValidation({ validate: () => this.warnPolicyNotManaged() });
    }

    attachAccessReport(this, bucket, () => ({
      accessPointAccounts: this.accessPointAccounts,
      encryption: bucket.encryptionKey ? 'SSE-KMS (customer managed key)' : 'not managed by this app',
      delegation: { policyWritten: this.policyWritten, statement: this.policyDocument.toJSON() ?? { Version: '2012-10-17', Statement: [] } },
      delegationScope: this.delegation.describeScope(),
    }));
  }

  /**
   * Admit an access point of another account, made outside this app, for the actions of `levels`
   * on a prefix (see `SharedDataBucket.admitAccessPoint`).
   */
  public admitAccessPoint(options: AdmitAccessPointOptions): void {
    this.delegation.admit(this.node.path, options);
  }

  private warnPolicyNotManaged(): string[] {
    Annotations.of(this).addWarningV2('cdk-s3-access-points:bucketPolicyNotManaged',
      `Bucket ${readable(this, this.bucket.bucketName)} is imported: CDK cannot change its policy. Requests through its access points ` +
      `are denied by the bucket unless its owner adds this statement to the bucket policy (or has one like it): ${readable(this, this.policyDocument.toJSON())}`);
    return [];
  }
}

/** The BucketPolicy constructs of the bucket's stack that set this bucket's policy. */
function bucketPoliciesOf(bucket: s3.IBucket): s3.BucketPolicy[] {
  return Stack.of(bucket).node.findAll().filter((c): c is s3.BucketPolicy => c instanceof s3.BucketPolicy && c.bucket === bucket);
}
