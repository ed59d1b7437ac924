import { ConsumerGrantOptions } from '../access-point-options';

/*
 * The grant options are the same on every kind of access point (access-point-options.ts). What a kind
 * cannot honour, it refuses here, with AWS's reason: an option is never silently ignored.
 */

/** The options of a grant that a kind cannot honour, each with the reason. */
export type InapplicableOptions = { readonly [option in keyof ConsumerGrantOptions]?: string };

/**
 * One error per option given (not undefined, not false) that the kind cannot honour, naming the
 * option, the kind and the reason.
 */
export function refuseInapplicableOptions(options: ConsumerGrantOptions | object, kind: string, inapplicable: InapplicableOptions): string[] {
  const given = options as { [option: string]: unknown };
  return Object.entries(inapplicable)
    .filter(([option]) => given[option] !== undefined && given[option] !== false)
    .map(([option, reason]) => `${option} does not apply to a ${kind}: ${reason}`);
}
