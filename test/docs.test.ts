/*
 * The TypeScript examples of the scenario pages (docs/scenarios) type-check against the library's
 * source, each inside the constructor of a stack, as jsii-rosetta does for the README. The Python
 * examples of the same pages run in test/python/test_docs.py.
 */
import * as fs from 'fs';
import * as path from 'path';
import { typeCheck } from './support/type-check';

const ROOT = path.join(__dirname, '..');
/** The stack whose constructor each example is; its own imports are namespaced so that the example's cannot clash. */
const FIXTURE = `import * as fixtureCdk from 'aws-cdk-lib';
import * as fixtureConstructs from 'constructs';
export class Fixture extends fixtureCdk.Stack {
  constructor(scope: fixtureConstructs.Construct, id: string) {
    super(scope, id);
/// here
  }
}
`;

/** Every ```ts block of the scenario pages, as a file: its imports first, the rest where the fixture says. */
function snippets(): { name: string; source: string }[] {
  const dir = path.join(ROOT, 'docs', 'scenarios');
  return fs.readdirSync(dir).sort().flatMap(page => [...fs.readFileSync(path.join(dir, page), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```/gm)]
    .map((m, i) => {
      const lines = m[1].split('\n');
      const imports = lines.filter(l => l.startsWith('import ')).join('\n').replace(/'cdk-s3-access-points'/g, `'${path.join(ROOT, 'src')}'`);
      const body = lines.filter(l => !l.startsWith('import ')).join('\n');
      return { name: `${page}#${i + 1}`, source: `${imports}\n${FIXTURE.replace('/// here', body)}` };
    }));
}

const SNIPPETS = snippets();

test('every scenario page has a TypeScript example', () => {
  expect(new Set(SNIPPETS.map(s => s.name.split('#')[0])).size).toBe(7);
});

test('the TypeScript examples type-check', () => {
  const files = new Map(SNIPPETS.map(s => [path.join(ROOT, 'docs', `${s.name.replace(/[#.]/g, '_')}.ts`), s.source]));
  const diagnostics = typeCheck(files);
  // Unused declarations are fine in an example.
  expect(diagnostics.filter(d => !/is declared but its value is never read/.test(d))).toEqual([]);
}, 60_000);
