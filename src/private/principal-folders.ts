import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { describePrincipal, identityPolicyStatus, isIamUserOrGroup, isRole } from './principals';
import { IdentityPolicyStatus } from '../grant-record';
import { PrincipalFolder } from '../principal-folder';

/*
 * Which per-principal folders can name which principals, and what keeps the caller from choosing
 * its folder (docs/threat-model.md, "Granted consumer"):
 * - ${aws:username}: IAM users (and the users of a group). A role session has no aws:username, so a
 *   grant to a role would never match: refused.
 * - ${aws:userid}: an IAM user's id is set by IAM. A role session's is ROLEID:SESSION_NAME, and the
 *   caller picks the session name: refused unless the grant says the trust policy pins it.
 * - ${aws:PrincipalTag/KEY}: a role's caller may pass a session tag of that key (refused unless
 *   trusted, as above). An IAM user may too: GetFederationToken takes session tags, and "session tags
 *   override a user tag with the same key" (STS API reference, GetFederationToken, Tags,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html); the federated
 *   session keeps the user's identity policy, which holds the grant. So the grant also writes, into
 *   the user's (or group's) identity policy, a Deny of sts:GetFederationToken with that tag key
 *   (aws:TagKeys, ignoring case: tag keys are not case sensitive, same page). A user whose identity
 *   policy this app cannot write is refused unless the grant says it is pinned.
 * A federated session's aws:userid is ACCOUNT:NAME, which names no IAM user's folder (their ids
 * contain no colon), and it has no aws:username: those two need no pin.
 */

/** Why this grant's folder cannot work or can be spoofed; none if it is sound. */
export function principalFolderErrors(scope: Construct, principal: iam.IPrincipal, folder: PrincipalFolder | undefined, trusted: boolean): string[] {
  if (!folder) return [];
  const who = describePrincipal(scope, principal);
  if (folder === PrincipalFolder.USERNAME && isRole(principal)) {
    return [`principalFolder ${folder.variable} on role ${who} can never match: a role session has no aws:username ` +
      '(only IAM users have one). Use PrincipalFolder.USER_ID or principalTag with the role\'s trust policy pinned, or grant IAM users'];
  }
  if (!folder.callerMayChoose || trusted || isIamUserOrGroup(principal)) return [];
  return [`principalFolder ${folder.variable} on ${who} can be spoofed: whoever assumes a role chooses ` +
    'its session name (aws:userid is ROLEID:SESSION_NAME) and may pass session tags. Pin them in the role\'s trust policy ' +
    '(sts:RoleSessionName, or deny sts:TagSession for the tag key), then set principalFolderTrusted: true; or grant IAM users ' +
    '(PrincipalFolder.USERNAME) instead (docs/threat-model.md, "Granted consumer")'];
}

/** The tag key of a principal tag folder, if it is one. */
export function folderTagKey(folder: PrincipalFolder | undefined): string | undefined {
  return folder && /^\$\{aws:PrincipalTag\/(.+)\}$/.exec(folder.variable)?.[1];
}

/**
 * For a principal tag folder granted to IAM users: denies them sts:GetFederationToken with a
 * session tag of that key, in their identity policy. Returns an error when that policy cannot be
 * written here and the grant does not say the user is pinned otherwise.
 */
export function pinFolderTagOfUsers(scope: Construct, grantee: iam.IGrantable, folder: PrincipalFolder | undefined, trusted: boolean): string[] {
  const key = folderTagKey(folder);
  const principal = grantee.grantPrincipal;
  if (key === undefined || !isIamUserOrGroup(principal)) return [];
  const added = principal.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'DenyFederationWithTheFolderTag',
    effect: iam.Effect.DENY,
    actions: ['sts:GetFederationToken'],
    resources: ['*'],
    conditions: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': key } },
  }));
  // An imported user of another account takes the statement into a policy of this account, which does nothing.
  const written = identityPolicyStatus(principal, Stack.of(scope).account, added.statementAdded) === IdentityPolicyStatus.WRITTEN;
  if (written || trusted) return [];
  return [`principalFolder ${folder!.variable} on ${describePrincipal(scope, principal)} can be spoofed: an IAM user may call ` +
    'sts:GetFederationToken with a session tag of that key, which overrides its own tag, and this app cannot write the user\'s ' +
    `identity policy. Deny it sts:GetFederationToken when aws:TagKeys contains '${key}', then set principalFolderTrusted: true`];
}
