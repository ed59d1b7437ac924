import { AccessLevel } from '../access-level';

/**
 * What a grant lets its principal do, in the four words the access report uses. The one place that
 * says which levels list keys.
 */
export type Capability = 'READ' | 'WRITE' | 'DELETE' | 'LIST';

const CAPABILITIES: Record<AccessLevel, Capability[]> = {
  [AccessLevel.READ]: ['READ', 'LIST'],
  [AccessLevel.WRITE]: ['WRITE'],
  [AccessLevel.READ_WRITE]: ['READ', 'WRITE', 'LIST'],
  [AccessLevel.DELETE]: ['DELETE'],
};

export function capabilitiesOf(level: AccessLevel): Capability[] {
  return CAPABILITIES[level];
}
