import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackLoadBalancer, DualStackVirtualNetwork } from '../../lib';
import { admitted, checkConstraint, providerConstraint } from '../../lib/private/providers';
import { PLACE, synthJson, testApp, testStack } from '../util';

// Rule 54: the output targets the provider releases its blocks were checked against, not the ones the
// prebuilt bindings were generated from.

const required = (stack: TerraformStack) => synthJson(stack).terraform.required_providers;

describe('required_providers', () => {
  test('a cluster stack targets azurerm 4.70 to 5 and time 0.13.1 to 1, keeping the bindings\' sources', () => {
    const stack = testStack();
    new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    expect(required(stack)).toEqual({
      azurerm: { source: 'azurerm', version: '>= 4.70.0, < 5.0.0' },
      kubernetes: { source: 'kubernetes', version: '>= 3.2.1, < 4.0.0' },
      time: { source: 'hashicorp/time', version: '>= 0.13.1, < 1.0.0' },
    });
  });

  test('a stack of services alone targets only the providers it declares', () => {
    const stack = new TerraformStack(testApp(), 'svc');
    new KubernetesProvider(stack, 'k8s', {});
    new DualStackLoadBalancer(stack, 'lb', { name: 'web', selector: { app: 'web' }, port: 80 });
    expect(required(stack)).toEqual({ kubernetes: { source: 'kubernetes', version: '>= 3.2.1, < 4.0.0' } });
  });

  test('a stack without the library\'s constructs keeps the bindings\' pins', () => {
    const stack = new TerraformStack(testApp(), 'other');
    new TimeProvider(stack, 'time', {});
    expect(JSON.parse(Testing.synth(stack)).terraform.required_providers.time.version).toBe('0.13.1');
  });

  test('a narrower constraint of the program\'s own is kept, before or after the constructs', () => {
    const stack = testStack();
    stack.addOverride('terraform.required_providers.azurerm.version', '~> 4.81.0');
    new DualStackVirtualNetwork(stack, 'net', PLACE);
    stack.addOverride('terraform.required_providers.kubernetes.version', '3.2.1');
    expect(required(stack).azurerm.version).toBe('~> 4.81.0');
    expect(required(stack).kubernetes.version).toBe('3.2.1');
  });

  test.each([
    ['azurerm', '4.55.0', /terraform\.required_providers\.azurerm\.version '4\.55\.0' admits azurerm releases outside 4\.70\.0 to below 5\.0\.0.*; write '>= 4\.70\.0, < 5\.0\.0', or a narrower constraint within it\. \(rule 54\)/],
    ['azurerm', '~> 4.0', /'~> 4\.0' admits azurerm releases outside/],
    ['azurerm', '>= 4.70', /'>= 4\.70' admits azurerm releases outside/],
    ['kubernetes', '~> 2.38', /'~> 2\.38' admits kubernetes releases outside 3\.2\.1/],
    ['azurerm', 'latest', /'latest' does not parse: 'latest' is not an operator and a version/],
    ['azurerm', '>= 4.99, < 4.80', /'>= 4\.99, < 4\.80' admits no release, so terraform init finds none/],
  ])('fails when the program pins %s to %s', (name, version, message) => {
    const stack = testStack();
    new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    stack.addOverride(`terraform.required_providers.${name}.version`, version);
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });
});

describe('admitted', () => {
  test.each<[string, string]>([
    ['4.81.0', '4.81.0..4.81.1'],
    ['= 4.81', '4.81.0..4.81.1'],
    ['~> 4.70', '4.70.0..5.0.0'],
    ['~> 4.70.1', '4.70.1..4.71.0'],
    ['~> 4', '4.0.0..5.0.0'],
    ['>= 4.70.0, < 5.0.0', '4.70.0..5.0.0'],
    ['> 4.70.0, <= 4.80.2, != 4.75.0', '4.70.1..4.80.3'],
    ['>= 4.70', '4.70.0..'],
  ])('%s admits %s', (constraint, range) => {
    const r = admitted(constraint);
    if (typeof r === 'string') throw new Error(r);
    expect(`${r[0].join('.')}..${r[1]?.join('.') ?? ''}`).toBe(range);
  });

  test('the written default passes its own check, for every provider', () => {
    for (const name of ['azurerm', 'kubernetes', 'time'] as const) expect(checkConstraint(name, providerConstraint(name))).toBeUndefined();
  });
});
