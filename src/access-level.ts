/**
 * What a grant on an access point lets its principal do with the objects under the prefix.
 *
 * The S3 actions behind each level are listed in one place of this library (the access point core),
 * so the access point policy, the identity policy and the access report always agree.
 */
export enum AccessLevel {
  /** Download objects (and their tags and versions) and list keys under the prefix. */
  READ = 'READ',
  /** Upload objects (including multipart uploads and tags set at upload). No read, no list, no delete. */
  WRITE = 'WRITE',
  /** READ and WRITE together. */
  READ_WRITE = 'READ_WRITE',
  /** Delete objects and object versions. No read, no list, no upload. */
  DELETE = 'DELETE',
}
