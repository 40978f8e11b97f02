import * as api from '../lib';

test('the public API exports the names users depend on, and no private helper', () => {
  expect(Object.keys(api).sort()).toEqual(
    expect.arrayContaining([
      'CniOverlayDualStackCluster',
      'DualStackClusterStack',
      'DualStackLoadBalancer',
      'DualStackNodePool',
      'DualStackSubnet',
      'DualStackVirtualNetwork',
      'DualStackWebApp',
      'DualStackWorkloadStack',
      'KubenetDualStackCluster',
      'formatAddressPlan',
      'readSettings',
    ]),
  );
  expect(Object.keys(api).filter((name) => /Base$|^check|^parse|DualStackConfigError/.test(name))).toEqual([]);
});
