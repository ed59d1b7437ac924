/*
 * The list of action classes in docs/threat-model.md ("Action classes"), rendered from
 * src/private/action-classes.ts: test/action-classes.test.ts checks the page against it, and
 * `npx ts-node --transpile-only scripts/classify-actions.ts --docs` rewrites the page's section.
 */
import { ACTION_CLASS_ORDER, ACTION_CLASSES, CLASS_DESCRIPTIONS } from '../../src/private/action-classes';

export const DOC_BEGIN = '<!-- action-classes:begin -->';
export const DOC_END = '<!-- action-classes:end -->';

/** The section between the markers. */
export function renderActionClasses(): string {
  const lines: string[] = [];
  for (const cls of ACTION_CLASS_ORDER) {
    lines.push(`- **\`${cls}\`**: ${CLASS_DESCRIPTIONS[cls]}.`);
    for (const service of ['s3', 's3express', 'kms']) {
      const names = Object.keys(ACTION_CLASSES).filter(a => a.startsWith(`${service}:`) && ACTION_CLASSES[a][0] === cls).map(a => a.split(':')[1]).sort();
      if (names.length > 0) lines.push(`  - \`${service}\` (${names.length}): ${names.map(n => `\`${n}\``).join(', ')}`);
    }
  }
  return lines.join('\n');
}

/** The page with its section replaced. */
export function withActionClasses(page: string): string {
  const begin = page.indexOf(DOC_BEGIN);
  const end = page.indexOf(DOC_END);
  if (begin < 0 || end < begin) throw new Error(`the page has no ${DOC_BEGIN} ... ${DOC_END} section`);
  return `${page.slice(0, begin + DOC_BEGIN.length)}\n${renderActionClasses()}\n${page.slice(end)}`;
}
