/*
 * The migration plan as a person reads it in a terminal.
 */
import { visible } from './escape';
import { MigrationPlan } from './plan';

const kb = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024).toFixed(1)} KB)`;

/** The plan as text: statements, access points, what is not mapped, what the levels add, sizes. */
export function renderPlanText(plan: MigrationPlan): string {
  const out: string[] = [];
  const count = (o: string) => plan.statements.filter(s => s.outcome === o).length;
  out.push(`Migration plan: bucket ${plan.bucket.name} (account ${plan.bucket.account}${plan.bucket.accountKnown ? '' : ' (placeholder)'}, region ${plan.bucket.region}${plan.bucket.regionKnown ? '' : ' (placeholder)'})`);
  out.push(`${plan.statements.length} statements: ${count('migrated')} migrated, ${count('partly-migrated')} partly migrated, ` +
    `${count('unmapped')} unmapped, ${count('kept')} kept; ${plan.accessPoints.length} access points`);
  out.push('', 'Statements');
  for (const s of plan.statements) {
    const to = s.accessPoints.length ? ` -> ${s.accessPoints.join(', ')}` : '';
    out.push(`  #${s.index}${s.sid ? ` ${s.sid}` : ''} (${s.effect}): ${s.outcome}${to}`);
    for (const note of s.notes) out.push(`      note: ${note}`);
  }
  out.push('', 'Access points');
  if (plan.accessPoints.length === 0) out.push('  (none)');
  for (const ap of plan.accessPoints) {
    out.push(`  ${ap.name}  prefix ${ap.prefix === '' ? '(whole bucket)' : ap.prefix}  ${ap.vpcId ? `VPC ${ap.vpcId}` : 'Internet'}  ` +
      `policy ${plan.sizes.accessPoints[ap.name]} bytes  statements ${ap.statements.map(i => `#${i}`).join(', ')}`);
    if (ap.endpointId) {
      out.push(`      endpoint ${ap.endpointId} (existing, imported): its policy is not managed; synthesis warns ` +
        '(cdk-s3-access-points:endpointPolicyNotManaged) with the statements its owner must add');
    }
    for (const g of ap.grants) {
      const extra = [g.principalFolder && `folder ${g.principalFolder}`, g.objectTags && `tags ${Object.entries(g.objectTags).map(([k, v]) => `${k}=${v}`).join(',')}`].filter(Boolean);
      out.push(`      ${g.level.padEnd(10)} ${g.principal}${extra.length ? `  (${extra.join('; ')})` : ''}`);
    }
  }
  out.push('', 'Not mapped (stays on the bucket, not reachable through the access points)');
  if (plan.unmapped.length === 0) out.push('  (nothing)');
  for (const u of plan.unmapped) {
    out.push(`  #${u.statement}${u.sid ? ` ${u.sid}` : ''}: ${u.reason}`);
    if (u.principals.length) out.push(`      principals: ${u.principals.join(', ')}`);
    if (u.actions.length) out.push(`      actions: ${u.actions.join(', ')}`);
    if (u.resources.length) out.push(`      resources: ${u.resources.join(', ')}`);
  }
  out.push('', 'Added by the access levels (allowed through the access points, not by the statements)');
  if (plan.widened.length === 0) out.push('  (nothing)');
  for (const w of plan.widened) {
    out.push(`  ${w.accessPoint}: ${w.principal} on ${w.keys}: ${w.actions.join(', ')} (${w.reason})`);
  }
  if (plan.warnings.length) {
    out.push('', 'Warnings');
    for (const w of plan.warnings) out.push(`  - ${w}`);
  }
  const largest = Object.values(plan.sizes.accessPoints).reduce((a, b) => Math.max(a, b), 0);
  out.push('', 'Sizes (compact JSON; limit 20,480 bytes)');
  out.push(`  bucket policy before: ${kb(plan.sizes.bucketPolicyBefore)}`);
  out.push(`  bucket policy after:  ${kb(plan.sizes.bucketPolicyAfter)}`);
  out.push(`  access point policies: ${plan.accessPoints.length}, largest ${kb(largest)}`);
  out.push('', 'Bucket policy after (apply once clients use the access points):');
  out.push(JSON.stringify(plan.bucketPolicy.after, undefined, 2));
  out.push('', 'Code: add --format code (--language typescript|python) to print the CDK app.');
  // Sids, principals, prefixes and reasons come from the policy: no terminal escape or line break of theirs is printed raw.
  return out.flatMap(l => l.split('\n')).map(visible).join('\n') + '\n';
}
