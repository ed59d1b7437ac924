import { Annotations, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IDependable } from 'constructs';
import { GrantShape, grantStatementSpecs, multiRegionLookupStatementSpec, statementJson } from './access-levels';
import { ConsumerVariables } from './consumer';
import { grantKeyUse, warnIfKeyUnknown } from './key-grant';
import { readable, watchIdentityPolicySize } from './policy-size';
import { pinFolderTagOfUsers, principalFolderErrors } from './principal-folders';
import { describePrincipal, identityPolicyStatus, isGroup } from './principals';
import { throwIfInvalid, validateGrant } from './rules';
import { AccessLevel } from '../access-level';
import { AccessPointGrantOptions } from '../access-point-options';
import { AccessGrantRecord, IdentityPolicyStatus } from '../grant-record';

/*
 * A grant on a Multi-Region Access Point, created here or imported: the object and list statements
 * on its ARN (written to the identity policy and, for one created here, its policy), the lookup, and
 * the key's actions of every member bucket (S3 calls KMS in the Region a request is routed to).
 *
 * Every grant option applies, principalFolder included, as on a regional access point: IAM policy
 * variables may stand "in the Resource element, but only in the resource portion of the ARN ...
 * after the fifth colon" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html),
 * and `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS/object/PREFIX${aws:username}/*` has it there;
 * ListObjectsV2 is one of the operations a Multi-Region Access Point accepts, and s3:prefix is a key
 * of s3:ListBucket itself (Service Authorization Reference), whatever the resource
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MrapOperations.html). The member buckets
 * admit the Multi-Region Access Point's prefix; the folder narrows its policy and the identity policy.
 */

/** The Multi-Region Access Point a grant is made on. */
export interface MultiRegionGrantTarget {
  readonly scope: Resource;
  readonly arn: string;
  readonly prefix: string;
  /** The member buckets known (for their keys). */
  readonly buckets: s3.IBucket[];
  /** The policy that names the principal, made on first use; none for an imported Multi-Region Access Point. */
  readonly policyResource?: () => IDependable;
}

/** Validates and makes the grant, and returns it with its record. */
export function grantMultiRegionAccess(
  target: MultiRegionGrantTarget, grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions,
): { grant: iam.Grant; record: AccessGrantRecord } {
  const { scope } = target;
  const principal = grantee.grantPrincipal;
  const errors = validateGrant(principal, level, options.objectTags);
  const trusted = options.principalFolderTrusted === true;
  errors.push(...principalFolderErrors(scope, principal, options.principalFolder, trusted));
  throwIfInvalid(scope.node.path, errors, `invalid grant to ${principal}`);

  const folder = options.principalFolder;
  const shape: GrantShape = { level, keyPrefix: folder ? `${target.prefix}${folder.variable}/` : target.prefix, objectTags: options.objectTags };
  const inResourcePolicy = target.policyResource !== undefined && !isGroup(grantee);
  const resourceSide: iam.IResourceWithPolicyV2 | undefined = inResourcePolicy ? {
    env: scope.env,
    addToResourcePolicy: () => ({ statementAdded: true, policyDependable: target.policyResource!() }),
  } : undefined;
  const specs = grantStatementSpecs({ accessPointArn: target.arn, arnForObjects: k => `${target.arn}/object/${k}` }, shape);
  const grants = specs.map((spec, i) => resourceSide && i === 0
    ? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource: resourceSide })
    : iam.Grant.addToPrincipal({ grantee, ...spec }));
  const identityPolicy = identityPolicyStatus(principal, scope.env.account, grants.some(g => g.principalStatements.length > 0));
  if (identityPolicy === IdentityPolicyStatus.MUST_BE_ADDED) {
    Annotations.of(scope).addWarningV2('cdk-s3-access-points:otherAccountMustAllow',
      `The grant to ${describePrincipal(scope, principal)} is written to this Multi-Region Access Point's policy only: ` +
      `account ${principal.principalAccount} must add to the principal's identity policy: ${readable(scope, specs.map(statementJson))}`);
  }
  watchIdentityPolicySize(principal);
  throwIfInvalid(scope.node.path, pinFolderTagOfUsers(scope, grantee, folder, trusted), `invalid grant to ${principal}`);
  if (options.allowGetAccessPoint) {
    grants.push(iam.Grant.addToPrincipal({ grantee, ...multiRegionLookupStatementSpec(target.arn) }));
  }
  // S3 calls KMS in the Region of the bucket a request is routed to: every member bucket's key.
  for (const bucket of target.buckets) {
    const key = bucket.encryptionKey;
    const keyGrant = key && grantKeyUse(scope, grantee, bucket, key, shape);
    if (keyGrant) grants.push(keyGrant);
    warnIfKeyUnknown(scope, bucket);
  }
  return { grant: grants.reduce((all, g) => all.combine(g)), record: { principal, ...shape, inResourcePolicy, identityPolicy } };
}

/** The environment variables of a Multi-Region Access Point's consumer: its ARN (S3 clients use it, signing with SigV4A). */
export function multiRegionConsumerVariables(arn: string, name: string): ConsumerVariables {
  return {
    arnVariable: { defaultName: 'MULTI_REGION_ACCESS_POINT_ARN', value: arn },
    aliasVariable: { missing: 'a Multi-Region Access Point\'s alias cannot replace a bucket name; S3 clients use its ARN (arnVariable)' },
    nameVariable: { value: name },
  };
}
