import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import {
    checkServiceGraph, isServiceEnabled, resolveServiceSpec, secretLookingName, serviceSpecProblems, ServiceSpec, validateServiceSpec,
} from "./service-spec";
import { ALL_SPECS, CART, CATALOG, ORDERS, UI } from "./testing";

/** A copy of the cart spec with changes (fields set to undefined are removed). */
function cart(over: Record<string, unknown> = {}): ServiceSpec {
    const spec = { ...structuredClone(CART), ...over } as Record<string, unknown>;
    for (const [k, v] of Object.entries(over)) if (v === undefined) delete spec[k];
    return spec as unknown as ServiceSpec;
}

const problems = (spec: unknown, env?: "dev" | "prod") => serviceSpecProblems(spec, env);

describe("compute/service-spec", () => {
    it("accepts the retail-like specs in both environments", () => {
        for (const spec of ALL_SPECS) {
            expect(problems(spec), spec.name).to.deep.equal([]);
            for (const env of ["dev", "prod"] as const) expect(problems(spec, env), `${spec.name} ${env}`).to.deep.equal([]);
        }
    });

    it("names the service and the field, the bad value and what is allowed", () => {
        const spec = cart({ needs: [{ kind: "table", name: "carts", access: "read-write" }, { kind: "table", name: "orders", access: "readwrite" }] });
        expect(problems(spec)).to.deep.equal(["cart: needs[1].access: 'readwrite' is not allowed; expected one of: read, read-write"]);
        expect(() => validateServiceSpec(spec)).to.throw(ComponentArgsError,
            "ServiceSpec: invalid arguments:\n  - cart: needs[1].access: 'readwrite' is not allowed; expected one of: read, read-write");
    });

    it("reports every problem at once, one line each", () => {
        const spec = cart({ name: "Cart_1", port: 0, resources: { cpu: "lots", memory: "512Mi", memoryLimit: "256Mi" } });
        expect(problems(spec)).to.deep.equal([
            "Cart_1: name: 'Cart_1' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter (a Kubernetes namespace and IAM-safe name)",
            "Cart_1: port: '0' is not allowed; expected a whole number from 1 to 65535",
            "Cart_1: resources.cpu: 'lots' is not allowed; expected a CPU quantity such as 250m or 1",
            "Cart_1: resources.memoryLimit: '256Mi' is not allowed; expected at least the memory request (512Mi)",
        ]);
    });

    it("refuses unknown fields, naming the fields that exist (a typo never silently drops a setting)", () => {
        const spec = cart({ probes: { readines: { path: "/ready" }, liveness: { path: "/live" } }, replica: 2 });
        expect(problems(spec)).to.deep.equal([
            "cart: spec.replica: is not a field of spec; expected one of: name, image, port, servicePort, probes, resources, replicas, singleton, autoscaling, env, secretEnv, tracingEnv, needs, callers, calls, ingress, writableTmp, addCapabilities, apiToken, enabled",
            "cart: probes.readines: is not a field of probes; expected one of: readiness, liveness, startup",
            "cart: probes.readiness: (missing) is not allowed; expected an object with fields: path, initialDelaySeconds, periodSeconds, failureThreshold, timeoutSeconds",
        ]);
    });

    describe("image", () => {
        const image = (img: unknown) => problems(cart({ image: img }));
        it("refuses latest, untagged images, tags inside the repository and malformed digests", () => {
            const repo = "public.ecr.aws/aws-containers/retail-store-sample-cart";
            expect(image({ repository: repo, tag: "latest" })).to.deep.equal([
                "cart: image.tag: 'latest' is not allowed; 'latest' is mutable; pin a version tag such as 1.6.2 or a sha256 digest"]);
            expect(image({ repository: repo })).to.deep.equal([
                "cart: image: has neither tag nor digest (it would resolve to 'latest'); pin a version tag or a sha256 digest"]);
            expect(image({ repository: `${repo}:1.6.2`, tag: "1.6.2" })).to.deep.equal([
                `cart: image.repository: '${repo}:1.6.2' is not allowed; give the repository without tag or digest; put them in image.tag or image.digest`]);
            expect(image({ repository: repo, digest: "sha256:abc" })).to.deep.equal([
                "cart: image.digest: 'sha256:abc' is not allowed; expected sha256:<64 lowercase hex digits>"]);
        });
        it("accepts a tag, a digest, both, and registries with ports", () => {
            expect(image({ repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/users", digest: `sha256:${"0".repeat(64)}` })).to.deep.equal([]);
            expect(image({ repository: "registry.local:5000/team/app", tag: "2026.11.30-1", digest: `sha256:${"f".repeat(64)}` })).to.deep.equal([]);
        });
        it("requires an image wherever the service is enabled, and says how to disable it instead", () => {
            const noImage = cart({ image: undefined });
            expect(problems(noImage)).to.deep.equal([
                "cart: image: is missing but the service is enabled in dev and prod; give { repository, tag } (a version tag) or { repository, digest } (sha256), or disable it where it has no image: enabled: { dev: false, prod: false }"]);
            const devOnly = cart({ image: undefined, enabled: { prod: false } });
            expect(problems(devOnly, "prod")).to.deep.equal([]);
            expect(problems(devOnly, "dev")).to.have.length(1);
            expect(problems(devOnly)[0]).to.contain("enabled in dev;");
            expect(problems(cart({ image: undefined, enabled: false }))).to.deep.equal([]);
        });
    });

    describe("replicas", () => {
        it("runs at least 2 pods in prod unless the spec is a singleton with a reason", () => {
            const one = { dev: { min: 1, max: 1 }, prod: { min: 1, max: 1 } };
            expect(problems(cart({ replicas: one }))).to.deep.equal([
                "cart: replicas.prod.min: '1' is not allowed; prod runs at least 2 pods (zone and node failures, rollouts); for a service that must run alone, set singleton: { reason: '...' }"]);
            expect(problems(cart({ replicas: one, singleton: { reason: "leader-only scheduler: two would double-send" } }))).to.deep.equal([]);
            expect(problems(cart({ replicas: one, singleton: { reason: "x" } }))).to.deep.equal([
                "cart: singleton.reason: 'x' is not allowed; say why one pod is enough (at least 10 characters): it is shown in reviews"]);
        });
        it("needs both environments and max at least min", () => {
            expect(problems(cart({ replicas: { dev: { min: 3, max: 2 } } }))).to.deep.equal([
                "cart: replicas.dev.max: '2' is not allowed; expected at least min (3)",
                "cart: replicas.prod: (missing) is not allowed; expected an object { min, max } with fields: min, max",
            ]);
        });
    });

    describe("env and secretEnv", () => {
        it("refuses credential-looking plain variables without echoing their value", () => {
            const out = problems(cart({ env: { DB_PASSWORD: "hunter2", STRIPE_API_KEY: "sk_live_123", AUTH_TOKEN: "t0k3n" } }));
            expect(out).to.deep.equal([
                "cart: env.DB_PASSWORD: the name looks like a credential (PASSWORD), so it may not be a plain value; declare a secret need and read it with secretEnv: { DB_PASSWORD: { need: '<secret need>', key: '<json key>' } }",
                "cart: env.STRIPE_API_KEY: the name looks like a credential (KEY), so it may not be a plain value; declare a secret need and read it with secretEnv: { STRIPE_API_KEY: { need: '<secret need>', key: '<json key>' } }",
                "cart: env.AUTH_TOKEN: the name looks like a credential (TOKEN), so it may not be a plain value; declare a secret need and read it with secretEnv: { AUTH_TOKEN: { need: '<secret need>', key: '<json key>' } }",
            ]);
            expect(out.join("\n")).not.to.match(/hunter2|sk_live|t0k3n/);
        });
        it("treats KEY as a name token (APIKEY, SSH_KEY, KEYS) but not inside other words (KEYCLOAK, MONKEYPATCH)", () => {
            expect(["APIKEY", "SSH_KEY", "SIGNING_KEYS", "KEY", "client_secret", "Db_Passwd"].map((n) => [n, secretLookingName(n)])).to.deep.equal([
                ["APIKEY", "KEY"], ["SSH_KEY", "KEY"], ["SIGNING_KEYS", "KEY"], ["KEY", "KEY"], ["client_secret", "SECRET"], ["Db_Passwd", "PASSWD"]]);
            expect(["KEYCLOAK_URL", "MONKEYPATCH", "RETAIL_UI_THEME", "OTEL_SERVICE_NAME"].map(secretLookingName)).to.deep.equal([undefined, undefined, undefined, undefined]);
        });
        it("refuses variables Pod Identity sets", () => {
            expect(problems(cart({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://x" } }))).to.deep.equal([
                "cart: env.AWS_CONTAINER_CREDENTIALS_FULL_URI: is set by EKS Pod Identity or reserved for AWS credentials; remove it"]);
        });
        it("checks {{need.attribute}} references against the needs and their kinds", () => {
            expect(problems(cart({ env: { A: "{{cart.name}}", B: "{{carts.url}}", C: "x {{ carts.arn }} y", D: "{{oops" } }))).to.deep.equal([
                "cart: env.A: {{cart.name}} names no table, queue, topic, bucket, database, cache or search need; needs usable here: carts",
                "cart: env.B: {{carts.url}}: a table need has no attribute 'url'; expected one of: name, arn",
                "cart: env.D: has a '{{' or '}}' that is not a {{<need>.<attribute>}} reference",
            ]);
        });
        it("reads secrets only from needs that deliver one, and every secret need is read", () => {
            const spec = cart({
                secretEnv: { TOKEN: { need: "carts", key: "token" }, OTHER: { need: "vault", key: "bad key" } },
                needs: [...CART.needs!, { kind: "secret", name: "unused" }],
            });
            expect(problems(spec)).to.deep.equal([
                "cart: needs[2]: secret 'unused' is read by no secretEnv entry; read it (secretEnv: { NAME: { need: 'unused', key: '<json key>' } }) or remove the need",
                "cart: secretEnv.TOKEN.need: 'carts' is not allowed; expected a secret, database, cache or search need of this service: unused",
                "cart: secretEnv.OTHER.need: 'vault' is not allowed; expected a secret, database, cache or search need of this service: unused",
                "cart: secretEnv.OTHER.key: 'bad key' is not allowed; expected a JSON key of the secret (letters, digits, '-', '.', '_')",
            ]);
        });
    });

    describe("needs", () => {
        it("checks each kind's fields, unique names, and that a key is used through another need", () => {
            const spec = cart({
                needs: [
                    { kind: "table", name: "carts", access: "read-write", index: true },
                    { kind: "queue", name: "carts", access: "send" },
                    { kind: "bucket", name: "assets", access: "read", prefix: "/images/*" },
                    { kind: "blob", name: "x" },
                ],
                env: {},
            });
            expect(problems(spec)).to.deep.equal([
                "cart: needs[0].index: is not a field of needs[0]; expected one of: kind, name, access, indexes",
                "cart: needs[1].name: 'carts' is not allowed; needs[0] has the same name; each platform resource is needed once (env and secretEnv refer to needs by name)",
                "cart: needs[2].prefix: '/images/*' is not allowed; expected a key prefix such as images/ (no leading '/', no '*' or '?')",
                "cart: needs[3].kind: 'blob' is not allowed; expected one of: table, queue, topic, bucket, secret, database, cache, search, key",
            ]);
            expect(problems(cart({ needs: [{ kind: "key", domain: "carts" }], env: {} }))).to.deep.equal([
                "cart: needs[0]: a key need 'carts' is used through the service's table, queue, topic or bucket needs, and this service declares none"]);
        });
    });

    it("checks callers, calls, ingress, capabilities and the /tmp size", () => {
        expect(problems(cart({
            callers: ["ui", "ui", "cart"], calls: ["Orders"], ingress: { path: "shop", public: "yes" },
            addCapabilities: ["NET_ADMIN"], writableTmp: { sizeLimit: "lots" },
        }))).to.deep.equal([
            "cart: callers[1]: 'ui' is not allowed; listed twice",
            "cart: callers[2]: 'cart' is not allowed; a service does not list itself",
            "cart: calls[0]: 'Orders' is not allowed; expected a service name",
            "cart: ingress.path: 'shop' is not allowed; expected a path prefix starting with '/' (letters, digits, '.', '_', '~', '-', '/')",
            "cart: ingress.public: 'yes' is not allowed; expected true or false",
            "cart: writableTmp.sizeLimit: 'lots' is not allowed; expected a memory quantity such as 64Mi",
            "cart: addCapabilities[0]: 'NET_ADMIN' is not allowed; expected one of: NET_BIND_SERVICE",
        ]);
    });

    describe("resolveServiceSpec", () => {
        it("applies every default for the environment", () => {
            const r = resolveServiceSpec(CART, "prod");
            expect(r).to.deep.equal({
                name: "cart",
                environment: "prod",
                image: "public.ecr.aws/aws-containers/retail-store-sample-cart:1.6.2",
                version: "1.6.2",
                port: 8080,
                servicePort: 80,
                probes: {
                    readiness: { path: "/actuator/health/readiness", initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
                    liveness: { path: "/actuator/health/liveness", initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
                    startup: { path: "/actuator/health/liveness", initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 30, timeoutSeconds: 2 },
                },
                resources: { cpu: "256m", memory: "512Mi", memoryLimit: "512Mi" },
                replicas: { min: 2, max: 6 },
                autoscaling: { cpuPercent: 70, memoryPercent: 80 },
                env: CART.env,
                secretEnv: {},
                tracingEnv: {},
                needs: CART.needs,
                callers: ["ui"],
                calls: [],
                ingress: undefined,
                tmpSizeLimit: "64Mi",
                addCapabilities: [],
                apiToken: false,
            });
            expect(resolveServiceSpec(CART, "dev").replicas).to.deep.equal({ min: 1, max: 2 });
        });
        it("pins by digest (with the tag when both are given) and turns /tmp off on request", () => {
            expect(resolveServiceSpec(ORDERS, "prod").image).to.equal(`public.ecr.aws/aws-containers/retail-store-sample-orders@sha256:${"ab".repeat(32)}`);
            expect(resolveServiceSpec(ORDERS, "prod").version).to.equal(undefined);
            const both = cart({ image: { repository: "r.io/a", tag: "1.0", digest: `sha256:${"1".repeat(64)}` }, writableTmp: false });
            expect(resolveServiceSpec(both, "dev")).to.include({ image: `r.io/a:1.0@sha256:${"1".repeat(64)}`, tmpSizeLimit: undefined });
        });
        it("refuses a service disabled in the environment, saying how to skip it", () => {
            const spec = cart({ enabled: { prod: false } });
            expect(isServiceEnabled(spec, "prod")).to.equal(false);
            expect(isServiceEnabled(spec, "dev")).to.equal(true);
            expect(() => resolveServiceSpec(spec, "prod")).to.throw(ComponentArgsError,
                "cart: enabled: the service is disabled in prod; create no Microservice for it (filter the specs with isServiceEnabled(spec, environment))");
        });
    });

    describe("checkServiceGraph", () => {
        it("accepts the retail services, whose calls and callers agree", () => {
            expect(() => checkServiceGraph(ALL_SPECS)).not.to.throw();
        });
        it("reports one-sided edges, unknown services and duplicate names", () => {
            const lonelyCatalog = { ...CATALOG, callers: ["ui", "admin"] };
            const ui = { ...UI, calls: ["catalog", "cart", "checkout", "orders", "search"] };
            expect(() => checkServiceGraph([ui, CART, lonelyCatalog, { ...CART }])).to.throw(ComponentArgsError)
                .with.property("problems").that.deep.equals([
                    "cart: name: two specs are named 'cart'; service names are unique (each is a namespace)",
                    "ui: calls: 'checkout' is not a service of this set; known: ui, cart, catalog",
                    "ui: calls: 'orders' is not a service of this set; known: ui, cart, catalog",
                    "ui: calls: 'search' is not a service of this set; known: ui, cart, catalog",
                    "catalog: callers: 'admin' is not a service of this set; known: ui, cart, catalog",
                ]);
            const cartWithoutUi = { ...CART, callers: [] };
            expect(() => checkServiceGraph([UI, cartWithoutUi, CATALOG, ORDERS, { ...ALL_SPECS[4] }])).to.throw(ComponentArgsError)
                .with.property("problems").that.deep.equals([
                    "ui: calls: 'cart' does not list 'ui' in its callers; add it there (its ingress is closed to undeclared callers)"]);
        });
    });
});
