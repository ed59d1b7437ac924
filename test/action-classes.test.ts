/*
 * Every action of s3, s3express and kms in AWS's Service Authorization Reference snapshot is in one
 * class of src/private/action-classes.ts. When a new snapshot brings an action nobody classified,
 * this fails and names it (`npx ts-node --transpile-only scripts/classify-actions.ts --new-only`
 * prints a draft line for it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { withActionClasses } from './support/action-classes-doc';
import { CLASSIFIED_SERVICES, snapshotActions } from './support/sar-snapshot';
import { ACTION_CLASSES, actionsOf, ActionClass, compactDeny } from '../src/private/action-classes';

interface Gaps { unclassified: string[]; gone: string[]; resourceTypesDiffer: string[] }

/** What the table and the snapshot disagree on. */
function gaps(snapshot: Record<string, string>, table: Record<string, readonly [ActionClass, string]>): Gaps {
  const classified = Object.keys(table).filter(a => CLASSIFIED_SERVICES.includes(a.split(':')[0]));
  return {
    unclassified: Object.keys(snapshot).filter(a => !(a in table)).sort(),
    gone: classified.filter(a => !(a in snapshot)).sort(),
    resourceTypesDiffer: classified.filter(a => a in snapshot && snapshot[a] !== table[a][1]).sort(),
  };
}

const snapshot = Object.assign({}, ...CLASSIFIED_SERVICES.map(snapshotActions)) as Record<string, string>;

test('every action of s3, s3express and kms in the snapshot is classified, with the snapshot\'s resource types; none is gone', () => {
  expect(Object.keys(snapshot).length).toBeGreaterThan(250);
  expect(gaps(snapshot, ACTION_CLASSES)).toEqual({ unclassified: [], gone: [], resourceTypesDiffer: [] });
});

test('the check fails on a planted unclassified action, and on a classified one the snapshot no longer has', () => {
  const planted = { ...snapshot, 's3:PutBucketExfiltrationConfiguration': 'bucket' };
  expect(gaps(planted, ACTION_CLASSES).unclassified).toEqual(['s3:PutBucketExfiltrationConfiguration']);
  const { ['s3:PutInventoryConfiguration']: _gone, ...withoutInventory } = snapshot;
  expect(gaps(withoutInventory, ACTION_CLASSES).gone).toEqual(['s3:PutInventoryConfiguration']);
  expect(gaps({ ...snapshot, 's3:GetObject': 'object' }, ACTION_CLASSES).resourceTypesDiffer).toEqual(['s3:GetObject']);
});

test('every action on objects reads, reveals, writes or exports: so s3:* on the objects denies exactly those classes', () => {
  const onObjects = Object.keys(snapshot).filter(a => a.startsWith('s3:') && /\b(object|accesspointobject)\b/.test(snapshot[a]));
  const classes = new Set(onObjects.map(a => ACTION_CLASSES[a][0]));
  expect([...classes].sort()).toEqual(['EXPORT', 'READ_DATA', 'REVEAL_KEYS', 'WRITE_DATA']);
});

test('the reviewed decisions: the listing, export and reopening classes', () => {
  expect(actionsOf('s3', ['REVEAL_KEYS'], ['bucket'])).toEqual(['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions']);
  expect(actionsOf('s3', ['EXPORT'])).toEqual([
    's3:AllowVendedLogDeliveryForResource', 's3:CreateBucketMetadataTableConfiguration', 's3:CreateJob', 's3:InitiateReplication',
    's3:PutAnalyticsConfiguration', 's3:PutBucketLogging', 's3:PutBucketNotification', 's3:PutInventoryConfiguration',
    's3:PutReplicationConfiguration', 's3:PutStorageLensConfiguration', 's3:UpdateBucketMetadataAnnotationTableConfiguration',
    's3:UpdateBucketMetadataInventoryTableConfiguration', 's3:UpdateBucketMetadataJournalTableConfiguration', 's3:UpdateJobStatus',
  ]);
  expect(actionsOf('s3express', ['EXPORT'])).toEqual(['s3express:PutInventoryConfiguration']);
  expect(actionsOf('s3', ['REOPEN_BUCKET'], ['bucket'])).toEqual(['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketOwnershipControls',
    's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock']);
  expect(actionsOf('s3express', ['READ_DATA'])).toEqual(['s3express:CreateSession']);
  // Every List action reveals names, except the tags of a resource.
  const lists = Object.keys(snapshot).filter(a => /^[a-z0-9]+:List/.test(a) && !a.endsWith(':ListTagsForResource'));
  expect(lists.filter(a => ACTION_CLASSES[a][0] !== 'REVEAL_KEYS')).toEqual([]);
});

describe('compactDeny: a wildcard matches, in the snapshot, only actions of the denied classes', () => {
  test.each([
    [['REVEAL_KEYS'], ['bucket']],
    [['EXPORT'], ['bucket']],
    [['REOPEN_BUCKET'], ['bucket']],
    [['READ_DATA', 'REVEAL_KEYS', 'WRITE_DATA', 'EXPORT'], ['bucket', 'object']],
  ] as [ActionClass[], string[]][])('%j on %j', (classes, resourceTypes) => {
    const actions = actionsOf('s3', classes, resourceTypes);
    const patterns = compactDeny(actions, classes);
    const matches = (p: string) => Object.keys(snapshot).filter(a => new RegExp(`^${p.replace('*', '.*')}$`).test(a));
    // Covers every action it was given...
    for (const a of actions) expect(patterns.some(p => matches(p).includes(a))).toBe(true);
    // ...and nothing of another class.
    for (const p of patterns) expect(matches(p).filter(a => !classes.includes(ACTION_CLASSES[a][0]))).toEqual([]);
  });
});

test('docs/threat-model.md lists the classes as the module has them (scripts/classify-actions.ts --docs rewrites the list)', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'threat-model.md'), 'utf8');
  expect(page).toEqual(withActionClasses(page));
});
