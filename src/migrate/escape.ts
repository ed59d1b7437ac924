/*
 * Strings from a bucket policy, written into generated code or a terminal. A policy is often copied
 * from an account someone else controls: a Sid, a prefix or a tag value may hold a line or paragraph
 * separator, a quote, a comment end or a terminal escape. Each function here gives text that stays
 * what the caller puts it in (a literal, a comment, a line).
 */

/**
 * The characters no generated line may hold raw: control and format characters (NUL, the C0 and C1
 * line breaks \v \f \x1c-\x1e \x85, bidirectional overrides), the line and paragraph separators
 * U+2028 and U+2029 (which end a `//` comment in TypeScript), every other separator but the space,
 * private use, unassigned code points and lone surrogates. Unicode letters and symbols stay readable.
 */
const UNSAFE = /[\p{C}\p{Z}]/gu;

const hex = (c: string, width: number) => c.codePointAt(0)!.toString(16).padStart(width, '0');

/** A TypeScript string literal: single quotes, `\` and `'` escaped, every unsafe character as \uXXXX. */
export function q(text: string): string {
  return `'${text.replace(/[\\']/g, c => `\\${c}`).replace(UNSAFE, c => c === ' ' ? c : c.length > 1 ? `\\u{${hex(c, 1)}}` : `\\u${hex(c, 4)}`)}'`;
}

/** A Python string literal: double quotes, `\` and `"` escaped, every unsafe character as \uXXXX or \UXXXXXXXX. */
export function qq(text: string): string {
  return `"${text.replace(/[\\"]/g, c => `\\${c}`).replace(UNSAFE, c => c === ' ' ? c : c.length > 1 ? `\\U${hex(c, 8)}` : `\\u${hex(c, 4)}`)}"`;
}

/** Text with every unsafe character written as the visible text \uXXXX (\UXXXXXXXX past U+FFFF). */
export function visible(text: string): string {
  return text.replace(UNSAFE, c => c === ' ' ? c : c.length > 1 ? `\\U${hex(c, 8)}` : `\\u${hex(c, 4)}`);
}

/**
 * Text from the input for a comment of either language (`//`, `/** *\/`, `#`): every unsafe character
 * written as the visible text \uXXXX, and `*\/` broken, so that the comment ends where the generator
 * ends it.
 */
export function comment(text: string): string {
  return visible(text).replace(/\*\//g, '*\\/');
}

/** Text from the input inside a Python docstring: `\` and `"` escaped, every unsafe character as the escape \uXXXX. */
export function docstring(text: string): string {
  return visible(text.replace(/[\\"]/g, c => `\\${c}`));
}
