import { validateAccountIds } from './private/rules';

/**
 * Which requests through access points a VPC's S3 gateway endpoint lets pass.
 */
export class EndpointApproval {
  /**
   * The access point itself, by ARN: the endpoint policy lists every approved access point, so it
   * grows by one ARN (about 75 characters) per access point.
   */
  public static readonly ACCESS_POINT = new EndpointApproval();

  /**
   * Every access point owned by these accounts (`s3:DataAccessPointAccount`): the endpoint policy
   * stays the same size however many access points there are.
   *
   * @param accountIds the accounts; by default the access point's own account
   */
  public static accounts(accountIds?: string[]): EndpointApproval {
    const errors = validateAccountIds('accountIds', accountIds ?? []);
    if (errors.length > 0) throw new Error(`EndpointApproval.accounts: ${errors.join('; ')}`);
    return new EndpointApproval(accountIds ?? []);
  }

  /**
   * @param accountIds undefined for approval by access point ARN; the accounts (empty: the access point's own) otherwise
   */
  private constructor(
    /**
     * The approved accounts, for approval by account; undefined for approval by access point ARN.
     * An empty list stands for the access point's own account.
     */
    public readonly accountIds?: string[],
  ) {}
}
