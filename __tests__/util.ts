import * as fs from 'fs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';

const outdirs: string[] = [];

/** A `Testing.app()` whose temporary outdir is removed after the test file (see setup.ts). */
export function testApp(): App {
  const app = Testing.app();
  outdirs.push(app.outdir);
  return app;
}

export function removeTestOutdirs(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A stack with the azurerm and kubernetes providers (so cdktf's own checks pass), in a fresh test app. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/** Where clusters and networks go in tests. */
export const PLACE = { resourceGroupName: 'rg', location: 'eastus2' } as const;

/** The synthesized stack, parsed; validations run, as in `app.synth()`. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Every resource of a type in a parsed stack. */
export function resourcesOf(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type in a parsed stack. */
export function theOne(json: any, type: string): any {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}
