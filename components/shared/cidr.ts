/**
 * IPv4 CIDR arithmetic for subnet plans (the same contract as Terraform's `cidrsubnet`).
 */

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function parse(cidr: string): { address: number; prefix: number } | undefined {
    const m = CIDR.exec(cidr);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    return { address, prefix };
}

function format(address: number, prefix: number): string {
    return [24, 16, 8, 0].map((s) => (address >>> s) & 255).join(".") + "/" + prefix;
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** True for a well-formed IPv4 CIDR whose address has no bits set beyond the prefix (10.0.0.0/16, not 10.0.0.1/16). */
export function isValidCidr(cidr: unknown): boolean {
    if (typeof cidr !== "string") return false;
    const p = parse(cidr);
    return !!p && ((p.address & ~mask(p.prefix)) >>> 0) === 0;
}

/** The prefix length of a valid CIDR. */
export function prefixLength(cidr: string): number {
    const p = parse(cidr);
    if (!p) throw new Error(`'${cidr}' is not an IPv4 CIDR block`);
    return p.prefix;
}

/**
 * The `netnum`-th subnet of `base` that is `newbits` longer: cidrSubnet("10.0.0.0/16", 8, 2) = "10.0.2.0/24".
 */
export function cidrSubnet(base: string, newbits: number, netnum: number): string {
    const p = parse(base);
    if (!p || !isValidCidr(base)) throw new Error(`'${base}' is not an IPv4 CIDR block`);
    const prefix = p.prefix + newbits;
    if (!Number.isInteger(newbits) || newbits < 0 || prefix > 32) throw new Error(`cannot extend /${p.prefix} by ${newbits} bits`);
    if (!Number.isInteger(netnum) || netnum < 0 || netnum >= 2 ** newbits) {
        throw new Error(`netnum ${netnum} does not fit in ${newbits} bits of ${base}`);
    }
    const address = (p.address + netnum * 2 ** (32 - prefix)) >>> 0;
    return format(address, prefix);
}

/** True when the two CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const pa = parse(a), pb = parse(b);
    if (!pa || !pb) return false;
    const m = mask(Math.min(pa.prefix, pb.prefix));
    return ((pa.address & m) >>> 0) === ((pb.address & m) >>> 0);
}
