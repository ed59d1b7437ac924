#!/usr/bin/env node
// Writes every ```go block of a README (the Go module's, dist/go/cdks3accesspoints/README.md) into a
// scratch folder of the examples/go module, one package per block, so that `go vet` compiles each
// one against the module just built (scripts/test-go.sh). A block that is a whole file (it has a
// `package` clause) is written as it is; any other block is a fragment and goes into a function
// whose parameter is `stack awscdk.Stack`, in a file that imports what the README's fragments use
// (a fragment's own imports, at its top, go to the file's import list instead of the fixture's).
//
//   node scripts/go-readme-blocks.js README.md... OUTDIR      prints the number of blocks written
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const outdir = args.pop();
if (args.length === 0 || !outdir) {
  console.error('usage: go-readme-blocks.js README.md... OUTDIR');
  process.exit(2);
}
const blocks = args.flatMap(readme => [...fs.readFileSync(readme, 'utf8').matchAll(/^```go\s*\n([\s\S]*?)^```\s*$/gm)]
  .map(m => ({ readme, source: m[1] })));

// The packages a fragment may use without importing them; each is used once below, so an import a
// fragment does not need is not an error.
const FIXTURE_IMPORTS = {
  awscdk: ['github.com/aws/aws-cdk-go/awscdk/v2', 'awscdk.NewApp'],
  awsec2: ['github.com/aws/aws-cdk-go/awscdk/v2/awsec2', 'awsec2.NewVpc'],
  awsiam: ['github.com/aws/aws-cdk-go/awscdk/v2/awsiam', 'awsiam.NewRole'],
  awskms: ['github.com/aws/aws-cdk-go/awscdk/v2/awskms', 'awskms.NewKey'],
  awslambda: ['github.com/aws/aws-cdk-go/awscdk/v2/awslambda', 'awslambda.NewFunction'],
  awss3: ['github.com/aws/aws-cdk-go/awscdk/v2/awss3', 'awss3.NewBucket'],
  constructs: ['github.com/aws/constructs-go/constructs/v10', 'constructs.NewConstruct'],
  jsii: ['github.com/aws/jsii-runtime-go', 'jsii.String'],
  cdks3accesspoints: ['github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints', 'cdks3accesspoints.NewSharedDataBucket'],
};

/** A fragment's leading import declarations, as [name or '', path] pairs, and the rest of it. */
function splitImports(block) {
  const specs = [];
  let rest = block;
  for (;;) {
    const m = /^\s*import\s*(?:\(([^)]*)\)|((?:\w+\s+)?"[^"]+"))[ \t]*\n/.exec(rest);
    if (!m) break;
    for (const line of (m[1] ?? m[2]).split('\n')) {
      const spec = /^\s*(?:(\w+)\s+)?"([^"]+)"/.exec(line);
      if (spec) specs.push([spec[1] ?? '', spec[2]]);
    }
    rest = rest.slice(m[0].length);
  }
  return { specs, rest };
}

blocks.forEach(({ readme, source: block }, i) => {
  const dir = path.join(outdir, `block${i + 1}`);
  fs.mkdirSync(dir, { recursive: true });
  let source;
  if (/^package \w+/m.test(block)) {
    source = block;
  } else {
    const { specs, rest } = splitImports(block);
    const own = new Set(specs.flatMap(([name, p]) => [p, name || p.split('/').pop()]));
    const fixture = Object.entries(FIXTURE_IMPORTS).filter(([name, [p]]) => !own.has(p) && !own.has(name));
    const imports = [...specs.map(([name, p]) => `\t${name ? name + ' ' : ''}"${p}"`), ...fixture.map(([, [p]]) => `\t"${p}"`)].join('\n');
    const uses = fixture.map(([, [, use]]) => `var _ = ${use}`).join('\n');
    const body = rest.split('\n').map(l => (l ? `\t${l}` : l)).join('\n');
    source = `// Block ${i + 1} (${readme}), a fragment, inside a function.\npackage block${i + 1}\n\nimport (\n${imports}\n)\n\n${uses}\n\nfunc fragment(stack awscdk.Stack) {\n${body}\n}\n`;
  }
  fs.writeFileSync(path.join(dir, 'block.go'), source);
});
console.log(blocks.length);
