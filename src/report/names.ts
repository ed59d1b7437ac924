/*
 * How the report shows a value that CloudFormation resolves only at deployment: in the user's words.
 * A reference to a resource given a physical name (bucketName, roleName, accessPointName, ...) is
 * shown as that name, or, for its ARN, as the ARN built from it; a reference to a generated name as
 * the resource's construct path (`${DataLake/Ec2ConsumerRole.Arn}`), never as a logical id, which
 * means nothing to a reader and changes when a construct moves. Pseudo parameters keep
 * CloudFormation's notation (`${AWS::AccountId}`).
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { showResolved } from '../private/policy-size';

/** The L1 property that holds the physical name of each resource type the report can name. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'bucketName',
  'AWS::S3::AccessPoint': 'name',
  'AWS::S3::MultiRegionAccessPoint': 'name',
  'AWS::S3Express::DirectoryBucket': 'bucketName',
  'AWS::S3Express::AccessPoint': 'name',
  'AWS::IAM::Role': 'roleName',
  'AWS::IAM::User': 'userName',
  'AWS::IAM::Group': 'groupName',
};

/** How the ARN of a named resource is built from its name (`Fn::GetAtt X.Arn`); others show the path. */
const ARN_OF: Record<string, (partition: string, account: string, name: string, iamPath: string) => string> = {
  'AWS::S3::Bucket': (partition, _account, name) => `arn:${partition}:s3:::${name}`,
  'AWS::IAM::Role': (partition, account, name, iamPath) => `arn:${partition}:iam::${account}:role${iamPath}${name}`,
  'AWS::IAM::User': (partition, account, name, iamPath) => `arn:${partition}:iam::${account}:user${iamPath}${name}`,
  'AWS::IAM::Group': (partition, account, name, iamPath) => `arn:${partition}:iam::${account}:group${iamPath}${name}`,
};

/** A resource of a stack as the report names it. */
interface Named {
  readonly path: string;
  readonly type: string;
  /** The physical name, when the app gives one. */
  readonly name?: string;
  readonly iamPath: string;
}

/** Shows the values of an app's stacks in the report's words, indexing each stack's resources once. */
export class ReportNames {
  private readonly index = new Map<Stack, Map<string, CfnResource>>();
  private readonly named = new Map<CfnResource, Named>();

  /** A value (string, token or any JSON) of `scope`'s stack, as the report writes it. */
  public show(scope: IConstruct, value: unknown): string {
    if (typeof value === 'string' && !Token.isUnresolved(value)) return value;
    return this.showResolved(Stack.of(scope), Stack.of(scope).resolve(value));
  }

  /** `show` of many values of one stack, resolved in one call (one call each costs at 10,000 grants). */
  public showAll(stack: Stack, values: unknown[]): string[] {
    return (stack.resolve(values) as unknown[]).map(v => this.showResolved(stack, v));
  }

  /**
   * A name (of a bucket or an access point): the physical name, or the construct path when the name
   * is generated (without the `${}` that marks a path inside a longer value).
   */
  public name(scope: IConstruct, value: unknown): string {
    const shown = this.show(scope, value);
    const whole = /^\$\{([^}]+)\}$/.exec(shown);
    return whole && whole[1].includes('/') ? whole[1] : shown;
  }

  private showResolved(stack: Stack, resolved: unknown): string {
    return showResolved(resolved, { ref: id => this.ref(stack, id), getAtt: (id, attribute) => this.attribute(stack, id, attribute) });
  }

  private ref(stack: Stack, id: string): string {
    if (id.startsWith('AWS::')) return `\${${id}}`;
    const named = this.resource(stack, id);
    if (!named) return `\${${id}}`;
    return named.name ?? `\${${named.path}}`;
  }

  private attribute(stack: Stack, id: string, attribute: string): string {
    const named = this.resource(stack, id);
    if (!named) return `\${${id}.${attribute}}`;
    const arnOf = ARN_OF[named.type];
    if (attribute === 'Arn' && named.name !== undefined && arnOf) {
      return arnOf(this.ref(stack, 'AWS::Partition'), this.show(stack, stack.account), named.name, named.iamPath);
    }
    if (named.name !== undefined && ['Name', 'BucketName'].includes(attribute)) return named.name;
    return `\${${named.path}.${attribute}}`;
  }

  /** The resource of a logical id in a stack, with its construct path and physical name. */
  private resource(stack: Stack, logicalId: string): Named | undefined {
    let byId = this.index.get(stack);
    if (!byId) {
      byId = new Map();
      for (const c of stack.node.findAll()) {
        if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) byId.set(stack.getLogicalId(c), c);
      }
      this.index.set(stack, byId);
    }
    const cfn = byId.get(logicalId);
    if (!cfn) return undefined;
    let named = this.named.get(cfn);
    if (!named) {
      const property = NAME_PROPERTY[cfn.cfnResourceType];
      const name = property ? stack.resolve((cfn as any)[property]) : undefined;
      const iamPath = cfn.cfnResourceType.startsWith('AWS::IAM::') ? stack.resolve((cfn as any).path) : undefined;
      // An L2's L1 is its `Resource` child: the L2's path is the one the user wrote.
      const path = cfn.node.id === 'Resource' && cfn.node.scope ? cfn.node.scope.node.path : cfn.node.path;
      named = {
        path,
        type: cfn.cfnResourceType,
        ...(typeof name === 'string' ? { name } : {}),
        iamPath: typeof iamPath === 'string' ? iamPath : '/',
      };
      this.named.set(cfn, named);
    }
    return named;
  }
}
