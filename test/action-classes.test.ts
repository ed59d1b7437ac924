/*
 * Every action of s3, s3express and kms in AWS's Service Authorization Reference snapshot is in one
 * class of src/private/action-classes.ts. When a new snapshot brings an action nobody classified,
 * this fails and names it (`npx ts-node --transpile-only scripts/classify-actions.ts --new-only`
 * prints a draft line for it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DirectoryBucketAccessPoint, MultiRegionAccessPoint, SharedDataBucket, SharedDirectoryBucket } from '../src';
import { withActionClasses } from './support/action-classes-doc';
import { EXAMPLE_APPS } from './support/example-stacks';
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

/*
 * The few actions the library names one by one (the replication role, the failover routes' function,
 * the S3 Express endpoint, the grants' levels) are least-privilege picks from AWS's pages, not class
 * lists: each must still be an action of the snapshot, and each wildcard must match one.
 */
describe('every s3, s3express and kms action the synthesized templates name is in the snapshot', () => {
  /** The preset's replication, failover routes and a VPC-only directory bucket access point: what the examples do not make. */
  function newFeatures(app: App) {
    const env = { account: '111111111111', region: 'us-east-1' };
    const stack = new Stack(app, 'NewFeatures', { env });
    const west = new Stack(app, 'West', { env: { ...env, region: 'us-west-2' } });
    const key = kms.Key.fromKeyArn(stack, 'ReplicaKey', 'arn:aws:kms:us-west-2:111111111111:key/11111111-2222-3333-4444-555555555555');
    const east = new SharedDataBucket(stack, 'Data', {
      bucketName: 'regulated-data',
      compliance: { replicationDestination: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'replica', region: 'us-west-2', encryptionKey: key }), noReplicationReason: 'logs stay in one Region' },
    });
    const other = new SharedDataBucket(west, 'Data', { bucketName: 'data-west' });
    new MultiRegionAccessPoint(stack, 'Global', {
      buckets: [east, other],
      multiRegionAccessPointName: 'global',
      prefix: 'shared/',
      routes: [{ bucket: east, trafficDialPercentage: 100 }, { bucket: other, trafficDialPercentage: 0 }],
    });
    const fast = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new DirectoryBucketAccessPoint(stack, 'Reader', { bucket: fast, accessPointName: 'reader--use1-az4--xa-s3', prefixes: ['r/'], vpc });
    return [stack, west];
  }

  const named = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {node.forEach(collect);} else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'Action' || k === 'NotAction') [v].flat().filter((a): a is string => typeof a === 'string').forEach(a => named.add(a));
        else collect(v);
      }
    }
  };
  const app = new App();
  for (const stack of [...EXAMPLE_APPS.flatMap(e => e.build(app)), ...newFeatures(app)]) collect(Template.fromStack(stack).toJSON());
  const ours = [...named].filter(a => CLASSIFIED_SERVICES.includes(a.split(':')[0])).sort();

  test('the templates name actions of all three services (the check has something to check)', () => {
    expect(ours).toEqual(expect.arrayContaining(['s3:GetObjectVersionForReplication', 's3:SubmitMultiRegionAccessPointRoutes', 's3express:CreateSession', 'kms:Decrypt']));
  });

  /** The names that are no action of the snapshot (for a wildcard: that match none). */
  const unknownActions = (actions: string[]) => actions.filter(a => a.includes('*')
    ? !Object.keys(snapshot).some(s => new RegExp(`^${a.replace(/\*/g, '.*')}$`).test(s))
    : !(a in snapshot));

  test('each one is an action of the snapshot, each wildcard matches one', () => {
    expect(unknownActions(ours)).toEqual([]);
  });

  test('the check fails on a misspelt action and on a wildcard that matches nothing', () => {
    expect(unknownActions([...ours, 's3:GetObjectVersionForReplications', 's3express:Nothing*'])).toEqual(['s3:GetObjectVersionForReplications', 's3express:Nothing*']);
  });
});
