import { Token } from 'aws-cdk-lib';

/**
 * A folder per principal under an access point's prefix, named by an IAM policy variable that S3
 * fills in for each request: Bob may use `PREFIX/Bob/`, Alice `PREFIX/Alice/`, from one grant.
 */
export class PrincipalFolder {
  /** `${aws:username}`: the IAM user's name. For IAM users only; roles have no user name. */
  public static readonly USERNAME = new PrincipalFolder('${aws:username}', false);

  /**
   * `${aws:userid}`: the caller's unique id. For an IAM user, its id (set by IAM). For a role session
   * this is `ROLEID:SESSION_NAME`, and whoever assumes the role chooses the session name: a grant to
   * a role is refused unless its trust policy pins `sts:RoleSessionName` and the grant says so with
   * `principalFolderTrusted`.
   */
  public static readonly USER_ID = new PrincipalFolder('${aws:userid}', true);

  /**
   * `${aws:PrincipalTag/KEY}`: the value of a tag on the calling user or role. A session tag with
   * the same key overrides a role's tag, so a grant to a role is refused unless its trust policy
   * denies `sts:TagSession` for the key and the grant says so with `principalFolderTrusted`. Values
   * with a `/` (which would reach into another principal's folder) or empty values are refused by the
   * grant's conditions.
   *
   * @param key the tag key: 1-128 characters, letters, digits, spaces and `_.:/=+-@`
   */
  public static principalTag(key: string): PrincipalFolder {
    if (!Token.isUnresolved(key) && !/^[\p{L}\p{N}\s_.:/=+\-@]{1,128}$/u.test(key)) {
      throw new Error(`PrincipalFolder.principalTag: tag key '${key}' must be 1-128 characters of letters, digits, spaces and _.:/=+-@`);
    }
    return new PrincipalFolder(`\${aws:PrincipalTag/${key}}`, true);
  }

  /**
   * @param variable the policy variable, written into the policy as is, e.g. `${aws:username}`
   * @param callerMayChoose whether a role's caller can set the value (session name, session tags)
   */
  private constructor(
    /** The policy variable, written into the policy as is, e.g. `${aws:username}`. */
    public readonly variable: string,
    /** Whether whoever assumes a role can choose the value (its session name or session tags). */
    public readonly callerMayChoose: boolean,
  ) {}
}
