import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { claimName } from './registry';

/*
 * Rules and names of S3 access points: the one place that validates names and prefixes and formats
 * access point ARNs. Not part of the public API.
 */

/** `arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/` of each stack, built once (10,000 access points ask). */
const accessPointArnPrefixes = new WeakMap<Stack, string>();

/**
 * The ARN of an access point from its name, in the account and region of `scope`'s stack.
 * Built from the name (not `Fn::GetAtt`) so that a grant in another stack creates no export.
 */
export function formatAccessPointArn(scope: IConstruct, accessPointName: string): string {
  const stack = Stack.of(scope);
  let prefix = accessPointArnPrefixes.get(stack);
  if (prefix === undefined) {
    prefix = `arn:${stack.partition}:s3:${stack.region}:${stack.account}:accesspoint/`;
    accessPointArnPrefixes.set(stack, prefix);
  }
  return `${prefix}${accessPointName}`;
}

/**
 * A property as the user wrote it, for error messages: the TypeScript and Java name, with the Python
 * name when it differs (`accessPointName (access_point_name in Python)`). Go capitalizes the first
 * letter (`AccessPointName`), which needs no hint.
 */
export function userProperty(name: string): string {
  const python = name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
  return python === name ? name : `${name} (${python} in Python)`;
}

/** Errors in the props of a construct, collected and thrown together, each naming the construct path. */
export function throwIfInvalid(constructPath: string, errors: string[], what: string = 'invalid properties'): void {
  if (errors.length > 0) {
    throw new Error(`${constructPath}: ${what}:\n${errors.map(e => `  - ${e}`).join('\n')}`);
  }
}

/**
 * Checks an access point name against the rules of S3. Returns the broken rules; none for a token.
 */
export function validateAccessPointName(name: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  const errors: string[] = [];
  const it = `${userProperty('accessPointName')} '${name}'`;
  if (name.length < 3 || name.length > 50) {
    errors.push(`${it} must be 3-50 characters long (it has ${name.length})`);
  }
  if (!/^[a-z0-9-]*$/.test(name)) {
    errors.push(`${it} may contain only lowercase letters, digits and hyphens`);
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    errors.push(`${it} must not start or end with a hyphen`);
  }
  if (name.endsWith('-s3alias') || name.endsWith('-ext-s3alias')) {
    errors.push(`${it} must not end with '-s3alias' or '-ext-s3alias' (reserved for access point aliases)`);
  }
  return errors;
}

/**
 * Turns the prefix options into the key prefix an access point is restricted to, adding the broken
 * rules to `errors`. A prefix is never widened: a missing trailing `/` is added, not implied.
 */
export function resolvePrefix(prefix: string | undefined, wholeBucket: boolean | undefined, errors: string[]): string {
  if (wholeBucket) {
    if (prefix !== undefined && prefix !== '') {
      errors.push(`prefix '${prefix}' and ${userProperty('wholeBucket')}: true exclude each other: give one of them`);
    }
    return '';
  }
  if (prefix === undefined || prefix === '') {
    errors.push(`prefix is required: give the key prefix the access point serves (e.g. 'sales_event/'), or set ${userProperty('wholeBucket')} to true to serve every key`);
    return '';
  }
  if (Token.isUnresolved(prefix)) {
    return prefix;
  }
  const it = `prefix '${prefix}'`;
  const before = errors.length;
  if (/[*?]/.test(prefix)) {
    errors.push(`${it} must not contain wildcards ('*' or '?'): the access point already grants every key under its prefix`);
  }
  if (prefix.includes('${')) {
    errors.push(`${it} must not contain '\${': IAM would read it as a policy variable`);
  }
  if (prefix.startsWith('/')) {
    errors.push(`${it} must not start with '/': S3 keys have no leading slash ('a/b', not '/a/b')`);
  }
  if (prefix.length > 1000) {
    errors.push(`${it} is ${prefix.length} characters long; S3 keys are at most 1,024 bytes`);
  }
  if (errors.length > before) {
    return prefix;
  }
  // A folder: 'sales_event' would otherwise also match 'sales_event_archive/'.
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * A name for an access point from its construct path, within the rules of S3.
 */
export function generateAccessPointName(scope: IConstruct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 50, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.length >= 3 ? name : `ap-${name}`;
}

/** Letters, digits, spaces and + - = . _ : / @, as S3 object tags allow. */
const TAG_CHARACTERS = /^[\p{L}\p{N}\s+\-=._:/@]*$/u;

/**
 * Checks object tags against the rules of S3: keys 1-128 characters, values 0-256, letters, digits,
 * spaces and `+ - = . _ : / @`; no `aws:` keys. Tokens are not checked.
 */
export function validateObjectTags(tags: { [key: string]: string } | undefined): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (!Token.isUnresolved(key)) {
      if (key.length < 1 || key.length > 128 || !TAG_CHARACTERS.test(key)) {
        errors.push(`${userProperty('objectTags')} key '${key}' must be 1-128 characters of letters, digits, spaces and + - = . _ : / @`);
      }
      if (key.toLowerCase().startsWith('aws:')) {
        errors.push(`${userProperty('objectTags')} key '${key}' must not start with 'aws:' (reserved by AWS)`);
      }
    }
    if (!Token.isUnresolved(value) && (value.length > 256 || !TAG_CHARACTERS.test(value))) {
      errors.push(`${userProperty('objectTags')} value '${value}' of key '${key}' must be 0-256 characters of letters, digits, spaces and + - = . _ : / @`);
    }
  }
  return errors;
}

/**
 * An environment variable name that Lambda and ECS both accept, and that is not reserved by the
 * Lambda runtime (`AWS_*`, `LAMBDA_*`, `_HANDLER`, ...).
 */
export function validateEnvironmentVariableName(name: string): string[] {
  if (Token.isUnresolved(name)) return [];
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    return [`environment variable '${name}' must start with a letter and contain only letters, digits and '_'`];
  }
  if (/^(AWS_|LAMBDA_)/.test(name) || ['TZ', 'LANG', 'PATH', 'LD_LIBRARY_PATH', 'NODE_PATH', 'PYTHONPATH'].includes(name)) {
    return [`environment variable '${name}' is reserved by the runtime: choose another name`];
  }
  return [];
}

/** Account ids given in `property`: each 12 digits (tokens are not checked). */
export function validateAccountIds(property: string, accounts: string[]): string[] {
  return accounts.filter(a => !Token.isUnresolved(a) && !/^\d{12}$/.test(a))
    .map(a => `${userProperty(property)} '${a}' must be a 12-digit account id (an AWS account id is 12 digits)`);
}

/**
 * An error if another access point of the app already has this name in the same account and region.
 * Access point names are unique per account and region: names are claimed by account and region
 * where both are known, else by stack (whose access points are always in one account and region).
 */
export function claimAccessPointName(scope: IConstruct, name: string): string[] {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(name)) return [];
  const where = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)
    ? `stack ${stack.node.path}` : `account ${stack.account}, region ${stack.region}`;
  const other = claimName(scope.node.root, where, name, scope.node.path);
  return other === undefined ? []
    : [`accessPointName '${name}' is already used by ${other} in ${where}: access point names are unique per account and region`];
}

/** A bucket's name where it is known at synthesis: given to the app's bucket, or to the import. */
export function physicalName(bucket: s3.IBucket): string | undefined {
  const cfn = bucket.node.defaultChild;
  const name = cfn instanceof s3.CfnBucket ? cfn.bucketName : bucket.bucketName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}

/** Whether a principal is everyone (`AnyPrincipal`, `StarPrincipal`, `ArnPrincipal('*')`). */
export function isEveryone(principal: iam.IPrincipal): boolean {
  const json = principal.policyFragment.principalJson;
  return Object.values(json).flat().some(v => v === '*');
}

/**
 * What every kind refuses in a grant: everyone as grantee (Block Public Access on the access point
 * would refuse the policy at deploy time), invalid object tags, and tags on a delete grant.
 */
export function validateGrant(principal: iam.IPrincipal, level: string, objectTags?: Record<string, string>): string[] {
  const errors = validateObjectTags(objectTags);
  if (isEveryone(principal)) {
    errors.push('a grant to everyone (AnyPrincipal, StarPrincipal or \'*\') is refused: access points serve named consumers, and ' +
      'Block Public Access on the access point would refuse the policy at deploy time. Grant roles, users or accounts');
  }
  if (objectTags && Object.keys(objectTags).length > 0 && level === 'DELETE') {
    errors.push('objectTags cannot limit a delete grant: S3 gives DeleteObject no s3:ExistingObjectTag key, so it would never match');
  }
  return errors;
}

/*
 * Multi-Region Access Points (docs/multi-region-access-points.md).
 */

/**
 * Checks a Multi-Region Access Point name against the rules of S3: 3-50 characters, lowercase
 * letters, digits and hyphens, starting and ending with a letter or digit
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html).
 * Returns the broken rules; none for a token.
 */
export function validateMultiRegionAccessPointName(name: string): string[] {
  if (Token.isUnresolved(name)) return [];
  const it = `${userProperty('multiRegionAccessPointName')} '${name}'`;
  const errors: string[] = [];
  if (name.length < 3 || name.length > 50) errors.push(`${it} must be 3-50 characters long (it has ${name.length})`);
  if (!/^[a-z0-9-]*$/.test(name)) errors.push(`${it} may contain only lowercase letters, digits and hyphens (no '_', '.' or uppercase)`);
  if (name.startsWith('-') || name.endsWith('-')) errors.push(`${it} must not start or end with a hyphen`);
  return errors;
}

/**
 * The ARN of a Multi-Region Access Point: global (no region), named by its alias, which S3 generates
 * and which already ends in `.mrap` (`arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap`,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequests.html).
 */
export function formatMultiRegionAccessPointArn(scope: IConstruct, alias: string): string {
  const stack = Stack.of(scope);
  return `${multiRegionAccessPointArnPrefix(scope, stack.account)}${alias}`;
}

/** `arn:PARTITION:s3::ACCOUNT:accesspoint/`: followed by `*`, it matches every Multi-Region Access Point of the account and no regional one. */
export function multiRegionAccessPointArnPrefix(scope: IConstruct, account: string): string {
  return `arn:${Stack.of(scope).partition}:s3::${account}:accesspoint/`;
}

/**
 * An error if another Multi-Region Access Point of the app already has this name in the account:
 * their names are unique per account, in one namespace for all Regions.
 */
export function claimMultiRegionAccessPointName(scope: IConstruct, name: string): string[] {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(name)) return [];
  const where = Token.isUnresolved(stack.account) ? `stack ${stack.node.path}` : `account ${stack.account}`;
  const other = claimName(scope.node.root, `multi-region ${where}`, name, scope.node.path);
  return other === undefined ? []
    : [`multiRegionAccessPointName '${name}' is already used by ${other} in ${where}: Multi-Region Access Point names are unique per account`];
}

/*
 * Directory buckets (S3 Express One Zone) and their access points. Names end with a zone suffix:
 * `BASE--ZONE--x-s3` for a bucket, `BASE--ZONE--xa-s3` for an access point.
 * - Bucket names: 3-63 characters including the suffix, lowercase letters, digits and hyphens,
 *   beginning and ending with a letter or digit ("Directory bucket naming rules",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html).
 * - Access point names: a base that begins with a lowercase letter or digit, does not begin or end
 *   with a hyphen, and has no underscore, uppercase letter, space or period, then `--ZONE--xa-s3`; the
 *   zone is the bucket's ("Access points for directory buckets naming rules, restrictions, and
 *   limitations",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-restrictions-limitations-naming-rules.html).
 *   That page gives the base 3-50 characters; CloudFormation's resource schema of
 *   AWS::S3Express::AccessPoint limits the whole `Name` to 3-50 characters
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3express-accesspoint.html;
 *   cfn-lint 1.58.0 reports a longer one as E3033), and CloudFormation is how this library deploys:
 *   the whole name is held to 50, the base to at least 3.
 * - Scope prefixes: "the total length of characters of all prefixes must be less than 256 bytes"
 *   (Scope, https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_Scope.html); `*` is a
 *   wildcard and every prefix has an implicit `*` at its end ("Manage the scope of your access points
 *   for directory buckets",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-manage-scope.html).
 */

/** The most bytes (UTF-8) all Scope prefixes of a directory bucket access point may have together: less than 256. */
export const MAX_SCOPE_PREFIX_BYTES = 255;

/** Checks a zone id (`use1-az4`, a Local Zone's `usw2-lax1-az1`); none for a token. */
export function validateZoneId(zoneId: string): string[] {
  if (Token.isUnresolved(zoneId)) return [];
  return /^[a-z0-9]+(-[a-z0-9]+)+$/.test(zoneId) ? []
    : [`zoneId '${zoneId}' is not a zone id (lowercase letters and digits in hyphen-separated parts, e.g. 'use1-az4' or 'usw2-lax1-az1')`];
}

/** Whether a zone id names a Local Zone (three parts, `usw2-lax1-az1`) rather than an Availability Zone (`use1-az4`). */
export function isLocalZoneId(zoneId: string): boolean {
  return zoneId.split('-').length > 2;
}

/** The zone id in a directory bucket's (`--x-s3`) or its access point's (`--xa-s3`) name, if it has the suffix. */
export function zoneOfDirectoryName(name: string): string | undefined {
  return /--([a-z0-9-]+?)--xa?-s3$/.exec(name)?.[1];
}

/** Checks a directory bucket name against the rules of S3 and its zone; none for a token. */
export function validateDirectoryBucketName(name: string, zoneId: string): string[] {
  if (Token.isUnresolved(name)) return [];
  const it = `${userProperty('bucketName')} '${name}'`;
  const errors: string[] = [];
  if (name.length < 3 || name.length > 63) errors.push(`${it} must be 3-63 characters long including its suffix (it has ${name.length})`);
  if (!/^[a-z0-9-]*$/.test(name)) errors.push(`${it} may contain only lowercase letters, digits and hyphens`);
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) errors.push(`${it} must begin and end with a letter or digit`);
  if (!Token.isUnresolved(zoneId) && !name.endsWith(`--${zoneId}--x-s3`)) {
    errors.push(`${it} must end with '--${zoneId}--x-s3' (BASE--ZONE--x-s3, in zone ${zoneId})`);
  } else if (name.slice(0, -`--${zoneId}--x-s3`.length).length === 0) {
    errors.push(`${it} needs a base name before '--${zoneId}--x-s3'`);
  }
  return errors;
}

/** Checks a directory bucket access point name against the rules of S3 and the bucket's zone; none for a token. */
export function validateDirectoryAccessPointName(name: string, zoneId: string): string[] {
  if (Token.isUnresolved(name)) return [];
  const it = `${userProperty('accessPointName')} '${name}'`;
  if (Token.isUnresolved(zoneId)) {
    return name.endsWith('--xa-s3') ? [] : [`${it} must end with '--ZONE--xa-s3'`];
  }
  const suffix = `--${zoneId}--xa-s3`;
  if (!name.endsWith(suffix)) {
    const other = zoneOfDirectoryName(name);
    return [`${it} must end with '${suffix}'${other ? ` (it names zone ${other}, the bucket is in ${zoneId})` : ''}: BASE--ZONE--xa-s3, in the bucket's zone`];
  }
  const base = name.slice(0, -suffix.length);
  const errors: string[] = [];
  if (name.length > MAX_DIRECTORY_ACCESS_POINT_NAME) {
    errors.push(`${it} is ${name.length} characters long: CloudFormation takes at most ${MAX_DIRECTORY_ACCESS_POINT_NAME} with the suffix ` +
      `'${suffix}' (a base of at most ${MAX_DIRECTORY_ACCESS_POINT_NAME - suffix.length} characters)`);
  }
  if (base.length < 3) errors.push(`${it}: its base name '${base}' must be at least 3 characters long (it has ${base.length})`);
  if (!/^[a-z0-9-]*$/.test(base)) errors.push(`${it}: its base name may contain only lowercase letters, digits and hyphens (no '_', '.', space or uppercase)`);
  if (base.startsWith('-') || base.endsWith('-')) errors.push(`${it}: its base name must not begin or end with a hyphen`);
  return errors;
}

/** The most characters of a directory bucket access point's whole name (CloudFormation's schema). */
export const MAX_DIRECTORY_ACCESS_POINT_NAME = 50;

/** A directory bucket access point name from its construct path and the zone, within the rules of S3 and CloudFormation. */
export function generateDirectoryAccessPointName(scope: IConstruct, zoneId: string): string {
  const maxLength = Math.max(8, MAX_DIRECTORY_ACCESS_POINT_NAME - `--${zoneId}--xa-s3`.length);
  const base = Names.uniqueResourceName(scope, { maxLength, separator: '-' })
    .toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return `${base.length >= 3 ? base : `ap-${base}`}--${zoneId}--xa-s3`;
}

/**
 * Turns Scope prefixes into the folders they name (a `/` is added where missing: S3 adds an implicit
 * `*`, so 'sales' would also match 'sales_archive/'), adding the broken rules to `errors`. No
 * wildcard: a `*` in a Scope prefix matches across folders, which a folder grant must not.
 */
export function resolveScopePrefixes(prefixes: string[] | undefined, errors: string[]): string[] {
  if (prefixes === undefined) return [];
  if (prefixes.length === 0) {
    errors.push('prefixes is empty: leave it unset to serve every key, or name at least one prefix');
    return [];
  }
  const resolved: string[] = [];
  for (const prefix of prefixes) {
    if (Token.isUnresolved(prefix)) {
      resolved.push(prefix);
      continue;
    }
    const it = `prefix '${prefix}'`;
    const before = errors.length;
    if (prefix === '') errors.push('a prefix must not be empty: leave prefixes unset to serve every key');
    if (prefix.includes('*')) errors.push(`${it} must not contain '*': S3 reads it as a wildcard in a Scope prefix, which would reach across folders`);
    if (prefix.startsWith('/')) errors.push(`${it} must not start with '/': S3 keys have no leading slash`);
    if (errors.length === before) resolved.push(prefix.endsWith('/') ? prefix : `${prefix}/`);
  }
  const duplicates = resolved.filter((p, i) => resolved.indexOf(p) !== i);
  if (duplicates.length > 0) errors.push(`prefixes lists ${[...new Set(duplicates)].join(', ')} more than once`);
  const literal = resolved.filter(p => !Token.isUnresolved(p));
  const bytes = literal.reduce((n, p) => n + Buffer.byteLength(p, 'utf8'), 0);
  if (bytes > MAX_SCOPE_PREFIX_BYTES) {
    errors.push(`prefixes are ${bytes} bytes in total (UTF-8, each with its trailing '/'): a directory bucket access point's Scope ` +
      `prefixes must be less than 256 bytes together (at most ${MAX_SCOPE_PREFIX_BYTES})`);
  }
  return resolved;
}

/** `arn:PARTITION:s3express:REGION:ACCOUNT:RESOURCE` in the account and region of `scope`'s stack. */
export function formatS3ExpressArn(scope: IConstruct, resource: string, account?: string, region?: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:s3express:${region ?? stack.region}:${account ?? stack.account}:${resource}`;
}
