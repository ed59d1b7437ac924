import { Annotations, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { firstWatchOf } from './registry';

/*
 * The size AWS will count for a policy this library writes, bounded at synthesis. Values that are
 * known only at deployment (pseudo parameters, generated names and ARNs) are replaced by strings as
 * short, then as long, as their deployed forms can be: the policy is certainly too large when even
 * the shortest form is over the limit (an error), and may be when the longest is near it (a warning).
 */

/** [shortest, longest] deployed lengths of pseudo parameters. */
const PSEUDO_LENGTH: Record<string, [number, number]> = {
  'AWS::Partition': [3, 10], // aws .. aws-us-gov
  'AWS::Region': [9, 14], // us-east-1 .. ap-southeast-4
  'AWS::AccountId': [12, 12],
  'AWS::URLSuffix': [13, 16], // amazonaws.com .. amazonaws.com.cn
};
/** An ARN of another resource: arn:aws:iam::123456789012:role/ and a generated name, up to 128. */
const ARN_LENGTH: [number, number] = [45, 128];
/** Any other reference: a generated name or id. */
const REFERENCE_LENGTH: [number, number] = [3, 128];

type Bound = 0 | 1;

function render(value: any, bound: Bound): any {
  if (Array.isArray(value)) return value.map(v => render(v, bound));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const arg = value[keys[0]];
    switch (keys[0]) {
      case 'Ref': return 'x'.repeat((PSEUDO_LENGTH[arg] ?? REFERENCE_LENGTH)[bound]);
      case 'Fn::Join': return (render(arg[1], bound) as any[]).join(arg[0]);
      case 'Fn::GetAtt': return 'x'.repeat(([].concat(arg).join('.').endsWith('Arn') ? ARN_LENGTH : REFERENCE_LENGTH)[bound]);
      case 'Fn::ImportValue':
      case 'Fn::Sub':
      case 'Fn::Select':
        return 'x'.repeat(REFERENCE_LENGTH[bound]);
    }
  }
  return Object.fromEntries(keys.map(k => [k, render(value[k], bound)]));
}

/** The shortest and longest deployed lengths in characters of a policy document (no whitespace, as AWS counts). */
export function policyLengthBounds(scope: IConstruct, document: any): [number, number] {
  const resolved = Stack.of(scope).resolve(document);
  return [JSON.stringify(render(resolved, 0)).length, JSON.stringify(render(resolved, 1)).length];
}

/**
 * Checks a policy against its AWS limit at synthesis: certainly over it, an error naming the policy,
 * its size, the limit and the way out; possibly over 80% of it, a warning.
 */
export function checkPolicySize(scope: IConstruct, what: string, document: any, limit: number, wayOut: string): string[] {
  if (document === undefined) return [];
  // Resolving is the costly part: skip it when even every token at its longest keeps the policy
  // clear of the warning (lists of unknown length, '#{Token[...]}', always need resolving).
  if (!Tokenization.isResolvable(document)) {
    const unresolved = JSON.stringify(document instanceof iam.PolicyDocument ? document.toJSON() : document);
    const tokens = unresolved.match(/\$\{Token\[/g)?.length ?? 0;
    if (!unresolved.includes('#{Token[') && unresolved.length + tokens * Math.max(ARN_LENGTH[1], REFERENCE_LENGTH[1]) <= 0.8 * limit) return [];
  }
  const [shortest, longest] = policyLengthBounds(scope, document);
  const n = (x: number) => x.toLocaleString('en-US');
  const size = shortest === longest ? `${n(shortest)} characters` : `${n(shortest)} to ${n(longest)} characters (depending on deployed names)`;
  if (shortest > limit) {
    return [`${what} is ${size}; its limit is ${n(limit)}. ${wayOut}`];
  }
  if (longest > 0.8 * limit) {
    Annotations.of(scope).addWarningV2('cdk-s3-access-points:policyNearLimit',
      `${what} is ${size}: over 80% of its limit of ${n(limit)}. ${wayOut}`);
  }
  return [];
}

/**
 * A value with tokens, as a person reads it in a message: `arn:${AWS::Partition}:s3:...` rather
 * than `${Token[...]}`.
 */
export function readable(scope: IConstruct, value: any): string {
  if (typeof value === 'string' && !Token.isUnresolved(value)) return value;
  return showResolved(Stack.of(scope).resolve(value));
}

/** `readable` of many values of one stack, resolved in one call (one call each costs at 10,000 grants). */
export function readableAll(stack: Stack, values: unknown[]): string[] {
  return (stack.resolve(values) as unknown[]).map(v => showResolved(v));
}

/** How a reader sees the target of a `Ref` and of a `Fn::GetAtt`. */
export interface IntrinsicNames {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

/** Intrinsics as `${LogicalId}` and `${LogicalId.Attribute}`. */
const AS_LOGICAL_IDS: IntrinsicNames = {
  ref: id => `\${${id}}`,
  getAtt: (id, attribute) => `\${${attribute ? `${id}.${attribute}` : id}}`,
};

/** A resolved value as a person reads it: intrinsics through `names`, anything but a string as JSON. */
export function showResolved(resolved: unknown, names: IntrinsicNames = AS_LOGICAL_IDS): string {
  const show = (v: any): any => {
    if (Array.isArray(v)) return v.map(show);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const arg = v[keys[0]];
      switch (keys[0]) {
        case 'Ref': return names.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, ...attribute] = [].concat(arg) as string[];
          return names.getAtt(id, attribute.join('.'));
        }
        case 'Fn::Join': return (show(arg[1]) as any[]).join(arg[0]);
      }
    }
    return Object.fromEntries(keys.map(k => [k, show(v[k])]));
  };
  const shown = show(resolved);
  return typeof shown === 'string' ? shown : JSON.stringify(shown);
}

/** Inline policy limits (all inline policies of the identity together) that CDK does not enforce itself. */
const INLINE_LIMITS: [string, (c: IConstruct) => boolean, number][] = [
  ['IAM user', c => c instanceof iam.User, 2_048],
  ['IAM group', c => c instanceof iam.Group, 5_120],
  // Roles are left to CDK: it moves what exceeds 10,240 characters into managed policies.
];

/**
 * Checks, at synthesis, the inline policy that grants add to a user or group against its limit
 * (once per identity, however many grants it gets).
 */
export function watchIdentityPolicySize(principal: iam.IPrincipal): void {
  const kind = INLINE_LIMITS.find(([, is]) => is(principal as unknown as IConstruct));
  const identity = principal as unknown as IConstruct;
  if (!kind || !firstWatchOf(identity)) return;
  const [name, , limit] = kind;
  identity.node.addValidation({
    validate: () => {
      const policy = identity.node.tryFindChild('DefaultPolicy');
      return policy instanceof iam.Policy
        ? checkPolicySize(identity, `The inline policy of ${name} ${identity.node.path}`, policy.document, limit,
          'Grant a role the identity assumes instead, or put the identity in a group (5,120 characters) and grant the group.')
        : [];
    },
  });
}
