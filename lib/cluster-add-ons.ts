import { Capability } from './private/capability';
import { collect } from './private/errors';
import { isToken } from './private/rules';
import { bool, object, oneOf, schema, str } from './private/shape';
import { Body, blockOf } from './private/written';

// Add-ons and tier: Azure Policy, the Key Vault secrets provider, and the control plane's pricing tier (rule 62).

/** The Secrets Store CSI driver with the Azure Key Vault provider. */
export interface KeyVaultSecretsProviderProps {
  /**
   * Whether mounted secrets follow their rotation in Key Vault.
   *
   * @default false
   */
  readonly secretRotationEnabled?: boolean;
  /**
   * How often rotated secrets are fetched, as a number and a unit (`'2m'`, `'1h'`); with `secretRotationEnabled`.
   *
   * @default '2m'
   */
  readonly secretRotationInterval?: string;
}

/** Props of the cluster's add-ons and tier. */
export interface ClusterAddOnProps {
  /**
   * The Azure Policy add-on, which applies Azure Policy assignments to the cluster (Gatekeeper).
   *
   * @default false
   * @see https://learn.microsoft.com/azure/aks/use-azure-policy
   */
  readonly azurePolicyEnabled?: boolean;
  /**
   * The Key Vault secrets provider, to mount Key Vault secrets in pods (with workload identity to sign in).
   *
   * @default - none
   * @see https://learn.microsoft.com/azure/aks/csi-secrets-store-driver
   */
  readonly keyVaultSecretsProvider?: KeyVaultSecretsProviderProps;
  /**
   * The control plane's tier: `Free` (no uptime SLA, for tests), `Standard` (an SLA, for production), or
   * `Premium` (Standard with long-term support).
   *
   * @default 'Free' (AKS's own)
   * @see https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers
   */
  readonly skuTier?: 'Free' | 'Standard' | 'Premium';
}

/** What azurerm takes for `secret_rotation_interval` (Go durations as the add-on reads them). */
const ROTATION_INTERVAL = /^([0-9]+(\.[0-9]+)?(s|m|h))+$/;

export const ADD_ONS: Capability<ClusterAddOnProps> = {
  props: {
    azurePolicyEnabled: bool,
    keyVaultSecretsProvider: object(schema<KeyVaultSecretsProviderProps>('KeyVaultSecretsProviderProps', { secretRotationEnabled: bool, secretRotationInterval: str })),
    skuTier: oneOf('Free', 'Standard', 'Premium'),
  },

  check(props, facts) {
    const kv = props.keyVaultSecretsProvider;
    const interval = kv?.secretRotationInterval;
    return collect(
      interval !== undefined && !isToken(interval) && !ROTATION_INTERVAL.test(interval)
        ? { prop: 'keyVaultSecretsProvider.secretRotationInterval', value: interval, number: 62, rule: 'is not a duration as the add-on takes it: a number and a unit of s, m or h', fix: "use '2m' or '1h'" }
        : undefined,
      interval !== undefined && kv?.secretRotationEnabled !== true && !isToken(kv?.secretRotationEnabled)
        ? { prop: 'keyVaultSecretsProvider.secretRotationInterval', value: interval, number: 62, rule: 'is set, but secretRotationEnabled is not true, so secrets are never fetched again', fix: 'set secretRotationEnabled: true, or remove the interval' }
        : undefined,
      facts.written && kv && kv.secretRotationEnabled === undefined && interval === undefined
        ? { prop: 'keyVaultSecretsProvider', value: {}, number: 62, rule: 'is written empty, and azurerm takes the block with one setting at least', fix: 'write secret_rotation_enabled' }
        : undefined,
    );
  },

  attributes(props) {
    const kv = props.keyVaultSecretsProvider;
    return {
      azurePolicyEnabled: props.azurePolicyEnabled,
      keyVaultSecretsProvider: kv && { secretRotationEnabled: kv.secretRotationEnabled ?? false, secretRotationInterval: kv.secretRotationInterval },
      skuTier: props.skuTier,
    };
  },

  read(cluster: Body) {
    const kv = blockOf(cluster.key_vault_secrets_provider);
    return {
      azurePolicyEnabled: cluster.azure_policy_enabled,
      keyVaultSecretsProvider: kv && { secretRotationEnabled: kv.secret_rotation_enabled, secretRotationInterval: kv.secret_rotation_interval },
      skuTier: cluster.sku_tier,
    };
  },
};
