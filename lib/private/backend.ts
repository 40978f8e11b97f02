import { CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformStack } from 'cdktf';
import type { TerraformCloudSettings } from '../app-settings';

/**
 * Gives the stack a Terraform Cloud backend with a workspace of its own: `<prefix><stack>`, or the workspaces
 * tagged with the given tags and the stack's name. Without settings, the stack keeps cdktf's local state.
 */
export function useTerraformCloud(stack: TerraformStack, settings: TerraformCloudSettings | undefined): void {
  if (!settings) return;
  const name = stack.node.id;
  new CloudBackend(stack, {
    organization: settings.organization,
    hostname: settings.hostname,
    workspaces:
      settings.workspacePrefix !== undefined
        ? new NamedCloudWorkspace(`${settings.workspacePrefix}${name}`, settings.project)
        : new TaggedCloudWorkspaces([...(settings.workspaceTags ?? []), name], settings.project),
  });
}
