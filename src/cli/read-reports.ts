/*
 * Reads access reports (report/model.ts) from a cloud assembly directory, with its nested
 * assemblies (stages), or from a report JSON file. JSON only, no aws-cdk-lib: the CLI's report and
 * diff commands and AccessAssertions read reports here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AccessReport, REPORT_SCHEMA_VERSION } from '../report/model';

/** Input that is not what the reader expects: a message for the user, without a stack trace. */
export class ReportInputError extends Error {}

/** The reports of an assembly and of its nested assemblies (stages), by file name. */
export function readReports(dir: string): AccessReport[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ReportInputError(`${dir}: no such directory (synthesize the app first, e.g. npx cdk synth)`);
  }
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new ReportInputError(`${dir} is not a cloud assembly: it has no manifest.json`);
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && entry.name.startsWith('assembly-')) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.access-report.json')) files.push(full);
    }
  };
  walk(dir);
  if (files.length === 0) {
    throw new ReportInputError(`${dir} holds no access report: no SharedDataBucket was synthesized into it`);
  }
  return files.flatMap(readReportFile);
}

/** A report JSON file: one report (as the synthesis writes it) or an array (as `report --format json` prints). */
export function readReportFile(file: string): AccessReport[] {
  let json: any;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReportInputError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const reports: AccessReport[] = Array.isArray(json) ? json : [json];
  for (const report of reports) {
    if (report?.schemaVersion !== REPORT_SCHEMA_VERSION || !Array.isArray(report.accessPoints) || !report.bucket) {
      throw new ReportInputError(`${file} is not an access report of schema version ${REPORT_SCHEMA_VERSION} (found ${JSON.stringify(report?.schemaVersion)})`);
    }
  }
  return reports;
}

/** The reports of a cloud assembly directory or of a report JSON file. */
export function readReportsFrom(source: string): AccessReport[] {
  if (fs.existsSync(source) && fs.statSync(source).isFile()) return readReportFile(source);
  return readReports(source);
}
