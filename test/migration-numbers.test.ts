/*
 * The numbers docs/migration.md states, against a fresh run of the planner: the sizes of step 4 and
 * every line of the worked example's printed plan (the block elides lines with "…", never changes one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { planMigration } from '../src/migrate/plan';
import { readBucketPolicy } from '../src/migrate/policy';
import { renderPlanText } from '../src/migrate/render';

const ROOT = path.join(__dirname, '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'migration.md'), 'utf8');
const num = (s: string) => Number(s.replace(/,/g, ''));

function plan(name: string) {
  const file = path.join(ROOT, 'test', 'migrate-corpus', `${name}.json`);
  return planMigration(readBucketPolicy(fs.readFileSync(file, 'utf8'), file), { account: '111111111111', region: 'us-east-1' });
}

test('step 4: the worked example and the 100-consumer policy, before and after', () => {
  const m = /In the worked example\nbelow, ([\d,]+) bytes become ([\d,]+); for the 100-consumer policy of the test corpus, ([\d,]+) bytes \((\d+) % of\nthe limit\) become ([\d,]+)/.exec(DOC);
  if (!m) throw new Error('docs/migration.md no longer states the step 4 sizes in the expected words: update this test with it');
  const lake = plan('data-lake-store-events');
  const hundred = plan('hundred-consumers');
  expect([num(m[1]), num(m[2])]).toEqual([lake.sizes.bucketPolicyBefore, lake.sizes.bucketPolicyAfter]);
  expect([num(m[3]), num(m[5])]).toEqual([hundred.sizes.bucketPolicyBefore, hundred.sizes.bucketPolicyAfter]);
  expect(Number(m[4])).toBe(Math.round((hundred.sizes.bucketPolicyBefore * 100) / 20480));
});

test('the worked example prints what the planner prints', () => {
  const block = /```text\n\$ npx cdk-s3-access-points migrate policy\.json --account 111111111111 --region us-east-1\n([\s\S]*?)\n```/.exec(DOC);
  if (!block) throw new Error('docs/migration.md no longer has the worked example block: update this test with it');
  const printed = renderPlanText(plan('data-lake-store-events')).split('\n');
  const shown = block[1].split('\n').filter(line => line.trim() !== '…');
  // Every line shown is a printed line, in the printed order.
  let at = 0;
  for (const line of shown) {
    const found = printed.indexOf(line, at);
    expect({ line, printed: found >= 0 }).toEqual({ line, printed: true });
    at = found + 1;
  }
  // The sizes are there (the point of the example).
  expect(shown.filter(l => /bytes/.test(l)).length).toBeGreaterThanOrEqual(5);
});
