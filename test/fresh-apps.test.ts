/*
 * README.md's "Before the first release" section is what scripts/fresh-apps.js runs on a fresh
 * `cdk init` app in each language (`npx projen test:fresh-apps`). These checks are the cheap half:
 * every language has its steps, and the file names the commands install are those the build writes
 * (package.json's name, version and jsii targets), so a renamed package breaks here first.
 */
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const freshApps = require('../scripts/fresh-apps.js');

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const { python, java, go } = pkg.jsii.targets;
const runText = (language: string) => freshApps.steps(README, language).filter((s: any) => s.kind === 'run').map((s: any) => s.text).join('\n');

test.each(freshApps.LANGUAGES as string[])('%s: a fresh cdk init app, the package from dist/, the code, cdk synth and the report', (language) => {
  const steps = freshApps.steps(README, language);
  expect(steps.map((s: any) => s.kind)).toEqual(['run', 'code', 'run']);
  expect(steps[0].text).toContain(`init app --language ${language}`);
  expect(steps[2].text).toMatch(/synth/);
  expect(steps[2].text).toMatch(/cdk-s3-access-points report/);
  expect(steps[1].text).toMatch(/sales-reader/);
});

test('the artifacts named are those `package` writes', () => {
  const v = pkg.version;
  expect(runText('typescript')).toContain(`"$DIST/js/${pkg.name}@${v}.jsii.tgz"`);
  expect(runText('python')).toContain(`"$DIST"/python/${python.distName.replace(/-/g, '_')}-${v}-py3-none-any.whl`);
  const mavenDir = `"$DIST"/java/${java.maven.groupId.replace(/\./g, '/')}/${java.maven.artifactId}/${v}/${java.maven.artifactId}-${v}`;
  expect(runText('java')).toContain(`-DpomFile=${mavenDir}.pom`);
  expect(runText('java')).toContain(`-Dfile=${mavenDir}.jar`);
  expect(runText('java')).toContain(`<groupId>${java.maven.groupId}</groupId><artifactId>${java.maven.artifactId}</artifactId><version>${v}</version>`);
  const module = `${go.moduleName}/${go.packageName}`;
  expect(runText('go')).toContain(`-require=${module}@v${v}`);
  expect(runText('go')).toContain(`-replace=${module}="$DIST"/go/${go.packageName}`);
});

test('the code goes into the stack file cdk init writes for a folder named my-app', () => {
  const files = Object.fromEntries((freshApps.LANGUAGES as string[]).map(l => [l, freshApps.steps(README, l)[1].file]));
  expect(files).toEqual({
    typescript: 'lib/my-app-stack.ts',
    python: 'my_app/my_app_stack.py',
    java: 'src/main/java/com/myorg/MyAppStack.java',
    go: 'my-app.go',
  });
});
