#!/usr/bin/env node
// Writes every ```go block of a README (the Go module's, dist/go/cdks3accesspoints/README.md) into a
// scratch folder of the examples/go module, one package per block, so that `go vet` compiles each
// one against the module just built (scripts/test-go.sh). A block that is a whole file (it has a
// `package` clause) is written as it is; any other block is a fragment and goes into a function
// whose parameter is `stack awscdk.Stack`, in a file that imports what the README's fragments use.
//
//   node scripts/go-readme-blocks.js README.md OUTDIR      prints the number of blocks written
const fs = require('fs');
const path = require('path');

const [readme, outdir] = process.argv.slice(2);
if (!readme || !outdir) {
  console.error('usage: go-readme-blocks.js README.md OUTDIR');
  process.exit(2);
}
const text = fs.readFileSync(readme, 'utf8');
const blocks = [...text.matchAll(/^```go\s*\n([\s\S]*?)^```\s*$/gm)].map(m => m[1]);

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

blocks.forEach((block, i) => {
  const dir = path.join(outdir, `block${i + 1}`);
  fs.mkdirSync(dir, { recursive: true });
  let source;
  if (/^package \w+/m.test(block)) {
    source = block;
  } else {
    const imports = Object.values(FIXTURE_IMPORTS).map(([p]) => `\t"${p}"`).join('\n');
    const uses = Object.values(FIXTURE_IMPORTS).map(([, use]) => `var _ = ${use}`).join('\n');
    const body = block.split('\n').map(l => (l ? `\t${l}` : l)).join('\n');
    source = `// Block ${i + 1} of ${readme}, a fragment, inside a function.\npackage block${i + 1}\n\nimport (\n${imports}\n)\n\n${uses}\n\nfunc fragment(stack awscdk.Stack) {\n${body}\n}\n`;
  }
  fs.writeFileSync(path.join(dir, 'block.go'), source);
});
console.log(blocks.length);
