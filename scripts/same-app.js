#!/usr/bin/env node
/*
 * Compares what the same app (test/same-app, issue 25) wrote in each language: every policy of the
 * templates that scripts/fresh-apps.js synthesized from the packages in dist/. The same calls must
 * write the same statements, so the parts compared are kept whole; the normalization removes only
 * what may differ between two syntheses of one app (see `normalize`).
 *
 *   node scripts/same-app.js DIR      compares DIR/LANGUAGE.template.json (two or more); exit 1 on a difference
 */
const fs = require('fs');
const path = require('path');

/** Resource types whose whole properties decide who may do what (policies, access points, keys, roles). */
const ACCESS_TYPES = new Set([
  'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group',
  'AWS::S3::BucketPolicy', 'AWS::S3::AccessPoint', 'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy', 'AWS::S3Express::BucketPolicy', 'AWS::S3Express::AccessPoint',
  'AWS::KMS::Key', 'AWS::EC2::VPCEndpoint', 'AWS::Lambda::Permission',
]);
/** Of any other resource, the properties that hold a policy (e.g. a queue's or a topic's). */
const POLICY_PROPERTY = /Polic(y|ies)/;

/**
 * Asset hashes (64 hex digits) name the bundled code of custom resources: they change with the
 * aws-cdk-lib build, not with the app. Nothing else is rewritten.
 */
function normalize(value) {
  if (typeof value === 'string') return value.replace(/\b[0-9a-f]{64}\b/g, '<asset-hash>');
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

/**
 * The parts of a template compared, by logical id: the type and properties of each access resource,
 * and the policy properties of the others. Left out: Metadata (construct paths, cdk_nag), the
 * CDKMetadata resource, Parameters, Rules and Outputs (the bootstrap version check).
 */
function accessParts(template) {
  const parts = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const properties = resource.Properties ?? {};
    if (ACCESS_TYPES.has(resource.Type)) {
      parts[id] = normalize({ Type: resource.Type, Properties: properties, DependsOn: resource.DependsOn });
    } else {
      const policies = Object.fromEntries(Object.entries(properties).filter(([k]) => POLICY_PROPERTY.test(k)));
      if (Object.keys(policies).length) parts[id] = normalize({ Type: resource.Type, Properties: policies });
    }
  }
  return parts;
}

const show = (v) => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 1200 ? s.slice(0, 1200) + '…' : s;
};

/**
 * The differences between the languages' parts, as lines `PATH: lang1, lang2 = VALUE | lang3 = VALUE`,
 * descending into objects and equally long arrays so that each line names the statement that differs;
 * of lists of different lengths, the elements that only some languages have.
 */
function differences(partsByLanguage, at = 'Resources') {
  const languages = Object.keys(partsByLanguage);
  const values = languages.map(l => partsByLanguage[l]);
  const texts = values.map(v => JSON.stringify(v));
  if (texts.every(t => t === texts[0])) return [];
  const allObjects = values.every(v => v && typeof v === 'object' && !Array.isArray(v));
  const sameArrays = values.every(v => Array.isArray(v) && v.length === values[0].length);
  if (allObjects || sameArrays) {
    const keys = allObjects ? [...new Set(values.flatMap(v => Object.keys(v)))].sort() : values[0].map((_, i) => i);
    return keys.flatMap(k => differences(
      Object.fromEntries(languages.map((l, i) => [l, values[i][k]])),
      typeof k === 'number' ? `${at}[${k}]` : `${at}.${k}`));
  }
  if (values.every(v => Array.isArray(v))) {
    // Lists of different lengths (statements, actions): each element that not every language has.
    const holders = new Map();
    values.forEach((v, i) => v.forEach(e => {
      const key = JSON.stringify(e);
      holders.set(key, new Set([...(holders.get(key) ?? []), languages[i]]));
    }));
    return [...holders.entries()].filter(([, ls]) => ls.size < languages.length)
      .map(([key, ls]) => `${at}[…] only in ${[...ls].join(', ')}: ${show(JSON.parse(key))}`);
  }
  const groups = new Map();
  languages.forEach((l, i) => groups.set(texts[i], [...(groups.get(texts[i]) ?? []), l]));
  return [`${at}: ${[...groups.entries()].map(([t, ls]) => `${ls.join(', ')} = ${show(t === undefined ? undefined : JSON.parse(t))}`).join(' | ')}`];
}

/** Compares the templates LANGUAGE.template.json in a folder; returns the lines to print and whether they agree. */
function compareFolder(dir) {
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.template.json')).sort();
  const parts = Object.fromEntries(files.map(f => [f.replace('.template.json', ''),
    accessParts(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))]));
  const languages = Object.keys(parts);
  if (languages.length < 2) return { ok: false, lines: [`same-app: ${languages.length} template(s) in ${dir}, need two or more`] };
  const diffs = differences(parts);
  const counted = Object.keys(parts[languages[0]]).length;
  const statements = JSON.stringify(parts[languages[0]]).split('"Effect"').length - 1;
  return diffs.length
    ? { ok: false, lines: [`same-app: the templates of ${languages.join(', ')} differ in ${diffs.length} place(s):`, ...diffs.map(d => '  ' + d)] }
    : { ok: true, lines: [`same-app: ${languages.join(', ')} wrote the same ${counted} access resources (${statements} statements)`] };
}

if (require.main === module) {
  const result = compareFolder(process.argv[2] ?? '.');
  process.stdout.write(result.lines.join('\n') + '\n');
  process.exitCode = result.ok ? 0 : 1;
}
module.exports = { accessParts, differences, compareFolder, normalize };
