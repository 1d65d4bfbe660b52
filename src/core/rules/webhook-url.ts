/**
 * Where a webhook may point: https (http only where the server allows it), and never at an
 * address inside the server's own network (private, loopback, link-local, the cloud metadata
 * address) unless that same setting is on — a webhook must not become a way to reach the
 * server's neighbours (SSRF). Pure: the server resolves the host name and checks every address.
 */

/** Why a URL is refused, as the `url` field's message; null when it may be used. */
export function webhookUrlProblem(raw: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowHttp)) {
    return allowHttp ? 'must be an http or https URL' : 'must be an https URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (!url.hostname) return 'must name a host';
  const literal = hostAddress(url.hostname);
  if (literal && !allowHttp && isInternalAddress(literal)) {
    return 'must not point at a private, loopback or link-local address';
  }
  if (!literal && !allowHttp && isLocalName(url.hostname)) {
    return 'must not point at a private, loopback or link-local address';
  }
  return null;
}

/** The IP address a URL's hostname is written as (IPv6 without its brackets), or null for a name. */
export function hostAddress(hostname: string): string | null {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (parseIpv4(h) || parseIpv6(h)) return h;
  return null;
}

/** Names that always mean this machine or its local network. */
function isLocalName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal');
}

/** An IPv4 address as its four bytes, or null. Only the dotted-decimal form (as URL writes it). */
export function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** An IPv6 address as its eight 16-bit groups, or null (an embedded IPv4 tail is understood). */
export function parseIpv6(input: string): number[] | null {
  let s = input.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    // Keep a '::' that ends just before the IPv4 tail; drop a single separating ':'.
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (g: string) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN);
  const split = (part: string) => (part === '' ? [] : part.split(':').map(group));
  const head = split(halves[0]!);
  const rest = halves.length === 2 ? split(halves[1]!) : [];
  const explicit = head.length + rest.length + tail.length;
  if ([...head, ...rest].some(Number.isNaN)) return null;
  if (halves.length === 1) {
    return explicit === 8 ? [...head, ...tail] : null;
  }
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
}

const inV4 = (b: number[], net: [number, number, number, number], bits: number): boolean => {
  for (let i = 0; i < 4; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    if (take === 0) return true;
    const mask = (0xff << (8 - take)) & 0xff;
    if ((b[i]! & mask) !== (net[i]! & mask)) return false;
  }
  return true;
};

/** IPv4 ranges a webhook may not reach: this host, private networks, link-local, and reserved. */
const V4_INTERNAL: [[number, number, number, number], number][] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, incl. the metadata address 169.254.169.254
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and 255.255.255.255
];

function isInternalV4(b: number[]): boolean {
  return V4_INTERNAL.some(([net, bits]) => inV4(b, net, bits));
}

function isInternalV6(g: number[]): boolean {
  const zeroes = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = (): number[] => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff];
  if (zeroes(8)) return true; // ::
  if (zeroes(7) && g[7] === 1) return true; // ::1
  if (zeroes(5) && g[5] === 0xffff) return isInternalV4(v4()); // ::ffff:a.b.c.d (mapped)
  if (zeroes(6)) return isInternalV4(v4()); // ::a.b.c.d (compatible, deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return isInternalV4(v4()); // 64:ff9b::/96 NAT64
  }
  if (g[0] === 0x2002) return isInternalV4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]); // 6to4
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && g[1] === 0xdb8) return true; // documentation
  return false;
}

/**
 * True for an address in a private, loopback, link-local or otherwise internal range (IPv4 or
 * IPv6, IPv4-mapped IPv6 by its IPv4 address); also true for anything that is not an address.
 */
export function isInternalAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4) return isInternalV4(v4);
  const v6 = parseIpv6(address.startsWith('[') ? address.slice(1, -1) : address);
  if (v6) return isInternalV6(v6);
  return true;
}
