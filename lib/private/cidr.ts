import { Address6 } from 'ip-address';
import { Netmask } from 'netmask';

/** An IP family as AKS spells it. */
export type IpFamily = 'IPv4' | 'IPv6';

/** A parsed CIDR block: its family, prefix length, and first and last address as integers. */
export interface Cidr {
  readonly family: IpFamily;
  /** The block as the user wrote it. */
  readonly text: string;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

// netmask alone would take '010.1.0.0/8' as octal and a missing prefix as /32; ip-address would take
// zone ids. Both only parse what first passes these format checks.
const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(?:3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*\/(?:12[0-8]|1[01]\d|[1-9]?\d)$/;
const IPV4_ADDRESS = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Blocks parsed so far: the props, the carving and the checks at synth parse the same ranges again and again. */
const parsed = new Map<string, Cidr | string>();
const MAX_PARSED = 10_000;

/**
 * Parses a CIDR block, or returns a sentence saying why it is not one.
 *
 * Host bits must be zero: Azure refuses `10.0.0.1/16` as an address prefix.
 */
export function parseCidr(text: string, canonicalOnly = true): Cidr | string {
  const key = `${canonicalOnly ? 'c' : 'a'}${text}`;
  let result = parsed.get(key);
  if (result === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    result = parseUncached(text, canonicalOnly);
    parsed.set(key, typeof result === 'string' ? result : Object.freeze(result));
  }
  return result;
}

function parseUncached(text: string, canonicalOnly: boolean): Cidr | string {
  if (IPV4_CIDR.test(text)) {
    const block = new Netmask(text);
    const first = BigInt(block.netLong);
    if (block.base !== text.split('/')[0]) {
      return `has host bits set; the network address is '${block.base}/${block.bitmask}'`;
    }
    return { family: 'IPv4', text, prefix: block.bitmask, first, last: first + BigInt(block.size) - 1n };
  }
  if (IPV6_CIDR.test(text)) {
    try {
      const block = new Address6(text);
      const first = block.startAddress().bigInt();
      if (block.bigInt() !== first) {
        return `has host bits set; the network address is '${block.startAddress().correctForm()}/${block.subnetMask}'`;
      }
      // Azure and Terraform compare ranges as text: another spelling of the same range would show as a change
      // on every plan, and replace the cluster for pod and service ranges.
      const canonical = `${block.startAddress().correctForm()}/${block.subnetMask}`;
      if (canonicalOnly && canonical !== text) return `is not in the canonical form that Azure reports back; write it '${canonical}' (lowercase, zeros compressed)`;
      return { family: 'IPv6', text, prefix: block.subnetMask, first, last: block.endAddress().bigInt() };
    } catch {
      // fall through to the generic message
    }
  }
  return "is not a CIDR block like '10.0.0.0/16' or 'fd12:3456:789a::/64'";
}

/**
 * How a caller that keeps its used blocks sorted (one family, by first address) carves without sorting them:
 * `from`, where its last carve of this size went, since no block can open up below it.
 */
export interface SortedUse {
  readonly from?: bigint;
}

/** The index of the first block that starts at or after `address`, in blocks sorted by first address. */
function firstAtOrAfter(blocks: readonly Cidr[], address: bigint): number {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocks[mid].first < address) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Orders blocks by their first address. */
export function byFirst(a: Cidr, b: Cidr): number {
  return a.first < b.first ? -1 : a.first > b.first ? 1 : 0;
}

/** Inserts a block into a list sorted by first address, keeping it sorted. */
export function insertSorted(list: Cidr[], block: Cidr): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].first <= block.first) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, block);
}

/** Parses a bare IPv4 address to an integer, or returns undefined. */
export function parseIpv4Address(text: string): bigint | undefined {
  return IPV4_ADDRESS.test(text) ? BigInt(new Netmask(`${text}/32`).netLong) : undefined;
}

/** Parses a bare IPv4 or IPv6 address as a one-address block (/32 or /128), or returns undefined. */
export function parseIpAddress(text: string): Cidr | undefined {
  if (typeof text !== 'string' || text.includes('/')) return undefined;
  // Any spelling of an address: callers write it back canonically.
  const parsed = parseCidr(`${text}/${text.includes(':') ? 128 : 32}`, false);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** An address as Azure reports it back (IPv6 compressed, lowercase); undefined for what is no address. */
export function canonicalAddress(text: string): string | undefined {
  const parsed = parseIpAddress(text);
  return parsed && formatAddress(parsed.family, parsed.first);
}

/** Formats an integer as an address of the given family. */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 'IPv6') return Address6.fromBigInt(value).correctForm();
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** Formats a block of the given family, prefix and first address as CIDR text. */
export function formatCidr(family: IpFamily, first: bigint, prefix: number): string {
  return `${formatAddress(family, first)}/${prefix}`;
}

/** The number of bits in an address of the family. */
export function addressBits(family: IpFamily): number {
  return family === 'IPv4' ? 32 : 128;
}

/** True when the two blocks share at least one address. Blocks of different families never overlap. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/**
 * Finds the lowest block of `prefix` bits inside one of `ranges` that overlaps none of `used`.
 *
 * Candidates are aligned to their own size. The used blocks are swept once in address order, each collision
 * moving the candidate past it, so a carve costs O(n log n) in the number of used blocks; a caller that keeps
 * them sorted and says where its last carve went starts the sweep there.
 */
export function nextFreeBlock(ranges: Cidr[], used: Cidr[], prefix: number, sorted?: SortedUse): Cidr | undefined {
  for (const range of ranges) {
    if (prefix < range.prefix) continue;
    const size = 1n << BigInt(addressBits(range.family) - prefix);
    const blocks = sorted ? used : used.filter((u) => u.family === range.family && u.last >= range.first && u.first <= range.last).sort(byFirst);
    const from = sorted?.from === undefined || sorted.from < range.first ? range.first : ((sorted.from + size - 1n) / size) * size;
    let candidate = from;
    for (let i = sorted?.from === undefined ? 0 : firstAtOrAfter(blocks, from); i < blocks.length; i++) {
      const u = blocks[i];
      if (u.last < candidate) continue;
      if (u.first > candidate + size - 1n) break;
      candidate = ((u.last + 1n + size - 1n) / size) * size;
    }
    if (candidate + size - 1n <= range.last) return { family: range.family, prefix, first: candidate, last: candidate + size - 1n, text: formatCidr(range.family, candidate, prefix) };
  }
  return undefined;
}
