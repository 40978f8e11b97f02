import { AnnotationMetadataEntryType } from 'cdktf';
import { CniOverlayDualStackCluster } from '../../lib';
import { adviseKubernetesSupport } from '../../lib/private/kubernetes-versions';
import { PLACE, testStack } from '../util';

// Rule 55: versions out of AKS standard support are advised against, from one dated list.

const on = (day: string) => new Date(`${day}T12:00:00Z`);

test.each<[string, string, RegExp | undefined]>([
  ['1.33', '2026-12-06', /^is out of AKS standard support since 2026-07-31; with long-term support \(Premium tier\) until 2027-07-31 \(AKS release calendar as of 2026-08\)$/],
  ['1.34.2', '2026-12-06', /since 2026-11-30/],
  ['1.29', '2026-12-06', /^is out of AKS standard support \(AKS release calendar/],
  ['1.30', '2026-12-06', /since 2025-08-22 \(AKS/],
  ['1.34', '2026-11-30', undefined],
  ['1.35', '2026-12-06', undefined],
  ['1.40', '2026-12-06', undefined],
])('%s on %s', (version, day, rule) => {
  const advice = adviseKubernetesSupport('kubernetesVersion', version, on(day));
  if (rule === undefined) expect(advice).toBeUndefined();
  else expect(advice).toMatchObject({ prop: 'kubernetesVersion', value: version, number: 55, rule: expect.stringMatching(rule) });
});

test('the fix names the oldest version still in standard support', () => {
  expect(adviseKubernetesSupport('v', '1.33', on('2026-12-06'))?.fix).toBe('use 1.35 or later, or leave it unset for the AKS default');
  expect(adviseKubernetesSupport('v', '1.33', on('2028-01-01'))?.fix).toBe('use a version AKS supports now, or leave it unset for the AKS default');
});

test('a cluster and a pool on versions out of support get a warning each, at construction', () => {
  const stack = testStack();
  const aks = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, kubernetesVersion: '1.30' });
  aks.addNodePool('apps', { orchestratorVersion: '1.30' });
  aks.addNodePool('old', { orchestratorVersion: '1.29' });
  const warnings = aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
  expect(warnings.filter((w) => w.includes('(rule 55)'))).toEqual([
    expect.stringMatching(/^kubernetesVersion '1\.30' is out of AKS standard support since 2025-08-22/),
    expect.stringMatching(/^addNodePool\('old'\)\.orchestratorVersion '1\.29' is out of AKS standard support/),
  ]);
});
