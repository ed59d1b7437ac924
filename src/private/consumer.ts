import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { throwIfInvalid, validateEnvironmentVariableName } from './rules';

/*
 * grantToFunction and grantToContainer of every kind: a grant, then environment variables that tell
 * the consumer where to go (an ARN, an alias, a name). One place, so that every kind checks the
 * variables alike and before it grants.
 */

/** An environment variable a consumer gets: the option that names it, its name, and its value (none: not set). */
export interface ConsumerVariable {
  readonly option: string;
  readonly name: string;
  readonly value?: string;
}

/**
 * Checks the variables' names (valid, not reserved, distinct) before anything is granted, then makes
 * the grant and sets the variables that have a value.
 */
export function grantToConsumer(
  scope: IConstruct,
  grantee: iam.IGrantable,
  variables: ConsumerVariable[],
  grant: () => iam.Grant,
  setVariable: (name: string, value: string) => void,
): iam.Grant {
  const errors = variables.flatMap(v => validateEnvironmentVariableName(v.name));
  variables.forEach((v, i) => variables.slice(i + 1).filter(w => w.name === v.name)
    .forEach(w => errors.push(`${v.option} and ${w.option} are both '${v.name}'`)));
  throwIfInvalid(scope.node.path, errors, `invalid grant to ${grantee.grantPrincipal}`);
  const result = grant();
  for (const v of variables) if (v.value !== undefined) setVariable(v.name, v.value);
  return result;
}
