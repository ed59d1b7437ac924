/*
 * The numbers README.md states about the examples, each against a fresh synthesis (or run) of what it
 * describes, and the README's list of warning ids against the ids the source can emit. A change to the
 * library that moves a number fails here until the README says the new one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { DataLakeStack } from '../examples/data-lake';
import { planMigration } from '../src/migrate/plan';
import { readBucketPolicy } from '../src/migrate/policy';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** "2,399" as a number. */
const num = (s: string) => Number(s.replace(/,/g, ''));
/** The groups of the one README passage `re` matches (fails when the wording changed). */
function stated(re: RegExp): string[] {
  const m = re.exec(README);
  if (!m) throw new Error(`README.md no longer has a passage matching ${re}: update this test with the README`);
  return m.slice(1);
}

/** The data lake's bucket policy (the data bucket's, not the access logs bucket's), with `extra` more access points. */
function dataBucketPolicy(extra: number) {
  const app = new App();
  const stack = new DataLakeStack(app, 'DataLake');
  for (let i = 0; i < extra; i++) stack.data.addPrefixAccessPoint(`Extra${i}`, { accessPointName: `extra-consumer-${i}`, prefix: `extra_${i}/` });
  const resources: Record<string, any> = app.synth().getStackByName(stack.stackName).template.Resources;
  const dataBucketId = stack.resolve((stack.data.node.defaultChild as any).logicalId);
  const policies = Object.values(resources).filter(r => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === dataBucketId);
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument;
}

test('the quick start bucket policy: statements, bytes with 2 and with 50 access points, the delegation statement', () => {
  const [statements, encryption, bytes2, bytes50, delegation] = stated(
    /holds (\d+) statements: the TLS-only statement, one delegation statement[\s\S]*? and (\d+)\nstatements that keep uploads on the bucket's key[\s\S]*?: ([\d,]+) bytes with 2 access points and the same ([\d,]+) bytes with 50\n\(measured on the synthesized template, JSON without spaces; the delegation statement is ([\d,]+) of them\)/,
  );
  const two = dataBucketPolicy(0);
  const fifty = dataBucketPolicy(48);
  expect(two.Statement).toHaveLength(Number(statements));
  expect(two.Statement.filter((s: any) => /^DenyUploads/.test(s.Sid ?? ''))).toHaveLength(Number(encryption));
  expect(JSON.stringify(two).length).toBe(num(bytes2));
  expect(JSON.stringify(fifty).length).toBe(num(bytes50));
  const delegationStatement = two.Statement.find((s: any) => s.Sid === 'DelegateAccessControlToAccessPoints');
  expect(JSON.stringify(delegationStatement).length).toBe(num(delegation));
});

test('migrate: the corpus size and the 100-consumer policy before and after', () => {
  const [corpus, before, after] = stated(/On a corpus of (\d+) policies[\s\S]*?the 100-consumer policy\nat ([\d,]+) bytes becomes a ([\d,]+)-byte bucket policy/);
  const dir = path.join(ROOT, 'test', 'migrate-corpus');
  expect(fs.readdirSync(dir).filter(f => f.endsWith('.json') && !f.endsWith('.mapping.json'))).toHaveLength(Number(corpus));
  const file = path.join(dir, 'hundred-consumers.json');
  const plan = planMigration(readBucketPolicy(fs.readFileSync(file, 'utf8'), file), { account: '111111111111', region: 'us-east-1' });
  expect([plan.sizes.bucketPolicyBefore, plan.sizes.bucketPolicyAfter]).toEqual([num(before), num(after)]);
});

test("the README's warning ids are exactly those the source can emit", () => {
  const emitted = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {walk(full);} else if (entry.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/addWarningV2\(\s*'cdk-s3-access-points:(\w+)'/g)) emitted.add(m[1]);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  // A warning whose id is not a literal would escape the list above.
  const dynamic = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts'))
    .flatMap(f => [...fs.readFileSync(path.join(ROOT, 'src', f), 'utf8').matchAll(/addWarningV2\(\s*(?!'cdk-s3-access-points:)/g)].map(() => f));
  expect(dynamic).toEqual([]);

  const table = README.slice(README.indexOf('| Warning id | When |'));
  const listed = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `(\w+)` \|/gm)].map(m => m[1]);
  expect([...listed].sort()).toEqual([...emitted].sort());
  expect(new Set(listed).size).toBe(listed.length);
});

/** Lines without their common indentation. */
function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter(l => l.trim()).map(l => l.length - l.trimStart().length));
  return lines.map(l => l.slice(indent)).join('\n');
}

test.each([
  ['README.md', ['examples/go/datalake/datalake.go', 'examples/java/src/main/java/io/github/maintainers/example/DataLakeStack.java']],
  // The Go module's README (package:go copies it into dist/go), instead of rosetta's translations.
  ['docs/go/README.md', ['examples/go/datalake/datalake.go']],
])('the Java and Go code in %s is verbatim from the apps the build compiles and synthesizes', (doc, files) => {
  const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
  const blocks = [...text.matchAll(/<!-- snippet (\S+) -->\n```\w+\n([\s\S]*?)\n```/g)];
  expect(blocks.map(m => m[1]).sort()).toEqual(files);
  for (const [, file, block] of blocks) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    const want = block.split('\n');
    // The block's lines, in order and contiguous, somewhere in the file (compared without indentation).
    const at = source.findIndex((_, i) => dedent(source.slice(i, i + want.length).join('\n')) === block);
    expect({ file, found: at >= 0 }).toEqual({ file, found: true });
  }
});
