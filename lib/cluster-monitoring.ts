import { MonitorDataCollectionEndpoint } from '@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { Fn } from 'cdktf';
import { Capability } from './private/capability';
import { collect } from './private/errors';
import { isToken } from './private/rules';
import { checkResourceId, normalizeLocation } from './private/azure-names';
import { object, required, schema, str } from './private/shape';
import { Body, blockOf } from './private/written';

// Monitoring: Container Insights (logs, with managed identity auth) and managed Prometheus (metrics), each with
// the data collection rule that `az aks` makes for you and Terraform must write (rule 63).

/** Container Insights: container logs, events and inventory into a Log Analytics workspace. */
export interface ContainerInsightsProps {
  /** The Log Analytics workspace's id. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The workspace's region, where its data collection rule must be.
   *
   * @default - the cluster's location
   */
  readonly location?: string;
}

/** Azure Monitor managed service for Prometheus: the cluster's metrics into an Azure Monitor workspace. */
export interface ManagedPrometheusProps {
  /** The Azure Monitor workspace's id (`Microsoft.Monitor/accounts`). */
  readonly monitorWorkspaceId: string;
  /**
   * The Azure Monitor workspace's region, where its data collection endpoint and rule must be.
   *
   * @default - the cluster's location
   */
  readonly location?: string;
}

/** Props of the cluster's monitoring. */
export interface ClusterMonitoringProps {
  /**
   * Container Insights with managed identity auth (`oms_agent` with `msi_auth_for_monitoring_enabled`), and its
   * data collection rule and association, as Microsoft's Terraform onboarding makes them.
   *
   * @default - none
   * @see https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable
   */
  readonly containerInsights?: ContainerInsightsProps;
  /**
   * Managed Prometheus (`monitor_metrics`), with its data collection endpoint, rule and association, as
   * Microsoft's Terraform template makes them. A private cluster in another region than the workspace also
   * needs the endpoint associated with the cluster as `configurationAccessEndpoint`, which this does not make.
   *
   * @default - none
   * @see https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable
   */
  readonly managedPrometheus?: ManagedPrometheusProps;
}

/** What Microsoft's Terraform onboarding collects (microsoft/Docker-Provider, onboarding-msi-terraform). */
const CONTAINER_INSIGHTS_STREAMS = [
  'Microsoft-ContainerLog', 'Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory', 'Microsoft-KubeNodeInventory',
  'Microsoft-KubePVInventory', 'Microsoft-KubeServices', 'Microsoft-KubeMonAgentEvents', 'Microsoft-InsightsMetrics',
  'Microsoft-ContainerInventory', 'Microsoft-ContainerNodeInventory', 'Microsoft-Perf',
];
const PROMETHEUS_STREAMS = ['Microsoft-PrometheusMetrics'];

export const MONITORING: Capability<ClusterMonitoringProps> = {
  props: {
    containerInsights: object(schema<ContainerInsightsProps>('ContainerInsightsProps', { logAnalyticsWorkspaceId: required(str), location: str })),
    managedPrometheus: object(schema<ManagedPrometheusProps>('ManagedPrometheusProps', { monitorWorkspaceId: required(str), location: str })),
  },

  check(props) {
    return collect(
      checkResourceId('containerInsights.logAnalyticsWorkspaceId', props.containerInsights?.logAnalyticsWorkspaceId, 'Microsoft.OperationalInsights/workspaces', 'a Log Analytics workspace', 63),
      checkResourceId('managedPrometheus.monitorWorkspaceId', props.managedPrometheus?.monitorWorkspaceId, 'Microsoft.Monitor/accounts', 'an Azure Monitor workspace', 63),
    );
  },

  attributes(props) {
    return {
      omsAgent: props.containerInsights && { logAnalyticsWorkspaceId: props.containerInsights.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true },
      monitorMetrics: props.managedPrometheus && {},
    };
  },

  read(cluster: Body) {
    const oms = blockOf(cluster.oms_agent);
    return {
      containerInsights: oms && { logAnalyticsWorkspaceId: oms.log_analytics_workspace_id },
      // The workspace is named on the data collection rule, not the cluster: nothing here to read back.
      managedPrometheus: undefined,
    };
  },

  build(scope, props, cluster) {
    const at = (location: string | undefined) => location ?? cluster.location;
    // Names carry the region as Azure spells it in names: 'East US 2' is 'eastus2'.
    const region = (location: string | undefined) => (isToken(at(location)) ? at(location) : normalizeLocation(at(location)));
    const insights = props.containerInsights;
    if (insights) {
      const rule = new MonitorDataCollectionRule(scope, 'ContainerInsightsRule', {
        name: limit(['MSCI', region(insights.location), cluster.name], 64),
        resourceGroupName: cluster.resourceGroupName,
        location: at(insights.location),
        description: 'DCR for Azure Monitor Container Insights',
        destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: insights.logAnalyticsWorkspaceId }] },
        dataFlow: [{ streams: CONTAINER_INSIGHTS_STREAMS, destinations: ['ciworkspace'] }],
        dataSources: {
          extension: [{
            name: 'ContainerInsightsExtension',
            extensionName: 'ContainerInsights',
            streams: CONTAINER_INSIGHTS_STREAMS,
            extensionJson: JSON.stringify({ dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } }),
          }],
        },
        tags: cluster.tags,
      });
      new MonitorDataCollectionRuleAssociation(scope, 'ContainerInsightsAssociation', {
        name: 'ContainerInsightsExtension',
        targetResourceId: cluster.id,
        dataCollectionRuleId: rule.id,
        description: 'Association of container insights data collection rule. Deleting this association will break the data collection for this AKS Cluster.',
      });
    }
    const prometheus = props.managedPrometheus;
    if (prometheus) {
      const name = ['MSProm', region(prometheus.location), cluster.name];
      const endpoint = new MonitorDataCollectionEndpoint(scope, 'PrometheusEndpoint', {
        name: limit(name, 44),
        resourceGroupName: cluster.resourceGroupName,
        location: at(prometheus.location),
        kind: 'Linux',
        tags: cluster.tags,
      });
      const rule = new MonitorDataCollectionRule(scope, 'PrometheusRule', {
        name: limit(name, 64),
        resourceGroupName: cluster.resourceGroupName,
        location: at(prometheus.location),
        kind: 'Linux',
        dataCollectionEndpointId: endpoint.id,
        description: 'DCR for Azure Monitor Metrics Profile (Managed Prometheus)',
        destinations: { monitorAccount: [{ name: 'MonitoringAccount1', monitorAccountId: prometheus.monitorWorkspaceId }] },
        dataFlow: [{ streams: PROMETHEUS_STREAMS, destinations: ['MonitoringAccount1'] }],
        dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: PROMETHEUS_STREAMS }] },
        tags: cluster.tags,
      });
      new MonitorDataCollectionRuleAssociation(scope, 'PrometheusRuleAssociation', { name: limit(name, 64), targetResourceId: cluster.id, dataCollectionRuleId: rule.id });
    }
  },
};

/** A name of parts joined by '-', cut to Azure's limit and without a trailing '-' (at apply when a part is a token), as Microsoft's template cuts it. */
function limit(parts: string[], length: number): string {
  if (parts.some(isToken)) return Fn.trimsuffix(Fn.substr(Fn.join('-', parts), 0, length), '-');
  return parts.join('-').slice(0, length).replace(/-+$/, '');
}
