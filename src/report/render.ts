/*
 * Renders access reports (report/model.ts) as Markdown, a Mermaid diagram, a terminal table or JSON.
 * Pure functions of the JSON: the CLI uses them without the CDK, and the synthesis uses them on the
 * same JSON it writes, so every form says the same thing.
 */
import { AccessReport, ReportAccessPoint, ReportGrant } from './model';
import { ActionClass, CLASS_DESCRIPTIONS } from '../private/action-classes';

const IDENTITY_TEXT: Record<string, string> = {
  WRITTEN: 'written by CDK',
  NOT_NEEDED: 'not needed (same account)',
  MUST_BE_ADDED: 'MISSING: its account must add it',
};

/** The columns of the grant table, shared by Markdown and the terminal table. */
const COLUMNS = ['consumer', 'account', 'access point', 'origin', 'prefix', 'object tags', 'access', 'identity policy'];

/** How a format shows a literal value (an ARN, a prefix, a `${...}`): as code in Markdown, as is elsewhere. */
type Code = (value: string) => string;
const plain: Code = v => v;
const backticks: Code = v => `\`${v}\``;

/** The kind of an access point in a word or two, after its name; nothing for a general purpose bucket's. */
export const KIND_LABEL: Record<string, string> = {
  DirectoryBucketAccessPoint: 'directory bucket',
  MultiRegionAccessPoint: 'Multi-Region',
};

/** An access point's name, labelled with its kind when it is not a general purpose bucket's. */
export function accessPointLabel(ap: ReportAccessPoint): string {
  return ap.kind && KIND_LABEL[ap.kind] ? `${ap.name} (${KIND_LABEL[ap.kind]})` : ap.name;
}

/**
 * A principal as the report shows it: its construct path (or ARN, for one made elsewhere), with the
 * physical name after it when the app gave one (`Global/Reader (role/reader)`).
 */
export function principalLabel(g: ReportGrant): string {
  const named = g.principal !== g.principalArn && /^arn:(?:\$\{AWS::Partition\}|[a-z-]+):iam::[^:]*:((?:role|user|group)\/[^$]+)$/.exec(g.principalArn);
  return named ? `${g.principal} (${named[1]})` : g.principal;
}

function row(ap: ReportAccessPoint, g: ReportGrant, code: Code): string[] {
  const tags = Object.entries(g.objectTags).map(([k, v]) => `${k}=${v}`).join(', ');
  return [
    code(principalLabel(g)),
    g.account ? code(g.account) : '-',
    accessPointLabel(ap),
    ap.networkOrigin,
    g.keyPrefix === '' ? '(all keys)' : code(g.keyPrefix),
    tags ? code(tags) : '-',
    g.capabilities.join(', '),
    (IDENTITY_TEXT[g.identityPolicy] ?? g.identityPolicy) + (g.inAccessPointPolicy ? '' : '; not in the access point policy'),
  ];
}

/** The kind of access point, when it is not a general purpose bucket's, and what bounds it. */
function kindText(ap: ReportAccessPoint): string {
  if (ap.kind === 'DirectoryBucketAccessPoint') {
    const scope = ap.scope ? `, scope ${ap.scope.prefixes.length ? ap.scope.prefixes.join(' ') : '(all keys)'}: ${ap.scope.permissions.join(' ') || '(all operations)'}` : '';
    return `directory bucket access point, zone ${ap.zone ?? '?'}${scope}; `;
  }
  if (ap.kind === 'MultiRegionAccessPoint') return `Multi-Region Access Point over ${(ap.regions ?? []).join(', ')}; `;
  return '';
}

function originText(ap: ReportAccessPoint): string {
  return kindText(ap) + networkText(ap);
}

function networkText(ap: ReportAccessPoint): string {
  if (ap.networkOrigin !== 'VPC') return 'Internet';
  // An imported endpoint's policy is its owner's: the library only says what it must hold.
  const managed = ap.endpoint?.managed === false ? ' (policy not managed: its owner must add the statements of the synthesis warning)' : '';
  const approval = ap.endpoint ? `, endpoint ${ap.endpoint.path}${managed} approves ${ap.endpoint.approval === 'ACCOUNTS' ? 'by account' : 'by access point'}` : '';
  return `VPC ${ap.vpc?.path ?? '?'}${approval}`;
}

/** How the bucket's own account's access points are admitted; other accounts' are admitted one by one. */
function scopeText(scope: string | undefined, code: Code): string {
  if (scope === undefined || scope === 'ACCOUNT') return '';
  const own = scope === 'ACCESS_POINTS' ? 'only the access points of this app' : `only access points named ${code(`${scope.split(' ')[1]}*`)}`;
  return ` (in its own account, ${own})`;
}

function summary(report: AccessReport, code: Code): string[] {
  const b = report.bucket;
  const grants = report.accessPoints.reduce((n, ap) => n + ap.grants.length, 0);
  const lines = [
    `Bucket ${b.name === b.path ? `${b.path} (generated name)` : `${code(b.name)} (${b.path})`} in stack ${b.stack}, account ${code(b.account)}, region ${code(b.region)}, ${b.encryption}.`,
    `Delegates access control to access points of: ${b.accessPointAccounts.map(code).join(', ')}${scopeText(b.delegationScope, code)}.`,
  ];
  if (b.adopted && !b.adopted.delegationPolicyWritten) {
    lines.push(`The bucket is imported: its owner must apply the delegation statement (${code(JSON.stringify(b.adopted.delegationStatement))}), ` +
      'or requests through these access points are denied by the bucket.');
  }
  if (b.objectRequestBoundary) {
    const { vpcs: fromVpcs, vpcEndpoints } = b.objectRequestBoundary;
    const vpcs = vpcEndpoints?.length ? ` and through ${vpcEndpoints.join(', ')}` : fromVpcs.length ? ` and from ${fromVpcs.join(', ')}` : '';
    const words = (classes: string[] | undefined) => (classes ?? []).map(c => CLASS_DESCRIPTIONS[c as ActionClass] ?? c).join('; ');
    lines.push(b.objectRequestBoundary.deniedOutsideAccessPoints
      ? `Denied other than through access points${vpcs}: every action that ${words(b.objectRequestBoundary.deniedOutsideAccessPoints)}. ` +
        'Denied whatever the path to all but the exempt (administrators; deployment roles for the bucket\'s configuration; service roles for exports): ' +
        `every action that ${words(b.objectRequestBoundary.deniedExceptExempt)}.`
      : `Object requests other than through access points${vpcs} are denied.`);
  }
  lines.push(`${report.accessPoints.length} access point(s), ${grants} grant(s).`);
  return lines;
}

/** Markdown: a summary, then one table per access point (readable at a thousand grants). */
export function renderMarkdown(reports: AccessReport[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [];
  for (const report of reports) {
    out.push(`# Access report: ${report.bucket.path}`, '', ...summary(report, backticks), '');
    for (const ap of report.accessPoints) {
      out.push(`## ${ap.name}${ap.imported ? ' (imported)' : ''}: ${cell(originText(ap))}, prefix \`${ap.prefix || '(all keys)'}\``, '');
      if (ap.endpoint && ap.endpoint.allowances.length) out.push(`Endpoint also allows: ${ap.endpoint.allowances.join(', ')}.`, '');
      if (ap.grants.length === 0) {
        out.push('No grants.', '');
        continue;
      }
      out.push(`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`);
      for (const g of ap.grants) out.push(`| ${row(ap, g, backticks).map(cell).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** A Mermaid flowchart: principals -> access points -> bucket prefixes, with VPCs and their endpoints. */
export function renderMermaid(reports: AccessReport[]): string {
  const label = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const out = ['flowchart LR'];
  const ids = new Map<string, string>();
  const id = (kind: string, key: string) => {
    const k = `${kind}:${key}`;
    if (!ids.has(k)) ids.set(k, `${kind}${ids.size}`);
    return ids.get(k)!;
  };
  reports.forEach(report => {
    const bucket = id('b', report.bucket.path);
    const b = report.bucket;
    out.push(`  subgraph ${bucket}[${label(`bucket ${b.name === b.path ? b.path : `${b.name} (${b.path})`}`)}]`);
    for (const prefix of new Set(report.accessPoints.map(ap => ap.prefix))) {
      out.push(`    ${id('k', `${report.bucket.path}:${prefix}`)}[${label(prefix || '(all keys)')}]`);
    }
    out.push('  end');
    const vpcs = new Map<string, ReportAccessPoint[]>();
    for (const ap of report.accessPoints) {
      if (ap.vpc) vpcs.set(ap.vpc.path, [...(vpcs.get(ap.vpc.path) ?? []), ap]);
    }
    for (const [vpc, aps] of vpcs) {
      out.push(`  subgraph ${id('v', vpc)}[${label(`VPC ${vpc}`)}]`);
      // A directory bucket access point's endpoint serves S3 Express (com.amazonaws.REGION.s3express).
      const service = new Map(aps.map(ap => [ap.endpoint?.path ?? '', ap.kind === 'DirectoryBucketAccessPoint' ? 'S3 Express' : 'S3']));
      for (const [endpoint, name] of service) {
        out.push(`    ${id('e', endpoint)}{{${label(`${name} gateway endpoint ${endpoint}`)}}}`);
      }
      out.push('  end');
    }
    for (const ap of report.accessPoints) {
      const apId = id('a', `${report.bucket.path}:${ap.name}`);
      out.push(`  ${apId}([${label(`${accessPointLabel(ap)}<br/>${ap.networkOrigin}`)}])`);
      out.push(`  ${apId} --> ${id('k', `${report.bucket.path}:${ap.prefix}`)}`);
      if (ap.endpoint) out.push(`  ${id('e', ap.endpoint.path)} --- ${apId}`);
      for (const g of ap.grants) {
        const extra = [g.keyPrefix !== ap.prefix ? g.keyPrefix : '', ...Object.entries(g.objectTags).map(([k, v]) => `${k}=${v}`)].filter(Boolean);
        const edge = [g.capabilities.join(', '), ...extra].join(' · ') + (g.identityPolicy === 'MUST_BE_ADDED' ? ' (identity policy missing)' : '');
        out.push(`  ${id('p', g.principal)}[${label(g.principal)}] -->|${label(edge)}| ${apId}`);
      }
    }
  });
  return out.join('\n') + '\n';
}

/** A plain-text table for the terminal, one block per access point. */
export function renderTable(reports: AccessReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    out.push(`Access report: ${report.bucket.path}`, ...summary(report, plain).map(l => `  ${l}`), '');
    const rows = report.accessPoints.flatMap(ap => ap.grants.map(g => row(ap, g, plain)));
    const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    out.push(line(COLUMNS), line(widths.map(w => '-'.repeat(w))));
    for (const ap of report.accessPoints) {
      for (const g of ap.grants) out.push(line(row(ap, g, plain)));
    }
    const ungranted = report.accessPoints.filter(ap => ap.grants.length === 0).map(accessPointLabel);
    if (ungranted.length) out.push('', `No grants: ${ungranted.join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

/** JSON: the reports as the schema defines them, one array. */
export function renderJson(reports: AccessReport[]): string {
  return JSON.stringify(reports, undefined, 2) + '\n';
}

/** The formats, by the name the CLI takes. */
export const RENDERERS: Record<string, (reports: AccessReport[]) => string> = {
  table: renderTable,
  md: renderMarkdown,
  json: renderJson,
  mermaid: renderMermaid,
};
