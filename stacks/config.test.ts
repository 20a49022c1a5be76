import { expect } from "chai";
import { cidrsOverlap } from "../components/shared/cidr";
import { platformProject, stackConfig } from "../tools/testing/stacks";
import { INTERFACE_ENDPOINT_SERVICES } from "../components/network";
import { ConfigError, configSchema, LAYER_CONFIG, parsePlatformConfig, PLATFORM_CONFIG, PROJECT } from "./config";

const NS = `${PROJECT}:`;

/**
 * The config the program receives for a stack (from the real stack files, as the engine merges them), with `extra`
 * replacing values after the engine's checks: what the program's own validation must catch.
 */
function minimal(env: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const raw: Record<string, unknown> = { ...stackConfig(env === "prod" ? "prod" : "dev") };
    raw[`${NS}environment`] = env;
    for (const [k, v] of Object.entries(extra)) raw[k.includes(":") ? k : `${NS}${k}`] = v;
    return raw;
}

/** Parse and return the ConfigError (fails the test when nothing is thrown or something else is). */
function configError(raw: Record<string, unknown>): ConfigError {
    try {
        parsePlatformConfig(raw, "test");
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return e as ConfigError;
    }
    expect.fail(`expected a ConfigError for ${JSON.stringify(raw)}`);
    throw new Error("unreachable");
}

describe("stacks/config parsePlatformConfig", () => {
    describe("the stack files, as the engine merges them with Pulumi.yaml", () => {
        const dev = parsePlatformConfig(stackConfig("dev"), "dev");
        const prod = parsePlatformConfig(stackConfig("prod"), "prod");

        it("dev: 2 zones, one NAT, 30-day retention, 7-day key deletion window, nothing protected", () => {
            expect(dev).to.include({ environment: "dev", stack: "dev", region: "eu-west-1", logRetentionDays: 30, protectStateful: false });
            expect(dev.network).to.include({ vpcCidr: "10.10.0.0/16", availabilityZones: 2, natGateways: "single" });
            expect(dev.security).to.include({ kmsDeletionWindowDays: 7 });
        });
        it("prod: 3 zones, NAT per zone, 365-day retention, 30-day key deletion window, stateful protected", () => {
            expect(prod).to.include({ environment: "prod", stack: "prod", logRetentionDays: 365, protectStateful: true });
            expect(prod.network).to.include({ vpcCidr: "10.20.0.0/16", availabilityZones: 3, natGateways: "perAz" });
            expect(prod.security).to.include({ kmsDeletionWindowDays: 30 });
        });
        it("the Pulumi.yaml defaults reach both stacks", () => {
            for (const c of [dev, prod]) {
                expect(c.network.interfaceEndpoints).to.deep.equal(["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"]);
                expect(c.network.flowLogTrafficType).to.equal("ALL");
                expect(c.security.keyAdminRoleArns).to.deep.equal([]);
                expect(c.project).to.equal("ecommerce-platform");
            }
        });
        it("tags name the project, environment, stack, owner, cost centre and tool", () => {
            expect(dev.tags).to.deep.equal({
                Project: "ecommerce-platform", Environment: "dev", Stack: "dev", Owner: "platform-team", CostCenter: "ecommerce", ManagedBy: "pulumi",
            });
            expect(prod.tags).to.include({ Environment: "prod", Stack: "prod" });
        });
        it("the stack name comes from the argument, not the environment", () => {
            const c = parsePlatformConfig(stackConfig("dev"), "dev-eu");
            expect(c.stack).to.equal("dev-eu");
            expect(c.tags.Stack).to.equal("dev-eu");
            expect(c.tags.Environment).to.equal("dev");
        });
        it("the dev and prod VPC ranges do not overlap (they may be peered or share a transit gateway)", () => {
            expect(cidrsOverlap(dev.network.vpcCidr, prod.network.vpcCidr)).to.equal(false);
        });
    });

    describe("values set in a stack file", () => {
        it("every key can be set, and Pulumi's string values are coerced", () => {
            const c = parsePlatformConfig(stackConfig("prod", {
                vpcCidr: "10.30.0.0/18",
                availabilityZones: 4,
                natGateways: "single",
                interfaceEndpoints: ["sts", "kms", "sts"],
                flowLogTrafficType: "REJECT",
                logRetentionDays: 90,
                kmsDeletionWindowDays: 14,
                keyAdminRoleArns: ["arn:aws:iam::123456789012:role/KeyAdmins"],
                protectStateful: false,
                owner: "sre@example.com",
                costCenter: "cc-42",
            }), "prod");
            expect(c).to.include({ logRetentionDays: 90, protectStateful: false });
            expect(c.network).to.include({ vpcCidr: "10.30.0.0/18", availabilityZones: 4, natGateways: "single", flowLogTrafficType: "REJECT" });
            expect(c.security).to.include({ kmsDeletionWindowDays: 14 });
            expect(c.network.interfaceEndpoints).to.deep.equal(["sts", "kms"]); // duplicates removed, order kept
            expect(c.security.keyAdminRoleArns).to.deep.equal(["arn:aws:iam::123456789012:role/KeyAdmins"]);
            expect(c.tags).to.include({ Owner: "sre@example.com", CostCenter: "cc-42" });
        });
        it("protectStateful true in dev and an empty endpoint list are honoured (not replaced by defaults)", () => {
            const c = parsePlatformConfig(stackConfig("dev", { protectStateful: true, interfaceEndpoints: [] }), "dev");
            expect(c.protectStateful).to.equal(true);
            expect(c.network.interfaceEndpoints).to.deep.equal([]);
        });
        it("accepts un-namespaced keys and native values (plain objects from tests)", () => {
            const raw: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(stackConfig("dev"))) raw[k.replace(NS, "")] = v;
            const c = parsePlatformConfig({ ...raw, "aws:region": "us-east-1", availabilityZones: 3, protectStateful: true, interfaceEndpoints: ["ssm"] }, "dev");
            expect(c).to.include({ region: "us-east-1", protectStateful: true });
            expect(c.network.availabilityZones).to.equal(3);
            expect(c.network.interfaceEndpoints).to.deep.equal(["ssm"]);
        });
        it("ignores keys of other namespaces except aws:region", () => {
            const c = parsePlatformConfig(minimal("dev", { "aws:profile": "x", "kubernetes:context": "y", "aws:defaultTags": "{}" }), "dev");
            expect(c.region).to.equal("eu-west-1");
        });
    });

    describe("the result is frozen", () => {
        const c = parsePlatformConfig(stackConfig("dev", { keyAdminRoleArns: ["arn:aws:iam::123456789012:role/A"] }), "dev");
        it("the object, its tags and its arrays are frozen", () => {
            expect(Object.isFrozen(c)).to.equal(true);
            expect(Object.isFrozen(c.tags)).to.equal(true);
            expect(Object.isFrozen(c.network.interfaceEndpoints)).to.equal(true);
            expect(Object.isFrozen(c.security.keyAdminRoleArns)).to.equal(true);
        });
        it("writes throw in strict mode and change nothing", () => {
            expect(() => { (c as any).availabilityZones = 9; }).to.throw(TypeError);
            expect(() => { (c.tags as any).Owner = "someone"; }).to.throw(TypeError);
            expect(() => { (c.network.interfaceEndpoints as string[]).push("kms"); }).to.throw(TypeError);
            expect(c.network.availabilityZones).to.equal(2);
            expect(c.tags.Owner).to.equal("platform-team");
            expect(c.network.interfaceEndpoints).to.have.length(5);
        });
    });

    describe("errors: a ConfigError naming the key, the bad value and what is allowed", () => {
        it("is a ConfigError and a pulumi RunError (printed without a stack trace)", () => {
            const e = configError(minimal("staging"));
            expect(e.name).to.equal("ConfigError");
            expect((e as any).__pulumiRunError).to.equal(true);
        });
        it("unknown key under the project namespace: names the key, its value and the allowed keys", () => {
            const e = configError(minimal("dev", { vpcCIDR: "10.0.0.0/16" }));
            expect(e.problems).to.have.length(1);
            expect(e.problems[0]).to.match(/^ecommerce-platform:vpcCIDR: unknown key \(value '10\.0\.0\.0\/16'\); allowed keys: /);
            for (const k of Object.keys(configSchema.shape)) expect(e.problems[0]).to.include(k);
            expect(e.message).to.include("ecommerce-platform:vpcCIDR").and.include("'10.0.0.0/16'");
        });
        it("wrong type: availabilityZones 'two'", () => {
            const e = configError(minimal("dev", { availabilityZones: "two" }));
            expect(e.problems).to.deep.equal(["ecommerce-platform:availabilityZones: 'two' must be a whole number from 2 to 6"]);
        });
        it("fractional count: availabilityZones '2.5'", () => {
            const e = configError(minimal("dev", { availabilityZones: "2.5" }));
            expect(e.problems).to.deep.equal(["ecommerce-platform:availabilityZones: '2.5' must be a whole number from 2 to 6"]);
        });
        it("out-of-range counts: availabilityZones -1 and 9", () => {
            expect(configError(minimal("dev", { availabilityZones: "-1" })).problems)
                .to.deep.equal(["ecommerce-platform:availabilityZones: '-1' must be a whole number from 2 to 6"]);
            expect(configError(minimal("dev", { availabilityZones: "9" })).problems)
                .to.deep.equal(["ecommerce-platform:availabilityZones: '9' must be a whole number from 2 to 6"]);
        });
        it("kmsDeletionWindowDays outside 7..30 and a retention CloudWatch does not offer", () => {
            expect(configError(minimal("dev", { kmsDeletionWindowDays: "3" })).problems)
                .to.deep.equal(["ecommerce-platform:kmsDeletionWindowDays: '3' must be a whole number from 7 to 30"]);
            const e = configError(minimal("dev", { logRetentionDays: "31" }));
            expect(e.problems[0]).to.match(/^ecommerce-platform:logRetentionDays: '31' must be a CloudWatch retention period: 1, 3, 5, 7, 14, 30, /);
        });
        it("bad CIDR: host bits set", () => {
            expect(configError(minimal("dev", { vpcCidr: "10.0.0.1/16" })).problems)
                .to.deep.equal(["ecommerce-platform:vpcCidr: '10.0.0.1/16' must be an IPv4 CIDR block such as 10.10.0.0/16"]);
        });
        it("bad CIDR: octet above 255", () => {
            expect(configError(minimal("dev", { vpcCidr: "300.0.0.0/16" })).problems)
                .to.deep.equal(["ecommerce-platform:vpcCidr: '300.0.0.0/16' must be an IPv4 CIDR block such as 10.10.0.0/16"]);
        });
        it("bad CIDR: prefix outside /16../20 (one problem, not two)", () => {
            expect(configError(minimal("dev", { vpcCidr: "10.0.0.0/8" })).problems).to.deep.equal([
                "ecommerce-platform:vpcCidr: '10.0.0.0/8' must have a prefix length from /16 to /20 (room for 3 subnet tiers in up to 6 zones)",
            ]);
            expect(configError(minimal("dev", { vpcCidr: "10.0.0.0/21" })).problems[0]).to.include("'10.0.0.0/21' must have a prefix length from /16 to /20");
        });
        it("prod refuses stores that do not survive a zone, naming each key and what prod needs", () => {
            const dev = stackConfig("dev");
            const e = configError(minimal("prod", {
                databaseSize: dev[`${NS}databaseSize`], cacheSize: dev[`${NS}cacheSize`], searchSize: dev[`${NS}searchSize`],
            }));
            expect(e.problems).to.deep.equal([
                "ecommerce-platform:databaseSize[multiAz]: 'false' must be true in prod (a standby in another zone)",
                "ecommerce-platform:databaseSize[backupRetentionDays]: '7' must be at least 30 in prod",
                "ecommerce-platform:cacheSize[nodes]: '1' must be at least 2 in prod (automatic failover to a replica in another zone)",
                "ecommerce-platform:searchSize[instanceCount]: '1' must be at least 2 in prod (zone awareness)",
                "ecommerce-platform:searchSize[dedicatedMasterType]: '' must name an instance type in prod (three dedicated master nodes)",
            ]);
            // The same sizes are fine in dev.
            expect(() => parsePlatformConfig(minimal("dev"), "dev")).to.not.throw();
        });
        it("prod needs the shop's domain (its only public entrance); the domain and its zone come together, well-formed", () => {
            const none = JSON.stringify({ domainName: "", hostedZoneId: "" });
            expect(configError(minimal("prod", { storefrontDomain: none })).problems).to.deep.equal([
                "ecommerce-platform:storefrontDomain[domainName]: '' must be set in prod: the shop's domain (with its hostedZoneId) is its only public entrance (CloudFront to the load balancer over HTTPS)",
            ]);
            expect(() => parsePlatformConfig(minimal("dev", { storefrontDomain: none }), "dev")).to.not.throw();
            expect(configError(minimal("dev", { storefrontDomain: JSON.stringify({ domainName: "shop.example.com", hostedZoneId: "" }) })).problems).to.deep.equal([
                "ecommerce-platform:storefrontDomain: '{\"domainName\":\"shop.example.com\",\"hostedZoneId\":\"\"}' must set domainName and hostedZoneId together, or neither",
            ]);
            expect(configError(minimal("dev", { storefrontDomain: JSON.stringify({ domainName: "Shop.Example", hostedZoneId: "zone" }), shieldAdvanced: "yes" })).problems).to.deep.equal([
                "ecommerce-platform:storefrontDomain[domainName]: 'Shop.Example' must be a DNS name such as shop.example.com, or empty",
                "ecommerce-platform:storefrontDomain[hostedZoneId]: 'zone' must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, or empty",
                "ecommerce-platform:shieldAdvanced: 'yes' must be true or false",
            ]);
            const prod = parsePlatformConfig(stackConfig("prod"), "prod");
            expect(prod.edge).to.deep.include({ shieldAdvanced: true, cloudFrontPriceClass: "PriceClass_100" });
            expect(parsePlatformConfig(stackConfig("dev"), "dev").edge.shieldAdvanced).to.equal(false);
        });
        it("bad store sizes name the field and the value", () => {
            const e = configError(minimal("dev", {
                databaseSize: JSON.stringify({ instanceClass: "t4g.small", storageGiB: 50, maxStorageGiB: 30, multiAz: false, backupRetentionDays: 7 }),
                cacheSize: JSON.stringify({ nodeType: "cache.t4g.small", nodes: 9, snapshotRetentionDays: 1 }),
            }));
            expect(e.problems).to.deep.equal([
                "ecommerce-platform:databaseSize[instanceClass]: 't4g.small' must be an instance type such as db.t4g.medium or db.r7g.large",
                "ecommerce-platform:databaseSize[maxStorageGiB]: '30' must be at least storageGiB (storage autoscaling grows up to it)",
                "ecommerce-platform:cacheSize[nodes]: '9' must be a whole number from 1 to 6",
            ]);
        });
        it("bad integration settings name the field and the value: a plain-http partner, half a custom domain, a cron without six fields", () => {
            const e = configError(minimal("dev", {
                partnerUrls: JSON.stringify({ payment: "http://pay.example.com", shipping: "" }),
                partnerApiDomain: JSON.stringify({ domainName: "partners.example.com", certificateArn: "" }),
                analyticsSchedule: "cron(0 2 * * *)",
                functionConcurrency: JSON.stringify({ tasks: 0, webhooks: 10, archive: 2 }),
            }));
            expect(e.problems).to.deep.equal([
                "ecommerce-platform:functionConcurrency[tasks]: '0' must be a whole number from 1 to 1000",
                "ecommerce-platform:partnerUrls[payment]: 'http://pay.example.com' must be an https:// URL, or empty (sandbox)",
                "ecommerce-platform:partnerApiDomain: '{\"domainName\":\"partners.example.com\",\"certificateArn\":\"\"}' must set domainName and certificateArn together, or neither",
                "ecommerce-platform:analyticsSchedule: 'cron(0 2 * * *)' must be a Glue cron expression such as cron(15 2 * * ? *): "
                    + "expected cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), six fields",
            ]);
        });
        it("unknown environment 'staging'", () => {
            expect(configError(minimal("staging")).problems)
                .to.deep.equal(["ecommerce-platform:environment: 'staging' must be one of: dev, prod"]);
        });
        it("missing environment (a program run without the engine's required-key check)", () => {
            const raw = minimal("dev");
            delete raw[`${NS}environment`];
            expect(configError(raw).problems)
                .to.deep.equal(["ecommerce-platform:environment: missing; required, must be one of: dev, prod"]);
        });
        it("missing aws:region, and a malformed one", () => {
            const raw = minimal("dev");
            delete raw["aws:region"];
            expect(configError(raw).problems)
                .to.deep.equal(["aws:region: missing; set it with 'pulumi config set aws:region <region>' (for example eu-west-1)"]);
            expect(configError(minimal("dev", { "aws:region": "eu-west1" })).problems)
                .to.deep.equal(["aws:region: 'eu-west1' is not an AWS region name (for example eu-west-1)"]);
        });
        it("bad list item in JSON text: names the item's index and the item itself", () => {
            const e = configError(minimal("dev", { interfaceEndpoints: JSON.stringify(["nope"]) }));
            expect(e.problems).to.have.length(1);
            expect(e.problems[0]).to.equal(`ecommerce-platform:interfaceEndpoints[0]: 'nope' must name known services: ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`);
            const e2 = configError(minimal("dev", { interfaceEndpoints: JSON.stringify(["sts", "nope"]) }));
            expect(e2.problems[0]).to.match(/^ecommerce-platform:interfaceEndpoints\[1\]: 'nope' must name known services: ecr\.api, /);
            const e3 = configError(minimal("dev", { keyAdminRoleArns: JSON.stringify(["arn:aws:iam::123456789012:user/bob"]) }));
            expect(e3.problems).to.deep.equal([
                "ecommerce-platform:keyAdminRoleArns[0]: 'arn:aws:iam::123456789012:user/bob' must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
            ]);
        });
        it("a value that is not a list where a list is expected", () => {
            expect(configError(minimal("dev", { interfaceEndpoints: "sts" })).problems)
                .to.deep.equal(["ecommerce-platform:interfaceEndpoints: 'sts' must be a list (YAML sequence or JSON array)"]);
        });
        it("booleans must be true or false", () => {
            expect(configError(minimal("dev", { protectStateful: "yes" })).problems)
                .to.deep.equal(["ecommerce-platform:protectStateful: 'yes' must be true or false"]);
        });
        it("several problems at once: every one reported, one message line each", () => {
            const e = configError(minimal("qa", {
                "aws:region": "eu-west1",
                availabilityZones: "two",
                vpcCidr: "10.0.0.1/16",
                bogus: "1",
            }));
            expect(e.problems).to.have.length(5);
            const lines = e.message.split("\n");
            expect(lines[0]).to.equal("Invalid stack configuration (5 problems):");
            expect(lines.slice(1)).to.deep.equal(e.problems.map((p) => `  - ${p}`));
            const joined = e.problems.join("\n");
            for (const fragment of ["aws:region: 'eu-west1'", "environment: 'qa'", "availabilityZones: 'two'", "vpcCidr: '10.0.0.1/16'", "bogus: unknown key (value '1')"]) {
                expect(joined).to.include(fragment);
            }
        });
        it("a single problem is counted in the singular", () => {
            expect(configError(minimal("staging")).message.split("\n")[0]).to.equal("Invalid stack configuration (1 problem):");
        });
    });

    describe("Pulumi.yaml and the stack files, under the engine's config rules", () => {
        const project = platformProject();
        const declared = project.config;

        it("Pulumi.yaml names the project this module validates and leaves `main` unset (the CLI compiles from the root)", () => {
            expect(project.name).to.equal(PROJECT);
            expect(project.main).to.equal(undefined);
        });
        it("the layers' keys and the platform-wide keys make up the schema, each key in exactly one place", () => {
            const sections = [PLATFORM_CONFIG, ...Object.values(LAYER_CONFIG)].map((shape) => Object.keys(shape));
            const all = sections.flat();
            expect(new Set(all).size, "a key declared by two layers").to.equal(all.length);
            expect([...all].sort()).to.deep.equal(Object.keys(configSchema.shape).sort());
            const c = parsePlatformConfig(stackConfig("prod"), "prod");
            for (const [layer, shape] of Object.entries(LAYER_CONFIG)) {
                expect(Object.keys((c as any)[layer]).sort(), layer).to.deep.equal(Object.keys(shape).sort());
            }
        });
        it("declares exactly the keys of configSchema, each with a type and a description", () => {
            expect(Object.keys(declared).sort()).to.deep.equal(Object.keys(configSchema.shape).sort());
            for (const [key, spec] of Object.entries(declared)) {
                expect(["string", "integer", "boolean", "array", "object"], `${key}.type`).to.include(spec.type);
                expect(spec.description, `${key}.description`).to.be.a("string").with.length.greaterThan(10);
                if (spec.type === "array") expect(spec.items, `${key}.items`).to.deep.equal({ type: "string" });
            }
        });
        it("each declared type is the one the schema coerces from", () => {
            const sample: Record<string, string> = { integer: "3", boolean: "true", array: "[]", string: "x", object: "{}" };
            const wrongType: Record<string, [string, RegExp]> = {
                integer: ["lots", /must be a whole number/],
                boolean: ["maybe", /must be true or false/],
                array: ["{}", /must be a list/],
                object: ["[]", /must be a mapping/],
            };
            for (const [key, spec] of Object.entries(declared)) {
                const field = (configSchema.shape as Record<string, any>)[key];
                if (spec.type !== "string") {
                    const [bad, message] = wrongType[spec.type!];
                    const r = field.safeParse(bad);
                    expect(r.success, `${key}: '${bad}' should be rejected`).to.equal(false);
                    expect(r.error.issues[0].message, key).to.match(message);
                    // A value of the declared type gets past the type check (its fields may still be refused).
                    const ok = field.safeParse(sample[spec.type!]);
                    if (!ok.success) expect(ok.error.issues.filter((i: any) => i.path.length === 0 && i.code === "invalid_type"), key).to.deep.equal([]);
                } else {
                    const r = field.safeParse(42);
                    expect(r.success, `${key}: a number is not a string`).to.equal(false);
                }
            }
        });
        it("every Pulumi.yaml default passes the program's validation (the engine hands it over like any value)", () => {
            for (const [key, spec] of Object.entries(declared)) {
                if (spec.default === undefined) continue;
                const field = (configSchema.shape as Record<string, any>)[key];
                const text = typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default);
                expect(field.safeParse(text).success, `${key} default ${text}`).to.equal(true);
            }
        });
        it("keys without a default are exactly the per-environment ones, and their descriptions say so", () => {
            const required = Object.entries(declared).filter(([, spec]) => spec.default === undefined).map(([k]) => k).sort();
            expect(required).to.deep.equal(["alarmEmails", "appNodeGroup", "availabilityZones", "cacheSize", "databaseSize", "delivery", "environment", "functionDeployment", "kmsDeletionWindowDays",
                "logRetentionDays", "natGateways", "protectStateful", "searchSize", "shieldAdvanced", "systemNodeGroup", "tracing", "trailDataEvents", "vpcCidr"]);
            for (const key of required) expect(declared[key].description, key).to.match(/Required per stack/);
        });
        for (const stack of ["dev", "prod"]) {
            it(`Pulumi.${stack}.yaml sets every key the engine requires, and the engine refuses it without one`, () => {
                expect(() => stackConfig(stack)).to.not.throw();
                const required = Object.entries(declared).filter(([, spec]) => spec.default === undefined).map(([k]) => k);
                const config = stackConfig(stack);
                for (const key of required) expect(config, key).to.have.property(`${NS}${key}`);
            });
        }
    });
});
