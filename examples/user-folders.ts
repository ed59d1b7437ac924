/*
 * Scenario S2, per-user folders: Bob uploads to `Bob/`, Alice to `Alice/`, and every member of the
 * uploaders group to a folder of their own name, all through one internet-origin access point and
 * one grant each, with the IAM policy variable ${aws:username}.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PrefixAccessPoint, PrincipalFolder, SharedDataBucket } from '../src';

/** A shared bucket with one access point where each user gets the folder named after them. */
export class UserFoldersStack extends Stack {
  public readonly uploads: PrefixAccessPoint;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const data = new SharedDataBucket(this, 'Uploads');
    this.uploads = data.addPrefixAccessPoint('UserUploads', { accessPointName: 'user-uploads', wholeBucket: true });

    // Users granted one by one: the access point policy names them.
    for (const userName of ['Bob', 'Alice']) {
      const user = new iam.User(this, userName, { userName });
      this.uploads.grantReadWrite(user, { principalFolder: PrincipalFolder.USERNAME });
    }

    // A group granted once: groups cannot be named in a resource policy, so its identity policy
    // carries the grant (enough in the same account, with the bucket delegating to access points).
    const uploaders = new iam.Group(this, 'Uploaders');
    uploaders.addUser(new iam.User(this, 'Carol', { userName: 'Carol' }));
    this.uploads.grantReadWrite(uploaders, { principalFolder: PrincipalFolder.USERNAME });
  }
}

if (require.main === module) {
  const app = new App();
  new UserFoldersStack(app, 'UserFolders');
  app.synth();
}
