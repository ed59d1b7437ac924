import { CfnResource } from 'aws-cdk-lib';

/** One cdk-nag suppression: a rule id, its reason and, for IAM5-style rules, the findings it covers. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: (string | { readonly regex: string })[];
}

/** The cdk-nag rule packs whose ids a suppression of an S3 rule names (cdk-nag 2.x and 3.x ids). */
export const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

/**
 * Adds suppressions to the `cdk_nag` metadata of a CloudFormation resource, which cdk-nag reads when
 * it runs (`rules_to_suppress`); the library has no dependency on cdk-nag. Merges with suppressions
 * already there, so that several concerns can each add theirs.
 */
export function addNagSuppressions(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing: NagSuppression[] = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  const ids = new Set(existing.map(s => s.id));
  const added = suppressions.filter(s => !ids.has(s.id)).map(s => ({
    id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}),
  }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

/** The suppression of one rule of the compliance packs (`S3BucketReplicationEnabled`, ...) in each of them. */
export function complianceRule(rule: string, reason: string): NagSuppression[] {
  return COMPLIANCE_PACKS.map(pack => ({ id: `${pack}-${rule}`, reason }));
}
