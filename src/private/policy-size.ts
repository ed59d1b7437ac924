import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The size AWS will count for a policy this library writes, estimated at synthesis: every unresolved
 * value is replaced by a string as long as its longest deployed form could be, so the estimate errs
 * on the large side and a policy that passes here fits when deployed.
 */

const PSEUDO_LENGTH: Record<string, number> = {
  'AWS::Partition': 10, // aws-us-gov
  'AWS::Region': 14, // ap-southeast-4
  'AWS::AccountId': 12,
  'AWS::URLSuffix': 17, // amazonaws.com.cn
};
/** Any other reference: an ARN or a name of another resource. */
const OTHER_REFERENCE_LENGTH = 128;

function render(value: any): any {
  if (Array.isArray(value)) return value.map(render);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const arg = value[keys[0]];
    switch (keys[0]) {
      case 'Ref': return 'x'.repeat(PSEUDO_LENGTH[arg] ?? OTHER_REFERENCE_LENGTH);
      case 'Fn::Join': return (render(arg[1]) as any[]).join(arg[0]);
      case 'Fn::GetAtt':
      case 'Fn::ImportValue':
      case 'Fn::Sub':
      case 'Fn::Select':
        return 'x'.repeat(OTHER_REFERENCE_LENGTH);
    }
  }
  return Object.fromEntries(keys.map(k => [k, render(value[k])]));
}

/** The estimated deployed length in characters of a policy document (no whitespace, as AWS counts it). */
export function estimatedPolicyLength(scope: IConstruct, document: any): number {
  return JSON.stringify(render(Stack.of(scope).resolve(document))).length;
}

/**
 * Checks a policy against its AWS limit at synthesis: above it, an error naming the policy, its
 * size, the limit and the way out; above 80% of it, a warning.
 */
export function checkPolicySize(scope: IConstruct, what: string, document: any, limit: number, wayOut: string): string[] {
  if (document === undefined) return [];
  const length = estimatedPolicyLength(scope, document);
  const figures = `${what} is about ${length.toLocaleString('en-US')} characters; its limit is ${limit.toLocaleString('en-US')}`;
  if (length > limit) {
    return [`${figures}. ${wayOut}`];
  }
  if (length > 0.8 * limit) {
    Annotations.of(scope).addWarningV2('cdk-s3-access-points:policyNearLimit', `${figures} (over 80%). ${wayOut}`);
  }
  return [];
}

/**
 * A value with tokens, as a person reads it in a message: `arn:${AWS::Partition}:s3:...` rather
 * than `${Token[...]}`.
 */
export function readable(scope: IConstruct, value: any): string {
  const show = (v: any): any => {
    if (Array.isArray(v)) return v.map(show);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const arg = v[keys[0]];
      switch (keys[0]) {
        case 'Ref': return `\${${arg}}`;
        case 'Fn::GetAtt': return `\${${[].concat(arg).join('.')}}`;
        case 'Fn::Join': return (show(arg[1]) as any[]).join(arg[0]);
      }
    }
    return Object.fromEntries(keys.map(k => [k, show(v[k])]));
  };
  const shown = show(Stack.of(scope).resolve(value));
  return typeof shown === 'string' ? shown : JSON.stringify(shown);
}
