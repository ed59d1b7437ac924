import { Annotations, Aws, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { GrantShape, keyStatementSpec, statementJson } from './access-levels';
import { readable } from './policy-size';
import { physicalName } from './rules';

/*
 * Writes the KMS side of a grant on an SSE-KMS bucket: the identity statement on the key (never on
 * `*`), and for a principal of another account the key policy statement that names it, both with
 * kms:ViaService and the bucket's encryption context (docs/threat-model.md, "KMS"). aws-cdk-lib's
 * Key.grant is not used: for a principal of another environment it writes `Resource: *` into the
 * principal's identity policy, with no condition.
 */

/** Whether two constructs' stacks are known to be in different accounts or regions. */
export function inOtherEnvironment(a: IConstruct, b: IConstruct): boolean {
  const [x, y] = [Stack.of(a), Stack.of(b)];
  return Token.compareStrings(x.account, y.account) === TokenComparison.DIFFERENT
    || Token.compareStrings(x.region, y.region) === TokenComparison.DIFFERENT;
}

/** Whether `account` is (or may be, both being unknown) the bucket's own account. */
export function isOwnAccount(account: string, bucketAccount: string): boolean {
  const comparison = Token.compareStrings(account, bucketAccount);
  return comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED;
}

/** Whether two accounts are known to differ (both concrete and unequal). */
export function isOtherAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
}

/** Resolved once per bucket: its encryption is set when it is made, and grants ask for every consumer. */
const encryptionRules = new WeakMap<s3.IBucket, any[] | undefined>();

/** The default encryption rules of an app's bucket; undefined for a bucket made elsewhere. */
function encryptionRulesOf(bucket: s3.IBucket): any[] | undefined {
  if (!encryptionRules.has(bucket)) {
    const cfn = bucket.node.defaultChild;
    encryptionRules.set(bucket, cfn instanceof s3.CfnBucket
      ? Stack.of(bucket).resolve(cfn.bucketEncryption)?.serverSideEncryptionConfiguration ?? []
      : undefined);
  }
  return encryptionRules.get(bucket);
}

/** Whether an app's bucket uses S3 Bucket Keys; undefined for a bucket made elsewhere. */
function bucketKeyEnabledOf(bucket: s3.IBucket): boolean | undefined {
  return encryptionRulesOf(bucket)?.some(rule => rule.bucketKeyEnabled === true);
}

/**
 * Whether an app's bucket encrypts with the AWS managed key `aws/s3` (SSE-KMS or DSSE-KMS without a
 * key of its own), which principals of other accounts can never use.
 */
export function usesAwsManagedKey(bucket: s3.IBucket): boolean {
  return (encryptionRulesOf(bucket) ?? []).some(rule => {
    const sse = rule.serverSideEncryptionByDefault;
    return sse !== undefined && String(sse.sseAlgorithm).startsWith('aws:kms') && sse.kmsMasterKeyId === undefined;
  });
}

/**
 * The bucket's ARN as a statement written in `consumer`'s stack can name it: built from its name
 * where that is known; else the bucket's own token within one environment. Undefined across
 * environments, where CDK cannot reference it, and in the key's own policy, which the bucket
 * references (a cycle).
 */
function bucketArnFor(bucket: s3.IBucket, consumer: IConstruct | undefined, key?: kms.IKey): string | undefined {
  const name = physicalName(bucket);
  if (name !== undefined) return `arn:${Aws.PARTITION}:s3:::${name}`;
  return consumer === key || (consumer && inOtherEnvironment(consumer, bucket)) ? undefined : bucket.bucketArn;
}

/**
 * Grants the KMS actions the grant's level needs on the bucket's key. Returns undefined for a level
 * that needs none.
 */
export function grantKeyUse(scope: Construct, grantee: iam.IGrantable, bucket: s3.IBucket, key: kms.IKey, shape: GrantShape): iam.Grant | undefined {
  const principal = grantee.grantPrincipal;
  const consumer = Construct.isConstruct(principal) ? principal : undefined;
  const keyStack = Stack.of(key);
  // A key of another environment cannot be referenced from the principal's stack: name the keys of
  // its account and region instead; the encryption context (and the key policy) still pin this key.
  const keyArn = consumer && inOtherEnvironment(consumer, key) && Token.isUnresolved(key.keyArn)
    ? keyStack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })
    : key.keyArn;
  const use = { region: bucket.env.region, bucketKeyEnabled: bucketKeyEnabledOf(bucket) };
  // The key's own account trusts its identity policies (the default key policy); another account's
  // principal must also be named in the key policy.
  const inKeyPolicy = isOtherAccount(principal.principalAccount, keyStack.account);
  const identityBucketArn = bucketArnFor(bucket, consumer);
  const keyPolicyBucketArn = inKeyPolicy ? bucketArnFor(bucket, key, key) : undefined;
  const identity = keyStatementSpec({ ...use, keyArn, bucketArn: identityBucketArn }, shape);
  if (!identity) return undefined;
  refuseUnpinned(scope, principal, bucket, identityBucketArn === undefined ? `the identity policy of ${readable(scope, principal.policyFragment.principalJson)}, ` +
    'in another account or region' : inKeyPolicy && keyPolicyBucketArn === undefined ? 'the key policy, which the bucket references' : undefined);
  const grant = iam.Grant.addToPrincipal({ grantee, ...identity });

  if (inKeyPolicy) {
    const resourceSide = keyStatementSpec({ ...use, keyArn: '*', bucketArn: keyPolicyBucketArn }, shape)!;
    const added = key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [principal],
      actions: resourceSide.actions,
      resources: resourceSide.resourceArns,
      conditions: resourceSide.conditions,
    }), true);
    if (!added.statementAdded) {
      Annotations.of(scope).addWarningV2('cdk-s3-access-points:keyPolicyNotManaged',
        `The grant to ${readable(scope, principal.policyFragment.principalJson)} needs the bucket's KMS key to allow account ` +
        `${principal.principalAccount}, and the key was made elsewhere: its owner must add to the key policy ` +
        `${readable(scope, { ...statementJson(resourceSide), Principal: principal.policyFragment.principalJson })}`);
    }
  }
  return grant;
}

/**
 * A KMS statement that cannot name the bucket in its encryption context would let the grantee use
 * the key through S3 for any bucket of the account (kms:ViaService alone): refused. A bucket's ARN
 * can be named only by a name known at synthesis where CDK cannot reference the bucket: in another
 * account or region, and in the key's own policy, which the bucket references (a cycle).
 *
 * @param where the policy that could not name the bucket; undefined when every statement can
 */
function refuseUnpinned(scope: IConstruct, principal: iam.IPrincipal, bucket: s3.IBucket, where: string | undefined): void {
  if (where === undefined) return;
  throw new Error(`${scope.node.path}: invalid grant to ${readable(scope, principal.policyFragment.principalJson)}: bucket ${bucket.node.path} ` +
    `has no bucketName known at synthesis, so the KMS statement in ${where} cannot name the bucket in ` +
    'kms:EncryptionContext:aws:s3:arn, and kms:ViaService alone would let the grantee use the key through S3 for any bucket. ' +
    'Give the bucket a bucketName (a new bucket), or import the deployed bucket by its name with its key ' +
    '(s3.Bucket.fromBucketAttributes({ bucketName, encryptionKey })) and grant on access points over the import');
}

/** The buckets each grantor (access point) has already warned about, so that it says so once per bucket. */
const keyUnknownWarned = new WeakMap<IConstruct, WeakSet<IConstruct>>();

/**
 * An imported bucket given without its KMS key: if it uses SSE-KMS, grants add no KMS permissions
 * and consumers are denied by KMS. Said once per grantor and bucket.
 */
export function warnIfKeyUnknown(scope: IConstruct, bucket: s3.IBucket): void {
  if (bucket.encryptionKey || bucket.node.defaultChild instanceof s3.CfnBucket) return;
  const warned = keyUnknownWarned.get(scope) ?? new WeakSet<IConstruct>();
  keyUnknownWarned.set(scope, warned);
  if (warned.has(bucket)) return;
  warned.add(bucket);
  Annotations.of(scope).addWarningV2('cdk-s3-access-points:bucketKeyUnknown',
    `Bucket ${readable(scope, bucket.bucketName)} was imported without its KMS key: if it uses SSE-KMS, grants on ${scope.node.path} ` +
    'add no KMS permissions and consumers are denied by KMS. Import it with s3.Bucket.fromBucketAttributes({ encryptionKey }).');
}
