import { CfnResource, Stack } from 'aws-cdk-lib';

/** One cdk-nag suppression: a rule id, its reason and, for rules with findings (IAM5), the findings it covers. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Findings as cdk-nag writes them (`Resource::<Bucket1234.Arn>/*`); the rule as a whole when absent. */
  readonly appliesTo?: string[];
}

/** The cdk-nag rule packs whose ids a suppression of an S3 rule names (cdk-nag 2.x and 3.x ids). */
export const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

/**
 * The construct metadata cdk-nag 3 reads its acknowledgments from (aws-cdk-lib's
 * `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, which aws-cdk-lib 2.245 does not have yet): a map from
 * rule id, or `RULE[FINDING]`, to the reason.
 */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/**
 * Adds suppressions to a CloudFormation resource in the two forms cdk-nag reads: the `cdk_nag`
 * template metadata of cdk-nag 2 (`rules_to_suppress`, merged with what is there) and the
 * acknowledged-rules construct metadata of cdk-nag 3. The library has no dependency on cdk-nag.
 */
export function addNagSuppressions(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing: { id: string }[] = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  const ids = new Set(existing.map(s => s.id));
  const added = suppressions.filter(s => !ids.has(s.id)).map(s => ({
    id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}),
  }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
  resource.node.addMetadata(ACKNOWLEDGED_RULES, Object.fromEntries(suppressions.flatMap(s =>
    (s.appliesTo ?? ['']).map(finding => [finding ? `${s.id}[${finding}]` : s.id, s.reason]))));
}

/** The suppression of one rule of the compliance packs (`S3BucketReplicationEnabled`, ...) in each of them. */
export function complianceRule(rule: string, reason: string): NagSuppression[] {
  return COMPLIANCE_PACKS.map(pack => ({ id: `${pack}-${rule}`, reason }));
}

/**
 * A resource ARN as cdk-nag names it in a finding (`Resource::…`): `Ref` as `<Name>`, `Fn::GetAtt`
 * as `<LogicalId.Attribute>`, `Fn::Join` joined. Undefined for what it cannot render.
 */
export function nagResourceFinding(scope: CfnResource, arn: string): string | undefined {
  const render = (v: any): string | undefined => {
    if (typeof v === 'string') return v;
    if (v?.Ref !== undefined) return `<${v.Ref}>`;
    if (v?.['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'].join('.')}>`;
    if (v?.['Fn::Join'] !== undefined) {
      const parts = (v['Fn::Join'][1] as any[]).map(render);
      return parts.every(p => p !== undefined) ? parts.join(v['Fn::Join'][0]) : undefined;
    }
    return undefined;
  };
  const rendered = render(Stack.of(scope).resolve(arn));
  return rendered === undefined ? undefined : `Resource::${rendered}`;
}
