import { expect } from "chai";
import { createLogger, parseLogLevel } from "./log";

describe("lib/log", () => {
    it("writes one JSON object per line with context, above the level, redacting secrets and bodies", () => {
        const lines: string[] = [];
        const logger = createLogger({ functionName: "payment-webhook", level: "info", sink: (l) => lines.push(l), now: () => 0 }).child({ requestId: "r-1" });
        logger.debug("hidden");
        logger.info("seen", { orderId: "o-1", taskToken: "tok", nested: { signingKey: "k", email: "a@b.c" }, body: "{...}" });
        expect(lines).to.have.length(1);
        expect(JSON.parse(lines[0])).to.deep.equal({
            level: "info",
            message: "seen",
            function: "payment-webhook",
            time: "1970-01-01T00:00:00.000Z",
            requestId: "r-1",
            orderId: "o-1",
            taskToken: "[redacted]",
            nested: { signingKey: "[redacted]", email: "[redacted]" },
            body: "[redacted]",
        });
    });

    it("reads LOG_LEVEL, refusing an unknown level naming the allowed ones", () => {
        expect(parseLogLevel(undefined)).to.equal("info");
        expect(parseLogLevel("DEBUG")).to.equal("debug");
        expect(() => parseLogLevel("verbose")).to.throw("LOG_LEVEL 'verbose' is not a log level; expected one of: debug, info, warn, error");
    });
});
