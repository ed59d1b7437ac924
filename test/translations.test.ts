/*
 * Construct Hub shows the README and the JSDoc examples in every jsii language. jsii-rosetta (strict,
 * in post-compile) compiles each TypeScript example and writes its translations to .jsii.tabl.json;
 * this checks that every example has a Python, Java and Go translation that names this library's
 * packages as those languages' users import them, with no TypeScript left in it.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TABLET = path.join(ROOT, '.jsii.tabl.json');

function snippets(): { where: string; didCompile: boolean; translations: Record<string, { source: string }> }[] {
  if (!fs.existsSync(TABLET)) throw new Error('.jsii.tabl.json is missing: compile first (npx projen compile runs rosetta:extract)');
  return Object.values(JSON.parse(fs.readFileSync(TABLET, 'utf8')).snippets).map((s: any) => ({
    where: s.location.field.line ? `README.md:${s.location.field.line}` : s.location.api.fqn,
    didCompile: s.didCompile,
    translations: s.translations,
  }));
}

const SNIPPETS = snippets();
const readmeBlocks = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/^```ts\b/gm)].length;

test('every README TypeScript example and the JSDoc examples are in the tablet, compiled', () => {
  expect(SNIPPETS.filter(s => s.where.startsWith('README.md')).length).toBe(readmeBlocks);
  expect(SNIPPETS.filter(s => !s.where.startsWith('README.md')).length).toBeGreaterThan(0);
  expect(SNIPPETS.filter(s => !s.didCompile).map(s => s.where)).toEqual([]);
});

test.each(SNIPPETS.map(s => [s.where, s]))('%s translates into Python, Java and Go', (_where, s) => {
  for (const language of ['python', 'java', 'go']) {
    const source = s.translations[language]?.source ?? '';
    expect(source.trim()).not.toBe('');
    // No TypeScript left: arrow functions, declarations, object literals passed as props.
    expect(source).not.toMatch(/=>|\bconst |\blet |\bdeclare |, \{\s*$/m);
  }
  const uses = (source: string) => /SharedDataBucket|PrefixAccessPoint|VpcOnlyAccessPoint|AccessPointDelegation|AccessPointGuardrails|grantTo|addOutputs/.test(source);
  const java = s.translations.java.source;
  if (/^import io\.github/m.test(java) || uses(java)) {
    // Only this library's Java package, never a made-up one.
    for (const [, imported] of java.matchAll(/^import (io\.github\.[\w.]+)\.\w+;/gm)) expect(imported).toBe(pkg.jsii.targets.java.package);
  }
  const go = s.translations.go.source;
  for (const [, imported] of go.matchAll(/^import (?:\w+ )?"(github\.com\/maintainers\/[^"]+)"/gm)) {
    expect(imported).toBe(`${pkg.jsii.targets.go.moduleName}/${pkg.jsii.targets.go.packageName}`);
  }
});
