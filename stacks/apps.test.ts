/**
 * The stack's apps: the specs of apps/ are valid and agree with each other; the config chooses which run and gives
 * the images of our own; an app without a deployable image, or an unknown app, stops the program naming the key.
 */
import { expect } from "chai";
import { validateServiceSpec } from "../components/compute";
import { APPS, DEFAULT_APPS, RETAIL_REPOSITORY, RETAIL_VERSION } from "../apps";
import { stackConfig } from "../tools/testing/stacks";
import { parseImage, selectApps } from "./apps";
import { ConfigError, parsePlatformConfig } from "./config";

const config = (set: Record<string, unknown> = {}, stack = "prod") => parsePlatformConfig(stackConfig(stack, set), stack);
const DIGEST = `sha256:${"0f".repeat(32)}`;

function configError(fn: () => unknown): string[] {
    try { fn(); } catch (e) { expect(e).to.be.instanceOf(ConfigError); return [...(e as ConfigError).problems]; }
    expect.fail("expected a ConfigError");
    return [];
}

describe("stacks/apps", () => {
    it("every spec of apps/ is valid, and the five retail apps run the pinned public images by default", () => {
        for (const [name, spec] of Object.entries(APPS)) {
            expect(spec.name, name).to.equal(name);
            expect(() => validateServiceSpec({ ...spec, image: spec.image ?? { repository: "example.com/x", tag: "1.0.0" } }), name).to.not.throw();
        }
        const specs = selectApps(config());
        expect(specs.map((s) => s.name)).to.deep.equal([...DEFAULT_APPS]);
        for (const s of specs) expect(s.image, s.name).to.deep.equal({ repository: `${RETAIL_REPOSITORY}-${s.name}`, tag: RETAIL_VERSION });
    });

    it("the retail apps run on the real stores and the orders service sends to SQS", () => {
        const providers = Object.fromEntries(selectApps(config()).flatMap((s) => Object.entries(s.env ?? {}).filter(([k]) => /_PROVIDER$/.test(k))));
        expect(providers).to.deep.equal({
            RETAIL_CATALOG_PERSISTENCE_PROVIDER: "mysql", RETAIL_CART_PERSISTENCE_PROVIDER: "dynamodb",
            RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: "redis", RETAIL_ORDERS_PERSISTENCE_PROVIDER: "postgres", RETAIL_ORDERS_MESSAGING_PROVIDER: "sqs",
        });
        const needs = Object.fromEntries(selectApps(config()).map((s) => [s.name, (s.needs ?? []).map((n) => `${n.kind}:${"name" in n ? n.name : n.domain}`)]));
        expect(needs).to.deep.equal({
            ui: [], catalog: ["database:catalog", "search:products"], cart: ["table:carts", "key:carts"], checkout: ["cache:checkout"],
            orders: ["database:orders", "queue:order-events", "key:events"],
        });
    });

    it("an app of our own needs an image: enabling it without one stops the program naming appImages.<app>", () => {
        expect(configError(() => selectApps(config({ apps: [...DEFAULT_APPS, "users"] })))).to.deep.equal([
            "ecommerce-platform:apps: 'users' has no deployable image (it runs an image of our own): set ecommerce-platform:appImages.users "
            + "to its image in the platform's ECR repository (<registry>/<repository>@sha256:<digest>), or leave it out of ecommerce-platform:apps",
        ]);
        const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform/users@${DIGEST}`;
        const users = selectApps(config({ apps: [...DEFAULT_APPS, "users"], appImages: { users: image } })).find((s) => s.name === "users")!;
        expect(users.image).to.deep.equal({ repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform/users", digest: DIGEST });
    });

    it("the storefront is pointed at recommendations when it runs, and at nothing it does not run", () => {
        const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform/recommendations@${DIGEST}`;
        const specs = selectApps(config({ apps: [...DEFAULT_APPS, "recommendations"], appImages: { recommendations: image } }));
        const ui = specs.find((s) => s.name === "ui")!;
        expect(ui.calls).to.include("recommendations");
        expect(ui.env!.RETAIL_UI_ENDPOINTS_RECOMMENDATIONS).to.equal("http://recommendations.recommendations.svc:80");
        expect(selectApps(config()).find((s) => s.name === "ui")!.env).to.not.have.property("RETAIL_UI_ENDPOINTS_RECOMMENDATIONS");
    });

    it("refuses unknown apps, images of apps that do not run, and apps that break who calls whom", () => {
        expect(configError(() => selectApps(config({ apps: ["ui", "basket"] })))[0]).to.match(/^ecommerce-platform:apps: 'basket' is not an app of apps\/; known: ui, catalog, cart/);
        expect(configError(() => selectApps(config({ appImages: { users: `example.com/users@${DIGEST}` } })))).to.deep.equal([
            "ecommerce-platform:appImages: 'users' has an image but is not in ecommerce-platform:apps",
        ]);
        const broken = configError(() => selectApps(config({ apps: ["ui", "catalog", "checkout", "orders"] })));
        expect(broken[0]).to.equal("ecommerce-platform:apps: the apps disagree on who calls whom:");
        expect(broken.slice(1).join("\n")).to.contain("ui: calls: 'cart' is not a service of this set");
    });

    it("parses images given as repository:tag or repository@digest", () => {
        expect(parseImage("example.com:5000/team/app:1.2.3")).to.deep.equal({ repository: "example.com:5000/team/app", tag: "1.2.3" });
        expect(parseImage(`example.com/app@${DIGEST}`)).to.deep.equal({ repository: "example.com/app", digest: DIGEST });
    });

    it("the config refuses a public Kubernetes API in prod, and any 0.0.0.0/0", () => {
        expect(configError(() => config({ eksPublicAccessCidrs: ["203.0.113.0/24"] }))).to.deep.equal([
            "ecommerce-platform:eksPublicAccessCidrs: '[\"203.0.113.0/24\"]' must be empty in prod (the Kubernetes API is private there; reach it from the VPC)",
        ]);
        expect(config({ eksPublicAccessCidrs: ["203.0.113.0/24"] }, "dev").compute.eksPublicAccessCidrs).to.deep.equal(["203.0.113.0/24"]);
        expect(configError(() => config({ eksPublicAccessCidrs: ["0.0.0.0/0"] }, "dev"))[0]).to.match(/must not open the API server to the whole internet/);
    });
});
