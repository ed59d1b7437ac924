/*
 * The generated code stays code whatever the policy holds. A policy is often copied from an account
 * someone else controls, and the generated app runs at `cdk synth` with the developer's credentials:
 * a Sid, a principal, a prefix, a tag key or value, a condition value or a bucket name must never
 * become a statement. Each test generates the app of a hostile policy and of its benign twin (the same
 * policy with every hostile string replaced by letters and hyphens, so that the names derived from
 * them are the same), parses both (the TypeScript compiler API; Python's own `ast`), and asserts that
 * their syntax trees are the same but for the values of string literals, that those values are the
 * hostile strings exactly, and that the calls are the expected ones. Also: no generated line holds an
 * invisible or line-ending character, and no generated file has an unused import or local.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { corpus, generatedStack } from './support/migrate-harness';
import { typeCheck } from './support/type-check';
import { generateCode } from '../src/migrate/codegen';
import { MigrationPlan, planMigration } from '../src/migrate/plan';
import { PolicyDocumentJson } from '../src/migrate/policy';
import { renderPlanText } from '../src/migrate/render';
import { VpcOnlyAccessPoint } from '../src/vpc-only-access-point';

const ROOT = path.join(__dirname, '..');

/** Every character the issue names: the Unicode line breaks, quotes, backslash, comment and template ends, NUL. */
const BREAKERS = ['\u2028', '\u2029', '\u000B', '\u000C', '\u001C', '\u001D', '\u001E', '\u0085', '\r', '\n', '\r\n', '\'', '"', '\\', '*/', '${', '"""', '\u0000', '\u202E'];
/** What an attacker puts after a line break: a call in each language. */
const INJECTED = 'require("child_process").execSync("touch /tmp/pwned");__import__("os").system("touch /tmp/pwned")#//';
const SID = BREAKERS.map(b => `${b}${INJECTED}`).join('');
/** Strings that reach literals: no '*', '?' or '${' (the planner reads those as patterns and does not map them). */
const LITERAL_SAFE = BREAKERS.filter(b => !/[*?}]|\$\{/.test(b)).join('');
const PREFIX = `a${LITERAL_SAFE}b/`;
const VPC = `vpc-1${LITERAL_SAFE}x`;
const TAG_KEY = `k${LITERAL_SAFE}k`;
const TAG_VALUE = `v${LITERAL_SAFE}v`;
const FOLDER_TAG = `t${LITERAL_SAFE}t`;
const PRINCIPAL = `arn:aws:iam::111111111111:role/x${SID}`;

function policy(text: (s: string) => string): PolicyDocumentJson {
  const bucket = 'arn:aws:s3:::hostile-bucket';
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: text(SID), Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Sid: text(`Reader${SID}`),
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/reader' },
        Action: 's3:GetObject',
        Resource: `${bucket}/${text(PREFIX)}*`,
        Condition: { StringEquals: { 'aws:SourceVpc': text(VPC), [`s3:ExistingObjectTag/${text(TAG_KEY)}`]: text(TAG_VALUE) } },
      },
      {
        Sid: text(`Writer${SID}`),
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:role/writer' },
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        Resource: `${bucket}/${text(PREFIX)}*`,
      },
      {
        Sid: text(`Folders${SID}`),
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/carol' },
        Action: 's3:GetObject',
        Resource: `${bucket}/home/\${aws:PrincipalTag/${text(FOLDER_TAG)}}/*`,
      },
      { Sid: text(`Stranger${SID}`), Effect: 'Allow', Principal: { AWS: text(PRINCIPAL) }, Action: 's3:GetObject', Resource: `${bucket}/${text(PREFIX)}*` },
    ],
  } as PolicyDocumentJson;
}

/** A hostile string's benign twin: letters, digits and '/' kept, every other run a hyphen (the names derived from it do not change). */
const benign = (s: string) => s.replace(/[^A-Za-z0-9/]+/g, '-');
const HOSTILE_PLAN = planMigration(policy(s => s), { account: '111111111111', region: 'us-east-1' });
const TWIN_PLAN = planMigration(policy(benign), { account: '111111111111', region: 'us-east-1' });
/** The hostile strings by their twins, to compare literal values. */
const BY_TWIN = new Map([PREFIX, VPC, TAG_KEY, TAG_VALUE, FOLDER_TAG].map(s => [benign(s), s]));
/** Bucket names are validated by the planner; the generator must not rely on it. */
const HOSTILE_BUCKET = `hostile-bucket${BREAKERS.join('')}x`;
const withBucket = (plan: MigrationPlan, name: string): MigrationPlan => ({ ...plan, bucket: { ...plan.bucket, name } });

/** The TypeScript syntax tree: node kinds and identifier names, string literals as their kind only; the literals; the calls. */
function tsShape(code: string) {
  const file = ts.createSourceFile('generated.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const skeleton: string[] = [];
  const literals: string[] = [];
  const calls: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) literals.push(node.text);
    skeleton.push(ts.isIdentifier(node) ? `Identifier:${node.text}` : ts.SyntaxKind[node.kind]);
    if (ts.isCallExpression(node)) calls.push(node.expression.getText(file));
    if (ts.isNewExpression(node)) calls.push(`new ${node.expression.getText(file)}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const parseErrors = (file as any).parseDiagnostics as ts.Diagnostic[];
  return { skeleton, literals, calls, syntaxErrors: parseErrors.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')) };
}

/** Python's view of the generated code, from its own parser (ast): the same three lists, and unused imports. */
const PYTHON_SHAPE = `
import ast, json, sys
def dotted(n):
    if isinstance(n, ast.Name): return n.id
    if isinstance(n, ast.Attribute): return dotted(n.value) + "." + n.attr
    if isinstance(n, ast.Call): return dotted(n.func) + "()"
    return type(n).__name__
def shape(tree):
  out = {"skeleton": [], "literals": [], "calls": [], "unused": []}
  imported, used = [], set()
  for node in ast.walk(tree):
      if isinstance(node, ast.Constant) and isinstance(node.value, str):
          out["literals"].append(node.value); out["skeleton"].append("str")
      elif isinstance(node, ast.Name):
          out["skeleton"].append("Name:" + node.id); used.add(node.id)
      elif isinstance(node, ast.Attribute):
          out["skeleton"].append("Attribute:" + node.attr)
      else:
          out["skeleton"].append(type(node).__name__)
      if isinstance(node, ast.Call): out["calls"].append(dotted(node.func))
      if isinstance(node, (ast.Import, ast.ImportFrom)):
          imported += [(a.asname or a.name).split(".")[0] for a in node.names]
      if isinstance(node, ast.Assign):
          for t in node.targets:
              if isinstance(t, ast.Name): imported.append(t.id)
  out["unused"] = [n for n in imported if n not in used]
  return out
def parsed(f):
  try:
    return shape(ast.parse(open(f, encoding="utf-8").read()))
  except (SyntaxError, ValueError) as e:
    return {"skeleton": ["does not parse: " + str(e)], "literals": [], "calls": ["does not parse"], "unused": []}
print(json.dumps([parsed(f) for f in sys.argv[1:]]))
`;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-codegen-'));
type PyShape = { skeleton: string[]; literals: string[]; calls: string[]; unused: string[] };
/** Python's view of each code (one python3 process for all). */
function pyShapes(codes: string[]): PyShape[] {
  const files = codes.map((code, i) => {
    const file = path.join(TMP, `g${i}_${Math.random().toString(36).slice(2)}.py`);
    fs.writeFileSync(file, code, 'utf8');
    return file;
  });
  return JSON.parse(execFileSync('python3', ['-c', PYTHON_SHAPE, ...files], { encoding: 'utf8', stdio: 'pipe' }));
}

/** Characters no generated line may hold raw: control, format and separator characters but '\n' and ' '. */
const rawUnsafe = (code: string) => [...code].filter(c => /[\p{C}\p{Z}]/u.test(c) && c !== '\n' && c !== ' ')
  .map(c => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);

describe('hostile input: every string from the policy stays a literal or a comment', () => {
  test('the hostile policy and its twin plan alike: the strings reach the code (prefix, VPC, tags, folder tag), the bad principal does not', () => {
    expect(HOSTILE_PLAN.accessPoints.map(ap => [ap.name, ap.vpcId ?? ''])).toEqual(TWIN_PLAN.accessPoints.map(ap => [ap.name, BY_TWIN.get(ap.vpcId ?? '') ?? ap.vpcId ?? '']));
    expect(HOSTILE_PLAN.accessPoints.map(ap => ap.prefix)).toEqual(expect.arrayContaining([PREFIX]));
    expect(HOSTILE_PLAN.unmapped.some(u => u.reason.includes('is not an account, role, user'))).toBe(true);
  });

  test.each([
    ['the policy', HOSTILE_PLAN, TWIN_PLAN],
    ['a bucket name the planner would refuse', withBucket(HOSTILE_PLAN, HOSTILE_BUCKET), withBucket(TWIN_PLAN, benign(HOSTILE_BUCKET))],
  ])('TypeScript, hostile strings in %s: the same syntax tree as the twin, the literals exactly the hostile strings', (_what, hostile, twin) => {
    const code = generateCode(hostile, 'typescript');
    const h = tsShape(code);
    const t = tsShape(generateCode(twin, 'typescript'));
    expect(h.syntaxErrors).toEqual([]);
    expect(rawUnsafe(code)).toEqual([]);
    expect(h.skeleton).toEqual(t.skeleton);
    const byTwin = new Map([...BY_TWIN, [benign(HOSTILE_BUCKET), HOSTILE_BUCKET]]);
    expect(h.literals).toEqual(t.literals.map(v => byTwin.get(v) ?? v));
    expect(h.literals).toEqual(expect.arrayContaining([PREFIX, VPC, TAG_KEY, TAG_VALUE, FOLDER_TAG]));
    expect(h.calls).toEqual([
      'super', 's3.Bucket.fromBucketName', 'new AccessPointDelegation',
      'iam.Role.fromRoleArn', 'iam.Role.fromRoleArn', 'new iam.ArnPrincipal',
      'ec2.Vpc.fromLookup',
      'new VpcOnlyAccessPoint', 'readerABVpcAccessPoint.grantRead',
      'new PrefixAccessPoint', 'writerABAccessPoint.grantReadWrite', 'writerABAccessPoint.grantDelete',
      'new PrefixAccessPoint', 'carolHomeAccessPoint.grantRead', 'PrincipalFolder.principalTag',
      'new App', 'new BucketAccessPointsStack', 'app.synth',
    ].map(c => c.replace('BucketAccessPointsStack', `${hostile.bucket.name === HOSTILE_BUCKET ? 'HostileBucketX' : 'HostileBucket'}AccessPointsStack`)));
  });

  test.each([
    ['the policy', HOSTILE_PLAN, TWIN_PLAN],
    ['a bucket name the planner would refuse', withBucket(HOSTILE_PLAN, HOSTILE_BUCKET), withBucket(TWIN_PLAN, benign(HOSTILE_BUCKET))],
  ])('Python, hostile strings in %s: the same syntax tree as the twin, the literals exactly the hostile strings', (_what, hostile, twin) => {
    const code = generateCode(hostile, 'python');
    expect(rawUnsafe(code)).toEqual([]);
    const [h, t] = pyShapes([code, generateCode(twin, 'python')]);
    expect(h.skeleton).toEqual(t.skeleton);
    const byTwin = new Map([...BY_TWIN, [benign(HOSTILE_BUCKET), HOSTILE_BUCKET]]);
    // The docstring names the bucket: compare it apart.
    const docstring = (v: string) => v.startsWith('Access points over bucket');
    expect(h.literals.filter(v => !docstring(v))).toEqual(t.literals.filter(v => !docstring(v)).map(v => byTwin.get(v) ?? v));
    expect(h.literals.find(docstring)).toBe(`Access points over bucket ${hostile.bucket.name}, in place of statements of its policy.`);
    expect(h.literals).toEqual(expect.arrayContaining([PREFIX, VPC, TAG_KEY, TAG_VALUE, FOLDER_TAG]));
    const stack = `${hostile.bucket.name === HOSTILE_BUCKET ? 'HostileBucketX' : 'HostileBucket'}AccessPointsStack`;
    expect(h.calls.sort()).toEqual([
      'super().__init__', 'super', 's3.Bucket.from_bucket_name', 'AccessPointDelegation',
      'iam.Role.from_role_arn', 'iam.Role.from_role_arn', 'iam.ArnPrincipal',
      'ec2.Vpc.from_lookup',
      'VpcOnlyAccessPoint', 'reader_a_b_vpc_access_point.grant_read',
      'PrefixAccessPoint', 'writer_a_b_access_point.grant_read_write', 'writer_a_b_access_point.grant_delete',
      'PrefixAccessPoint', 'carol_home_access_point.grant_read', 'PrincipalFolder.principal_tag',
      'cdk.App', stack, 'cdk.Environment', 'app.synth',
    ].sort());
    expect(h.unused).toEqual([]);
  });

  describe.each(BREAKERS.map(b => [[...b].map(c => /[\p{C}\p{Z}]/u.test(c) ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : c).join(''), b] as const))('a Sid with %s and a call after it', (_shown, breaker) => {
    const plan = (sid: string) => planMigration({
      Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bk1/p/*' }],
    } as PolicyDocumentJson, { account: '111111111111', region: 'us-east-1' });
    const hostile = plan(`x${breaker}${INJECTED}`);
    const plain = plan('x');

    test('TypeScript: parses, and its statements and calls are those of a plain Sid', () => {
      const code = generateCode(hostile, 'typescript');
      expect(rawUnsafe(code)).toEqual([]);
      const h = tsShape(code);
      const p = tsShape(generateCode(plain, 'typescript'));
      expect(h.syntaxErrors).toEqual([]);
      expect(h.calls).toEqual(p.calls);
      expect(h.skeleton).toEqual(p.skeleton);
    });

    test('Python: parses, and its statements and calls are those of a plain Sid', () => {
      const code = generateCode(hostile, 'python');
      expect(rawUnsafe(code)).toEqual([]);
      const [h, p] = pyShapes([code, generateCode(plain, 'python')]);
      expect(h.calls).toEqual(p.calls);
      expect(h.skeleton).toEqual(p.skeleton);
    });
  });

  test('the plan as text prints no line break, terminal escape or bidirectional override of the input raw', () => {
    const text = renderPlanText(planMigration(policy(s => `${s}\u001b[2J`), { account: '111111111111', region: 'us-east-1' }));
    expect(rawUnsafe(text)).toEqual([]);
    expect(text).toContain('\\u001b[2J');
  });

  test('the corpus policy with hostile Sids: the code has the calls of the same policy with plain Sids, and none of the injected ones', () => {
    const c = corpus().find(x => x.name === 'hostile-sids')!;
    const plain = planMigration({ ...c.policy, Statement: c.policy.Statement.map((st, i) => ({ ...st, Sid: `Plain${i}` })) },
      { account: '111111111111', region: 'us-east-1' });
    const injected = /require|execSync|__import__|system|exit/;
    const ts1 = tsShape(generateCode(c.plan, 'typescript'));
    const ts2 = tsShape(generateCode(plain, 'typescript'));
    expect(ts1.syntaxErrors).toEqual([]);
    expect(ts1.calls).toEqual(ts2.calls);
    expect(ts1.skeleton).toEqual(ts2.skeleton);
    expect(ts1.calls.filter(x => injected.test(x))).toEqual([]);
    const [py1, py2] = pyShapes([generateCode(c.plan, 'python'), generateCode(plain, 'python')]);
    expect(py1.calls).toEqual(py2.calls);
    expect(py1.skeleton).toEqual(py2.skeleton);
    expect(py1.calls.filter(x => injected.test(x))).toEqual([]);
  });

  test('the hostile TypeScript type-checks under the project\'s strict settings, without unused locals or parameters', () => {
    expect(diagnostics().filter(d => d.startsWith('migrate_generated_hostile.ts'))).toEqual([]);
  }, 180_000);
});

/** Statements through existing S3 gateway endpoints (aws:SourceVpce): two endpoints of one VPC, one of them used twice. */
const ENDPOINT_A = 'vpce-0aaaaaaaaaaaaaaa1';
const ENDPOINT_B = 'vpce-0bbbbbbbbbbbbbbb2';
const ENDPOINT_VPC = 'vpc-0123456789abcdef0';
const ENDPOINT_POLICY: PolicyDocumentJson = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Reader', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::endpoint-data/app/*', Condition: { StringEquals: { 'aws:SourceVpce': ENDPOINT_A } } },
    { Sid: 'Writer', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/writer' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::endpoint-data/results/*', Condition: { StringEquals: { 'aws:SourceVpce': ENDPOINT_A } } },
    { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/ops' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::endpoint-data/ops/*', Condition: { StringEquals: { 'aws:SourceVpce': ENDPOINT_B } } },
  ],
} as PolicyDocumentJson;
const ENDPOINT_PLAN = planMigration(ENDPOINT_POLICY, {
  account: '111111111111', region: 'us-east-1', vpcEndpoints: { [ENDPOINT_A]: ENDPOINT_VPC, [ENDPOINT_B]: ENDPOINT_VPC },
});
/** A plan whose endpoint id the planner would refuse (it takes only vpce- and hexadecimal digits): the generator must not rely on it. */
const withEndpoint = (plan: MigrationPlan, from: string, to: string): MigrationPlan =>
  ({ ...plan, accessPoints: plan.accessPoints.map(ap => ap.endpointId === from ? { ...ap, endpointId: to } : ap) });
const HOSTILE_ENDPOINT = `vpce-${BREAKERS.join('')}x`;

describe('existing VPC endpoints (aws:SourceVpce): the generated app passes each access point its endpoint, imported once', () => {
  test('every statement gets a VPC-only access point on the mapped VPC with its endpoint', () => {
    expect(ENDPOINT_PLAN.accessPoints.map(ap => [ap.name, ap.vpcId, ap.endpointId])).toEqual([
      ['reader-app-vpc', ENDPOINT_VPC, ENDPOINT_A],
      ['writer-results-vpc', ENDPOINT_VPC, ENDPOINT_A],
      ['ops-vpc', ENDPOINT_VPC, ENDPOINT_B],
    ]);
    expect(ENDPOINT_PLAN.unmapped).toEqual([]);
  });

  test('TypeScript: one fromGatewayVpcEndpointId per distinct endpoint, and endpoint: on each access point', () => {
    const code = generateCode(ENDPOINT_PLAN, 'typescript');
    const shape = tsShape(code);
    expect(shape.syntaxErrors).toEqual([]);
    expect(shape.calls.filter(c => c.startsWith('ec2.'))).toEqual(['ec2.Vpc.fromLookup', 'ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId', 'ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId']);
    expect(code).toContain(`const vpce0aaaaaaaaaaaaaaa1 = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(this, 'Vpce0aaaaaaaaaaaaaaa1', '${ENDPOINT_A}');`);
    expect(code).toContain('new VpcOnlyAccessPoint(this, \'ReaderAppVpc\', { bucket, vpc: vpc0123456789abcdef0, endpoint: vpce0aaaaaaaaaaaaaaa1, accessPointName: \'reader-app-vpc\', prefix: \'app/\' });');
    expect(code).toContain('new VpcOnlyAccessPoint(this, \'OpsVpc\', { bucket, vpc: vpc0123456789abcdef0, endpoint: vpce0bbbbbbbbbbbbbbb2, accessPointName: \'ops-vpc\', prefix: \'ops/\' });');
    expect(code).toMatch(/\/\/ Synthesis warns \(cdk-s3-access-points:endpointPolicyNotManaged\) with the statements each endpoint's owner must add/);
  });

  test('Python: one from_gateway_vpc_endpoint_id per distinct endpoint, and endpoint= on each access point, nothing unused', () => {
    const code = generateCode(ENDPOINT_PLAN, 'python');
    const [shape] = pyShapes([code]);
    expect(shape.calls.filter(c => c.startsWith('ec2.')).sort()).toEqual(['ec2.GatewayVpcEndpoint.from_gateway_vpc_endpoint_id', 'ec2.GatewayVpcEndpoint.from_gateway_vpc_endpoint_id', 'ec2.Vpc.from_lookup']);
    expect(code).toContain(`vpce_0aaaaaaaaaaaaaaa1 = ec2.GatewayVpcEndpoint.from_gateway_vpc_endpoint_id(self, "Vpce0aaaaaaaaaaaaaaa1", "${ENDPOINT_A}")`);
    expect(code).toContain('VpcOnlyAccessPoint(self, "WriterResultsVpc", bucket=bucket, vpc=vpc_0123456789abcdef0, endpoint=vpce_0aaaaaaaaaaaaaaa1, access_point_name="writer-results-vpc", prefix="results/")');
    expect(shape.unused).toEqual([]);
  });

  test('the TypeScript type-checks under the project\'s strict settings, without unused locals or parameters', () => {
    expect(diagnostics().filter(d => d.startsWith('migrate_generated_endpoints.ts'))).toEqual([]);
  }, 180_000);

  test('the generated app synthesizes VpcOnlyAccessPoints on the imported endpoints, makes none, and warns once per endpoint', () => {
    const stack = generatedStack(ENDPOINT_PLAN);
    const aps = stack.node.findAll().filter((c): c is VpcOnlyAccessPoint => c instanceof VpcOnlyAccessPoint);
    expect(aps.map(ap => [ap.resource.name, ap.gatewayEndpoint.vpcEndpointId, ap.endpointManaged])).toEqual([
      ['reader-app-vpc', ENDPOINT_A, false],
      ['writer-results-vpc', ENDPOINT_A, false],
      ['ops-vpc', ENDPOINT_B, false],
    ]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.resourcePropertiesCountIs('AWS::S3::AccessPoint', { VpcConfiguration: { VpcId: ENDPOINT_VPC } }, 3);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('endpointPolicyNotManaged')).map(w => w.entry.data as string);
    expect(warnings).toHaveLength(2);
    expect(warnings.find(w => w.includes(ENDPOINT_A))).toMatch(/accesspoint\/reader-app-vpc.*accesspoint\/writer-results-vpc/s);
    expect(warnings.find(w => w.includes(ENDPOINT_B))).toMatch(/accesspoint\/ops-vpc/);
  });

  test('the check can fail: the old code (no endpoint:) makes a second gateway endpoint in the VPC and warns about none', () => {
    const old = generateCode(ENDPOINT_PLAN, 'typescript').replace(/endpoint: \w+, /g, '');
    const stack = generatedStack(ENDPOINT_PLAN, old);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('endpointPolicyNotManaged'))).toEqual([]);
  });

  test('an endpoint id the planner would refuse stays a literal in both languages', () => {
    const hostile = withEndpoint(ENDPOINT_PLAN, ENDPOINT_B, HOSTILE_ENDPOINT);
    const twin = withEndpoint(ENDPOINT_PLAN, ENDPOINT_B, benign(HOSTILE_ENDPOINT));
    const code = generateCode(hostile, 'typescript');
    expect(rawUnsafe(code)).toEqual([]);
    const h = tsShape(code);
    const t = tsShape(generateCode(twin, 'typescript'));
    expect(h.syntaxErrors).toEqual([]);
    expect(h.skeleton).toEqual(t.skeleton);
    expect(h.calls).toEqual(t.calls);
    expect(h.literals).toEqual(t.literals.map(v => v === benign(HOSTILE_ENDPOINT) ? HOSTILE_ENDPOINT : v));
    expect(h.literals).toContain(HOSTILE_ENDPOINT);
    const python = generateCode(hostile, 'python');
    expect(rawUnsafe(python)).toEqual([]);
    const [hp, tp] = pyShapes([python, generateCode(twin, 'python')]);
    expect(hp.skeleton).toEqual(tp.skeleton);
    expect(hp.calls).toEqual(tp.calls);
    expect(hp.literals).toEqual(tp.literals.map(v => v === benign(HOSTILE_ENDPOINT) ? HOSTILE_ENDPOINT : v));
  });

  test('the planner does not map a hostile aws:SourceVpce value: it is not an endpoint id', () => {
    const p = planMigration({ Statement: [{ ...ENDPOINT_POLICY.Statement[0], Condition: { StringEquals: { 'aws:SourceVpce': HOSTILE_ENDPOINT } } }] } as PolicyDocumentJson,
      { account: '111111111111', region: 'us-east-1', vpcEndpoints: { [HOSTILE_ENDPOINT]: ENDPOINT_VPC } });
    expect(p.accessPoints).toEqual([]);
    expect(p.unmapped.map(u => u.reason)).toEqual([expect.stringContaining('is not a VPC endpoint id (vpce- and 8 or 17 hexadecimal digits)')]);
  });
});

let checked: string[] | undefined;
/**
 * The diagnostics of one program (one type-check costs half a minute): the TypeScript of every corpus
 * policy, of the hostile policy, and of the empty plan with the old header (aws-iam imported always).
 */
function diagnostics(): string[] {
  if (checked) return checked;
  const source = (plan: MigrationPlan) => generateCode(plan, 'typescript').replace(/'cdk-s3-access-points'/g, `'${path.join(ROOT, 'src')}'`);
  const file = (name: string) => path.join(ROOT, 'test', `migrate_generated_${name}.ts`);
  const files = new Map(corpus().map(c => [file(`corpus_${c.name.replace(/-/g, '_')}`), source(c.plan)]));
  files.set(file('hostile'), source(HOSTILE_PLAN));
  files.set(file('endpoints'), source(ENDPOINT_PLAN));
  const empty = corpus().find(c => c.name === 'data-perimeter-denies-only')!.plan;
  files.set(file('old_header'), source(empty).replace('import * as s3', 'import * as iam from \'aws-cdk-lib/aws-iam\';\nimport * as s3'));
  checked = typeCheck(files, projectOptions());
  return checked;
}

/** The compiler options of the project's tsconfig.json (strict, ...), with noUnusedLocals and noUnusedParameters on. */
function projectOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent({ compilerOptions: config.compilerOptions }, ts.sys, ROOT);
  return { ...options, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, declaration: false, types: ['node'] };
}

describe('no unused import or local in any plan\'s code', () => {
  const CORPUS = corpus();

  test('the TypeScript of every corpus policy type-checks under the project\'s strict settings with noUnusedLocals and noUnusedParameters', () => {
    expect(projectOptions().strict).toBe(true);
    expect(diagnostics().filter(d => d.startsWith('migrate_generated_corpus_'))).toEqual([]);
  }, 180_000);

  test('the check can fail: the old header (aws-iam imported whatever the plan) is an unused import where no access point is made', () => {
    expect(corpus().find(c => c.name === 'data-perimeter-denies-only')!.plan.accessPoints).toEqual([]);
    expect(diagnostics().filter(d => d.startsWith('migrate_generated_old_header.ts'))).toEqual([
      'migrate_generated_old_header.ts: \'iam\' is declared but its value is never read.',
    ]);
  }, 180_000);

  test('the Python of every corpus policy parses, and imports and assigns nothing it does not use (pyflakes runs in test/python)', () => {
    // The check can fail: the old header imported aws_iam for every plan.
    const empty = generateCode(CORPUS.find(c => c.name === 'data-perimeter-denies-only')!.plan, 'python');
    const shapes = pyShapes([...CORPUS.map(c => generateCode(c.plan, 'python')),
      empty.replace('from aws_cdk import aws_s3 as s3', 'from aws_cdk import aws_iam as iam, aws_s3 as s3')]);
    expect(shapes.slice(0, -1).map((shape, i) => ({ policy: CORPUS[i].name, unused: shape.unused })))
      .toEqual(CORPUS.map(c => ({ policy: c.name, unused: [] })));
    expect(shapes[shapes.length - 1].unused).toEqual(['iam']);
  }, 60_000);
});
