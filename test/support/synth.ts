/*
 * Synthesizes an app into a fresh directory and reads back what a user would find there: the
 * templates and the access reports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AccessReport } from '../../src/report/model';

export interface Synthesized {
  readonly app: App;
  readonly assembly: cxapi.CloudAssembly;
  readonly outdir: string;
  readonly reports: AccessReport[];
  /** The synthesized templates, each with the account its stack deploys to (undefined: environment-agnostic). */
  readonly templates: { Resources?: any; account?: string }[];
}

/** Builds an app with `build`, synthesizes it into a temporary directory and reads its reports. */
export function synthesize(build: (app: App) => void): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-'));
  const app = new App({ outdir });
  build(app);
  const assembly = app.synth();
  const templates = assembly.stacks.map(s => ({
    ...s.template,
    account: Token.isUnresolved(s.environment.account) || s.environment.account === cxapi.UNKNOWN_ACCOUNT ? undefined : s.environment.account,
  }));
  const reports = fs.readdirSync(outdir).filter(f => f.endsWith('.access-report.json')).sort()
    .map(f => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
  return { app, assembly, outdir, reports, templates };
}
