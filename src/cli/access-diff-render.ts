/*
 * The access diff (access-diff.ts) as a reviewer reads it: text for the terminal, Markdown for a
 * pull request comment, JSON for tools. Widening first, each change under its bucket.
 */
import { AccessChange, AccessDiff, ChangeEffect } from './access-diff';

const HEADINGS: Record<ChangeEffect, string> = {
  widens: 'Widens access',
  narrows: 'Narrows access',
  changes: 'Other changes',
};
const MARKS: Record<ChangeEffect, string> = { widens: '+', narrows: '-', changes: '~' };

function headline(diff: AccessDiff): string {
  const { widens, narrows, changes } = diff.summary;
  if (widens + narrows + changes === 0) return 'Access diff: no change in access.';
  return `Access diff: ${widens} widening, ${narrows} narrowing, ${changes} other change(s).`;
}

/** The changes of one effect, grouped by bucket in the diff's order. */
function groups(diff: AccessDiff, effect: ChangeEffect): [string, AccessChange[]][] {
  const byBucket = new Map<string, AccessChange[]>();
  for (const change of diff.changes.filter(c => c.effect === effect)) {
    const label = change.bucketName === change.bucket ? change.bucket : `${change.bucketName} (${change.bucket})`;
    byBucket.set(label, [...byBucket.get(label) ?? [], change]);
  }
  return [...byBucket];
}

/** Plain text: a headline, then one block per effect (widening first), each change under its bucket. */
export function renderDiffText(diff: AccessDiff): string {
  const out = [headline(diff)];
  for (const effect of Object.keys(HEADINGS) as ChangeEffect[]) {
    const blocks = groups(diff, effect);
    if (!blocks.length) continue;
    out.push('', `${HEADINGS[effect]}:`);
    for (const [bucket, changes] of blocks) {
      out.push(`  bucket ${bucket}`, ...changes.map(c => `    ${MARKS[effect]} ${c.message}`));
    }
  }
  return out.join('\n') + '\n';
}

/** Markdown for a pull request comment. */
export function renderDiffMarkdown(diff: AccessDiff): string {
  const code = (s: string) => s.replace(/([`*_|<>\\[\]])/g, '\\$1');
  const out = [`### ${headline(diff)}`];
  for (const effect of Object.keys(HEADINGS) as ChangeEffect[]) {
    const blocks = groups(diff, effect);
    if (!blocks.length) continue;
    out.push('', `#### ${HEADINGS[effect]}`);
    for (const [bucket, changes] of blocks) {
      out.push('', `Bucket **${code(bucket)}**:`, '', ...changes.map(c => `- ${effect === 'widens' ? '**widens**: ' : ''}${code(c.message)}`));
    }
  }
  return out.join('\n') + '\n';
}

/** JSON: the diff as access-diff.ts defines it. */
export function renderDiffJson(diff: AccessDiff): string {
  return JSON.stringify(diff, undefined, 2) + '\n';
}

/** The formats, by the name the CLI takes. */
export const DIFF_RENDERERS: Record<string, (diff: AccessDiff) => string> = {
  text: renderDiffText,
  md: renderDiffMarkdown,
  json: renderDiffJson,
};
