/*
 * The cdk-nag finding counts per pack over every example stack, with no suppression at all, split
 * into findings on the library's own resources and on the example author's (the user's) resources.
 *
 *   TS_NODE_TRANSPILE_ONLY=true npx ts-node --project tsconfig.dev.json scripts/nag-findings.ts
 *
 * Findings on a user role's policy that the library writes (a grant) count as the user's resource.
 */
import { IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AccessPointBase, AccessPointDelegation, OrganizationGuardrail, ServerAccessLogsBucket, SharedDataBucket } from '../src';
import { exampleStacks } from '../test/support/example-stacks';

const PACKS: { name: string; prefix: string; aspect: () => IAspect }[] = [
  { name: 'AwsSolutions', prefix: 'AwsSolutions-', aspect: () => new AwsSolutionsChecks() },
  { name: 'HIPAA Security', prefix: 'HIPAA.Security-', aspect: () => new HIPAASecurityChecks() },
  { name: 'NIST 800-53 rev 5', prefix: 'NIST.800.53.R5-', aspect: () => new NIST80053R5Checks() },
  { name: 'PCI DSS 3.2.1', prefix: 'PCI.DSS.321-', aspect: () => new PCIDSS321Checks() },
];

function isLibrary(c: IConstruct | undefined): boolean {
  for (let s = c; s; s = s.node.scope) {
    if (s instanceof SharedDataBucket || s instanceof AccessPointBase || s instanceof AccessPointDelegation || s instanceof OrganizationGuardrail) return true;
    if (s instanceof ServerAccessLogsBucket) return true;
  }
  return false;
}

for (const pack of PACKS) {
  const stacks: Stack[] = exampleStacks(() => [pack.aspect()]);
  const counts = { library: 0, user: 0, libraryWarnings: 0, userWarnings: 0 };
  const rules: Record<string, { library: number; user: number }> = {};
  for (const stack of stacks) {
    const byPath = new Map(stack.node.findAll().map(c => [`/${c.node.path}`, c]));
    const tally = (kind: 'error' | 'warning') => {
      const found = kind === 'error'
        ? Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(pack.prefix))
        : Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(pack.prefix));
      for (const f of found) {
        const rule = String(f.entry.data).match(/^[A-Za-z0-9.]+-[A-Za-z0-9]+/)![0];
        const lib = isLibrary(byPath.get(f.id));
        if (kind === 'error') {
          counts[lib ? 'library' : 'user']++;
          rules[rule] ??= { library: 0, user: 0 };
          rules[rule][lib ? 'library' : 'user']++;
        } else {
          counts[lib ? 'libraryWarnings' : 'userWarnings']++;
        }
      }
    };
    tally('error');
    tally('warning');
  }
  console.log(`## ${pack.name}: errors ${counts.library + counts.user} (library ${counts.library}, user ${counts.user}); warnings ${counts.libraryWarnings + counts.userWarnings} (library ${counts.libraryWarnings}, user ${counts.userWarnings})`);
  for (const [rule, n] of Object.entries(rules).sort()) console.log(`   ${rule}: library ${n.library}, user ${n.user}`);
}
