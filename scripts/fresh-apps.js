#!/usr/bin/env node
/*
 * Follows README.md's "Before the first release" section on a fresh `cdk init` app in each language:
 * the commands and the code come from the README itself (the blocks after `<!-- fresh-app LANG run -->`
 * and `<!-- fresh-app LANG code FILE -->`), so the README and this check cannot drift. Each language
 * becomes one bash script, run in a scratch folder with DIST set to this checkout's dist/ (built by
 * `package`), then checked: the template has the access point and the access report names it.
 *
 *   node scripts/fresh-apps.js [typescript] [python] [java] [go]     (default: all four)
 *   node scripts/fresh-apps.js --print LANG                          the script it would run
 *   node scripts/fresh-apps.js insert LANG FILE SNIPPET              (used by the generated scripts)
 *
 * Prints each language's time. Needs the registries of each language (npm, PyPI, Maven Central, the
 * Go module proxy); no AWS account.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const LANGUAGES = ['typescript', 'python', 'java', 'go'];
const SECTION = '## Before the first release: install from `dist/`';
/** The access point name the README's snippet creates, looked for in the template and the report. */
const EXPECTED = 'sales-reader';

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
  steps(readme, language).forEach((step, i) => {
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
    split = text.indexOf(')') + 1;
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

function main(args) {
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
  const dist = path.join(ROOT, 'dist');
  const times = [];
  let failed = 0;
  for (const language of languages) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-s3-ap-fresh-${language}-`));
    const started = Date.now();
    const result = spawnSync('bash', ['-c', script(language)], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, DIST: dist, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    const output = `${result.stdout}${result.stderr}`;
    const ok = result.status === 0 && output.includes(EXPECTED);
    times.push(`${language} ${seconds} s${ok ? '' : ' FAILED'}`);
    process.stdout.write(`fresh-apps ${language}: ${ok ? 'synthesized, report names ' + EXPECTED : 'FAILED'} in ${seconds} s (${dir})\n`);
    if (!ok) {
      failed++;
      process.stdout.write(output.split('\n').slice(-60).join('\n') + '\n');
    } else {
      // Lines a tool's progress output may precede on the same line.
      process.stdout.write([...output.matchAll(/fresh-apps \w+: (?:DEVIATION|the app resolves)[^\n]*/g)].map(m => m[0] + '\n').join(''));
    }
    if (ok && !process.env.KEEP) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`fresh-apps: ${times.join(', ')}\n`);
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { steps, script, insert, LANGUAGES, SECTION };
