import { Capability, ClusterFacts } from './private/capability';
import { parseCidr, parseIpAddress } from './private/cidr';
import { Violation, collect, show } from './private/errors';
import { checkGuid, isToken } from './private/rules';
import { normalizeLocation, resourceNameIn } from './private/azure-names';
import { bool, object, schema, str, strList } from './private/shape';
import { Body, attribute, blockOf, isExpression } from './private/written';

// Access: who signs in to the cluster (Entra ID, Azure RBAC, local accounts, workload identity) and from where
// its API server is reached (authorized ranges, private cluster). Rules 56 to 58.

/** Managed Microsoft Entra ID integration. */
export interface EntraIdProps {
  /**
   * Object ids of the Entra groups whose members administer the cluster.
   *
   * @default - none: with `azureRbacEnabled`, grant Azure Kubernetes Service RBAC roles instead
   */
  readonly adminGroupObjectIds?: string[];
  /**
   * The Entra tenant of the users; give it or `adminGroupObjectIds` (azurerm takes neither alone).
   *
   * @default - the tenant of the account that applies, when `adminGroupObjectIds` is given
   */
  readonly tenantId?: string;
  /**
   * Authorize Kubernetes requests with Azure role assignments (Azure RBAC for Kubernetes) as well as Kubernetes RBAC.
   *
   * @default true
   */
  readonly azureRbacEnabled?: boolean;
}

/** A private cluster: its API server has a private address in the cluster's network. */
export interface PrivateClusterProps {
  /**
   * Where the API server's name is resolved: `'System'` (AKS makes a private DNS zone in the node resource
   * group), `'None'` (a public DNS name for the private address; needs `publicFqdnEnabled`), or the id of your
   * own private DNS zone, named `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io`,
   * on which the cluster identity needs Private DNS Zone Contributor (granted unless `createRoleAssignments` is false).
   *
   * @default 'System'
   * @see https://learn.microsoft.com/azure/aks/private-clusters
   */
  readonly privateDnsZone?: string;
  /**
   * A public DNS name that resolves to the API server's private address as well.
   *
   * @default false
   */
  readonly publicFqdnEnabled?: boolean;
}

/** Props of the cluster's access: sign-in and API server reach. */
export interface ClusterAccessProps {
  /**
   * Managed Entra ID integration, with Azure RBAC unless turned off.
   *
   * @default - none: Kubernetes RBAC with client certificates
   * @see https://learn.microsoft.com/azure/aks/enable-authentication-microsoft-entra-id
   */
  readonly entraId?: EntraIdProps;
  /**
   * Turns off the local accounts (the certificate-based admin and user credentials), so that every sign-in goes
   * through Entra ID; needs `entraId`. It costs the break-glass path: `az aks get-credentials --admin` and the
   * `kube_admin_config` attributes stop working, and Terraform's kubernetes provider must sign in with kubelogin
   * (see `kubernetesProviderSignIn`).
   *
   * @default false
   * @see https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad
   */
  readonly localAccountsDisabled?: boolean;
  /**
   * Microsoft Entra Workload ID: pods exchange their service account tokens, issued by the cluster's OIDC issuer
   * (always on), for Entra tokens.
   *
   * @default false
   * @see https://learn.microsoft.com/azure/aks/workload-identity-overview
   */
  readonly workloadIdentityEnabled?: boolean;
  /**
   * The IPv4 ranges that may reach the public API server (AKS takes no IPv6 range here). With the load balancer
   * as egress, AKS adds the cluster's outbound addresses itself; with user-defined routing, include the
   * appliance's public address.
   *
   * @default - any address
   * @see https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
   */
  readonly apiServerAuthorizedIpRanges?: string[];
  /**
   * Makes the API server private. Set when the cluster is created: changing it replaces the cluster.
   *
   * @default - a public API server
   */
  readonly privateCluster?: PrivateClusterProps;
}

/** The Entra application every AKS cluster with managed Entra ID accepts tokens for (kubelogin's `--server-id`). */
export const AKS_ENTRA_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
const PRIVATE_DNS_ZONE_CONTRIBUTOR = 'Private DNS Zone Contributor';
/** The most authorized ranges AKS takes (api-server-authorized-ip-ranges). */
const MAX_AUTHORIZED_RANGES = 200;

export const ACCESS: Capability<ClusterAccessProps> = {
  props: {
    entraId: object(schema<EntraIdProps>('EntraIdProps', { adminGroupObjectIds: strList, tenantId: str, azureRbacEnabled: bool })),
    localAccountsDisabled: bool,
    workloadIdentityEnabled: bool,
    apiServerAuthorizedIpRanges: strList,
    privateCluster: object(schema<PrivateClusterProps>('PrivateClusterProps', { privateDnsZone: str, publicFqdnEnabled: bool })),
  },

  check(props, facts) {
    const entra = props.entraId;
    const zone = props.privateCluster?.privateDnsZone;
    return collect(
      props.localAccountsDisabled === true && !entra
        ? { prop: 'localAccountsDisabled', value: true, number: 56, rule: 'turns off the only sign-in a cluster without Entra ID has', fix: 'add entraId: { adminGroupObjectIds: [...] }, or keep the local accounts' }
        : undefined,
      entra && entra.tenantId === undefined && entra.adminGroupObjectIds === undefined
        ? { prop: 'entraId', value: entra, number: 56, rule: 'names neither tenantId nor adminGroupObjectIds, and azurerm takes the block with one of them at least', fix: 'give tenantId (new DataAzurermClientConfig(...).tenantId) or adminGroupObjectIds' }
        : undefined,
      ...(isToken(entra?.adminGroupObjectIds) ? [] : entra?.adminGroupObjectIds ?? []).map((id, i) => checkGuid(`entraId.adminGroupObjectIds[${i}]`, id, 'an Entra object id', 56)),
      entra?.tenantId !== undefined ? checkGuid('entraId.tenantId', entra.tenantId, 'a tenant id', 56) : undefined,
      props.localAccountsDisabled === true && entra && entra.azureRbacEnabled === false && (entra.adminGroupObjectIds === undefined || (Array.isArray(entra.adminGroupObjectIds) && entra.adminGroupObjectIds.length === 0))
        ? { prop: 'entraId.adminGroupObjectIds', value: entra.adminGroupObjectIds, number: 56, rule: 'names no admin group, while Azure RBAC and the local accounts are off, so nobody could administer the cluster', fix: 'give the Entra group of its administrators, or keep azureRbacEnabled' }
        : undefined,
      ...checkWrittenZone(props, facts),
      checkAuthorizedRanges(props.apiServerAuthorizedIpRanges, props.privateCluster !== undefined),
      zone !== undefined ? checkPrivateDnsZone(zone, props.privateCluster?.publicFqdnEnabled, facts.location) : undefined,
    );
  },

  attributes(props) {
    const entra = props.entraId;
    const zone = props.privateCluster?.privateDnsZone ?? 'System';
    return {
      azureActiveDirectoryRoleBasedAccessControl: entra && {
        adminGroupObjectIds: entra.adminGroupObjectIds && !isToken(entra.adminGroupObjectIds) ? [...entra.adminGroupObjectIds] : entra.adminGroupObjectIds,
        tenantId: entra.tenantId,
        azureRbacEnabled: entra.azureRbacEnabled ?? true,
      },
      localAccountDisabled: props.localAccountsDisabled,
      workloadIdentityEnabled: props.workloadIdentityEnabled,
      // An empty list restricts nothing and is not sent by azurerm: nothing is written for it.
      apiServerAccessProfile: props.apiServerAuthorizedIpRanges && (isToken(props.apiServerAuthorizedIpRanges) || props.apiServerAuthorizedIpRanges.length > 0) ? { authorizedIpRanges: isToken(props.apiServerAuthorizedIpRanges) ? props.apiServerAuthorizedIpRanges : [...props.apiServerAuthorizedIpRanges] } : undefined,
      privateClusterEnabled: props.privateCluster ? true : undefined,
      privateDnsZoneId: props.privateCluster ? (builtInZone(zone) ? capitalize(zone) : zone) : undefined,
      privateClusterPublicFqdnEnabled: props.privateCluster?.publicFqdnEnabled,
    };
  },

  read(cluster: Body) {
    const entra = blockOf(cluster.azure_active_directory_role_based_access_control);
    const isPrivate = cluster.private_cluster_enabled === true;
    return {
      entraId: entra && { adminGroupObjectIds: entra.admin_group_object_ids, tenantId: entra.tenant_id, azureRbacEnabled: entra.azure_rbac_enabled },
      localAccountsDisabled: cluster.local_account_disabled,
      workloadIdentityEnabled: cluster.workload_identity_enabled,
      apiServerAuthorizedIpRanges: attribute(cluster, 'api_server_access_profile.authorized_ip_ranges'),
      privateCluster: isPrivate ? { privateDnsZone: cluster.private_dns_zone_id, publicFqdnEnabled: cluster.private_cluster_public_fqdn_enabled } : undefined,
    };
  },

  grants(props) {
    const zone = props.privateCluster?.privateDnsZone;
    return zone !== undefined && !builtInZone(zone)
      ? [{ id: 'PrivateDnsZoneRole', role: PRIVATE_DNS_ZONE_CONTRIBUTOR, scope: zone, why: "AKS writes the API server's record in your private DNS zone" }]
      : [];
  },
};

/**
 * Rule 58 on what is written alone: a zone on a cluster that is not private, and a custom zone that no grant
 * covers (set through the raw resource after the grants were made from the props).
 */
function checkWrittenZone(props: ClusterAccessProps, facts: ClusterFacts): Violation[] {
  const written = facts.written;
  const zone = written?.private_dns_zone_id;
  if (written === undefined || zone === undefined || typeof zone !== 'string' || isExpression(zone)) return [];
  const prop = 'privateCluster.privateDnsZone';
  if (written.private_cluster_enabled !== true) return [{ prop, value: zone, number: 58, rule: 'is written on a cluster that is not private', fix: 'set privateCluster, or remove private_dns_zone_id' }];
  const custom = props.privateCluster?.privateDnsZone;
  if (custom === undefined || builtInZone(custom) || (facts.grants ?? []).some((g) => g.scope === custom && g.role === PRIVATE_DNS_ZONE_CONTRIBUTOR)) return [];
  return [{ prop, value: custom, number: 58, rule: 'is a zone the cluster identity has no grant on (set through the raw resource, after the grants were made)', fix: 'give it as privateCluster.privateDnsZone, so that the grant is made or listed' }];
}

/** 'System' or 'None', in any case: no zone of yours, and no grant. */
function builtInZone(zone: string): boolean {
  return /^(system|none)$/i.test(zone);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Rule 57: IPv4 ranges only, at most 200, and none on a private cluster. */
function checkAuthorizedRanges(ranges: readonly string[] | undefined, isPrivate: boolean): Violation[] {
  if (ranges === undefined) return [];
  const prop = 'apiServerAuthorizedIpRanges';
  if (isPrivate) return [{ prop, value: ranges, number: 57, rule: 'is for a public API server, and AKS refuses it on a private cluster', fix: 'remove it, or privateCluster' }];
  if (isToken(ranges)) return [];
  return collect(
    ranges.length > MAX_AUTHORIZED_RANGES ? { prop, value: `${ranges.length} ranges`, number: 57, rule: `are more than the ${MAX_AUTHORIZED_RANGES} AKS takes`, fix: 'merge ranges into larger ones' } : undefined,
    ...ranges.map((range, i): Violation | undefined => {
      if (isToken(range)) return undefined;
      const cidr = range.includes('/') ? parseCidr(range) : parseIpAddress(range) ?? `is not an IPv4 address or range`;
      const at = `${prop}[${i}]`;
      if (typeof cidr === 'string') return { prop: at, value: range, number: 57, rule: cidr.startsWith('is ') ? cidr : `is not an IPv4 range: ${cidr}`, fix: "give a range like '203.0.113.0/24'" };
      if (cidr.family === 'IPv6') {
        return { prop: at, value: range, number: 57, rule: 'is an IPv6 range, and AKS takes IPv4 ranges only for the API server, even on a dual-stack cluster', fix: 'give the IPv4 ranges of the clients; IPv6 clients reach the API server through an IPv4 path (or use a private cluster)' };
      }
      return undefined;
    }),
  );
}

/** Rule 58: a private DNS zone AKS takes: 'System', 'None' with a public FQDN, or a zone of the right name. */
function checkPrivateDnsZone(zone: string, publicFqdn: boolean | undefined, location: string): Violation | undefined {
  const prop = 'privateCluster.privateDnsZone';
  if (isToken(zone) || /^system$/i.test(zone)) return undefined;
  if (/^none$/i.test(zone)) {
    return publicFqdn === true || isToken(publicFqdn) ? undefined : { prop, value: zone, number: 58, rule: 'leaves the API server without a private name, so AKS needs its public FQDN', fix: "set privateCluster.publicFqdnEnabled: true, or use 'System'" };
  }
  const name = resourceNameIn(zone, 'Microsoft.Network/privateDnsZones');
  if (name === undefined) return { prop, value: zone, number: 58, rule: "is not 'System', 'None' or the id of a private DNS zone", fix: "give '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/privatelink.<region>.azmk8s.io'" };
  const region = isToken(location) ? '[a-z0-9]+' : normalizeLocation(location);
  if (!new RegExp(`^([a-z0-9-]+\\.)?privatelink\\.${region}\\.azmk8s\\.io$`, 'i').test(name)) {
    return { prop, value: zone, number: 58, rule: `names the zone ${show(name)}, but AKS takes only 'privatelink.<region>.azmk8s.io' or '<subzone>.privatelink.<region>.azmk8s.io' of the cluster's region`, fix: `use a zone named 'privatelink.${isToken(location) ? '<region>' : region}.azmk8s.io'` };
  }
  return undefined;
}
