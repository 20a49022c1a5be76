import { expect } from "chai";
import type { SQSRecord } from "aws-lambda";
import { FakeClock, FakeObjects, quietLogger as quiet } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Bundle = typeof import("./archive-order-events");

function record(messageId: string, body: string, status?: string): SQSRecord {
    return {
        messageId,
        receiptHandle: "rh",
        body,
        attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.UTC(2026, 2, 4, 23, 59)), SenderId: "sns", ApproximateFirstReceiveTimestamp: "0" },
        messageAttributes: status === undefined ? {} : { status: { stringValue: status, dataType: "String", stringListValues: [], binaryListValues: [] } },
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:order-analytics",
        awsRegion: "eu-west-1",
    };
}

describe("archive-order-events (bundle)", () => {
    let bundle: Bundle;
    before(() => {
        bundle = loadBundle<Bundle>("archive-order-events");
    });

    it("writes each record as one JSON line under <RAW_PREFIX>dt=<sent day>/<messageId>.json", async () => {
        const objects = new FakeObjects();
        const handler = bundle.createHandler({ objects, rawPrefix: "raw/order-events/", clock: new FakeClock(), logger: quiet });
        const result = await handler({ Records: [record("m-1", JSON.stringify({ orderId: "o-1", status: "paid", at: "x" }), "paid"), record("m-2", "plain text")] });
        expect(result).to.deep.equal({ batchItemFailures: [] });
        expect([...objects.objects.keys()]).to.deep.equal(["raw/order-events/dt=2026-03-04/m-1.json", "raw/order-events/dt=2026-03-04/m-2.json"]);
        const first = objects.objects.get("raw/order-events/dt=2026-03-04/m-1.json");
        expect(first?.contentType).to.equal("application/json");
        expect(first?.body.endsWith("\n")).to.equal(true);
        expect(JSON.parse(first?.body ?? "")).to.deep.equal({
            messageId: "m-1",
            sentAt: "2026-03-04T23:59:00.000Z",
            status: "paid",
            orderId: "o-1",
            message: { orderId: "o-1", status: "paid", at: "x" },
        });
        expect(JSON.parse(objects.objects.get("raw/order-events/dt=2026-03-04/m-2.json")?.body ?? "")).to.include({ status: null, orderId: null, message: "plain text" });
    });

    it("reports only the records that failed in batchItemFailures", async () => {
        const objects = new FakeObjects();
        objects.failWhen = (key) => key.endsWith("/m-2.json");
        const handler = bundle.createHandler({ objects, rawPrefix: "raw/order-events", clock: new FakeClock(), logger: quiet });
        const result = await handler({ Records: [record("m-1", "{}"), record("m-2", "{}"), record("m-3", "{}")] });
        expect(result).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
        expect([...objects.objects.keys()]).to.deep.equal(["raw/order-events/dt=2026-03-04/m-1.json", "raw/order-events/dt=2026-03-04/m-3.json"]);
    });
});
