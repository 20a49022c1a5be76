import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { DeliveryConfig } from "./config";
import { DeliveryLayer, DeliveryLayerArgs } from "./layer";
import { BOUNDARY, LOGS_KEY, PIPELINE_KEY, record } from "./testing";

const SERVICES = ["ui", "cart", "recommendations"];
const config = (over: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
    delivery: "pipelines", imageRetention: 20,
    sourceRepositories: {
        cart: { provider: "codeconnections", repository: "acme/cart", branch: "main" },
        recommendations: { provider: "codecommit", repository: "recommendations", branch: "main" },
    },
    ...over,
});
const args = (over: Partial<DeliveryLayerArgs> = {}): DeliveryLayerArgs => ({
    config: config(), project: "shop", namePrefix: "shop-prod", services: SERVICES,
    keys: { pipeline: PIPELINE_KEY, logs: LOGS_KEY }, logRetentionDays: 30, permissionsBoundaryArn: BOUNDARY,
    accessLogBucketName: "shop-prod-access-logs-123456789012", protect: true, ...over,
});

describe("delivery/DeliveryLayer", () => {
    it("creates a repository, build and pipeline per configured service under the layer, one bucket and one connection", async () => {
        const rec = await record(() => new DeliveryLayer("shop-prod", args()));
        const layer = rec.resources.find((r) => r.type === "platform:delivery:DeliveryLayer")!;
        const children = rec.resources.filter((r) => r.parent === layer.urn).map((r) => `${r.type} ${r.name}`);
        expect(children).to.have.members([
            "platform:data:Bucket shop-prod-artifacts", "aws:codeconnections/connection:Connection shop-prod-git",
            ...["cart", "recommendations"].flatMap((s) => [
                `platform:delivery:ImageRepository shop-prod-${s}-images`, `platform:delivery:ImageBuild shop-prod-${s}-image`,
                `platform:delivery:ServicePipeline shop-prod-${s}-pipeline`,
            ]),
        ]);
        const lc = rec.resources.filter((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy");
        expect(lc).to.have.length(2);
        for (const l of lc) expect(JSON.parse(l.inputs.policy as string).rules[1].selection.countNumber).to.equal(20);
    });
    it("creates nothing when delivery is off", async () => {
        const rec = await record(() => new DeliveryLayer("shop-dev", args({ config: config({ delivery: "off" }) })), "dev");
        expect(rec.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack", "platform:delivery:DeliveryLayer"]);
    });
    it("creates no connection when every source is CodeCommit", async () => {
        const rec = await record(() => new DeliveryLayer("shop-prod", args({ config: config({ sourceRepositories: { cart: { provider: "codecommit", repository: "cart", branch: "main" } } }) })));
        expect(rec.resources.filter((r) => r.type === "aws:codeconnections/connection:Connection")).to.deep.equal([]);
    });
    it("refuses a source for a service that is not an app, before registering anything", async () => {
        const rec = await record(() => {
            expect(() => new DeliveryLayer("bad", args({ config: config({ sourceRepositories: { basket: { provider: "codecommit", repository: "b", branch: "main" } } }) })))
                .to.throw(ComponentArgsError, /config.sourceRepositories.basket: 'basket' is not allowed; expected a microservice of apps\/: ui, cart, recommendations/);
        });
        expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});
