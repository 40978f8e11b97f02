import { contains, formatAddress, nextFreeBlock, overlaps, parseCidr, parseIpv4Address, Cidr } from '../../lib/private/cidr';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(`${text} ${parsed}`);
  return parsed;
}

describe('parseCidr', () => {
  test('parses IPv4 and IPv6 blocks to their first and last addresses', () => {
    expect(cidr('10.0.0.0/16')).toEqual({ family: 'IPv4', text: '10.0.0.0/16', prefix: 16, first: 0x0a000000n, last: 0x0a00ffffn });
    const v6 = cidr('fd12:3456:789a:1::/108');
    expect(v6.family).toBe('IPv6');
    expect(v6.prefix).toBe(108);
    expect(v6.last - v6.first).toBe((1n << 20n) - 1n);
  });

  test.each([
    ['10.0.0.0'],
    ['10.0.0.0/33'],
    ['010.1.0.0/8'],
    ['256.0.0.0/8'],
    ['10.0.0.0 /8'],
    ['a/3'],
    [''],
    ['fd12::/129'],
    ['fd12::'],
    ['fe80::1%eth0/64'],
    ['zz::/3'],
    ['fd12:::1/64'],
  ])('fails when %p is not a CIDR block', (text) => {
    expect(parseCidr(text)).toMatch(/is not a CIDR block/);
  });

  test('fails when host bits are set, and names the network address', () => {
    expect(parseCidr('10.0.0.1/16')).toBe("has host bits set; the network address is '10.0.0.0/16'");
    expect(parseCidr('fd12::1/64')).toBe("has host bits set; the network address is 'fd12::/64'");
  });
  test('refuses an IPv6 range not in the canonical form Azure reports back, naming that form', () => {
    expect(parseCidr('FD12:3456:789A::/64')).toBe("is not in the canonical form that Azure reports back; write it 'fd12:3456:789a::/64' (lowercase, zeros compressed)");
    expect(parseCidr('fd12:3456:789a:0000::/64')).toMatch(/write it 'fd12:3456:789a::\/64'/);
    expect(parseCidr('fd12:3456:789a:0001:0000::/108')).toMatch(/write it 'fd12:3456:789a:1::\/108'/);
  });
});

test('parseIpv4Address takes dotted quads only', () => {
  expect(parseIpv4Address('10.0.0.10')).toBe(0x0a00000an);
  expect(parseIpv4Address('10.0.0')).toBeUndefined();
  expect(parseIpv4Address('fd12::10')).toBeUndefined();
});

test('formatAddress writes both families', () => {
  expect(formatAddress('IPv4', 0x0a00000an)).toBe('10.0.0.10');
  expect(formatAddress('IPv6', cidr('fd12:3456:789a:1::/108').first)).toBe('fd12:3456:789a:1::');
});

test('overlaps and contains compare within a family only', () => {
  expect(overlaps(cidr('10.0.0.0/16'), cidr('10.0.255.0/24'))).toBe(true);
  expect(overlaps(cidr('10.0.0.0/16'), cidr('10.1.0.0/16'))).toBe(false);
  expect(overlaps(cidr('::/0'), cidr('0.0.0.0/0'))).toBe(false);
  expect(contains(cidr('10.0.0.0/16'), cidr('10.0.3.0/24'))).toBe(true);
  expect(contains(cidr('10.0.3.0/24'), cidr('10.0.0.0/16'))).toBe(false);
});

describe('nextFreeBlock', () => {
  test('takes the lowest aligned block clear of the used ones', () => {
    const used = [cidr('10.240.0.0/24'), cidr('10.240.2.0/23')];
    expect(nextFreeBlock([cidr('10.240.0.0/16')], used, 24)?.text).toBe('10.240.1.0/24');
    expect(nextFreeBlock([cidr('10.240.0.0/16')], used, 22)?.text).toBe('10.240.4.0/22');
  });

  test('carves IPv6 /64s from a /48', () => {
    const used = [cidr('fd00:db8:deca::/64')];
    expect(nextFreeBlock([cidr('fd00:db8:deca::/48')], used, 64)?.text).toBe('fd00:db8:deca:1::/64');
  });

  test('moves on to the next range, and gives up when all are full', () => {
    const ranges = [cidr('10.0.0.0/24'), cidr('10.1.0.0/24')];
    expect(nextFreeBlock(ranges, [cidr('10.0.0.0/24')], 24)?.text).toBe('10.1.0.0/24');
    expect(nextFreeBlock(ranges, [cidr('10.0.0.0/24'), cidr('10.1.0.0/24')], 24)).toBeUndefined();
    expect(nextFreeBlock(ranges, [], 16)).toBeUndefined();
  });

  test('skips past a large used block in one step', () => {
    const used = [cidr('fd00::/49')];
    expect(nextFreeBlock([cidr('fd00::/48')], used, 64)?.text).toBe('fd00:0:0:8000::/64');
  });
});
