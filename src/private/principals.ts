import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { readable } from './policy-size';
import { IdentityPolicyStatus } from '../grant-record';

/*
 * What every kind of access point needs to know about a grantee: how to name it, whether a resource
 * policy can name it, and whether CDK writes its identity policy. One place, so that the kinds
 * decide alike.
 */

/** A principal as a person reads it: its ARN where it has one. */
export function describePrincipal(scope: Construct, principal: iam.IPrincipal): string {
  const json = principal.policyFragment.principalJson;
  const arns: unknown[] = json.AWS === undefined ? [] : ([] as unknown[]).concat(json.AWS);
  return readable(scope, arns.length === 1 ? arns[0] : json);
}

/** IAM groups have an ARN but can never be named as a principal in a resource policy. */
export function isGroup(grantee: iam.IGrantable): boolean {
  return 'groupArn' in grantee;
}

/** IAM users and groups: their names and ids are set by an administrator, not by the caller. */
export function isIamUserOrGroup(principal: iam.IPrincipal): boolean {
  if (principal instanceof iam.User || isGroup(principal)) return true;
  const arns = ([] as unknown[]).concat(principal.policyFragment.principalJson.AWS ?? []);
  return arns.length > 0 && arns.every(a => typeof a === 'string' && /^arn:[^:]+:iam::[^:]*:user\//.test(a));
}

/** IAM roles (a role construct, or an ARN of a role or of a role session). */
export function isRole(principal: iam.IPrincipal): boolean {
  if (principal instanceof iam.Role || 'roleArn' in principal) return true;
  const arns = ([] as unknown[]).concat(principal.policyFragment.principalJson.AWS ?? []);
  return arns.length > 0 && arns.every(a => typeof a === 'string' && /^arn:[^:]+:(iam::[^:]*:role\/|sts::[^:]*:assumed-role\/)/.test(a));
}

/**
 * Whether the principal's identity policy is written, not needed, or must be added by its account.
 * A principal of another account needs its own account's identity policy too; CDK writes it only
 * for a principal defined in a stack of that account (a role imported into another account's stack
 * pretends to accept statements and drops them).
 *
 * @param resourceAccount the account of the access point whose policy names the principal
 * @param accepted whether the principal took the identity statements
 */
export function identityPolicyStatus(principal: iam.IPrincipal, resourceAccount: string, accepted: boolean): IdentityPolicyStatus {
  const account = principal.principalAccount;
  const comparison = account === undefined ? TokenComparison.SAME : Token.compareStrings(account, resourceAccount);
  if (comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED) {
    return accepted ? IdentityPolicyStatus.WRITTEN : IdentityPolicyStatus.NOT_NEEDED;
  }
  const ownStack = Construct.isConstruct(principal) && Token.compareStrings(Stack.of(principal).account, account!) === TokenComparison.SAME;
  return accepted && ownStack ? IdentityPolicyStatus.WRITTEN : IdentityPolicyStatus.MUST_BE_ADDED;
}

/**
 * `Stack.addStackDependency` where aws-cdk-lib has it (it replaced the deprecated `addDependency`
 * after 2.245, the oldest version this library supports).
 */
export function addStackDependency(stack: Stack, target: Stack, reason: string): void {
  if (stack.dependencies.includes(target)) return;
  const renamed = (stack as { addStackDependency?: (target: Stack, reason?: string) => void }).addStackDependency;
  if (renamed) renamed.call(stack, target, reason);
  else stack.addDependency(target, reason);
}
