import { Resource } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { AccessLevel } from './access-level';
import { AccessPointGrantOptions, ConsumerGrantOptions } from './access-point-options';
import { AccessGrantRecord } from './grant-record';
import { ConsumerVariables, grantToConsumer } from './private/consumer';

/*
 * The grant methods every kind of access point shares, with the same arguments on every kind (so a
 * Go or Java user's call compiles against any kind), and their facade `grants`, as aws-cdk-lib's
 * `bucket.grants` (since 2.227). The facade has no logic of its own: each method is the kind's
 * `grant*` method, so both forms write the same statements from the same grant record. Every kind
 * extends `GrantableAccessPointBase`, which turns the six grant methods into one `_grant` per kind.
 */

/**
 * An access point of any kind (regional, VPC-only, imported, directory bucket, Multi-Region): what
 * can be granted on it, with the same arguments on every kind. An option a kind cannot honour is
 * refused at synthesis, naming it and the reason.
 */
export interface IGrantableAccessPoint extends IConstruct {
  /**
   * The grants of this access point as a facade: `grants.read(role)` is `grantRead(role)`.
   */
  readonly grants: AccessPointGrants;

  /**
   * The grants made on this access point, in the order they were made: the records its policies,
   * the identity policies and the access report are rendered from.
   */
  readonly grantRecords: AccessGrantRecord[];

  /** Grant read access (download, list). */
  grantRead(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /** Grant write access (upload). */
  grantWrite(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /** Grant read and write access. */
  grantReadWrite(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /** Grant permission to delete objects. */
  grantDelete(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant;

  /**
   * Grant a Lambda function access (to its role) and tell it where to go, in environment variables.
   */
  grantToFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant;

  /**
   * Grant an ECS container access (to its task definition's task role) and tell it where to go, in
   * environment variables.
   */
  grantToContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant;
}

/**
 * The grants of an access point of any kind, as `accessPoint.grants`: `grants.read(role)` writes
 * exactly what `accessPoint.grantRead(role)` writes.
 */
export class AccessPointGrants {
  /**
   * The facade of an access point's grants.
   *
   * @internal
   */
  public static _of(accessPoint: IGrantableAccessPoint): AccessPointGrants {
    return new AccessPointGrants(accessPoint);
  }

  private constructor(private readonly accessPoint: IGrantableAccessPoint) {}

  /** The grants made on the access point, in the order they were made. */
  public get records(): AccessGrantRecord[] {
    return this.accessPoint.grantRecords;
  }

  /** Grant read access (download, list): `grantRead`. */
  public read(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant {
    return this.accessPoint.grantRead(grantee, options);
  }

  /** Grant write access (upload): `grantWrite`. */
  public write(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant {
    return this.accessPoint.grantWrite(grantee, options);
  }

  /** Grant read and write access: `grantReadWrite`. */
  public readWrite(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant {
    return this.accessPoint.grantReadWrite(grantee, options);
  }

  /** Grant permission to delete objects: `grantDelete`. */
  public delete(grantee: iam.IGrantable, options?: AccessPointGrantOptions): iam.Grant {
    return this.accessPoint.grantDelete(grantee, options);
  }

  /** Grant a Lambda function access and set its environment variables: `grantToFunction`. */
  public toFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant {
    return this.accessPoint.grantToFunction(fn, options);
  }

  /** Grant an ECS container access and set its environment variables: `grantToContainer`. */
  public toContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant {
    return this.accessPoint.grantToContainer(container, options);
  }
}

/**
 * What every kind of access point has in common when it grants: the six grant methods and the
 * facade, the grant records, and the environment variables of `grantToFunction` and
 * `grantToContainer`. A kind says what one grant writes (`_grant`) and what its variables hold.
 */
export abstract class GrantableAccessPointBase extends Resource implements IGrantableAccessPoint {
  private readonly records = new Array<AccessGrantRecord>();

  public get grants(): AccessPointGrants {
    return AccessPointGrants._of(this);
  }

  public get grantRecords(): AccessGrantRecord[] {
    return [...this.records];
  }

  public grantRead(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grantLevel(grantee, AccessLevel.READ, options);
  }

  public grantWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grantLevel(grantee, AccessLevel.WRITE, options);
  }

  public grantReadWrite(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grantLevel(grantee, AccessLevel.READ_WRITE, options);
  }

  public grantDelete(grantee: iam.IGrantable, options: AccessPointGrantOptions = {}): iam.Grant {
    return this.grantLevel(grantee, AccessLevel.DELETE, options);
  }

  public grantToFunction(fn: lambda.Function, options: ConsumerGrantOptions): iam.Grant {
    return grantToConsumer(this, fn, options, this._consumerVariables(), () => this.grantLevel(fn, options.level, options),
      (name, value) => fn.addEnvironment(name, value));
  }

  public grantToContainer(container: ecs.ContainerDefinition, options: ConsumerGrantOptions): iam.Grant {
    const role = container.taskDefinition.taskRole;
    return grantToConsumer(this, role, options, this._consumerVariables(), () => this.grantLevel(role, options.level, options),
      (name, value) => container.addEnvironment(name, value));
  }

  /**
   * Validates and makes one grant: the statements of the kind, its KMS statements and warnings. It
   * returns the record, which the base keeps (once the grant is made).
   *
   * @internal
   */
  protected abstract _grant(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions): GrantMade;

  /**
   * What the environment variables of `grantToFunction` and `grantToContainer` hold on this kind.
   *
   * @internal
   */
  protected abstract _consumerVariables(): ConsumerVariables;

  private grantLevel(grantee: iam.IGrantable, level: AccessLevel, options: AccessPointGrantOptions): iam.Grant {
    const made = this._grant(grantee, level, options);
    this.records.push(made.record);
    return made.grant;
  }
}

/** A grant made, and its record. */
interface GrantMade {
  readonly grant: iam.Grant;
  readonly record: AccessGrantRecord;
}
