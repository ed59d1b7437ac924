import { IConstruct } from 'constructs';

/*
 * What a directory bucket of this library (created or imported) tells its access points, kept in a
 * WeakMap so that the bucket's public interface stays data only. Not part of the public API.
 */

/** An access point made over a directory bucket in this app, as the bucket's delegation admits it. */
export interface DelegatedDirectoryAccessPoint {
  readonly account: string;
  readonly arn: string;
  /** The operations its Scope permits (at synthesis, when the grants are known). */
  scopePermissions(): string[];
  /** Whether every grant on it is READ (its sessions need be ReadOnly only). */
  readOnly(): boolean;
}

/** A directory bucket's delegation, as its access points need it. */
export interface DirectoryBucketState {
  /** The accounts whose access points the bucket delegates to. */
  readonly accounts: string[];
  /** True for an imported bucket: the accounts grow with the access points made over it, and its owner applies the statement. */
  readonly grows: boolean;
  /** The access points made over the bucket in this app. */
  readonly accessPoints: DelegatedDirectoryAccessPoint[];
}

const states = new WeakMap<IConstruct, DirectoryBucketState>();

/** Records the delegation of a directory bucket. */
export function setDirectoryBucketState(bucket: IConstruct, state: DirectoryBucketState): void {
  states.set(bucket, state);
}

/** The delegation of a directory bucket of this library, if it is one. */
export function directoryBucketStateOf(bucket: IConstruct): DirectoryBucketState | undefined {
  return states.get(bucket);
}
