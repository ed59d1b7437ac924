import { Token } from 'aws-cdk-lib';

/**
 * A folder per principal under an access point's prefix, named by an IAM policy variable that S3
 * fills in for each request: Bob may use `PREFIX/Bob/`, Alice `PREFIX/Alice/`, from one grant.
 */
export class PrincipalFolder {
  /** `${aws:username}`: the IAM user's name. For IAM users only; roles have no user name. */
  public static readonly USERNAME = new PrincipalFolder('${aws:username}');

  /**
   * `${aws:userid}`: the caller's unique id. For a role session this is `ROLEID:SESSIONNAME`,
   * so each session gets its own folder.
   */
  public static readonly USER_ID = new PrincipalFolder('${aws:userid}');

  /**
   * `${aws:PrincipalTag/KEY}`: the value of a tag on the calling user or role.
   *
   * @param key the tag key: 1-128 characters, letters, digits, spaces and `_.:/=+-@`
   */
  public static principalTag(key: string): PrincipalFolder {
    if (!Token.isUnresolved(key) && !/^[\p{L}\p{N}\s_.:/=+\-@]{1,128}$/u.test(key)) {
      throw new Error(`PrincipalFolder.principalTag: tag key '${key}' must be 1-128 characters of letters, digits, spaces and _.:/=+-@`);
    }
    return new PrincipalFolder(`\${aws:PrincipalTag/${key}}`);
  }

  /**
   * @param variable the policy variable, written into the policy as is, e.g. `${aws:username}`
   */
  private constructor(public readonly variable: string) {}
}
