import { Token } from 'cdktf';
import { CniOverlayDualStackCluster, CniOverlayDualStackClusterProps, MaintenanceWindow } from '../lib';
import { PLACE, synthJson, testStack, theOne } from './util';

function overlay(props: Partial<CniOverlayDualStackClusterProps> = {}) {
  const stack = testStack();
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
  return { cluster, json: () => synthJson(stack), aks: () => theOne(synthJson(stack), 'azurerm_kubernetes_cluster') };
}
const WEEKLY: MaintenanceWindow = { frequency: 'Weekly', dayOfWeek: 'Sunday', startTime: '02:00', utcOffset: '+01:00', durationHours: 6 };

test('channels and windows for both kinds of upgrade, each window with only the fields its frequency uses', () => {
  const aks = overlay({
    automaticUpgradeChannel: 'patch',
    nodeOsUpgradeChannel: 'NodeImage',
    automaticUpgradeWindow: { frequency: 'RelativeMonthly', weekIndex: 'First', dayOfWeek: 'Saturday', notAllowed: [{ start: '2026-12-20', end: '2027-01-04T00:00:00Z' }] },
    nodeOsUpgradeWindow: WEEKLY,
  }).aks();
  expect(aks).toMatchObject({ automatic_upgrade_channel: 'patch', node_os_upgrade_channel: 'NodeImage' });
  expect(aks.maintenance_window_auto_upgrade).toEqual({
    frequency: 'RelativeMonthly', interval: 1, duration: 4, week_index: 'First', day_of_week: 'Saturday', start_time: '00:00', utc_offset: '+00:00',
    not_allowed: [{ start: '2026-12-20T00:00:00Z', end: '2027-01-04T00:00:00Z' }],
  });
  expect(aks.maintenance_window_node_os).toEqual({ frequency: 'Weekly', interval: 1, duration: 6, day_of_week: 'Sunday', start_time: '02:00', utc_offset: '+01:00' });
});

test('enumerations in any case come back in the provider spelling; nothing is written unasked', () => {
  expect(overlay({ automaticUpgradeChannel: 'STABLE' as 'stable', nodeOsUpgradeChannel: 'securitypatch' as 'SecurityPatch' }).aks()).toMatchObject({ automatic_upgrade_channel: 'stable', node_os_upgrade_channel: 'SecurityPatch' });
  const aks = overlay().aks();
  for (const key of ['automatic_upgrade_channel', 'node_os_upgrade_channel', 'maintenance_window_auto_upgrade', 'maintenance_window_node_os']) expect(aks[key]).toBeUndefined();
});

test.each<[string, Partial<CniOverlayDualStackClusterProps>, RegExp]>([
  ['node-image with another node OS channel', { automaticUpgradeChannel: 'node-image', nodeOsUpgradeChannel: 'SecurityPatch' }, /nodeOsUpgradeChannel 'SecurityPatch' is not 'NodeImage'.*\(rule 59\)/],
  ['an upgrade window without a channel', { automaticUpgradeWindow: WEEKLY }, /automaticUpgradeWindow is set, but automaticUpgradeChannel is none.*\(rule 60\)/],
  ['a node OS window for an unmanaged channel', { nodeOsUpgradeChannel: 'Unmanaged', nodeOsUpgradeWindow: WEEKLY }, /nodeOsUpgradeWindow is set, but nodeOsUpgradeChannel 'Unmanaged' is not run by AKS/],
  ['a window too short for an upgrade', { nodeOsUpgradeWindow: { ...WEEKLY, durationHours: 2 } }, /nodeOsUpgradeWindow.durationHours 2 is not a whole number of hours from 4 to 24/],
  ['a weekly window without a day', { nodeOsUpgradeWindow: { frequency: 'Weekly' } }, /nodeOsUpgradeWindow.dayOfWeek is missing, and a Weekly window needs it/],
  ['a daily window with a day', { nodeOsUpgradeWindow: { frequency: 'Daily', dayOfWeek: 'Monday' } }, /nodeOsUpgradeWindow.dayOfWeek 'Monday' is not taken by a Daily window/],
  ['a monthly window on the 32nd', { nodeOsUpgradeWindow: { frequency: 'AbsoluteMonthly', dayOfMonth: 32 } }, /dayOfMonth 32 is not a day of the month, 1 to 31/],
  ['a weekly interval of 5', { nodeOsUpgradeWindow: { ...WEEKLY, interval: 5 } }, /interval 5 is not a whole number from 1 to 4/],
  ['a start time without a colon', { nodeOsUpgradeWindow: { ...WEEKLY, startTime: '0200' } }, /startTime '0200' is not a time as HH:mm/],
  ['an offset without a sign', { nodeOsUpgradeWindow: { ...WEEKLY, utcOffset: '01:00' } }, /utcOffset '01:00' is not an offset/],
  ['a blackout that ends before it starts', { nodeOsUpgradeWindow: { ...WEEKLY, notAllowed: [{ start: '2027-01-04T00:00:00Z', end: '2026-12-20T00:00:00Z' }] } }, /notAllowed\[0\].end '2026-12-20T00:00:00Z' is not after the start/],
  ['a blackout at a time of day, which azurerm drops', { nodeOsUpgradeWindow: { ...WEEKLY, notAllowed: [{ start: '2026-12-20T18:00:00Z', end: '2027-01-04' }] } }, /notAllowed\[0\].start '2026-12-20T18:00:00Z' is not a day as azurerm keeps it.*\(rule 60\)/],
  ['a blackout on a day no month has', { nodeOsUpgradeWindow: { ...WEEKLY, notAllowed: [{ start: '2026-02-30', end: '2026-03-05' }] } }, /notAllowed\[0\].start '2026-02-30' is not a day/],
  ['a blackout list as a token', { nodeOsUpgradeWindow: { ...WEEKLY, notAllowed: Token.asList('${var.freeze}') as never } }, /nodeOsUpgradeWindow.notAllowed <token> is a token, but each blackout is written as a block/],
  ['a misspelt channel', { automaticUpgradeChannel: 'patches' as 'patch' }, /automaticUpgradeChannel 'patches' is not one of 'none', 'patch'/],
])('refused at props: %s', (_name, props, message) => {
  expect(() => overlay(props)).toThrow(message);
});

test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
  ['node-image with SecurityPatch on the raw resource', (c) => { c.resource.automaticUpgradeChannel = 'node-image'; c.resource.nodeOsUpgradeChannel = 'SecurityPatch'; }, /nodeOsUpgradeChannel 'SecurityPatch' is not 'NodeImage'/],
  ['a 3-hour window by override', (c) => c.resource.addOverride('maintenance_window_node_os', { frequency: 'Daily', interval: 1, duration: 3 }), /nodeOsUpgradeWindow.durationHours 3 is not a whole number of hours/],
  ['a window with an unknown frequency', (c) => c.resource.addOverride('maintenance_window_node_os', { frequency: 'Hourly', interval: 1, duration: 4 }), /nodeOsUpgradeWindow.frequency 'Hourly' is not one of/],
])('refused at synth, through the escape hatch: %s', (_name, change, message) => {
  const { cluster, json } = overlay({ automaticUpgradeChannel: 'patch', automaticUpgradeWindow: WEEKLY });
  change(cluster);
  expect(json).toThrow(message);
});

describe('versions AKS upgrades on its own are not pinned (rule 59)', () => {
  test.each<[string, Partial<CniOverlayDualStackClusterProps>, RegExp]>([
    ['a patch version with the patch channel', { automaticUpgradeChannel: 'patch', kubernetesVersion: '1.35.2' }, /kubernetesVersion '1.35.2' pins a patch, but automaticUpgradeChannel 'patch' upgrades patches.*give the minor alone \('1.35'\).*\(rule 59\)/],
    ['a minor version with the stable channel', { automaticUpgradeChannel: 'stable', kubernetesVersion: '1.35' }, /kubernetesVersion '1.35' pins a version, but automaticUpgradeChannel 'stable' upgrades minor versions/],
    ['a default pool patch with the patch channel', { automaticUpgradeChannel: 'patch', kubernetesVersion: '1.35', defaultNodePool: { orchestratorVersion: '1.35.1' } }, /defaultNodePool.orchestratorVersion '1.35.1' pins a patch/],
  ])('refused: %s', (_name, props, message) => {
    expect(() => overlay(props)).toThrow(message);
  });

  test('a minor alone with the patch channel, and any version without a channel, are taken', () => {
    expect(overlay({ automaticUpgradeChannel: 'patch', kubernetesVersion: '1.35' }).aks().kubernetes_version).toBe('1.35');
    expect(overlay({ kubernetesVersion: '1.35.2' }).aks().kubernetes_version).toBe('1.35.2');
  });

  test('an added pool pinned to a patch is refused at synth', () => {
    const { cluster, json } = overlay({ automaticUpgradeChannel: 'patch', kubernetesVersion: '1.35' });
    cluster.addNodePool('apps', { orchestratorVersion: '1.35.1' });
    expect(json).toThrow(/addNodePool\('apps'\).orchestratorVersion '1.35.1' pins a patch/);
  });

  test('a channel set on the raw resource of a cluster pinned to a patch is refused at synth', () => {
    const { cluster, json } = overlay({ kubernetesVersion: '1.35.2' });
    cluster.resource.automaticUpgradeChannel = 'rapid';
    expect(json).toThrow(/kubernetesVersion '1.35.2' pins a version, but automaticUpgradeChannel 'rapid'/);
  });
});

describe('found by review', () => {
  test("'none' is not written: azurerm refuses it, and sends it for an unset channel; written by override, it is refused", () => {
    expect(overlay({ automaticUpgradeChannel: 'none' }).aks().automatic_upgrade_channel).toBeUndefined();
    const { cluster, json } = overlay();
    cluster.resource.addOverride('automatic_upgrade_channel', 'none');
    expect(json).toThrow(/automaticUpgradeChannel 'none' is written as 'none', which azurerm refuses.*\(rule 59\)/);
  });

  test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
    ['a channel in capitals', (c) => c.resource.addOverride('automatic_upgrade_channel', 'Patch'), /automaticUpgradeChannel 'Patch' is written in another spelling than azurerm takes .*; write 'patch'/],
    ['a node OS channel in lowercase', (c) => c.resource.addOverride('node_os_upgrade_channel', 'nodeimage'), /nodeOsUpgradeChannel 'nodeimage' is written in another spelling.*write 'NodeImage'/],
    ['a frequency in lowercase', (c) => c.resource.addOverride('maintenance_window_node_os', { frequency: 'daily', interval: 1, duration: 4 }), /nodeOsUpgradeWindow.frequency 'daily' is written in another spelling/],
    ['a tier in lowercase', (c) => { c.resource.skuTier = 'standard'; }, /skuTier 'standard' is written in another spelling/],
  ])('the exact spelling at synth: %s', (_name, change, message) => {
    const { cluster, json } = overlay();
    change(cluster);
    expect(json).toThrow(message);
  });

  test('blackout days are written at midnight UTC, as azurerm reads them back', () => {
    const aks = overlay({ nodeOsUpgradeWindow: { ...WEEKLY, notAllowed: [{ start: '2026-12-24', end: '2026-12-27' }] } }).aks();
    expect(aks.maintenance_window_node_os.not_allowed).toEqual([{ start: '2026-12-24T00:00:00Z', end: '2026-12-27T00:00:00Z' }]);
  });
});
