import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AccessGrantRecord } from '../grant-record';

/*
 * How an access point describes itself to the access report: what the core defines and every kind
 * of access point fills in, so that the report reads descriptions and knows no construct kind.
 */

/** Where requests to an access point may come from. */
export interface NetworkDescription {
  /** `Internet`, or `VPC` for an access point with a VPC configuration. */
  readonly origin: 'Internet' | 'VPC';
  /** For a VPC origin: the VPC. */
  readonly vpc?: ec2.IVpc;
  /** For a VPC origin: the S3 gateway endpoint, how it approves access points, and the other traffic it lets pass. */
  readonly endpoint?: {
    readonly construct: IConstruct;
    readonly approval: 'ACCESS_POINT' | 'ACCOUNTS';
    readonly allowances: string[];
    /** False for an endpoint imported into the app, whose policy its owner writes. @default true */
    readonly managed?: boolean;
  };
}

/** The kinds of access point the report tells apart; `AccessPoint` is a general purpose bucket's. */
export type AccessPointKind = 'AccessPoint' | 'DirectoryBucketAccessPoint' | 'MultiRegionAccessPoint';

/** A directory bucket access point's Scope: the prefixes and the operations it serves. */
export interface ScopeDescription {
  readonly prefixes: string[];
  readonly permissions: string[];
}

/** An access point as the access report sees it. Values may be tokens: the report makes them readable. */
export interface AccessPointDescription {
  /** The access point construct, for its path and for resolving tokens. */
  readonly scope: IConstruct;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly prefix: string;
  /** The bucket, where it is known. */
  readonly bucket?: s3.IBucket;
  /** Created elsewhere: its policy is not this app's. */
  readonly imported: boolean;
  readonly network: NetworkDescription;
  readonly grants: AccessGrantRecord[];
  /** The kind of access point. @default 'AccessPoint' */
  readonly kind?: AccessPointKind;
  /** A directory bucket access point: the Availability Zone (or Local Zone) id of its bucket. */
  readonly zone?: string;
  /** A directory bucket access point: its Scope. */
  readonly accessScope?: ScopeDescription;
  /** A Multi-Region Access Point: the Regions of its buckets. */
  readonly regions?: string[];
}
