/*
 * The access levels as the migration planner names them ('READ', ...), over the library's own table
 * (private/access-levels.ts, plain data without aws-cdk-lib): one list of actions for the constructs
 * and the planner.
 */
import { AccessLevel } from '../access-level';
import * as levels from '../private/access-levels';

/** The access levels of the library, by their enum values. */
export type LevelName = 'READ' | 'WRITE' | 'READ_WRITE' | 'DELETE';

/** Every level name. */
export const LEVEL_NAMES: readonly LevelName[] = ['READ', 'WRITE', 'READ_WRITE', 'DELETE'];

/** The library's level of a name. */
export function accessLevel(level: LevelName): AccessLevel {
  return AccessLevel[level];
}

/** Whether a level lists keys (on the access point, narrowed by s3:prefix). */
export function levelLists(level: LevelName): boolean {
  return levels.levelLists(accessLevel(level));
}

/** Every object action of a level. */
export function levelObjectActions(level: LevelName): string[] {
  return levels.levelObjectActions(accessLevel(level));
}

/** What a grant of a level allows: object actions on KEYPREFIX*, and list actions narrowed to s3:prefix KEYPREFIX*. */
export interface LevelGrantActions {
  readonly objects: string[];
  readonly lists: string[];
}

const PROBE_ACCESS_POINT = 'arn:aws:s3:us-east-1:111111111111:accesspoint/probe';
const GRANT_ACTIONS = new Map<LevelName, LevelGrantActions>();

/**
 * The actions a grant of `level` allows, read off the statements the library writes for such a grant
 * (grantStatementSpecs of private/access-levels.ts): those on the access point's objects, and those
 * on the access point itself (the lists, which the library narrows by s3:prefix). The planner
 * compares what the statements allowed with this, so that what it says a level adds is what the
 * access point policy will allow, whatever the table grows to.
 */
export function levelGrantActions(level: LevelName): LevelGrantActions {
  const known = GRANT_ACTIONS.get(level);
  if (known) return known;
  const specs = levels.grantStatementSpecs(
    { accessPointArn: PROBE_ACCESS_POINT, arnForObjects: keys => `${PROBE_ACCESS_POINT}/object/${keys}` },
    { level: accessLevel(level), keyPrefix: 'p/' },
  );
  const on = (arn: (r: string) => boolean) => [...new Set(specs.filter(s => s.resourceArns.some(arn)).flatMap(s => s.actions))];
  const actions = { objects: on(r => r.startsWith(`${PROBE_ACCESS_POINT}/object/`)), lists: on(r => r === PROBE_ACCESS_POINT) };
  GRANT_ACTIONS.set(level, actions);
  return actions;
}

/** Every action some access level grants, on objects or as a list. */
export function everyLevelAction(): string[] {
  return [...new Set(LEVEL_NAMES.flatMap(l => [...levelGrantActions(l).objects, ...levelGrantActions(l).lists]))];
}

/** The list actions of the levels (s3:ListBucket, s3:ListBucketVersions, as the table has them). */
export function levelListActions(): string[] {
  return [...new Set(LEVEL_NAMES.flatMap(l => levelGrantActions(l).lists))];
}

/** The smallest level (READ, WRITE or DELETE) whose object actions include `action`, if any. */
export function baseLevelOf(action: string): 'READ' | 'WRITE' | 'DELETE' | undefined {
  const level = levels.baseLevelOf(action);
  return level === undefined ? undefined : level.valueOf() as 'READ' | 'WRITE' | 'DELETE';
}
