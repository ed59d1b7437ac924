import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessLevel } from './access-level';

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
