import { Annotations, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IDependable } from 'constructs';
import { GrantShape, grantStatementSpecs, multiRegionLookupStatementSpec, statementJson } from './access-levels';
import { ConsumerVariables } from './consumer';
import { InapplicableOptions, refuseInapplicableOptions } from './grant-options';
import { grantKeyUse, warnIfKeyUnknown } from './key-grant';
import { readable, watchIdentityPolicySize } from './policy-size';
import { describePrincipal, identityPolicyStatus, isGroup } from './principals';
import { throwIfInvalid, validateGrant } from './rules';
import { AccessLevel } from '../access-level';
import { AccessPointGrantOptions } from '../access-point-options';
import { AccessGrantRecord, IdentityPolicyStatus } from '../grant-record';

/*
 * A grant on a Multi-Region Access Point, created here or imported: the object and list statements
 * on its ARN (written to the identity policy and, for one created here, its policy), the lookup, and
 * the key's actions of every member bucket (S3 calls KMS in the Region a request is routed to).
 */

/** The grant options a Multi-Region Access Point cannot honour here. */
const MULTI_REGION_INAPPLICABLE: InapplicableOptions = {
  principalFolder: 'not supported on Multi-Region Access Points yet: give each principal its own prefix (another Multi-Region Access Point)',
  principalFolderTrusted: 'it confirms a principalFolder, which does not apply to this kind',
};

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
  errors.push(...refuseInapplicableOptions(options, 'Multi-Region Access Point', MULTI_REGION_INAPPLICABLE));
  throwIfInvalid(scope.node.path, errors, `invalid grant to ${principal}`);

  const shape: GrantShape = { level, keyPrefix: target.prefix, objectTags: options.objectTags };
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
