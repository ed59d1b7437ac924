/*
 * Turns synthesized CloudFormation templates into plain JSON with concrete strings, so that an IAM
 * evaluator (which takes strings only) can read their policies. Physical ids are made up from the
 * logical ids, in one fixed region and partition, and in the template's account (`account`, set
 * from the stack's env) or ACCOUNT.
 */

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

/** A synthesized template, as Template.toJSON() or the cloud assembly gives it. */
export type CfnTemplate = {
  Resources?: Record<string, { Type: string; Properties?: any }>;
  Outputs?: Record<string, any>;
  /** Not CloudFormation: the account the template deploys to. */
  account?: string;
};

/** What Ref and Fn::GetAtt of a resource give, by resource type. */
function physicalName(logicalId: string, resource: { Type: string; Properties?: any }): string {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::S3::Bucket': return p.BucketName ?? `bucket-${logicalId.toLowerCase()}`;
    case 'AWS::S3::AccessPoint': return p.Name;
    case 'AWS::S3::MultiRegionAccessPoint': return p.Name;
    case 'AWS::S3Express::DirectoryBucket': return p.BucketName ?? `dir-${logicalId.toLowerCase()}--${p.LocationName}--x-s3`;
    case 'AWS::S3Express::AccessPoint': return p.Name;
    case 'AWS::IAM::Role': return p.RoleName ?? `role-${logicalId}`;
    case 'AWS::IAM::User': return p.UserName ?? `user-${logicalId}`;
    // As the access evaluator names a VPC's S3 gateway endpoint in aws:SourceVpce.
    case 'AWS::EC2::VPCEndpoint': return `vpce-${logicalId}`;
    default: return logicalId;
  }
}

function attribute(logicalId: string, resource: { Type: string; Properties?: any }, attr: string, account: string): string {
  const name = physicalName(logicalId, resource);
  const key = `${resource.Type}.${attr}`;
  switch (key) {
    case 'AWS::S3::Bucket.Arn': return `arn:${PARTITION}:s3:::${name}`;
    case 'AWS::S3::AccessPoint.Arn': return `arn:${PARTITION}:s3:${REGION}:${account}:accesspoint/${name}`;
    case 'AWS::S3::AccessPoint.Alias': return `${name}-abcdefghijklmnopqrstuvwxyz12-s3alias`;
    case 'AWS::S3::AccessPoint.Name': return name;
    // S3 generates the alias, ending in .mrap (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequests.html).
    case 'AWS::S3::MultiRegionAccessPoint.Alias': return `${logicalId.toLowerCase().replace(/[^a-z0-9]/g, '')}.mrap`;
    case 'AWS::S3Express::DirectoryBucket.Arn': return `arn:${PARTITION}:s3express:${REGION}:${account}:bucket/${name}`;
    case 'AWS::S3Express::AccessPoint.Arn': return `arn:${PARTITION}:s3express:${REGION}:${account}:accesspoint/${name}`;
    case 'AWS::IAM::Role.Arn': return `arn:${PARTITION}:iam::${account}:role/${name}`;
    case 'AWS::IAM::User.Arn': return `arn:${PARTITION}:iam::${account}:user/${name}`;
    case 'AWS::KMS::Key.Arn': return `arn:${PARTITION}:kms:${REGION}:${account}:key/${logicalId}`;
    case 'AWS::Lambda::Function.Arn': return `arn:${PARTITION}:lambda:${REGION}:${account}:function:${logicalId}`;
    default: throw new Error(`resolve-template: no made-up value for ${key} of ${logicalId}`);
  }
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::NoValue': '',
};

/**
 * Resolves the intrinsic functions of every template. Fn::ImportValue is looked up in the exportedValues of
 * all templates given together (one app), so cross-stack references resolve too.
 */
export function resolveTemplates(templates: CfnTemplate[]): CfnTemplate[] {
  const exportedValues = new Map<string, any>();
  const resolvers = templates.map(t => (value: any) => resolve(value, t, exportedValues, t.account ?? ACCOUNT));
  // Exports may refer to one another only through resources, so one pass over the outputs suffices.
  templates.forEach((t, i) => {
    for (const output of Object.values(t.Outputs ?? {})) {
      if (output.Export) exportedValues.set(resolvers[i](output.Export.Name), resolvers[i](output.Value));
    }
  });
  // Only resources and outputs: the bootstrap-version rule uses functions policies never do.
  return templates.map((t, i) => ({ ...t, Resources: resolvers[i](t.Resources ?? {}), Outputs: resolvers[i](t.Outputs ?? {}) }));
}

function resolve(value: any, template: CfnTemplate, exportedValues: Map<string, any>, account: string): any {
  const again = (v: any) => resolve(v, template, exportedValues, account);
  if (Array.isArray(value)) return value.map(again);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [fn] = keys;
    const arg = value[fn];
    const resources = template.Resources ?? {};
    switch (fn) {
      case 'Ref':
        if (arg === 'AWS::AccountId') return account;
        if (arg in PSEUDO) return PSEUDO[arg];
        if (!(arg in resources)) throw new Error(`resolve-template: Ref to unknown ${arg}`);
        return physicalName(arg, resources[arg]);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        if (!(id in resources)) throw new Error(`resolve-template: GetAtt of unknown ${id}`);
        return attribute(id, resources[id], attr, account);
      }
      case 'Fn::Join': return (again(arg[1]) as any[]).map(String).join(arg[0]);
      case 'Fn::Select': return again(arg[1])[Number(again(arg[0]))];
      case 'Fn::Split': return String(again(arg[1])).split(arg[0]);
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map(az => `${REGION}${az}`);
      case 'Fn::Sub': {
        const text: string = Array.isArray(arg) ? arg[0] : arg;
        const vars: Record<string, any> = Array.isArray(arg) ? again(arg[1]) : {};
        return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) =>
          name in vars ? vars[name] : again(name.includes('.') ? { 'Fn::GetAtt': name.split('.') } : { Ref: name }));
      }
      case 'Fn::ImportValue': {
        const name = again(arg);
        if (!exportedValues.has(name)) throw new Error(`resolve-template: no export named ${name}`);
        return exportedValues.get(name);
      }
      default:
        if (fn.startsWith('Fn::')) throw new Error(`resolve-template: ${fn} is not supported`);
    }
  }
  const out: Record<string, any> = {};
  for (const k of keys) out[k] = again(value[k]);
  return out;
}
