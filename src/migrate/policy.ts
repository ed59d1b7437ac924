/*
 * Reading a bucket policy: the text `aws s3api get-bucket-policy` prints (an object whose `Policy`
 * is the policy as a string) or the policy document itself. Plain functions of JSON: no CDK.
 */

/** A statement of an IAM policy, as written (single values or lists). */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document. */
export interface PolicyDocumentJson {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: PolicyStatementJson[];
}

/** Input that is not a bucket policy: the message says why, for the user. */
export class PolicyInputError extends Error {}

/** A value or a list of values, as a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The policy document in `text`: either `{"Policy": "<document as a string>"}` (the output of
 * `aws s3api get-bucket-policy`) or the document. Throws PolicyInputError when it is neither.
 */
export function readBucketPolicy(text: string, source: string = 'input'): PolicyDocumentJson {
  if (text.trim() === '') throw new PolicyInputError(`${source} is empty: expected a bucket policy (JSON)`);
  let json: any = parseJson(text, source);
  if (json && typeof json === 'object' && !Array.isArray(json) && 'Policy' in json) {
    if (typeof json.Policy !== 'string') {
      throw new PolicyInputError(`${source}: "Policy" must be the policy document as a string, as aws s3api get-bucket-policy prints it`);
    }
    json = parseJson(json.Policy, `${source} (its "Policy" string)`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || !('Statement' in json)) {
    throw new PolicyInputError(`${source} is not a bucket policy: expected an object with "Statement" (or the {"Policy": "..."} that aws s3api get-bucket-policy prints)`);
  }
  const statements = asList<any>(json.Statement);
  if (statements.length === 0) throw new PolicyInputError(`${source}: the policy has no statements`);
  statements.forEach((s, i) => {
    const where = `${source}: statement ${i + 1}${typeof s?.Sid === 'string' ? ` (${s.Sid})` : ''}`;
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw new PolicyInputError(`${where} is not an object`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyInputError(`${where}: Effect must be "Allow" or "Deny" (found ${JSON.stringify(s.Effect)})`);
    if ((s.Principal === undefined) === (s.NotPrincipal === undefined)) throw new PolicyInputError(`${where}: a bucket policy statement needs Principal or NotPrincipal`);
    if ((s.Action === undefined) === (s.NotAction === undefined)) throw new PolicyInputError(`${where}: needs Action or NotAction`);
    if ((s.Resource === undefined) === (s.NotResource === undefined)) throw new PolicyInputError(`${where}: needs Resource or NotResource`);
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      if (s[key] !== undefined && !asList(s[key]).every((v: unknown) => typeof v === 'string')) {
        throw new PolicyInputError(`${where}: ${key} must be a string or a list of strings`);
      }
    }
    if (s.Condition !== undefined && (typeof s.Condition !== 'object' || Array.isArray(s.Condition)
      || !Object.values(s.Condition).every(v => v && typeof v === 'object' && !Array.isArray(v)))) {
      throw new PolicyInputError(`${where}: Condition must map operators to objects of condition keys`);
    }
  });
  return { ...json, Statement: statements };
}

function parseJson(text: string, source: string): any {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PolicyInputError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The size S3 counts for a policy: its bytes as compact JSON. */
export function policyBytes(document: unknown): number {
  return Buffer.byteLength(JSON.stringify(document), 'utf8');
}

/** Whether an IAM wildcard pattern (`*`, `?`) matches a value, case-sensitively or not. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.split('').map(c => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('')}$`, ignoreCase ? 'i' : '');
  return re.test(value);
}

/** The buckets a policy's resources name: arn:PARTITION:s3:::NAME[/...]. */
export function bucketsOf(policy: PolicyDocumentJson): { names: string[]; partition: string } {
  const names = new Set<string>();
  let partition = 'aws';
  for (const s of policy.Statement) {
    for (const r of [...asList(s.Resource), ...asList(s.NotResource)]) {
      const m = /^arn:(aws[a-z-]*):s3:::([^/*?]+)(\/|$)/.exec(r);
      if (m) {
        names.add(m[2]);
        partition = m[1];
      }
    }
  }
  return { names: [...names].sort(), partition };
}
