/*
 * What each access level of the library means in S3 actions, as plain data for the migration
 * planner (which must not load aws-cdk-lib). The access point core (src/access-point.ts) is the
 * source of these lists; test/migrate.test.ts synthesizes a grant of each level and fails when the
 * two disagree, so a change there is caught here.
 */

/** The access levels of the library, by their enum values. */
export type LevelName = 'READ' | 'WRITE' | 'READ_WRITE' | 'DELETE';

/** Object actions, in the groups the library conditions separately on object tags. */
export const READ_OBJECT = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes'];
export const WRITE_OBJECT = ['s3:PutObject', 's3:PutObjectTagging'];
export const MULTIPART = ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
export const DELETE_OBJECT = ['s3:DeleteObject', 's3:DeleteObjectVersion'];

/** The object action groups of each level, with the tag condition key of each group (none: not tag-conditioned). */
export const LEVEL_GROUPS: Record<LevelName, { actions: string[]; tagKey?: string }[]> = {
  READ: [{ actions: READ_OBJECT, tagKey: 's3:ExistingObjectTag' }],
  WRITE: [{ actions: WRITE_OBJECT, tagKey: 's3:RequestObjectTag' }, { actions: MULTIPART }],
  READ_WRITE: [{ actions: READ_OBJECT, tagKey: 's3:ExistingObjectTag' }, { actions: WRITE_OBJECT, tagKey: 's3:RequestObjectTag' }, { actions: MULTIPART }],
  DELETE: [{ actions: DELETE_OBJECT }],
};

/** Whether a level lists keys (s3:ListBucket on the access point, narrowed by s3:prefix). */
export function levelLists(level: LevelName): boolean {
  return level === 'READ' || level === 'READ_WRITE';
}

/** Every object action of a level. */
export function levelObjectActions(level: LevelName): string[] {
  return LEVEL_GROUPS[level].flatMap(g => g.actions);
}

/** The smallest level (READ, WRITE or DELETE) whose object actions include `action`, if any. */
export function baseLevelOf(action: string): 'READ' | 'WRITE' | 'DELETE' | undefined {
  if (READ_OBJECT.includes(action)) return 'READ';
  if (WRITE_OBJECT.includes(action) || MULTIPART.includes(action)) return 'WRITE';
  if (DELETE_OBJECT.includes(action)) return 'DELETE';
  return undefined;
}
