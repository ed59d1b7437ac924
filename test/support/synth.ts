/*
 * Synthesizes an app into a fresh directory and reads back what a user would find there: the
 * templates and the access reports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AccessReport } from '../../src/report/model';

export interface Synthesized {
  readonly outdir: string;
  readonly reports: AccessReport[];
}

/** Builds an app with `build`, synthesizes it into a temporary directory and reads its reports. */
export function synthesize(build: (app: App) => void): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  const reports = fs.readdirSync(outdir).filter(f => f.endsWith('.access-report.json')).sort()
    .map(f => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
  return { outdir, reports };
}
