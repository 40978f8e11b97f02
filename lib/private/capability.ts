import { KubernetesCluster, KubernetesClusterConfig } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import type { Construct } from 'constructs';
import { Violation } from './errors';
import { Shape, checkShape } from './shape';
import { Body, asProp, blockOf, isExpression } from './written';

// A capability of the cluster beyond dual-stack (access, upgrades, monitoring, add-ons): its props, their rules,
// what it writes on `azurerm_kubernetes_cluster`, and how to read those props back from what is written, so
// that the gate runs the same rules on the output. The cluster base composes them; docs/design.md says how to
// add one.

/** What a capability's rules know of the cluster. */
export interface ClusterFacts {
  readonly variant: 'kubenet' | 'overlay';
  readonly dualStack: boolean;
  readonly location: string;
  readonly kubernetesVersion?: string;
  /** The pools' own Kubernetes versions, by the props that set them (`defaultNodePool.orchestratorVersion`). */
  readonly poolVersions?: Readonly<Record<string, unknown>>;
  /** The grants made, or listed for others, for the cluster identity. */
  readonly grants?: readonly RoleGrant[];
  /** At synth, the cluster as written: rules that only what is written can break read it. */
  readonly written?: Body;
}

/** A role the cluster's identity needs on a scope, granted by the library or, when it may not, by you. */
export interface RoleGrant {
  readonly role: string;
  /** The id of the resource the role is granted on. */
  readonly scope: string;
  /** Why AKS needs it, for the output that lists grants left to you. */
  readonly why: string;
  /** The construct id of the grant, under the cluster. */
  readonly id: string;
}

export interface Capability<P> {
  /** The shapes of its props, part of the cluster's props. */
  readonly props: { readonly [K in keyof Required<P>]: Shape };
  /** Its rules, on the props given, and again on the props read back from the written cluster. */
  check(props: P, facts: ClusterFacts): Violation[];
  /** The attributes it writes on the cluster. */
  attributes(props: P, facts: ClusterFacts): Partial<KubernetesClusterConfig>;
  /** Its props as the written cluster holds them (values as written: the gate checks their shapes). */
  read(cluster: Body): { [K in keyof P]?: unknown };
  /** Roles the cluster identity needs for it, before the cluster is created. */
  grants?(props: P): RoleGrant[];
  /** Resources it makes beside the cluster, once the cluster exists. */
  build?(scope: Construct, props: P, cluster: { readonly id: string; readonly name: string; readonly location: string; readonly resourceGroupName: string; readonly tags?: Record<string, string> }): void;
}

/** The props of a capability, read back from the written cluster: shapes first, then its rules. */
export function checkWrittenCapability<P>(capability: Capability<P>, cluster: Body, facts: ClusterFacts): Violation[] {
  const violations: Violation[] = [];
  const raw = capability.read(cluster) as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  for (const [key, shape] of Object.entries(capability.props) as [string, Shape][]) {
    props[key] = checkShape(key, readAs(raw[key], shape), shape, violations);
    if (violations.length === 0) exactSpelling(key, raw[key], shape, violations);
  }
  return violations.length > 0 ? violations : capability.check(props as P, { ...facts, written: cluster });
}

/**
 * Props take enumerations in any case, and write the provider's spelling; what is written by other means must
 * be that spelling already, as azurerm compares case-sensitively.
 */
function exactSpelling(prop: string, value: unknown, shape: Shape, violations: Violation[]): void {
  if (value === undefined || value === null) return;
  const text = typeof value === 'string' && !isExpression(value as unknown) ? value : undefined;
  if (shape.kind === 'enum' && text !== undefined && !shape.values.includes(text)) {
    const canonical = shape.values.find((v) => v.toLowerCase() === text.trim().toLowerCase());
    violations.push({ prop, value, rule: `is written in another spelling than azurerm takes (it compares case-sensitively)`, fix: `write '${canonical}'` });
  } else if (shape.kind === 'object' && blockOf(value)) {
    for (const [k, inner] of Object.entries(shape.props)) exactSpelling(`${prop}.${k}`, blockOf(value)![k], inner, violations);
  } else if (shape.kind === 'list' && Array.isArray(value)) {
    value.forEach((v, i) => exactSpelling(`${prop}[${i}]`, v, shape.of, violations));
  }
}

/** A written value as props would hold it: nested blocks and lists converted member by member (see asProp). */
function readAs(value: unknown, shape: Shape): unknown {
  if (value === undefined || value === null) return undefined;
  if (shape.kind === 'object') {
    const block = blockOf(value);
    if (!block) return asProp(value, shape);
    return Object.fromEntries(Object.entries(block).map(([k, v]) => [k, shape.props[k] ? readAs(v, shape.props[k]) : v]));
  }
  if (shape.kind === 'list' && Array.isArray(value)) return value.map((v) => readAs(v, shape.of));
  return asProp(value, shape);
}

/**
 * The way out for a prop the cluster does not type: set it on the raw resource, by its setter where the bindings
 * have one, else by override (attributes newer than the bindings).
 */
export function rawResourceWayOut(key: string): string {
  const proto = KubernetesCluster.prototype as unknown as Record<string, unknown>;
  const put = `put${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  const how =
    typeof proto[put] === 'function' ? `cluster.resource.${put}({ ... })`
      : Object.getOwnPropertyDescriptor(proto, key)?.set ? `cluster.resource.${key} = ...`
        : `cluster.resource.addOverride('${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}', ...)`;
  return `the library does not type it: set it on the raw azurerm_kubernetes_cluster after creating the cluster, with ${how}; the gate still checks what is written`;
}
