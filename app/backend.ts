import { CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformStack } from 'cdktf';
import { Shapes } from '../lib';

/** Terraform Cloud (or Enterprise) settings: with them, every stack gets a `cloud` backend of its own. */
export interface TerraformCloudSettings {
  readonly organization: string;
  /**
   * Each stack's workspace is `<prefix><stack name>`. Give this or `workspaceTags`.
   *
   * @default - none: `workspaceTags`
   */
  readonly workspacePrefix?: string;
  /**
   * Each stack selects the workspaces tagged with these tags and its own stack name; `TF_WORKSPACE` picks one.
   *
   * @default - none: `workspacePrefix`
   */
  readonly workspaceTags?: string[];
  /**
   * The Terraform Cloud project of the workspaces.
   *
   * @default - the organization's default project
   */
  readonly project?: string;
  /**
   * The Terraform Enterprise hostname.
   *
   * @default 'app.terraform.io'
   */
  readonly hostname?: string;
}

/** The shape of Terraform Cloud settings, in both stacks' props. */
export const TERRAFORM_CLOUD_SETTINGS = Shapes.object(Shapes.schema<TerraformCloudSettings>('TerraformCloudSettings', {
  organization: Shapes.required(Shapes.string),
  workspacePrefix: Shapes.string,
  workspaceTags: Shapes.stringList,
  project: Shapes.string,
  hostname: Shapes.string,
}));

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
