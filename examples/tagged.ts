/*
 * Scenario S4, tag-based access: medical records share one prefix; John Doe may read only the
 * records tagged data=emergency-room, and the intake service may store records only when it tags
 * them so. A records clerk reads the north ward's emergency-room records (two tags, both required).
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PrefixAccessPoint, SharedDataBucket } from '../src';

export class TaggedRecordsStack extends Stack {
  public readonly records: PrefixAccessPoint;
  public readonly intakeRole: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new SharedDataBucket(this, 'Records');
    this.records = data.addPrefixAccessPoint('Records', { accessPointName: 'medical-records', prefix: 'records/' });

    const johnDoe = new iam.User(this, 'JohnDoe', { userName: 'JohnDoe' });
    this.records.grantRead(johnDoe, { objectTags: { data: 'emergency-room' } });

    const clerk = new iam.User(this, 'Clerk', { userName: 'Clerk' });
    this.records.grantRead(clerk, { objectTags: { data: 'emergency-room', ward: 'north' } });

    this.intakeRole = new iam.Role(this, 'IntakeRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.records.grantWrite(this.intakeRole, { objectTags: { data: 'emergency-room' } });
  }
}

if (require.main === module) {
  const app = new App();
  new TaggedRecordsStack(app, 'TaggedRecords');
  app.synth();
}
