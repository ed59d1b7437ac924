#!/usr/bin/env node
/*
 * Follows README.md's "Before the first release" section on a fresh `cdk init` app in each language:
 * the commands and the code come from the README itself (the blocks after `<!-- fresh-app LANG run -->`
 * and `<!-- fresh-app LANG code FILE -->`), so the README and this check cannot drift. Each language
 * becomes one bash script, run in a scratch folder with DIST set to this checkout's dist/ (built by
 * `package`), then checked: the template has the access point and the access report names it.
 *
 * After the README's steps, before its synth, each app also gets the same app of issue 25
 * (test/same-app: the file copied next to the stack, one line in the stack that adds it), so one
 * synthesis per language serves both checks; the four templates are then compared by
 * scripts/same-app.js: the same calls must write the same statements in every language.
 *
 *   node scripts/fresh-apps.js [typescript] [python] [java] [go]     (default: all four)
 *   node scripts/fresh-apps.js --print LANG                          the script it would run
 *   node scripts/fresh-apps.js insert LANG FILE SNIPPET              (used by the generated scripts)
 *
 * Prints each language's time. Needs the registries of each language (npm, PyPI, Maven Central, the
 * Go module proxy); no AWS account.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { compareFolder } = require('./same-app');

const ROOT = path.join(__dirname, '..');
const LANGUAGES = ['typescript', 'python', 'java', 'go'];
const SECTION = '## Before the first release: install from `dist/`';
/** The access point name the README's snippet creates, looked for in the template and the report. */
const EXPECTED = 'sales-reader';
/**
 * The same app of issue 25 in each language (test/same-app): the file, where it goes in the fresh app,
 * and the lines that add it to the README's stack (imports, a blank line, the code).
 */
const SAME_APP = {
  typescript: { file: 'same-app.ts', to: 'lib/same-app.ts', code: "import { SameApp } from './same-app';\n\nnew SameApp(this, 'SameApp');" },
  python: { file: 'same_app.py', to: 'my_app/same_app.py', code: 'from .same_app import SameApp\n\nSameApp(self, "SameApp")' },
  java: { file: 'SameApp.java', to: 'src/main/java/com/myorg/SameApp.java', code: '\nnew SameApp(this, "SameApp");' },
  go: { file: 'same_app.go', to: 'sameapp/same_app.go', code: 'import (\n\t"my-app/sameapp"\n)\n\nsameapp.New(stack, jsii.String("SameApp"))' },
};

/** The steps of one language, in README order: { kind: 'run', text } or { kind: 'code', file, text }. */
function steps(readme, language) {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const marker = /<!-- fresh-app (\w+) (run|code)(?: (\S+))? -->\n```[^\n]*\n([\s\S]*?)\n```/g;
  const found = [];
  for (const m of section.matchAll(marker)) {
    if (!LANGUAGES.includes(m[1])) throw new Error(`unknown language in marker: ${m[0].split('\n')[0]}`);
    if (m[1] === language) found.push({ kind: m[2], file: m[3], text: m[4] });
  }
  if (found.length === 0) throw new Error(`README.md's "${SECTION}" has no fresh-app steps for ${language}`);
  return found;
}

/** One bash script for the language: the run blocks as written, the code blocks through `insert`. */
function script(language) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const lines = ['set -euo pipefail'];
  const mavenCdk = process.env.FRESH_APPS_MAVEN_CDK_VERSION;
  const all = steps(readme, language);
  const lastRun = all.map(s => s.kind).lastIndexOf('run');
  const stackFile = all.find(s => s.kind === 'code').file;
  all.forEach((step, i) => {
    if (i === lastRun) {
      // Not in the README: the same app of issue 25, added before the README's synth (the one synthesis).
      const same = SAME_APP[language];
      lines.push(`echo "fresh-apps ${language}: the same app (test/same-app/${same.file}) into ${same.to} and ${stackFile}"`,
        `mkdir -p ${JSON.stringify(path.dirname(same.to))} && cp ${JSON.stringify(path.join(ROOT, 'test', 'same-app', same.file))} ${JSON.stringify(same.to)}`,
        `node ${JSON.stringify(__filename)} insert ${language} ${JSON.stringify(stackFile)} - <<'FRESH_APP_SNIPPET'`, same.code, 'FRESH_APP_SNIPPET');
    }
    if (step.kind === 'run') {
      lines.push(`echo "fresh-apps ${language}: step ${i + 1} (run) at $((SECONDS))s"`, step.text);
      // The one deviation from the README, for a Maven mirror that lags behind the aws-cdk-lib that
      // `cdk init` asks for (here: Maven serves up to 2.263.0, cdk init asks for [2.275.0,3.0.0)).
      if (language === 'java' && i === 0 && mavenCdk) {
        lines.push(`echo "fresh-apps java: DEVIATION: cdk.version set to ${mavenCdk} (FRESH_APPS_MAVEN_CDK_VERSION)"`,
          `sed -i.bak 's|<cdk.version>[^<]*</cdk.version>|<cdk.version>${mavenCdk}</cdk.version>|' pom.xml`);
      }
    } else {
      lines.push(`echo "fresh-apps ${language}: step ${i + 1} (code into ${step.file})"`,
        `node ${JSON.stringify(__filename)} insert ${language} ${JSON.stringify(step.file)} - <<'FRESH_APP_SNIPPET'`, step.text, 'FRESH_APP_SNIPPET');
    }
  });
  // The checks, not part of the README: in the app folder the steps ended in.
  lines.push(`grep -q '"${EXPECTED}"' cdk.out/*.template.json || { echo "fresh-apps ${language}: no access point ${EXPECTED} in the template" >&2; exit 1; }`);
  // The template, for the comparison of the same app across languages (scripts/same-app.js).
  lines.push(`cp cdk.out/*.template.json "$FRESH_APPS_OUT/${language}.template.json"`,
    `echo "fresh-apps ${language}: checked at $((SECONDS))s"`);
  if (language === 'java') {
    // The library's pom names one aws-cdk-lib version (jsii-pacmak resolves its range, docs/releasing.md);
    // the app's own aws-cdk-lib is nearer in Maven's tree and wins: print which one the app gets.
    lines.push("mvn -q -B dependency:tree -Dincludes=software.amazon.awscdk:aws-cdk-lib -DoutputFile=deps.txt >/dev/null && echo \"fresh-apps java: the app resolves $(grep -o 'aws-cdk-lib:jar:[^:]*' deps.txt | head -1); the library's pom names $(grep -A1 '<artifactId>aws-cdk-lib' \"$DIST\"/java/io/github/maintainers/cdk-s3-access-points/*/*.pom | grep -o '[0-9][^<]*' | head -1)\"");
  }
  return lines.join('\n') + '\n';
}

/**
 * Puts a README snippet into the generated stack file: the import lines at the top (after the
 * `package` line in Java and Go), the rest under cdk init's "The code that defines your stack goes here",
 * indented as that line is.
 */
function insert(language, file, snippet) {
  const source = fs.readFileSync(file, 'utf8').split('\n');
  const text = snippet.replace(/\n$/, '').split('\n');
  let split = text.findIndex(l => l.trim() === '');
  if (language === 'typescript' || language === 'python') {
    split = text.findIndex(l => l.trim() !== '' && !/^(import|from) /.test(l));
  } else if (language === 'go') {
    split = /^import\b/.test(text[0]) ? text.indexOf(')') + 1 : 0;
  }
  const imports = text.slice(0, split).filter(l => l.trim() !== '');
  const body = text.slice(split).filter((l, i, all) => l.trim() !== '' || (i > 0 && i < all.length - 1));
  const anchor = source.findIndex(l => l.includes('The code that defines your stack goes here'));
  if (anchor < 0) throw new Error(`${file}: no line "The code that defines your stack goes here"`);
  // The README shows the code without indentation: it takes the indentation of cdk init's comment.
  const indent = /^\s*/.exec(source[anchor])[0];
  source.splice(anchor + 1, 0, ...body.map(l => (l.trim() ? indent + l : l)));
  const packageLine = source.findIndex(l => /^package /.test(l));
  source.splice(packageLine + 1, 0, ...(packageLine >= 0 ? [''] : []), ...imports);
  fs.writeFileSync(file, source.join('\n'));
}

async function main(args) {
  if (args[0] === 'insert') {
    const [, language, file, snippetFile] = args;
    insert(language, file, fs.readFileSync(snippetFile === '-' ? 0 : snippetFile, 'utf8'));
    return 0;
  }
  if (args[0] === '--print') {
    process.stdout.write(script(args[1]));
    return 0;
  }
  const languages = args.length ? args : LANGUAGES;
  // DIST: the packages (default: this checkout's dist/, which `package` writes).
  const dist = process.env.DIST ?? path.join(ROOT, 'dist');
  // The templates, for scripts/same-app.js; kept when the comparison fails.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-same-app-'));
  // Languages run side by side (FRESH_APPS_JOBS, default 2): much of each run waits on a registry.
  const jobs = Math.max(1, Number(process.env.FRESH_APPS_JOBS ?? 2));
  const times = [];
  let failed = 0;
  const runOne = (language) => new Promise((resolve) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-s3-ap-fresh-${language}-`));
    const started = Date.now();
    const child = spawn('bash', ['-c', script(language)], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DIST: dist, FRESH_APPS_OUT: out, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
    });
    const chunks = [];
    child.stdout.on('data', c => chunks.push(c));
    child.stderr.on('data', c => chunks.push(c));
    child.on('close', (status) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const output = Buffer.concat(chunks).toString('utf8');
      const ok = status === 0 && output.includes(EXPECTED);
      times.push(`${language} ${seconds} s${ok ? '' : ' FAILED'}`);
      process.stdout.write(`fresh-apps ${language}: ${ok ? 'synthesized, report names ' + EXPECTED : 'FAILED'} in ${seconds} s (${dir})\n`);
      if (!ok) {
        failed++;
        process.stdout.write(output.split('\n').slice(-60).join('\n') + '\n');
      } else {
        // The step times, and lines a tool's progress output may precede on the same line.
        process.stdout.write([...output.matchAll(/fresh-apps \w+: (?:DEVIATION|the app resolves|step \d+ \(run\) at|checked at)[^\n]*/g)].map(m => '  ' + m[0] + '\n').join(''));
      }
      if (ok && !process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
      resolve();
    });
  });
  const queue = [...languages];
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length) await runOne(queue.shift());
  }));
  process.stdout.write(`fresh-apps: ${times.join(', ')}\n`);
  // The same app of issue 25: the policies of every language that synthesized, compared.
  if (fs.readdirSync(out).length >= 2) {
    const same = compareFolder(out);
    process.stdout.write(same.lines.join('\n') + '\n');
    if (!same.ok) {
      failed++;
      process.stdout.write(`same-app: the templates are in ${out}\n`);
    } else if (!process.env.KEEP) {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) main(process.argv.slice(2)).then(code => { process.exitCode = code; });
module.exports = { steps, script, insert, LANGUAGES, SECTION };
