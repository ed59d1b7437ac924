import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { throwIfInvalid, validateEnvironmentVariableName } from './rules';
import { ConsumerGrantOptions } from '../access-point-options';

/*
 * grantToFunction and grantToContainer of every kind: a grant, then environment variables that tell
 * the consumer where to go (an ARN, an alias, a name). One place, so that every kind takes the same
 * options, checks the variables alike and before it grants, and refuses a variable it has no value for.
 */

/** What a kind puts in one of the variables. */
export interface VariableSource {
  /** The variable's name when the option is not given; none: not set unless asked for. */
  readonly defaultName?: string;
  /** The value; none: the kind does not have it (set `missing`). */
  readonly value?: string;
  /** Why the kind has no value, for the error when the option asks for the variable. */
  readonly missing?: string;
}

/** What a kind puts in the ARN, alias and name variables of `ConsumerGrantOptions`. */
export interface ConsumerVariables {
  readonly arnVariable: VariableSource;
  readonly aliasVariable: VariableSource;
  readonly nameVariable: VariableSource;
}

/**
 * Checks the variables' names (valid, not reserved, distinct, with a value where asked for) before
 * anything is granted, then makes the grant and sets the variables that have a name and a value.
 */
export function grantToConsumer(
  scope: IConstruct,
  grantee: iam.IGrantable,
  options: ConsumerGrantOptions,
  sources: ConsumerVariables,
  grant: () => iam.Grant,
  setVariable: (name: string, value: string) => void,
): iam.Grant {
  const errors: string[] = [];
  const variables = (Object.keys(sources) as (keyof ConsumerVariables)[]).flatMap(option => {
    const source = sources[option];
    const given = options[option];
    if (given !== undefined && source.value === undefined) {
      errors.push(`${option} cannot be set: ${source.missing ?? 'this kind has no such value'}`);
      return [];
    }
    const name = given ?? source.defaultName;
    return name === undefined || source.value === undefined ? [] : [{ option, name, value: source.value }];
  });
  errors.push(...variables.flatMap(v => validateEnvironmentVariableName(v.name)));
  variables.forEach((v, i) => variables.slice(i + 1).filter(w => w.name === v.name)
    .forEach(w => errors.push(`${v.option} and ${w.option} are both '${v.name}'`)));
  throwIfInvalid(scope.node.path, errors, `invalid grant to ${grantee.grantPrincipal}`);
  const result = grant();
  for (const v of variables) setVariable(v.name, v.value);
  return result;
}
