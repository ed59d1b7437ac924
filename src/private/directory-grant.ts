import { Annotations, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { directoryGrantSpec, directoryKeyStatementSpec, directoryLookupStatementSpec, statementJson } from './access-levels';
import { ConsumerVariables } from './consumer';
import { InapplicableOptions, refuseInapplicableOptions } from './grant-options';
import { inOtherEnvironment, isOtherAccount } from './key-grant';
import { readable, watchIdentityPolicySize } from './policy-size';
import { identityPolicyStatus, isGroup } from './principals';
import { throwIfInvalid, validateGrant } from './rules';
import { AccessLevel } from '../access-level';
import { AccessPointGrantOptions } from '../access-point-options';
import { AccessGrantRecord, IdentityPolicyStatus } from '../grant-record';
import type { ISharedDirectoryBucket } from '../shared-directory-bucket';

/*
 * A grant on a directory bucket access point, created here or imported: one s3express:CreateSession
 * statement in the session mode of its level, written to the identity policy and (for one created
 * here) the access point policy, the lookup, and the key's actions on an SSE-KMS bucket.
 */

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

/** The directory bucket access point a grant is made on. */
export interface DirectoryGrantTarget {
  /** The access point construct (messages, account). */
  readonly scope: Resource;
  readonly accessPointArn: string;
  /** What the report's prefix column shows. */
  readonly keyPrefix: string;
  /** The bucket, for its key; unknown for an import without it. */
  readonly bucket?: ISharedDirectoryBucket;
  /** The access point whose policy names the principal; none for an imported access point. */
  readonly policyResource?: IDependable;
}

/**
 * Validates and makes the grant (with `errors` the kind found already), and returns it with its record.
 */
export function grantDirectoryAccess(
  target: DirectoryGrantTarget, grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions, errors: string[],
): { grant: iam.Grant; record: AccessGrantRecord } {
  const { scope, bucket } = target;
  const principal = grantee.grantPrincipal;
  errors.push(...validateGrant(principal, level), ...refuseInapplicableOptions(options, 'directory bucket access point', DIRECTORY_INAPPLICABLE));
  if (bucket?.encryptionKey && Construct.isConstruct(principal) && inOtherEnvironment(principal, bucket) && Token.isUnresolved(bucket.bucketName)) {
    errors.push('the principal is in another account or region, where the key\'s encryption context can name the bucket only by a ' +
      'name known at synthesis: give the SharedDirectoryBucket a bucketName');
  }
  throwIfInvalid(scope.node.path, errors, `invalid grant to ${principal}`);

  const spec = directoryGrantSpec(target.accessPointArn, level);
  // IAM groups cannot be principals of a resource policy: their grant is written to the group only.
  const inResourcePolicy = target.policyResource !== undefined && !isGroup(grantee);
  const resource: iam.IResourceWithPolicyV2 | undefined = inResourcePolicy ? {
    env: scope.env,
    addToResourcePolicy: () => ({ statementAdded: true, policyDependable: target.policyResource }),
  } : undefined;
  let grant = resource
    ? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource })
    : iam.Grant.addToPrincipal({ grantee, ...spec });
  const identityPolicy = identityPolicyStatus(principal, scope.env.account, grant.principalStatements.length > 0);
  if (identityPolicy === IdentityPolicyStatus.MUST_BE_ADDED) {
    Annotations.of(scope).addWarningV2('cdk-s3-access-points:otherAccountMustAllow',
      `The grant to ${readable(scope, principal.policyFragment.principalJson)} is written to this access point's policy only: account ` +
      `${principal.principalAccount} must add to the principal's identity policy ${readable(scope, statementJson(spec))}`);
  }
  watchIdentityPolicySize(principal);
  if (options.allowGetAccessPoint) {
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee, ...directoryLookupStatementSpec(target.accessPointArn) }));
  }
  const key = bucket?.encryptionKey;
  if (key) {
    // A principal of another environment can name neither the key nor an unnamed bucket by reference:
    // the keys of the key's account and region then, pinned to this bucket by the encryption context.
    const consumer = Construct.isConstruct(principal) ? principal : undefined;
    const keyArn = consumer && inOtherEnvironment(consumer, key) && Token.isUnresolved(key.keyArn)
      ? Stack.of(key).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })
      : key.keyArn;
    const keySpec = directoryKeyStatementSpec(keyArn, bucket.bucketArn, Stack.of(scope).partition);
    grant = grant.combine(iam.Grant.addToPrincipal({ grantee, ...keySpec }));
    // The key's own account trusts its identity policies; another account's principal must be named in the key policy.
    if (isOtherAccount(principal.principalAccount, Stack.of(key).account)) {
      key.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal], actions: keySpec.actions, resources: ['*'], conditions: keySpec.conditions }), true);
    }
  }
  return { grant, record: { principal, level, keyPrefix: target.keyPrefix, inResourcePolicy, identityPolicy } };
}

/** The environment variables of a directory bucket access point's consumer: its name (S3 clients address it by name). */
export function directoryConsumerVariables(accessPointArn: string, accessPointName: string): ConsumerVariables {
  return {
    arnVariable: { value: accessPointArn },
    aliasVariable: { missing: 'a directory bucket access point has no alias; S3 clients use its name (nameVariable)' },
    nameVariable: { defaultName: 'ACCESS_POINT_NAME', value: accessPointName },
  };
}
