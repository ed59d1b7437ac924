import { Annotations, Aspects, Lazy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AdmittedAccessPoint, AdmittedMultiRegionAccessPoints, Conditions } from './access-levels';
import { AccessLevel } from '../access-level';
import { AccessPointDescription } from './access-point-description';
import {
  admittedAccessPointStatements, delegationStatement, multiRegionAdmissionStatements, multiRegionCapStatements, partnerOwnAccountDenyStatement,
} from './access-policy';
import { accessPointsOfApp, DelegationState, markDelegation, MultiRegionAdmission } from './registry';
import { AdmitAccessPointOptions, DelegationScope } from '../delegation-scope';
import { isOtherAccount, isOwnAccount } from './key-grant';
import { physicalName, resolvePrefix, throwIfInvalid, validateAccessPointName } from './rules';

/*
 * A bucket's delegation to access points, shared by SharedDataBucket and AccessPointDelegation:
 * - for the bucket's own account, one statement admitting its access points (all of them, those of
 *   this app by ARN, or those with a name prefix), constant in the number of grants;
 * - for every other account, each of its access points by ARN, for what this app grants through it
 *   (or what `admit` declares), on its prefix, with its grants' object tags when they all name the
 *   same: never `*` (docs/threat-model.md, "Partner account");
 * - one Deny of the bucket's own callers through those access points: a partner can name them in its
 *   access point's policy, and they need no bucket policy Allow.
 * The statements for other accounts are known once the app is built: they are added at synthesis.
 */

/** An access point that is known never to exist: names cannot start with a hyphen. */
const NO_ACCESS_POINT = 'accesspoint/-';

export class BucketDelegation implements DelegationState {
  public readonly namePrefix?: string;
  /** The statement for the bucket's own account, when it is among the delegated accounts. */
  public readonly ownAccountStatement?: iam.PolicyStatement;
  public readonly multiRegion = new Array<MultiRegionAdmission>();
  private readonly admitted = new Array<AdmittedAccessPoint>();
  private partners?: AdmittedAccessPoint[];

  /**
   * @param accounts the delegated accounts; with `grows`, the accounts of the access points made over the bucket are added
   */
  constructor(
    private readonly bucket: s3.IBucket,
    public readonly accounts: string[],
    public readonly grows: boolean,
    public readonly scope: DelegationScope,
  ) {
    this.namePrefix = scope.prefix;
    markDelegation(bucket, this);
    const own = bucket.env.account;
    // A bucket whose account is known at deployment only is always its own account's.
    if (Token.isUnresolved(own) || accounts.some(a => isOwnAccount(a, own))) {
      this.ownAccountStatement = delegationStatement(bucket, own, this.ownAccessPointArns());
    }
  }

  /** Admits an access point of another account, made outside this app, for `levels` on a prefix. */
  public admit(path: string, options: AdmitAccessPointOptions): void {
    const errors: string[] = [];
    const prefix = resolvePrefix(options.prefix, options.wholeBucket, errors);
    const arn = options.accessPointArn;
    const parts = /^arn:[^:]+:s3:[^:]+:\d{12}:accesspoint\/(.*)$/.exec(arn);
    if (!Token.isUnresolved(arn)) {
      errors.push(...parts ? validateAccessPointName(parts[1])
        : [`accessPointArn '${arn}' is not an access point ARN (arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME)`]);
    }
    if (options.levels.length === 0) errors.push('levels must name at least one access level');
    const account = arn.split(':')[4];
    if (!Token.isUnresolved(arn) && !this.grows && !this.accounts.includes(account)) {
      errors.push(`the access point's account ${account} is not in accessPointAccounts`);
    }
    throwIfInvalid(path, errors, 'invalid admitAccessPoint');
    this.admitted.push({ arn, prefix, levels: [...options.levels] });
  }

  /**
   * Adds the statements for other accounts' access points with `add`, once the app is built (an
   * aspect on `scope`, which runs before validation and synthesis).
   */
  public addPartnerStatementsAtSynthesis(scope: IConstruct, add: (statement: iam.PolicyStatement) => void): void {
    let added = false;
    Aspects.of(scope).add({
      visit: node => {
        if (node !== scope || added) return;
        added = true;
        const partners = this.partnerAccessPoints();
        for (const ap of partners) {
          admittedAccessPointStatements(this.bucket, ap).forEach(add);
        }
        // The partner owns its access point's policy and may name a caller of this account there,
        // whom the Allows above do not bound (docs/threat-model.md, "Partner account").
        if (partners.length > 0) add(partnerOwnAccountDenyStatement(this.bucket, partners.map(p => p.arn)));
        const admissions = this.multiRegionAdmissions();
        for (const mraps of admissions) {
          multiRegionAdmissionStatements(this.bucket, mraps).forEach(add);
        }
        for (const arnPattern of new Set(this.multiRegion.map(m => m.arnPattern))) {
          multiRegionCapStatements(this.bucket, arnPattern, admissions.filter(a => a.arnPattern === arnPattern)).forEach(add);
        }
      },
    });
  }

  /**
   * The conditions under which a request did not come through an access point this delegation
   * admits: for the deny of an object request boundary.
   */
  public outsideConditions(): Conditions {
    const partnerArns = () => this.partnerAccessPoints().map(p => p.arn);
    const multiRegionPatterns = () => [...new Set(this.multiRegion.map(m => m.arnPattern))];
    if (this.scope === DelegationScope.ACCOUNT) {
      // The bucket's own account by account; another account's access points only by ARN (those
      // this delegation admits, for what it admits): an account is not exempt as a whole.
      const ownAccounts = this.accounts.filter(a => !isOtherAccount(a, this.bucket.env.account));
      const byArn = () => [...partnerArns(), ...multiRegionPatterns()];
      return {
        ...(ownAccounts.length > 0 ? { StringNotEquals: { 's3:DataAccessPointAccount': ownAccounts } } : {}),
        // Absent while nothing is admitted by ARN, so that the statement is unchanged.
        StringNotLike: Lazy.any({
          produce: () => byArn().length > 0 ? { 's3:DataAccessPointArn': byArn() } : undefined,
        }) as unknown as Record<string, unknown>,
      };
    }
    const own = this.ownAccessPointArns()!;
    return { StringNotLike: { 's3:DataAccessPointArn': Lazy.list({ produce: () => [...own.values, ...partnerArns(), ...multiRegionPatterns()] }) } };
  }

  /** What the report says the own account's access points are admitted by. */
  public describeScope(): string {
    return this.scope.kind === 'NAME_PREFIX' ? `NAME_PREFIX ${this.scope.prefix}` : this.scope.kind;
  }

  /** The access points of other accounts this delegation admits, with what (computed once, at synthesis). */
  public partnerAccessPoints(): AdmittedAccessPoint[] {
    if (this.partners) return this.partners;
    const fromApp = this.accessPointsOverBucket(false)
      .filter(d => !d.imported)
      .filter(d => {
        const listed = this.accounts.some(a => Token.compareStrings(a, d.account) === TokenComparison.SAME);
        if (!listed) {
          Annotations.of(this.bucket).addWarningV2('cdk-s3-access-points:accessPointNotAdmitted',
            `Access point ${d.scope.node.path} of account ${d.account} is over this bucket, which does not delegate to that account: ` +
            'add it to accessPointAccounts, or its requests are denied by the bucket.');
        }
        return listed;
      })
      .map(d => ({ arn: d.arn, prefix: d.prefix, levels: [...new Set(d.grants.map(g => g.level))], objectTags: sharedObjectTags(d.grants) }));
    this.partners = [...fromApp, ...this.admitted];
    // A Multi-Region Access Point of the account is admitted too (by ARN pattern, multiRegionAdmissions).
    const withAccessPoint = new Set([...this.partners.map(p => p.arn), ...this.multiRegion.map(m => m.arnPattern)].map(arn => arn.split(':')[4]));
    const bucketAccount = this.bucket.env.account;
    const partnerAccounts = Token.isUnresolved(bucketAccount) ? []
      : this.accounts.filter(a => !isOwnAccount(a, bucketAccount) && !Token.isUnresolved(a));
    for (const account of partnerAccounts) {
      if (!withAccessPoint.has(account) && !this.partners.some(p => Token.isUnresolved(p.arn))) {
        Annotations.of(this.bucket).addWarningV2('cdk-s3-access-points:accountAdmitsNothing',
          `Account ${account} is in accessPointAccounts, but no access point of it over this bucket is known: the bucket admits ` +
          'nothing through it. Make its access points in this app, or declare each with admitAccessPoint.');
      }
    }
    return this.partners;
  }

  /**
   * The Multi-Region Access Points over this bucket, one entry per account and prefix with the union
   * of their levels (computed at synthesis, when every grant is made). None without grants.
   */
  private multiRegionAdmissions(): AdmittedMultiRegionAccessPoints[] {
    const merged = new Map<string, { arnPattern: string; prefix: string; levels: Set<AccessLevel> }>();
    for (const m of this.multiRegion) {
      const key = JSON.stringify([m.arnPattern, m.prefix]);
      const entry = merged.get(key) ?? { arnPattern: m.arnPattern, prefix: m.prefix, levels: new Set<AccessLevel>() };
      m.levels().forEach(l => entry.levels.add(l));
      merged.set(key, entry);
    }
    return [...merged.values()].filter(e => e.levels.size > 0).map(e => ({ arnPattern: e.arnPattern, prefix: e.prefix, levels: [...e.levels] }));
  }

  /** The ARNs (or ARN pattern) of the own account's admitted access points; undefined for the whole account. */
  private ownAccessPointArns(): { like: boolean; values: string[] } | undefined {
    const stack = Stack.of(this.bucket);
    const arn = (resource: string) => `arn:${stack.partition}:s3:${this.bucket.env.region}:${this.bucket.env.account}:${resource}`;
    switch (this.scope.kind) {
      case 'NAME_PREFIX':
        return { like: true, values: [arn(`accesspoint/${this.scope.prefix}*`)] };
      case 'ACCESS_POINTS': {
        // Rendered at synthesis, with every access point of this app over the bucket.
        const self = this;
        return {
          like: false,
          get values() {
            const arns = self.accessPointsOverBucket(true).filter(d => !d.imported).map(d => d.arn);
            return arns.length > 0 ? arns : [arn(NO_ACCESS_POINT)];
          },
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * Every access point of the app over this bucket, whatever object the bucket was given as (an
   * imported bucket of the same name and account, in another stack, is the same bucket).
   */
  private accessPointsOverBucket(ofOwnAccount: boolean): AccessPointDescription[] {
    const own = this.bucket.env.account;
    const name = physicalName(this.bucket);
    const sameBucket = (bucket: s3.IBucket) => bucket === this.bucket
      || (name !== undefined && physicalName(bucket) === name && Token.compareStrings(bucket.env.account, own) !== TokenComparison.DIFFERENT);
    // Described only once selected: an app may have 10,000 access points.
    return accessPointsOfApp(this.bucket.node.root)
      .filter(ap => isOwnAccount(ap.account, own) === ofOwnAccount && sameBucket(ap.bucket))
      .map(ap => ap.describeAccessPoint())
      // Multi-Region Access Points are admitted by ARN pattern (multiRegionAdmissions), not by their ARN.
      .filter(d => d.kind !== 'MultiRegionAccessPoint');
  }
}

/**
 * The object tags all these grants are limited to, when every one names the same (non-empty) tags;
 * undefined otherwise (a grant without tags, or grants of different tags, admit every tag).
 */
function sharedObjectTags(grants: { readonly objectTags?: { [key: string]: string } }[]): { [key: string]: string } | undefined {
  const keyOf = (tags?: { [key: string]: string }) => JSON.stringify(Object.entries(tags ?? {}).sort());
  const first = grants[0]?.objectTags;
  if (!first || Object.keys(first).length === 0) return undefined;
  return grants.every(g => keyOf(g.objectTags) === keyOf(first)) ? { ...first } : undefined;
}
