import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AccessPointDescription } from './access-point-description';
import { AccessLevel } from '../access-level';

/*
 * The state this library keeps about constructs it does not own (buckets, the app, identities), in
 * WeakMaps keyed by construct rather than in properties hung on those objects. Typed accessors only;
 * not part of the public API.
 */

/** What a bucket's delegation admits. */
export interface DelegationState {
  /** The accounts whose access points the bucket delegates to. */
  readonly accounts: string[];
  /** True when the accounts are those of the access points made over the bucket (they are added as they come). */
  readonly grows: boolean;
  /** When the bucket admits only access points of its own account whose names start with this. */
  readonly namePrefix?: string;
  /** The Multi-Region Access Points over the bucket, which the delegation admits at synthesis. */
  readonly multiRegion: MultiRegionAdmission[];
}

/** A Multi-Region Access Point over a delegating bucket, as its delegation admits it. */
export interface MultiRegionAdmission {
  /** The Multi-Region Access Point construct, for messages. */
  readonly scope: IConstruct;
  /** `arn:PARTITION:s3::ACCOUNT:accesspoint/*` of its account. */
  readonly arnPattern: string;
  readonly prefix: string;
  /** The levels granted through it, known at synthesis. */
  levels(): AccessLevel[];
}

/** Something that describes an access point to the access report, when asked (at synthesis). */
export interface DescribesAccessPoint {
  /** The bucket it serves and its account, known without describing it. */
  readonly bucket: s3.IBucket;
  readonly account: string;
  describeAccessPoint(): AccessPointDescription;
}

const delegations = new WeakMap<IConstruct, DelegationState>();
const accessPointsOfBucket = new WeakMap<IConstruct, ReportedAccessPoint[]>();
const delegationConstructs = new WeakMap<IConstruct, IConstruct>();
/** Every access point of an app (by its root), for delegations that admit access points of other accounts. */
const accessPointsOfApps = new WeakMap<IConstruct, DescribesAccessPoint[]>();
/** Access point names taken in an app (by its root), keyed by `WHERE/NAME`, with the path that took each. */
const namesOfApp = new WeakMap<IConstruct, Map<string, string>>();
const watchedIdentities = new WeakSet<IConstruct>();

/** The delegation of a bucket (SharedDataBucket or AccessPointDelegation), if any. */
export function delegationOf(bucket: IConstruct): DelegationState | undefined {
  return delegations.get(bucket);
}

/** Marks a bucket as delegating to the access points of `state.accounts`, and starts its list of access points. */
export function markDelegation(bucket: IConstruct, state: DelegationState): void {
  delegations.set(bucket, state);
  if (!accessPointsOfBucket.has(bucket)) accessPointsOfBucket.set(bucket, []);
}

/** What a bucket's access report asks of each of its access points. */
export type ReportedAccessPoint = Pick<DescribesAccessPoint, 'describeAccessPoint'>;

/** The access points made over a delegating bucket in this app, for its access report. */
export function accessPointsOf(bucket: IConstruct): ReportedAccessPoint[] {
  return accessPointsOfBucket.get(bucket) ?? [];
}

/**
 * Tells the bucket (when it delegates, and so keeps such a list) that an access point serves it,
 * and the app that it has one more access point.
 */
export function registerAccessPoint(bucket: s3.IBucket, accessPoint: DescribesAccessPoint): void {
  accessPointsOfBucket.get(bucket)?.push(accessPoint);
  const app = bucket.node.root;
  const all = accessPointsOfApps.get(app);
  if (all) all.push(accessPoint);
  else accessPointsOfApps.set(app, [accessPoint]);
}

/** Every access point made in an app over a bucket. */
export function accessPointsOfApp(app: IConstruct): DescribesAccessPoint[] {
  return accessPointsOfApps.get(app) ?? [];
}

/** The AccessPointDelegation construct made for a bucket, if any. */
export function delegationConstructOf(bucket: IConstruct): IConstruct | undefined {
  return delegationConstructs.get(bucket);
}

/** Records the AccessPointDelegation construct made for a bucket. */
export function setDelegationConstruct(bucket: IConstruct, delegation: IConstruct): void {
  delegationConstructs.set(bucket, delegation);
}

/**
 * Claims an access point name where it must be unique (`where`: an account and region, or a stack).
 * Returns the path of the construct that took it first, if another one did.
 */
export function claimName(app: IConstruct, where: string, name: string, path: string): string | undefined {
  let taken = namesOfApp.get(app);
  if (!taken) {
    taken = new Map();
    namesOfApp.set(app, taken);
  }
  const key = `${where}/${name}`;
  const other = taken.get(key);
  if (other !== undefined && other !== path) return other;
  taken.set(key, path);
  return undefined;
}

/** True the first time it is asked for an identity: its policy size is then watched, once. */
export function firstWatchOf(identity: IConstruct): boolean {
  if (watchedIdentities.has(identity)) return false;
  watchedIdentities.add(identity);
  return true;
}

/**
 * Lists an access point in its bucket's access report only: a directory bucket's access points stay
 * out of the app's list, which general purpose delegations read.
 */
export function registerInBucketReport(bucket: IConstruct, accessPoint: ReportedAccessPoint): void {
  const list = accessPointsOfBucket.get(bucket);
  if (list) list.push(accessPoint);
  else accessPointsOfBucket.set(bucket, [accessPoint]);
}
