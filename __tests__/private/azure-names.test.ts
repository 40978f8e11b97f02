import { AZURE_REGIONS, AZURE_REGIONS_AS_OF, adviseLocation, checkVmSize } from '../../lib/private/azure-names';

describe('adviseLocation', () => {
  test.each(['eastus2', 'westeurope', 'West Europe', 'SWEDEN CENTRAL', 'usgovvirginia'])('is quiet for the known region %p, in any case or spacing', (l) => {
    expect(adviseLocation('location', l)).toBeUndefined();
  });
  test.each([
    ['westeurop', 'westeurope'],
    ['east us 3', 'eastus'],
    ['swedencentrl', 'swedencentral'],
  ])('warns for %p, naming the nearest region %p', (location, nearest) => {
    expect(adviseLocation('location', location)).toMatchObject({ value: location, fix: expect.stringContaining(`did you mean '${nearest}'?`) });
  });
  test('the message says the list is dated, and the list has no duplicates', () => {
    expect(adviseLocation('location', 'mars')?.rule).toContain(`list of ${AZURE_REGIONS_AS_OF}`);
    expect(new Set(AZURE_REGIONS).size).toBe(AZURE_REGIONS.length);
  });
});

describe('checkVmSize', () => {
  test.each(['Standard_D2s_v5', 'Standard_NC24ads_A100_v4', 'Standard_M128-64ms', 'Standard_DS1_v2', 'Standard_B2ms', 'Standard_E4-2ds_v4'])(
    'passes %p',
    (size) => expect(checkVmSize('vmSize', size)).toBeUndefined(),
  );
  test.each(['potato', 'D2s_v5', 'Standard_', 'Standard_D', 'Standard D2s v5', ' Standard_D2s_v5'])('fails on %p', (size) => {
    expect(checkVmSize('vmSize', size)?.rule).toMatch(/is not an Azure VM size name/);
  });
  test('fails on another case of Standard_, which would rotate the pool on every apply, and on Basic sizes', () => {
    expect(checkVmSize('vmSize', 'standard_d2s_v5')).toEqual(expect.objectContaining({ rule: expect.stringMatching(/does not start 'Standard_'/), fix: "write 'Standard_d2s_v5'" }));
    expect(checkVmSize('vmSize', 'Basic_A1')?.rule).toBe('is a Basic size, which AKS does not run');
  });
});
