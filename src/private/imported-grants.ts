import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { describePrincipal } from './principals';

/*
 * What every kind says when a grant is made on an access point imported into this app: the library
 * writes the principal's identity policy only.
 */

/**
 * A grant on an imported access point writes the identity side only: say so, and what to do about
 * the key when the bucket (and so its key) is unknown.
 *
 * @param keyUnknown the bucket was not given, so no KMS permission was granted
 */
export function warnPolicyNotManaged(scope: Construct, principal: iam.IPrincipal, keyUnknown: boolean): void {
  const kms = keyUnknown ? ' The bucket was not given to the import: if it uses SSE-KMS, grant the key\'s actions separately.' : '';
  Annotations.of(scope).addWarningV2('cdk-s3-access-points:accessPointPolicyNotManaged',
    `The grant to ${describePrincipal(scope, principal)} writes its identity policy only: this access point was imported, and its ` +
    `own policy, managed where it was created, must allow the same requests.${kms}`);
}
