import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { Annotations, ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { Capability, ClusterFacts, RoleGrant } from './private/capability';
import { Violation, collect, describeRule } from './private/errors';
import { checkGuid, isToken } from './private/rules';
import { bool, object, required, schema, str } from './private/shape';
import { timeProviderOf } from './private/time-provider';
import { checkResourceId } from './private/azure-names';
import { Body, blockOf, isExpression } from './private/written';

// The cluster's identities and the roles they need (rules 49 and 61): a user-assigned control-plane identity,
// made or brought, granted its roles before the cluster is created, or told what to ask for.

/** An existing user-assigned managed identity. */
export interface ExistingIdentity {
  /** Its resource id: `/subscriptions/.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`. */
  readonly id: string;
  /** Its principal (object) id, which role assignments name. */
  readonly principalId: string;
  /** Its client id; needed for a kubelet identity. @default - none */
  readonly clientId?: string;
}

/** Props of the cluster's identities. */
export interface ClusterIdentityProps {
  /**
   * An existing user-assigned identity for the control plane, instead of a new one.
   *
   * @default - a new identity named `<name>-identity`
   */
  readonly identity?: ExistingIdentity;
  /**
   * An existing user-assigned identity for the kubelets (image pulls, and what pods use by default), with its
   * `clientId`. The control-plane identity needs Managed Identity Operator on it.
   *
   * @default - one that AKS makes in the node resource group
   * @see https://learn.microsoft.com/azure/aks/use-managed-identity#use-a-pre-created-kubelet-managed-identity
   */
  readonly kubeletIdentity?: ExistingIdentity;
  /**
   * Whether the library grants the control-plane identity the roles AKS needs (Network Contributor on the network
   * and the route table, and what `kubeletIdentity` and a private DNS zone need). Turn it off when another team
   * grants them, as when the network is in their resource group: bring `identity` then, so that they can be granted
   * before the cluster is created. The grants are listed in `requiredRoleAssignments`, a warning at synth, and
   * the output `required_role_assignments`.
   *
   * @default true
   */
  readonly createRoleAssignments?: boolean;
  /**
   * How long to wait between granting the cluster identity its roles and creating the cluster (a `time_sleep`),
   * as a number and one unit (`'90s'`, `'2m'`): Azure RBAC takes a while to propagate, and AKS checks the permissions at creation
   * (`CustomRouteTableMissingPermission`). `'0s'` creates no wait.
   *
   * @default '60s'
   * @see https://github.com/hashicorp/terraform-provider-azurerm/issues/24064
   */
  readonly rolePropagationWait?: string;
}

const EXISTING = (name: string) => object(schema<ExistingIdentity>(name, { id: required(str), principalId: required(str), clientId: str }));

const IDENTITY_PROPS = {
  identity: EXISTING('ExistingIdentity'),
  kubeletIdentity: EXISTING('ExistingIdentity'),
  createRoleAssignments: bool,
  rolePropagationWait: str,
};

/** How long role assignments get to propagate before AKS checks them (azurerm #24064). */
export const DEFAULT_ROLE_PROPAGATION_WAIT = '60s';
/** A duration as `time_sleep` takes it: one number and one unit (its schema's own pattern). */
const DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;

/** Rule 61 on the props: identities of the right form, and grants left to others only for a brought identity. */
export function checkIdentityProps(props: ClusterIdentityProps, facts?: ClusterFacts): Violation[] {
  const type = blockOf(facts?.written?.identity)?.type;
  return collect(
    ...(['identity', 'kubeletIdentity'] as const).flatMap((key) => [
      checkResourceId(`${key}.id`, props[key]?.id, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'a user-assigned identity', 61),
      props[key]?.principalId !== undefined ? checkGuid(`${key}.principalId`, props[key]!.principalId, 'a principal id', 61) : undefined,
      props[key]?.clientId !== undefined ? checkGuid(`${key}.clientId`, props[key]!.clientId!, 'a client id', 61) : undefined,
    ]),
    props.kubeletIdentity && props.kubeletIdentity.clientId === undefined
      ? { prop: 'kubeletIdentity.clientId', value: undefined, number: 61, rule: 'is missing, and AKS needs it for a kubelet identity', fix: "give the identity's clientId" }
      : undefined,
    props.rolePropagationWait === undefined || isToken(props.rolePropagationWait) || DURATION.test(props.rolePropagationWait) ? undefined : {
      prop: 'rolePropagationWait',
      value: props.rolePropagationWait,
      number: 49,
      rule: "is not a duration as time_sleep takes it: a number and one unit of ms, s, m or h, like '60s' or '2m'",
      fix: `use '${DEFAULT_ROLE_PROPAGATION_WAIT}', or '0s' for no wait`,
    },
    facts?.written && type !== 'UserAssigned' && !isExpression(type)
      ? { prop: 'identity.type', value: type, number: 61, rule: "is not 'UserAssigned': the cluster's grants are made to its user-assigned identity before it exists, and a kubelet identity or a private DNS zone of your own needs one", fix: 'keep the identity block the cluster writes; bring your own identity with the identity prop' }
      : undefined,
    props.createRoleAssignments === false && !props.identity
      ? { prop: 'createRoleAssignments', value: false, number: 61, rule: 'leaves the grants to others, but the identity they are for would be made in the same apply as the cluster, which AKS checks them at', fix: 'bring the identity (identity: { id, principalId }) that the grants were made to, or let the library grant' }
      : undefined,
  );
}

/** The cluster's control-plane identity, its grants, and what the cluster must wait for. */
export interface IdentityParts {
  readonly identity: ExistingIdentity;
  readonly roleAssignments: RoleAssignment[];
  readonly requiredRoleAssignments: RoleGrant[];
  readonly ready: ITerraformDependable[];
}

/**
 * Makes (or takes) the identity and grants it `grants` (the construct ids are the grants' ids, under `scope`),
 * with a `time_sleep` of `wait` after them, since Azure RBAC propagates slowly and AKS checks the route-table
 * permission at creation (azurerm #24064). Without `createRoleAssignments`, it lists them instead.
 */
export function clusterIdentity(scope: Construct, props: ClusterIdentityProps, grants: RoleGrant[], made: { name: string; resourceGroupName: string; location: string; tags?: Record<string, string> }): IdentityParts {
  const identity = props.identity ?? new UserAssignedIdentity(scope, 'Identity', { name: `${made.name}-identity`, resourceGroupName: made.resourceGroupName, location: made.location, tags: made.tags });
  const all: RoleGrant[] = [
    ...grants,
    ...(props.kubeletIdentity ? [{ id: 'KubeletIdentityRole', role: 'Managed Identity Operator', scope: props.kubeletIdentity.id, why: 'AKS assigns the kubelet identity to the nodes' }] : []),
  ];
  if (props.createRoleAssignments === false) {
    const list = all.map((g) => ({ role: g.role, scope: g.scope, principal_id: identity.principalId, why: g.why }));
    new TerraformOutput(scope, 'required_role_assignments', { value: list, description: 'The roles the cluster identity needs before the cluster is created, which createRoleAssignments: false leaves to you' });
    const named = all.map((g) => `${g.role} on ${isToken(g.scope) ? `the ${g.id.replace(/Role$/, '')} (see the output required_role_assignments)` : `'${g.scope}'`}`).join('; ');
    Annotations.of(scope).addWarning(describeRule({ prop: 'createRoleAssignments', value: false, number: 61, rule: `leaves these grants to the principal ${isToken(identity.principalId) ? 'of identity' : `'${identity.principalId}'`} to you: ${named}`, fix: 'have them granted before the cluster is created: AKS checks them then' }));
    return { identity, roleAssignments: [], requiredRoleAssignments: all, ready: [] };
  }
  const roleAssignments = all.map(
    (g) =>
      new RoleAssignment(scope, g.id, {
        scope: g.scope,
        roleDefinitionName: g.role,
        principalId: identity.principalId,
        // A new identity may not have replicated to Entra ID yet; the check would fail for no reason.
        skipServicePrincipalAadCheck: true,
      }),
  );
  return { identity, roleAssignments, requiredRoleAssignments: [], ready: waitFor(scope, roleAssignments, props.rolePropagationWait ?? DEFAULT_ROLE_PROPAGATION_WAIT) };
}

/** A `time_sleep` after the role assignments; the assignments themselves when the wait is zero. It sleeps again whenever one is replaced. */
function waitFor(scope: Construct, roleAssignments: RoleAssignment[], wait: string): ITerraformDependable[] {
  if (roleAssignments.length === 0 || /^0+(\.0+)?(ms|s|m|h)$/.test(wait)) return roleAssignments;
  timeProviderOf(scope);
  return [
    new Sleep(scope, 'RolePropagationWait', {
      createDuration: wait,
      triggers: Object.fromEntries(roleAssignments.map((r) => [r.node.id, r.id])),
      dependsOn: roleAssignments,
    }),
  ];
}

/**
 * The identity props as a capability: their rules at props and on what is written (the kubelet identity; the
 * cluster's own identity block is written by the base, which makes or takes the identity before the cluster).
 */
export const IDENTITY: Capability<ClusterIdentityProps> = {
  props: IDENTITY_PROPS,
  check: checkIdentityProps,
  attributes(props) {
    const k = props.kubeletIdentity;
    return { kubeletIdentity: k && { clientId: k.clientId!, objectId: k.principalId, userAssignedIdentityId: k.id } };
  },
  read(cluster: Body) {
    const k = blockOf(cluster.kubelet_identity);
    return { kubeletIdentity: k && { id: k.user_assigned_identity_id, principalId: k.object_id, clientId: k.client_id } };
  },
};
