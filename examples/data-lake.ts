/*
 * Scenario S1, the store-events data lake: one shared bucket, two consumers, each with its own
 * access point limited to its own prefix. Neither role has any S3 permission of its own.
 *
 *   npx projen example        synthesizes this app into cdk.out and prints what it wrote
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PrefixAccessPoint, SharedDataBucket } from '../src';

/** The data lake: a KMS-encrypted shared bucket, an EC2 consumer and a Lambda consumer. */
export class DataLakeStack extends Stack {
  public readonly data: SharedDataBucket;
  public readonly sales: PrefixAccessPoint;
  public readonly inventory: PrefixAccessPoint;
  public readonly ec2Role: iam.Role;
  public readonly inventoryFunction: lambda.Function;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.data = new SharedDataBucket(this, 'StoreEvents', { encryption: s3.BucketEncryption.KMS });

    this.ec2Role = new iam.Role(this, 'Ec2ConsumerRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    this.sales = new PrefixAccessPoint(this, 'SalesEvents', {
      bucket: this.data,
      accessPointName: 'ec2-consumer',
      prefix: 'sales_event/',
    });
    this.sales.grantReadWrite(this.ec2Role);

    this.inventoryFunction = new lambda.Function(this, 'InventoryConsumer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
    });
    this.inventory = this.data.addPrefixAccessPoint('InventoryEvents', {
      accessPointName: 'lambda-consumer',
      prefix: 'inventory_event/',
    });
    this.inventory.grantReadWrite(this.inventoryFunction);
    // The function reaches the bucket only through its access point: give it the ARN, not the bucket.
    this.inventoryFunction.addEnvironment('ACCESS_POINT_ARN', this.inventory.accessPointArn);
  }
}

/** Synthesizes the example into `outdir` and prints what it wrote. */
export function main(outdir: string = process.env.CDK_OUTDIR ?? 'cdk.out'): void {
  const app = new App({ outdir });
  const lake = new DataLakeStack(app, 'DataLake');
  // The construct path of each resource by logical id, to say whose policy each one is.
  const paths = new Map(lake.node.findAll().filter(CfnResource.isCfnResource).map(c => [lake.getLogicalId(c), c.node.scope!.node.path]));
  const assembly = app.synth();

  console.log(`Synthesized ${assembly.stacks.length} stack(s) into ${path.resolve(outdir)}:`);
  for (const file of fs.readdirSync(outdir).sort()) {
    console.log(`  ${file.padEnd(40)} ${fs.statSync(path.join(outdir, file)).size} bytes`);
  }
  for (const stack of assembly.stacks) {
    const resources: Record<string, any> = stack.template.Resources ?? {};
    console.log(`\nStack ${stack.stackName}: ${Object.keys(resources).length} resources`);
    for (const r of Object.values(resources)) {
      if (r.Type === 'AWS::S3::BucketPolicy') {
        // Label each policy with the bucket it belongs to (the data bucket, its access logs bucket).
        const bucket = paths.get(r.Properties.Bucket?.Ref) ?? JSON.stringify(r.Properties.Bucket);
        const doc = r.Properties.PolicyDocument;
        console.log(`  bucket policy of ${bucket}: ${doc.Statement.length} statements, ${JSON.stringify(doc).length} bytes`);
      }
      if (r.Type === 'AWS::S3::AccessPoint') {
        const p = r.Properties;
        const prefixes = JSON.stringify(p.Policy ?? {}).match(/"s3:prefix":"[^"]*"/g) ?? [];
        console.log(`  access point policy of ${p.Name}: ${p.Policy?.Statement?.length ?? 0} statements, ${JSON.stringify(p.Policy ?? {}).length} bytes, ${prefixes.join(', ')}`);
      }
    }
  }
}

if (require.main === module) {
  main();
}
