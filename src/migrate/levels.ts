/*
 * The access levels as the migration planner names them ('READ', ...), over the library's own table
 * (private/access-levels.ts, plain data without aws-cdk-lib): one list of actions for the constructs
 * and the planner.
 */
import { AccessLevel } from '../access-level';
import * as levels from '../private/access-levels';

/** The access levels of the library, by their enum values. */
export type LevelName = 'READ' | 'WRITE' | 'READ_WRITE' | 'DELETE';

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

/** The smallest level (READ, WRITE or DELETE) whose object actions include `action`, if any. */
export function baseLevelOf(action: string): 'READ' | 'WRITE' | 'DELETE' | undefined {
  const level = levels.baseLevelOf(action);
  return level === undefined ? undefined : level.valueOf() as 'READ' | 'WRITE' | 'DELETE';
}
