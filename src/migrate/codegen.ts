/*
 * The CDK app of a migration plan, in TypeScript or Python, using this library's public API over the
 * existing bucket (imported by name). A pure function of the plan: the same plan gives the same code.
 *
 * The policy is often copied from an account someone else controls, and the generated app runs at
 * `cdk synth` with the developer's credentials: no string of the input may become code. Every such
 * string (Sids, principals, prefixes, tag keys and values, condition values, the bucket name) is
 * written through one of four functions of escape.ts: a string literal of either language (`q`, `qq`), or
 * a comment (`comment`, `docstring`) with every character that could end it or a line escaped.
 * Identifiers are made of ASCII letters and digits only (`pascal`, `camel`, `snake`).
 */
import { comment, docstring, q, qq } from './escape';
import { MigrationPlan, PlannedGrant, PlannedPrincipal } from './plan';

/** Languages the code is generated in. */
export const LANGUAGES = ['typescript', 'python'] as const;
export type Language = typeof LANGUAGES[number];

const GRANT_METHOD: Record<PlannedGrant['level'], string> = {
  READ: 'grantRead', WRITE: 'grantWrite', READ_WRITE: 'grantReadWrite', DELETE: 'grantDelete',
};

/** The generated code of a plan. */
export function generateCode(plan: MigrationPlan, language: Language): string {
  return language === 'python' ? python(plan) : typescript(plan);
}

/** The stack class name: from the bucket name. */
export function stackClassName(plan: MigrationPlan): string {
  return `${pascal(plan.bucket.name)}AccessPointsStack`;
}

function pascal(text: string): string {
  const out = text.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(out) ? `B${out}` : out;
}

function camel(text: string): string {
  const p = pascal(text);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

function snake(text: string): string {
  const out = text.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w.toLowerCase()).join('_');
  return /^[0-9]/.test(out) ? `p_${out}` : out;
}

const RESERVED = new Set(['bucket', 'delegation', 'scope', 'id', 'props', 'this', 'self', 'app', 'stack', 'iam', 's3', 'ec2', 'cdk',
  'class', 'function', 'var', 'let', 'const', 'new', 'delete', 'default', 'import', 'export', 'in', 'is', 'not', 'and', 'or', 'from',
  'as', 'def', 'pass', 'return', 'lambda', 'global', 'with', 'yield', 'none', 'true', 'false', 'kwargs', 'construct_id', 'os']);

/** The distinct VPCs of the plan's access points, in order. */
function vpcIds(plan: MigrationPlan): string[] {
  return [...new Set(plan.accessPoints.map(ap => ap.vpcId).filter((v): v is string => !!v))];
}

/** The distinct existing endpoints (aws:SourceVpce) the plan's access points use, in order: each is imported once. */
function endpointIds(plan: MigrationPlan): string[] {
  return [...new Set(plan.accessPoints.map(ap => ap.endpointId).filter((e): e is string => !!e))];
}

/** Unique variable names for the principals, VPCs, endpoints and access points of a plan. */
function variables(plan: MigrationPlan, style: (s: string) => string) {
  const used = new Set<string>();
  const take = (wanted: string) => {
    let name = style(wanted) || style('x');
    if (RESERVED.has(name.toLowerCase())) name = style(`${wanted} principal`);
    const base = name;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    return name;
  };
  const principals = new Map(granted(plan).map(p => [p.arn, take(p.kind === 'account' ? `account ${p.account}` : p.name)]));
  const vpcs = new Map(vpcIds(plan).map(v => [v, take(v)]));
  const endpoints = new Map(endpointIds(plan).map(e => [e, take(e)]));
  const accessPoints = new Map(plan.accessPoints.map(ap => [ap.name, take(`${ap.name} access point`)]));
  return { principals, vpcs, endpoints, accessPoints };
}

/** The principals some access point grants to (others are only in unmapped statements). */
function granted(plan: MigrationPlan): PlannedPrincipal[] {
  return plan.principals.filter(p => plan.accessPoints.some(ap => ap.grants.some(g => g.principal === p.arn)));
}

/**
 * Construct ids of the imported roles, VPCs and endpoints, unique among the stack's children (the bucket, the
 * delegation and the access points keep theirs): a role named like an access point gets a number.
 */
function constructIds(plan: MigrationPlan): { roles: Map<string, string>; vpcs: Map<string, string>; endpoints: Map<string, string> } {
  const used = new Set(['Bucket', 'Delegation', ...plan.accessPoints.map(ap => ap.id)]);
  const take = (wanted: string) => {
    let id = wanted;
    for (let n = 2; used.has(id); n++) id = `${wanted}${n}`;
    used.add(id);
    return id;
  };
  const roles = new Map(granted(plan).filter(p => p.kind === 'role').map(p => [p.arn, take(`${pascal(p.name)}Role`)]));
  const vpcs = new Map(vpcIds(plan).map(v => [v, take(pascal(v) || 'Vpc')]));
  const endpoints = new Map(endpointIds(plan).map(e => [e, take(pascal(e) || 'Endpoint')]));
  return { roles, vpcs, endpoints };
}

function header(plan: MigrationPlan, marker: string): string[] {
  const count = (o: string) => plan.statements.filter(s => s.outcome === o).length;
  return [
    `Generated by \`cdk-s3-access-points migrate\` from the policy of bucket ${comment(plan.bucket.name)}.`,
    `${plan.statements.length} statements: ${count('migrated')} migrated, ${count('partly-migrated')} partly migrated, ` +
      `${count('unmapped')} unmapped, ${count('kept')} kept on the bucket. ${plan.accessPoints.length} access points.`,
    'Review the plan (what is not mapped, what the access levels add) before deploying: docs/migration.md.',
  ].map(l => `${marker} ${l}`);
}

/** What both languages import of this library, and whether the plan needs ec2. */
function importsOf(plan: MigrationPlan): { libraryImports: string[]; hasVpc: boolean } {
  const kinds = new Set(plan.accessPoints.map(ap => ap.vpcId ? 'VpcOnlyAccessPoint' : 'PrefixAccessPoint'));
  const libraryImports = ['AccessPointDelegation', ...kinds];
  if (plan.accessPoints.some(ap => ap.grants.some(g => g.principalFolder))) libraryImports.push('PrincipalFolder');
  return { libraryImports, hasVpc: kinds.has('VpcOnlyAccessPoint') };
}

function typescript(plan: MigrationPlan): string {
  const v = variables(plan, camel);
  const ids = constructIds(plan);
  const { libraryImports, hasVpc } = importsOf(plan);
  const lines: string[] = [
    ...header(plan, '//'),
    'import { App, Stack, StackProps } from \'aws-cdk-lib\';',
    ...(hasVpc ? ['import * as ec2 from \'aws-cdk-lib/aws-ec2\';'] : []),
    ...(granted(plan).length > 0 ? ['import * as iam from \'aws-cdk-lib/aws-iam\';'] : []),
    'import * as s3 from \'aws-cdk-lib/aws-s3\';',
    'import { Construct } from \'constructs\';',
    `import { ${libraryImports.sort().join(', ')} } from 'cdk-s3-access-points';`,
    '',
    `/** Access points over bucket ${comment(plan.bucket.name)}, in place of statements of its policy. */`,
    `export class ${stackClassName(plan)} extends Stack {`,
    '  /** The delegation statement the bucket\'s policy must have (CDK cannot change an imported bucket\'s policy). */',
    '  public readonly delegation: AccessPointDelegation;',
    '',
    '  constructor(scope: Construct, id: string, props?: StackProps) {',
    '    super(scope, id, props);',
    `    const bucket = s3.Bucket.fromBucketName(this, 'Bucket', ${q(plan.bucket.name)});`,
    '    // The statement to add to the bucket policy: this.delegation.policyDocument (migrate prints the whole policy after).',
    '    this.delegation = new AccessPointDelegation(this, \'Delegation\', { bucket });',
  ];
  if (granted(plan).length > 0) {
    lines.push('', '    // The principals, imported: the access point policies name them; their own policies are not changed.');
    for (const p of granted(plan)) {
      const name = v.principals.get(p.arn)!;
      const make = p.kind === 'role' ? `iam.Role.fromRoleArn(this, ${q(ids.roles.get(p.arn)!)}, ${q(p.arn)}, { mutable: false })`
        : p.kind === 'account' ? `new iam.AccountPrincipal(${q(p.account)})`
          : `new iam.ArnPrincipal(${q(p.arn)})`;
      lines.push(`    const ${name} = ${make};${p.crossAccount ? ` // account ${comment(p.account)}: its own policies must allow the access point` : ''}`);
    }
  }
  for (const [vpcId, name] of v.vpcs) {
    lines.push('', `    const ${name} = ec2.Vpc.fromLookup(this, ${q(ids.vpcs.get(vpcId)!)}, { vpcId: ${q(vpcId)} });`);
  }
  if (v.endpoints.size > 0) {
    lines.push('', `    ${ENDPOINT_COMMENT.map(l => `// ${l}`).join('\n    ')}`);
    for (const [endpointId, name] of v.endpoints) {
      lines.push(`    const ${name} = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(this, ${q(ids.endpoints.get(endpointId)!)}, ${q(endpointId)});`);
    }
  }
  for (const ap of plan.accessPoints) {
    const name = v.accessPoints.get(ap.name)!;
    lines.push('', `    // Statement${ap.statements.length > 1 ? 's' : ''} ${ap.statements.map(i => describeStatement(plan, i)).join(', ')}`);
    const where = ap.prefix === '' ? 'wholeBucket: true' : `prefix: ${q(ap.prefix)}`;
    const kind = ap.vpcId ? 'VpcOnlyAccessPoint' : 'PrefixAccessPoint';
    const vpc = ap.vpcId ? `vpc: ${v.vpcs.get(ap.vpcId)}, ${ap.endpointId ? `endpoint: ${v.endpoints.get(ap.endpointId)}, ` : ''}` : '';
    lines.push(`    const ${name} = new ${kind}(this, ${q(ap.id)}, { bucket, ${vpc}accessPointName: ${q(ap.name)}, ${where} });`);
    for (const g of ap.grants) {
      const options: string[] = [];
      if (g.principalFolder) options.push(`principalFolder: ${folderTs(g.principalFolder)}`);
      if (g.principalFolderTrusted) options.push('principalFolderTrusted: true /* the caller chooses this value: pin it in the trust policy (see the plan) */');
      if (g.objectTags) options.push(`objectTags: { ${Object.entries(g.objectTags).map(([k, val]) => `${q(k)}: ${q(val)}`).join(', ')} }`);
      lines.push(`    ${name}.${GRANT_METHOD[g.level]}(${v.principals.get(g.principal)}${options.length ? `, { ${options.join(', ')} }` : ''});`);
    }
  }
  lines.push(
    '  }',
    '}',
    '',
    'if (require.main === module) {',
    '  const app = new App();',
    `  new ${stackClassName(plan)}(app, ${q(stackClassName(plan).replace(/Stack$/, ''))}, {`,
    '    // Access points are made in the bucket\'s account and region.',
    `    env: { account: ${plan.bucket.accountKnown ? q(plan.bucket.account) : 'process.env.CDK_DEFAULT_ACCOUNT'}, ` +
      `region: ${plan.bucket.regionKnown ? q(plan.bucket.region) : 'process.env.CDK_DEFAULT_REGION'} },`,
    '  });',
    '  app.synth();',
    '}',
    '',
  );
  return lines.join('\n');
}

function python(plan: MigrationPlan): string {
  const v = variables(plan, snake);
  const ids = constructIds(plan);
  const { libraryImports, hasVpc } = importsOf(plan);
  const lines: string[] = [
    ...header(plan, '#'),
    ...(plan.bucket.accountKnown && plan.bucket.regionKnown ? [] : ['import os', '']),
    'import aws_cdk as cdk',
    `from aws_cdk import ${[...(hasVpc ? ['aws_ec2 as ec2'] : []), ...(granted(plan).length > 0 ? ['aws_iam as iam'] : []), 'aws_s3 as s3'].join(', ')}`,
    'from constructs import Construct',
    `from cdk_s3_access_points import ${libraryImports.sort().join(', ')}`,
    '',
    '',
    `class ${stackClassName(plan)}(cdk.Stack):`,
    `    """Access points over bucket ${docstring(plan.bucket.name)}, in place of statements of its policy."""`,
    '',
    '    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:',
    '        super().__init__(scope, construct_id, **kwargs)',
    `        bucket = s3.Bucket.from_bucket_name(self, "Bucket", ${qq(plan.bucket.name)})`,
    '        # The statement to add to the bucket policy: self.delegation.policy_document (migrate prints the whole policy after).',
    '        self.delegation = AccessPointDelegation(self, "Delegation", bucket=bucket)',
  ];
  if (granted(plan).length > 0) {
    lines.push('', '        # The principals, imported: the access point policies name them; their own policies are not changed.');
    for (const p of granted(plan)) {
      const name = v.principals.get(p.arn)!;
      const make = p.kind === 'role' ? `iam.Role.from_role_arn(self, ${qq(ids.roles.get(p.arn)!)}, ${qq(p.arn)}, mutable=False)`
        : p.kind === 'account' ? `iam.AccountPrincipal(${qq(p.account)})`
          : `iam.ArnPrincipal(${qq(p.arn)})`;
      lines.push(`        ${name} = ${make}${p.crossAccount ? `  # account ${comment(p.account)}: its own policies must allow the access point` : ''}`);
    }
  }
  for (const [vpcId, name] of v.vpcs) {
    lines.push('', `        ${name} = ec2.Vpc.from_lookup(self, ${qq(ids.vpcs.get(vpcId)!)}, vpc_id=${qq(vpcId)})`);
  }
  if (v.endpoints.size > 0) {
    lines.push('', `        ${ENDPOINT_COMMENT.map(l => `# ${l}`).join('\n        ')}`);
    for (const [endpointId, name] of v.endpoints) {
      lines.push(`        ${name} = ec2.GatewayVpcEndpoint.from_gateway_vpc_endpoint_id(self, ${qq(ids.endpoints.get(endpointId)!)}, ${qq(endpointId)})`);
    }
  }
  for (const ap of plan.accessPoints) {
    const name = v.accessPoints.get(ap.name)!;
    lines.push('', `        # Statement${ap.statements.length > 1 ? 's' : ''} ${ap.statements.map(i => describeStatement(plan, i)).join(', ')}`);
    const where = ap.prefix === '' ? 'whole_bucket=True' : `prefix=${qq(ap.prefix)}`;
    const kind = ap.vpcId ? 'VpcOnlyAccessPoint' : 'PrefixAccessPoint';
    const vpc = ap.vpcId ? `vpc=${v.vpcs.get(ap.vpcId)}, ${ap.endpointId ? `endpoint=${v.endpoints.get(ap.endpointId)}, ` : ''}` : '';
    lines.push(`        ${name} = ${kind}(self, ${qq(ap.id)}, bucket=bucket, ${vpc}access_point_name=${qq(ap.name)}, ${where})`);
    for (const g of ap.grants) {
      const options: string[] = [];
      if (g.principalFolder) options.push(`principal_folder=${folderPy(g.principalFolder)}`);
      if (g.principalFolderTrusted) options.push('principal_folder_trusted=True');
      if (g.objectTags) options.push(`object_tags={${Object.entries(g.objectTags).map(([k, val]) => `${qq(k)}: ${qq(val)}`).join(', ')}}`);
      const method = snake(GRANT_METHOD[g.level].replace(/([A-Z])/g, ' $1'));
      lines.push(`        ${name}.${method}(${v.principals.get(g.principal)}${options.length ? `, ${options.join(', ')}` : ''})`);
    }
  }
  const env = `cdk.Environment(account=${plan.bucket.accountKnown ? qq(plan.bucket.account) : 'os.environ.get("CDK_DEFAULT_ACCOUNT")'}, ` +
    `region=${plan.bucket.regionKnown ? qq(plan.bucket.region) : 'os.environ.get("CDK_DEFAULT_REGION")'})`;
  lines.push(
    '',
    '',
    'if __name__ == "__main__":',
    '    app = cdk.App()',
    '    # Access points are made in the bucket\'s account and region.',
    `    ${stackClassName(plan)}(app, ${qq(stackClassName(plan).replace(/Stack$/, ''))}, env=${env})`,
    '    app.synth()',
    '',
  );
  return lines.join('\n');
}

/** Above the imported endpoints, in both languages (fixed text: no input in it). */
const ENDPOINT_COMMENT = [
  'The existing S3 gateway endpoints of aws:SourceVpce conditions, imported: the library does not manage their policies.',
  'Synthesis warns (cdk-s3-access-points:endpointPolicyNotManaged) with the statements each endpoint\'s owner must add.',
];

function describeStatement(plan: MigrationPlan, index: number): string {
  const s = plan.statements.find(x => x.index === index);
  return `#${index}${s?.sid ? ` (${comment(s.sid)})` : ''}${s?.outcome === 'partly-migrated' ? ' [partly]' : ''}`;
}

function folderTs(variable: string): string {
  if (variable === '${aws:username}') return 'PrincipalFolder.USERNAME';
  if (variable === '${aws:userid}') return 'PrincipalFolder.USER_ID';
  return `PrincipalFolder.principalTag(${q(variable.slice('${aws:PrincipalTag/'.length, -1))})`;
}

function folderPy(variable: string): string {
  if (variable === '${aws:username}') return 'PrincipalFolder.USERNAME';
  if (variable === '${aws:userid}') return 'PrincipalFolder.USER_ID';
  return `PrincipalFolder.principal_tag(${qq(variable.slice('${aws:PrincipalTag/'.length, -1))})`;
}
