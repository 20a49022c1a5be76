import { expect } from "chai";
import { partnerSignature } from "../testing/fakes";
import { sign, signatureHeaders, verifySignature } from "./signature";

describe("lib/signature", () => {
    const now = Date.UTC(2026, 0, 1);
    const ts = String(Math.floor(now / 1000));
    const body = Buffer.from('{"a":1}');

    it("signs as a partner does and verifies its own signatures", () => {
        expect(sign("k", ts, body)).to.equal(partnerSignature("k", Number(ts), '{"a":1}'));
        const headers = signatureHeaders("k", now, '{"a":1}');
        expect(verifySignature({ signingKey: "k", signature: headers["x-signature"], timestamp: headers["x-timestamp"], rawBody: body, nowMs: now })).to.equal(undefined);
    });

    it("names each problem", () => {
        const good = sign("k", ts, body);
        const check = (signature: string | undefined, timestamp: string | undefined, nowMs = now) => verifySignature({ signingKey: "k", signature, timestamp, rawBody: body, nowMs });
        expect(check(undefined, ts)).to.equal("missing signature");
        expect(check(good, undefined)).to.equal("missing timestamp");
        expect(check(good, "1e9")).to.equal("malformed timestamp");
        expect(check(good, ts, now + 301_000)).to.equal("stale timestamp");
        expect(check(good, ts, now + 299_000)).to.equal(undefined);
        expect(check("sha1=abc", ts)).to.equal("malformed signature");
        expect(check(sign("other", ts, body), ts)).to.equal("signature mismatch");
    });
});
