/*
 * The S3 actions that apply to an object (arn:aws:s3:::BUCKET/KEY) and to a bucket
 * (arn:aws:s3:::BUCKET), from the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html). Used to
 * expand wildcard actions of a bucket policy. Read from the classification of every S3 action
 * (private/action-classes.ts), whose resource types test/action-classes.test.ts checks against
 * the SAR snapshot: one list of S3 actions in the library.
 */
import { ACTION_CLASS_ORDER, actionsOf } from '../private/action-classes';

/** Actions whose resource type is "object". */
export const OBJECT_ACTIONS: readonly string[] = actionsOf('s3', ACTION_CLASS_ORDER, ['object']);

/** Actions whose resource type is "bucket". */
export const BUCKET_ACTIONS: readonly string[] = actionsOf('s3', ACTION_CLASS_ORDER, ['bucket']);
