/**
 * The data actions a bucket delegates to access points (src/private/access-policy.ts), written out
 * here so that a change to them is a visible change to the tests: never `*`, never bucket management,
 * ACLs or policies (Security Hub S3.6).
 */
export const DELEGATED_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes', 's3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts',
  's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucket', 's3:ListBucketVersions', 's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:RestoreObject', 's3:GetObjectRetention', 's3:PutObjectRetention',
  's3:GetObjectLegalHold', 's3:PutObjectLegalHold',
];
