/*
 * The README's table of kinds (capability rows x kind columns) must say what the code does: every
 * cell is tried on a fresh access point of its kind. ✔: the call succeeds; ✗: it is refused at
 * synthesis (or, for the row about the access point's own policy, the grant is not written there).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AccessLevel, DirectoryBucketAccessPoint, IGrantableAccessPoint, MultiRegionAccessPoint, PrincipalFolder, VpcOnlyAccessPoint,
} from '../src';
import { Kind, THEIR_MRAP, setup } from './support/kinds';

/** The table's columns, in order, and how each is built. */
const COLUMNS: [string, () => { stack: Stack; accessPoint: IGrantableAccessPoint }][] = [
  ['`PrefixAccessPoint`', () => setup('prefix')],
  ['`VpcOnlyAccessPoint`', () => setup('vpcOnly')],
  ['imported access point', () => setup('imported')],
  ['`DirectoryBucketAccessPoint`', () => setup('directory')],
  ['imported directory bucket access point', () => setup('importedDirectory')],
  ['`MultiRegionAccessPoint`', () => setup('multiRegion')],
  // Imported by ARN only: no name.
  ['imported Multi-Region Access Point', () => {
    const s = setup('imported' as Kind);
    return { ...s, accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointArn(s.stack, 'Mrap', THEIR_MRAP) };
  }],
];

const fnOf = (stack: Stack) => new lambda.Function(stack, 'Fn', {
  runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code: lambda.Code.fromInline('x'),
});
const user = (stack: Stack) => new iam.User(stack, 'Bob');

/** How each row is tried: true when the capability is there. Throwing means refused. */
const ROWS: Record<string, (ap: IGrantableAccessPoint, stack: Stack) => boolean> = {
  '`grantRead`/`Write`/`ReadWrite`/`Delete`, `grants.*`': (ap, stack) => {
    const bob = user(stack);
    [ap.grantRead, ap.grantWrite, ap.grantReadWrite, ap.grantDelete].forEach(m => m.call(ap, bob, {}));
    ap.grants.read(bob);
    return true;
  },
  '`grantToFunction`, `grantToContainer`': (ap, stack) => !!ap.grantToFunction(fnOf(stack), { level: AccessLevel.READ }),
  'writes the access point\'s own policy': (ap, stack) => {
    ap.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    return ap.grantRecords[0].inResourcePolicy;
  },
  '`objectTags`': (ap, stack) => !!ap.grantRead(user(stack), { objectTags: { data: 'x' } }),
  '`principalFolder`': (ap, stack) => !!ap.grantRead(user(stack), { principalFolder: PrincipalFolder.USERNAME }),
  '`allowGetAccessPoint`': (ap, stack) => !!ap.grantRead(user(stack), { allowGetAccessPoint: true }),
  '`arnVariable`': (ap, stack) => !!ap.grantToFunction(fnOf(stack), { level: AccessLevel.READ, arnVariable: 'X_ARN' }),
  '`aliasVariable`': (ap, stack) => !!ap.grantToFunction(fnOf(stack), { level: AccessLevel.READ, aliasVariable: 'X_ALIAS' }),
  '`nameVariable`': (ap, stack) => !!ap.grantToFunction(fnOf(stack), { level: AccessLevel.READ, nameVariable: 'X_NAME' }),
  // The kind restricted to a VPC: does the library write the policy of the VPC's gateway endpoint? A Multi-Region Access Point
  // has no gateway endpoint: "You can't access data through a Multi-Region Access Point by using gateway endpoints"
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html).
  'writes the VPC\'s gateway endpoint policy (`endpoint`)': (ap, stack) => {
    if (ap instanceof DirectoryBucketAccessPoint) {
      const vpc = new ec2.Vpc(stack, 'Net', { natGateways: 0, maxAzs: 1 });
      new DirectoryBucketAccessPoint(stack, 'InVpc', { bucket: ap.bucket, vpc, accessPointName: 'invpc--use1-az4--xa-s3' });
    } else if (!(ap instanceof VpcOnlyAccessPoint)) {
      return false;
    }
    const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
    return endpoints.length === 1 && endpoints[0].Properties.PolicyDocument.Statement.length > 0;
  },
};

function readmeTable(): { header: string[]; rows: string[][] } {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- kinds-table: checked by test/kinds-table.test.ts -->');
  const end = readme.indexOf('<!-- /kinds-table -->');
  const cells = (line: string) => line.split('|').slice(1, -1).map(c => c.trim());
  const lines = readme.slice(start, end).split('\n').filter(l => l.startsWith('|'));
  return { header: cells(lines[0]), rows: lines.slice(2).map(cells) };
}

describe('the README table of kinds matches the code', () => {
  const { header, rows } = readmeTable();

  test('its columns are the kinds, its rows the capabilities tried here', () => {
    expect(header).toEqual(['capability', ...COLUMNS.map(([name]) => name)]);
    expect(rows.map(r => r[0])).toEqual(Object.keys(ROWS));
  });

  const cells = rows.flatMap(([capability, ...marks]) => marks.map((mark, i) => [capability, COLUMNS[i][0], mark, i] as const));
  test.each(cells)('%s on %s: %s', (capability, _kind, mark, i) => {
    expect(mark).toMatch(/^[✔✗]/);
    const { stack, accessPoint } = COLUMNS[i][1]();
    let works: boolean;
    try {
      works = ROWS[capability](accessPoint, stack);
    } catch (e) {
      // A refusal of the library's, naming the construct and the grant: not a failure of the test itself.
      expect((e as Error).message).toMatch(/^Stack\/\S+: invalid grant to /);
      works = false;
    }
    expect(works).toBe(mark.startsWith('✔'));
  });
});
