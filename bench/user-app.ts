/*
 * One app of the user-shaped benchmark (issue 17), built with the library or by hand, synthesized
 * once; prints one JSON line of measurements. Run by bench/user.ts in a child process per app, so
 * that peak memory and loaded modules are the app's own.
 *
 * The app a user writes: one data stack holding the shared bucket (with a name), and team stacks of
 * CONSUMERS_PER_TEAM consumers; a consumer is a role plus a prefix access point with a read-write
 * grant. The baseline wires the same thing by hand: an s3.Bucket with enforceSSL and the delegation
 * statement; per consumer a CfnAccessPoint whose JSON policy names the role, plus
 * addToPrincipalPolicy for the object and list statements.
 *
 * The library is loaded from the compiled package (lib/, what users get from npm) when it is built,
 * else from src/ through ts-node; BENCH_LIB=src|lib forces one (or names another directory, e.g. a
 * patched copy of lib/ for a what-if measurement).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

export const CONSUMERS_PER_TEAM = 150;
const BUCKET_NAME = 'bench-user-shared-bucket';

type Library = typeof import('../src');

/** Where the library is loaded from: the compiled package when built, else the sources. */
export function libraryPath(): string {
  const root = path.join(__dirname, '..');
  const choice = process.env.BENCH_LIB ?? (fs.existsSync(path.join(root, 'lib', 'index.js')) ? 'lib' : 'src');
  return path.resolve(root, choice);
}

interface Layout {
  readonly app: App;
  readonly data: Stack;
  readonly team: (i: number) => Stack;
}

function layout(outdir: string, n: number): Layout {
  const app = new App({ outdir });
  const data = new Stack(app, 'Data');
  const teams = Array.from({ length: Math.ceil(n / CONSUMERS_PER_TEAM) }, (_, t) => new Stack(app, `Team${t}`));
  return { app, data, team: i => teams[Math.floor(i / CONSUMERS_PER_TEAM)] };
}

function consumerRole(stack: Stack, i: number): iam.Role {
  return new iam.Role(stack, `Consumer${i}`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

/** The library, as its README shows it. */
function buildLibrary(lib: Library, l: Layout, n: number): void {
  const data = new lib.SharedDataBucket(l.data, 'Shared', { bucketName: BUCKET_NAME });
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    const ap = new lib.PrefixAccessPoint(stack, `Ap${i}`, { bucket: data, accessPointName: `consumer-${i}`, prefix: `consumer-${i}/` });
    ap.grantReadWrite(consumerRole(stack, i));
  }
}

/** The same object actions as the library's read-write grant. */
const OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
  's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** By hand, as a user without the library would write it. */
function buildBaseline(l: Layout, n: number): void {
  const bucket = new s3.Bucket(l.data, 'Shared', {
    bucketName: BUCKET_NAME,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: ['*'],
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    conditions: { StringEquals: { 's3:DataAccessPointAccount': l.data.account } },
  }));
  for (let i = 0; i < n; i++) {
    const stack = l.team(i);
    const role = consumerRole(stack, i);
    const name = `consumer-${i}`;
    const prefix = `${name}/`;
    const apArn = stack.formatArn({ service: 's3', resource: 'accesspoint', resourceName: name });
    const statements = [
      { actions: OBJECT_ACTIONS, resources: [`${apArn}/object/${prefix}*`] },
      { actions: ['s3:ListBucket'], resources: [apArn], conditions: { StringLike: { 's3:prefix': `${prefix}*` } } },
    ];
    for (const s of statements) role.addToPrincipalPolicy(new iam.PolicyStatement(s));
    new s3.CfnAccessPoint(stack, `Ap${i}`, {
      bucket: bucket.bucketName,
      name,
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      policy: {
        Version: '2012-10-17',
        Statement: statements.map(s => ({
          Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: s.actions, Resource: s.resources, ...(s.conditions ? { Condition: s.conditions } : {}),
        })),
      },
    });
  }
}

/** The aws-cdk-lib modules loaded so far: files by top-level directory (core, aws-s3, ...). */
export function loadedCdkModules(): Record<string, number> {
  const modules: Record<string, number> = {};
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules[\\/]aws-cdk-lib[\\/]([^\\/]+)[\\/]/.exec(file);
    if (m) modules[m[1]] = (modules[m[1]] ?? 0) + 1;
  }
  return modules;
}

function measure(variant: string, n: number) {
  // Loaded before the clock starts: module loading is measured apart (bench/user.ts, import cost).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib: Library | undefined = variant === 'library' ? require(libraryPath()) : undefined;
  // aws-cdk-lib loads each class on first use: load those both apps use before the clock, in both
  // variants, so that the timed work is the same kind of work.
  void [App, Stack, iam.Role, iam.ServicePrincipal, iam.PolicyStatement, iam.AnyPrincipal,
    s3.Bucket, s3.CfnAccessPoint, s3.BucketPolicy, s3.BlockPublicAccess];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-user-${variant}-${n}-`));
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const l = layout(outdir, n);
  if (lib) buildLibrary(lib, l, n); else buildBaseline(l, n);
  const constructedMs = Number(process.hrtime.bigint() - started) / 1e6;
  // Diagnosis only (BENCH_HEAP=1 with --expose-gc; distorts the times): the heap the app keeps.
  const heapMb = () => (global.gc?.(), Math.round(process.memoryUsage().heapUsed / 2 ** 20));
  const heapAfterConstructionMb = process.env.BENCH_HEAP ? heapMb() : undefined;
  const assembly = l.app.synth();
  const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfterSynthMb = process.env.BENCH_HEAP ? heapMb() : undefined;

  const size = (x: any) => (x === undefined ? 0 : JSON.stringify(x).length);
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const all = assembly.stacks.flatMap(s => Object.values<any>(s.template.Resources ?? {}));
  const ofType = (type: string) => all.filter(r => r.Type === type);
  const apPolicies = ofType('AWS::S3::AccessPoint').map(r => size(r.Properties.Policy));
  const identityPolicies = ofType('AWS::IAM::Policy').map(r => size(r.Properties.PolicyDocument));
  const bucketPolicies = ofType('AWS::S3::BucketPolicy').map(r => size(r.Properties.PolicyDocument));
  const assemblyFiles = fs.readdirSync(outdir);
  const otherFiles = assemblyFiles.filter(f => f.includes('.access-report.'));
  const result = {
    variant,
    n,
    constructMs: Math.round(constructedMs),
    synthMs: Math.round(synthMs),
    // From the start of the process (Node.js, ts-node, module loading) to the end of synthesis.
    processMs: Math.round(performance.now()),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    stacks: assembly.stacks.length,
    resources: all.length,
    templateBytes: sum(assembly.stacks.map(s => JSON.stringify(s.template).length)),
    bucketPolicyBytes: max(bucketPolicies),
    maxAccessPointPolicyBytes: max(apPolicies),
    maxIdentityPolicyBytes: max(identityPolicies),
    policyBytes: sum([...bucketPolicies, ...apPolicies, ...identityPolicies]),
    // The access report files (the library only): written into the cloud assembly at every synthesis.
    reportBytes: sum(otherFiles.map(f => fs.statSync(path.join(outdir, f)).size)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapAfterConstructionMb,
    heapAfterSynthMb,
    // The aws-cdk-lib modules this app loaded (directory under aws-cdk-lib, number of files).
    cdkModules: loadedCdkModules(),
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  return result;
}

if (require.main === module) {
  const [variant, n] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(measure(variant, Number(n))) + '\n');
}
