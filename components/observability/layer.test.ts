import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ComponentArgsError } from "../shared/validate";
import { ObservabilityLayer, ObservabilityLayerArgs } from "./layer";

// The composed layer (two topics, every alarm, the dashboard) is tested on the prod plan: stacks/observability.test.ts.
describe("observability/ObservabilityLayer", () => {
    it("refuses a bad name prefix and a missing us-east-1 provider before registering anything", () => {
        const args = {
            config: { alarmEmails: [], resourceTagTelemetry: true, tracing: { enabled: false, samplingRate: 0, checkoutSamplingRate: 0, reservoirPerSecond: 0 } }, namePrefix: "Shop", region: "eu-west-1", globalRegion: "us-east-1",
            globalProvider: {} as aws.Provider, keys: { regional: "k", global: "k" }, sources: {},
        } satisfies ObservabilityLayerArgs;
        try { new ObservabilityLayer("x", args); expect.fail("should throw"); } catch (e) {
            expect(e).to.be.instanceOf(ComponentArgsError);
            expect((e as ComponentArgsError).problems).to.deep.equal([
                "namePrefix: 'Shop' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter",
                "globalProvider: '(not an aws.Provider)' is not allowed; expected the us-east-1 aws.Provider",
            ]);
        }
    });
});
