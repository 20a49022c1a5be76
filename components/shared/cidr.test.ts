import { expect } from "chai";
import { cidrSubnet, cidrsOverlap, isValidCidr, prefixLength } from "./cidr";

describe("shared/cidr", () => {
    describe("isValidCidr", () => {
        it("accepts network addresses with any prefix from /0 to /32", () => {
            for (const c of ["10.0.0.0/16", "10.10.0.0/16", "192.168.1.0/24", "172.16.0.0/12", "0.0.0.0/0", "10.1.2.3/32", "255.255.255.255/32"]) {
                expect(isValidCidr(c), c).to.equal(true);
            }
        });
        it("rejects an address with host bits set beyond the prefix", () => {
            expect(isValidCidr("10.0.0.1/16")).to.equal(false);
            expect(isValidCidr("10.0.128.0/16")).to.equal(false);
            expect(isValidCidr("10.0.0.128/24")).to.equal(false);
            expect(isValidCidr("0.0.0.1/0")).to.equal(false);
        });
        it("rejects an octet above 255", () => {
            expect(isValidCidr("300.0.0.0/16")).to.equal(false);
            expect(isValidCidr("10.256.0.0/16")).to.equal(false);
            expect(isValidCidr("10.0.0.256/32")).to.equal(false);
        });
        it("rejects a prefix above 32", () => {
            expect(isValidCidr("10.0.0.0/33")).to.equal(false);
            expect(isValidCidr("10.0.0.0/99")).to.equal(false);
        });
        it("rejects malformed text: no prefix, too few octets, IPv6, garbage", () => {
            for (const c of ["10.0.0.0", "10.0.0/16", "10.0.0.0/", "10.0.0.0/-1", "fd00::/8", "abc", "", "10.0.0.0/16/1"]) {
                expect(isValidCidr(c), c).to.equal(false);
            }
        });
        it("returns false (does not throw) for non-strings", () => {
            for (const v of [undefined, null, 42, { cidr: "10.0.0.0/16" }, ["10.0.0.0/16"], true]) {
                expect(isValidCidr(v), JSON.stringify(v)).to.equal(false);
            }
        });
    });

    describe("prefixLength", () => {
        it("returns the prefix of a CIDR block", () => {
            expect(prefixLength("10.0.0.0/16")).to.equal(16);
            expect(prefixLength("10.0.0.0/8")).to.equal(8);
            expect(prefixLength("0.0.0.0/0")).to.equal(0);
            expect(prefixLength("10.1.2.3/32")).to.equal(32);
        });
        it("throws naming the text when it is not a CIDR block", () => {
            expect(() => prefixLength("nope")).to.throw("'nope' is not an IPv4 CIDR block");
            expect(() => prefixLength("10.0.0.0/40")).to.throw("'10.0.0.0/40' is not an IPv4 CIDR block");
        });
    });

    describe("cidrSubnet (Terraform cidrsubnet contract)", () => {
        it("matches Terraform's documented examples", () => {
            expect(cidrSubnet("10.0.0.0/16", 8, 2)).to.equal("10.0.2.0/24");
            expect(cidrSubnet("172.16.0.0/12", 4, 2)).to.equal("172.18.0.0/16");
            expect(cidrSubnet("10.1.2.0/24", 4, 15)).to.equal("10.1.2.240/28");
        });
        it("computes the first, last and middle subnets", () => {
            expect(cidrSubnet("10.0.0.0/16", 3, 0)).to.equal("10.0.0.0/19");
            expect(cidrSubnet("10.0.0.0/16", 3, 1)).to.equal("10.0.32.0/19");
            expect(cidrSubnet("10.0.0.0/16", 3, 7)).to.equal("10.0.224.0/19");
            expect(cidrSubnet("10.0.0.0/16", 6, 32)).to.equal("10.0.128.0/22");
            expect(cidrSubnet("10.0.0.0/16", 6, 40)).to.equal("10.0.160.0/22");
            expect(cidrSubnet("10.0.0.0/8", 8, 255)).to.equal("10.255.0.0/16");
        });
        it("handles the top of the address space without sign errors", () => {
            expect(cidrSubnet("0.0.0.0/0", 1, 1)).to.equal("128.0.0.0/1");
            expect(cidrSubnet("192.168.0.0/16", 8, 255)).to.equal("192.168.255.0/24");
            expect(cidrSubnet("255.255.255.0/24", 8, 255)).to.equal("255.255.255.255/32");
        });
        it("returns the block itself with zero new bits", () => {
            expect(cidrSubnet("10.0.0.0/16", 0, 0)).to.equal("10.0.0.0/16");
        });
        it("always returns a valid CIDR inside its base", () => {
            for (let n = 0; n < 64; n++) {
                const sub = cidrSubnet("10.20.0.0/16", 6, n);
                expect(isValidCidr(sub), sub).to.equal(true);
                expect(cidrsOverlap(sub, "10.20.0.0/16"), sub).to.equal(true);
            }
        });
        it("throws when netnum does not fit in newbits", () => {
            expect(() => cidrSubnet("10.0.0.0/16", 8, 256)).to.throw("netnum 256 does not fit in 8 bits of 10.0.0.0/16");
            expect(() => cidrSubnet("10.0.0.0/16", 0, 1)).to.throw(/netnum 1 does not fit in 0 bits/);
            expect(() => cidrSubnet("10.0.0.0/16", 8, -1)).to.throw(/netnum -1 does not fit/);
        });
        it("throws when the new prefix would exceed /32 or newbits is negative", () => {
            expect(() => cidrSubnet("10.0.0.0/16", 17, 0)).to.throw("cannot extend /16 by 17 bits");
            expect(() => cidrSubnet("10.0.0.0/16", -1, 0)).to.throw("cannot extend /16 by -1 bits");
        });
        it("rejects fractional newbits or netnum (Terraform requires whole numbers)", () => {
            expect(() => cidrSubnet("10.0.0.0/16", 8, 1.5)).to.throw(/netnum 1.5/);
            expect(() => cidrSubnet("10.0.0.0/16", 2.5, 0)).to.throw(/cannot extend \/16 by 2.5 bits/);
        });
        it("throws on an invalid base, including one with host bits set", () => {
            expect(() => cidrSubnet("10.0.0.1/16", 8, 0)).to.throw("'10.0.0.1/16' is not an IPv4 CIDR block");
            expect(() => cidrSubnet("300.0.0.0/16", 8, 0)).to.throw("'300.0.0.0/16' is not an IPv4 CIDR block");
            expect(() => cidrSubnet("nope", 8, 0)).to.throw("'nope' is not an IPv4 CIDR block");
        });
    });

    describe("cidrsOverlap", () => {
        it("is true when one block contains the other, either way round", () => {
            expect(cidrsOverlap("10.0.0.0/16", "10.0.128.0/17")).to.equal(true);
            expect(cidrsOverlap("10.0.128.0/17", "10.0.0.0/16")).to.equal(true);
            expect(cidrsOverlap("0.0.0.0/0", "192.168.1.0/24")).to.equal(true);
        });
        it("is true for identical blocks", () => {
            expect(cidrsOverlap("10.0.0.0/16", "10.0.0.0/16")).to.equal(true);
        });
        it("is false for adjacent and disjoint blocks", () => {
            expect(cidrsOverlap("10.0.0.0/17", "10.0.128.0/17")).to.equal(false);
            expect(cidrsOverlap("10.10.0.0/16", "10.20.0.0/16")).to.equal(false);
            expect(cidrsOverlap("10.0.0.0/24", "10.0.1.0/24")).to.equal(false);
        });
        it("is false when either side is not a CIDR block", () => {
            expect(cidrsOverlap("nope", "10.0.0.0/16")).to.equal(false);
            expect(cidrsOverlap("10.0.0.0/16", "300.0.0.0/8")).to.equal(false);
        });
    });
});
