import { expect } from "chai";
import { FUNCTION_NAMES } from "../apps/functions/contract";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { cloudContextFor } from "../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../tools/plan/recorder";
import { plannedStack } from "../tools/testing/stack-plans";
import { stackConfig } from "../tools/testing/stacks";
import { ConfigError, loadPlatformConfig, parsePlatformConfig, PlatformConfig, PROJECT } from "./config";
import { KEY_DOMAINS } from "../components/security";
import { platformOutputs } from "./outputs";
import { createPlatform } from "./platform";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const ROOT_STACK = "pulumi:pulumi:Stack";
const NS = `${PROJECT}:`;

/** The data layer's stateful resources: the stores, their secrets, each bucket and every setting of a bucket (retained with it). */
const STATEFUL_DATA = [
    "aws:rds/instance:Instance", "aws:dynamodb/table:Table", "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:opensearch/domain:Domain", "aws:secretsmanager/secret:Secret", "aws:s3/bucket:Bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLogging:BucketLogging",
    // The integration layer's queues (their dead-letter queues too) and topics: messages in flight are orders.
    "aws:sqs/queue:Queue", "aws:sns/topic:Topic",
    // The analysts' catalog: deleting the database drops every table's metadata.
    "aws:glue/catalogDatabase:CatalogDatabase",
    // The edge: the distribution (its domain name), the shop's user pools (its customers' accounts).
    "aws:cloudfront/distribution:Distribution", "aws:cognito/userPool:UserPool",
    // Shield Advanced: a one-year commitment AWS does not end early (on only where protectStateful is, prod).
    "aws:shield/subscription:Subscription",
];

const T = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    route: "aws:ec2/route:Route",
};


function record(program: () => unknown, stack: string, config: Record<string, string>, onRegister?: (n: number) => void): Promise<Recording> {
    return recordProgram(program, {
        project: PROJECT, stack, config, onRegister,
        cloud: cloudContextFor(config["aws:region"], ACCOUNT),
    });
}

/** Compose the platform for `stack` under fresh mocks; the program's outputs are the stack outputs. */
async function plan(stack: string, config: Record<string, string>) {
    const cfg = parsePlatformConfig(config, stack);
    const rec = await record(() => platformOutputs(createPlatform(cfg)), stack, config);
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    // The VPC's flow-log group (the compute layer adds the cluster's log groups).
    const flowLogGroups = () => of(T.logGroup).filter((g) => String(g.inputs.name).startsWith("/vpc/"));
    return { cfg, rec, of, flowLogGroups };
}

/** The repository's stack as planned once per test process (shared with the other stack tests). */
async function shared(stack: string) {
    const cfg = parsePlatformConfig(stackConfig(stack), stack);
    const rec = await plannedStack(stack);
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const flowLogGroups = () => of(T.logGroup).filter((g) => String(g.inputs.name).startsWith("/vpc/"));
    return { cfg, rec, of, flowLogGroups };
}

/** What the config implies, computed from the config alone. */
function expectedCounts(cfg: PlatformConfig) {
    const zones = cfg.network.availabilityZones;
    return {
        subnets: 3 * zones,
        nats: cfg.network.natGateways === "perAz" ? zones : 1,
        // One per data domain, and the edge layer's `edge` key in us-east-1 (CloudFront's logs).
        keys: KEY_DOMAINS.length + 1,
        interfaceEndpoints: cfg.network.interfaceEndpoints.length,
        gatewayEndpoints: 2,
    };
}

describe("stacks/platform createPlatform", function () {
    // Whole-platform plans (about 400 resources each), several per test, on a loaded 2-core machine.
    this.timeout(180000);
    for (const env of ["dev", "prod"] as const) {
        describe(`${env}`, () => {
            let p: Awaited<ReturnType<typeof plan>>;
            before(async () => { p = await shared(env); });

            it("has the environment's zone and NAT counts (dev 2 and 1, prod 3 and 3)", () => {
                const expected = env === "dev" ? { zones: 2, nats: 1 } : { zones: 3, nats: 3 };
                expect(p.cfg.network.availabilityZones).to.equal(expected.zones);
                expect(expectedCounts(p.cfg).nats).to.equal(expected.nats);
            });
            it("registers the subnets, NATs, keys and endpoints the config implies", () => {
                const n = expectedCounts(p.cfg);
                expect(p.of(T.subnet)).to.have.length(n.subnets);
                expect(p.of(T.nat)).to.have.length(n.nats);
                expect(p.of(T.eip)).to.have.length(n.nats);
                expect(p.of(T.key)).to.have.length(n.keys);
                expect(p.of(T.alias)).to.have.length(n.keys);
                expect(n.keys).to.equal(13);
                const endpoints = p.of(T.endpoint);
                expect(endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface")).to.have.length(n.interfaceEndpoints);
                expect(n.interfaceEndpoints).to.equal(5);
                expect(endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway")).to.have.length(n.gatewayEndpoints);
            });
            it("routes every private table through a NAT of the platform", () => {
                const natUrns = new Set(p.of(T.nat).map((r) => r.urn));
                const privateRoutes = p.of(T.route).filter((r) => r.name.includes("-private-default-"));
                expect(privateRoutes).to.have.length(p.cfg.network.availabilityZones);
                for (const r of privateRoutes) {
                    expect(r.propertyDependencies.natGatewayId, r.name).to.have.length(1);
                    expect(natUrns.has(r.propertyDependencies.natGatewayId[0]), r.name).to.equal(true);
                }
                const usedNats = new Set(privateRoutes.map((r) => r.propertyDependencies.natGatewayId[0]));
                expect(usedNats.size).to.equal(expectedCounts(p.cfg).nats);
            });
            it("uses the environment's VPC CIDR, retention, deletion window and key aliases", () => {
                expect(p.rec.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!.inputs.cidrBlock).to.equal(p.cfg.network.vpcCidr);
                for (const g of p.of(T.logGroup)) expect(g.inputs.retentionInDays, g.name).to.equal(p.cfg.logRetentionDays);
                for (const k of p.of(T.key)) expect(k.inputs.deletionWindowInDays, k.name).to.equal(p.cfg.security.kmsDeletionWindowDays);
                expect(p.of(T.alias).map((a) => a.inputs.name)).to.have.members([...KEY_DOMAINS.map((d) => d.name), "edge"].map((d) => `alias/${PROJECT}/${env}/${d}`));
            });
            it(`keys, log groups, the cluster, the audit trail and the data stores are ${env === "prod" ? "" : "not "}protected, following protectStateful; nothing else is`, () => {
                const stateful = [T.key, "aws:cloudwatch/logGroup:LogGroup", "aws:eks/cluster:Cluster", "aws:cloudtrail/trail:Trail", "aws:ecr/repository:Repository", ...STATEFUL_DATA];
                expect(p.cfg.protectStateful).to.equal(env === "prod");
                for (const k of p.rec.resources.filter((x) => stateful.includes(x.type))) expect(k.options.protect, k.urn).to.equal(env === "prod");
                expect(p.flowLogGroups()).to.have.length(1);
                for (const r of p.rec.resources.filter((x) => !stateful.includes(x.type))) expect(r.options.protect, r.urn).to.equal(false);
            });
            it("every resource except the root stack has a parent; only the layers hang off the stack, each with its component", () => {
                const [root, ...rest] = p.rec.resources;
                expect(root.type).to.equal(ROOT_STACK);
                expect(root.parent).to.equal(null);
                expect(p.rec.resources.filter((r) => r.type === ROOT_STACK)).to.have.length(1);
                for (const r of rest) expect(r.parent, r.urn).to.be.a("string").and.not.equal("");
                const urns = new Set(p.rec.resources.map((r) => r.urn));
                for (const r of rest) expect(urns.has(r.parent!), `${r.urn} -> ${r.parent}`).to.equal(true);
                const topLevel = rest.filter((r) => r.parent === root.urn);
                expect(topLevel.map((r) => r.type).sort()).to.deep.equal(["platform:compute:ComputeLayer", "platform:data:DataLayer", "platform:delivery:DeliveryLayer",
                    "platform:edge:EdgeLayer", "platform:integration:IntegrationLayer", "platform:network:NetworkLayer", "platform:observability:ObservabilityLayer",
                    "platform:security:SecurityLayer"]);
                for (const t of topLevel) expect(t.name, t.type).to.equal(`${PROJECT}-${env}`);
                const underLayer = (type: string) => rest.filter((r) => r.parent === topLevel.find((t) => t.type === type)!.urn).map((r) => `${r.type} ${r.name}`);
                expect(underLayer("platform:security:SecurityLayer")).to.have.members([
                    `platform:security:DataKeys ${PROJECT}-${env}-keys`, `platform:security:WorkloadBoundary ${PROJECT}-${env}-workload-boundary`,
                    `platform:security:AuditTrail ${PROJECT}-${env}-audit-trail`, `platform:security:SecurityHub ${PROJECT}-${env}-security-hub`,
                    `platform:security:ThreatDetection ${PROJECT}-${env}-guardduty`, `platform:security:AccessAnalyzer ${PROJECT}-${env}-access-analyzer`]);
                expect(underLayer("platform:compute:ComputeLayer")).to.have.members([
                    `platform:compute:EksCluster ${PROJECT}-${env}`,
                    `platform:compute:LoadBalancerController ${PROJECT}-${env}-alb-controller`,
                    `platform:compute:ExternalSecrets ${PROJECT}-${env}-external-secrets`,
                    ...["ui", "catalog", "cart", "checkout", "orders"].map((a) => `platform:compute:Microservice ${PROJECT}-${env}-${a}`),
                ]);
                // Alarms, their topics and the dashboard, and tracing (on in both stacks).
                expect(underLayer("platform:observability:ObservabilityLayer")).to.include.members([
                    `platform:observability:AlarmTopic ${PROJECT}-${env}-alarms`, `platform:observability:AlarmTopic ${PROJECT}-${env}-alarms-us-east-1`,
                    `platform:observability:XRayTracing ${PROJECT}-${env}-xray`, `platform:observability:AdotCollector ${PROJECT}-${env}-adot`,
                ]);
                expect(underLayer("platform:network:NetworkLayer")).to.deep.equal([`platform:network:Vpc ${PROJECT}-${env}-net`]);
                expect(underLayer("platform:integration:IntegrationLayer")).to.have.members([
                    `platform:integration:Topic ${PROJECT}-${env}-order-status`,
                    ...["order-events", "order-notifications", "order-analytics"].map((q) => `platform:integration:Queue ${PROJECT}-${env}-${q}`),
                    ...FUNCTION_NAMES.map((f) => `platform:integration:LambdaFunction ${PROJECT}-${env}-${f}`),
                    `platform:integration:FulfilmentWorkflow ${PROJECT}-${env}-order-fulfilment`,
                    `platform:integration:PartnerApi ${PROJECT}-${env}-partner-api`,
                    `platform:integration:DataLakeEtl ${PROJECT}-${env}-analytics`,
                    // The functions' CodeDeploy canaries, made in stacks/platform.ts under the layer.
                    `platform:delivery:FunctionDeployments ${PROJECT}-${env}-functions`,
                    ...["payment", "shipping"].map((partner) => `aws:secretsmanager/secret:Secret ${PROJECT}-${env}-${partner}-partner-signing-key`),
                ]);
                const edge = (type: string, id: string) => `${type} ${PROJECT}-${env}-${id}`;
                expect(underLayer("platform:edge:EdgeLayer")).to.have.members([
                    edge("platform:edge:WebAcl", "regional"), edge("platform:edge:WebAcl", "cloudfront"), edge("pulumi:providers:aws", "us-east-1"),
                    edge("platform:security:DataKeys", "global-keys"), edge("platform:edge:OriginVerifySecret", "origin-verify"),
                    edge("platform:edge:Storefront", "storefront"), edge("platform:edge:ShopIdentity", "identity"),
                    // The shop's domain (prod) brings its certificates; Shield is on in prod.
                    ...(env === "prod" ? [edge("platform:edge:ShopCertificates", "certificates"), edge("platform:edge:ShieldAdvanced", "shield")] : []),
                ]);
                const store = (type: string, id: string) => `platform:data:${type} ${PROJECT}-${env}-${id}`;
                expect(underLayer("platform:data:DataLayer")).to.have.members([
                    store("RelationalDatabase", "orders"), store("RelationalDatabase", "catalog"), store("Table", "carts"), store("Table", "workflow"),
                    store("RedisCache", "sessions"), store("SearchDomain", "products"),
                    ...["access-logs", "product-images", "uploads", "data-lake"].map((b) => store("Bucket", b)),
                ]);
            });
            it("the flow-log group is encrypted with the 'logs' key", () => {
                const logsKey = p.of(T.key).find((k) => k.name === `${PROJECT}-${env}-keys-logs`) as PlanResource;
                expect(logsKey).to.not.equal(undefined);
                const groups = p.flowLogGroups();
                expect(groups).to.have.length(1);
                expect(groups[0].propertyDependencies.kmsKeyId).to.deep.equal([logsKey.urn]);
                const keyArns = p.rec.outputs.keyArns as Record<string, string>;
                expect(groups[0].inputs.kmsKeyId).to.equal(keyArns.logs);
                expect(Object.entries(keyArns).filter(([, arn]) => arn === groups[0].inputs.kmsKeyId).map(([d]) => d)).to.deep.equal(["logs"]);
            });
            it("tags every taggable resource with the config's tags", () => {
                const tagged = p.rec.resources.filter((r) => r.inputs.tags !== undefined);
                expect(tagged.length).to.be.greaterThan(KEY_DOMAINS.length);
                for (const r of tagged) expect(r.inputs.tags, r.urn).to.include(p.cfg.tags);
            });
            it("exports the environment, the subnets and one key ARN per domain", () => {
                const out = p.rec.outputs;
                expect(out.environment).to.equal(env);
                expect(out.privateSubnetIds).to.have.length(p.cfg.network.availabilityZones);
                expect(out.availabilityZones).to.deep.equal(["a", "b", "c"].slice(0, p.cfg.network.availabilityZones).map((l) => `${REGION}${l}`));
                expect(Object.keys(out.keyArns as object).sort()).to.deep.equal(KEY_DOMAINS.map((d) => d.name).sort());
            });
        });
    }

    it("config overrides flow through: all 6 zones of us-east-1, single NAT, 2 endpoints", async () => {
        const p = await plan("prod", stackConfig("prod", { "aws:region": "us-east-1", availabilityZones: 6, natGateways: "single", interfaceEndpoints: ["sts", "kms"] }));
        expect(p.rec.outputs.availabilityZones).to.deep.equal(["a", "b", "c", "d", "e", "f"].map((l) => `us-east-1${l}`));
        const n = expectedCounts(p.cfg);
        expect(n).to.include({ subnets: 18, nats: 1, interfaceEndpoints: 2 });
        expect(p.of(T.subnet)).to.have.length(n.subnets);
        expect(p.of(T.nat)).to.have.length(n.nats);
        expect(p.of(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface")).to.have.length(n.interfaceEndpoints);
    });

    it("physical names follow the stack: dev and prod keep their flow-log group, two stacks of one environment differ", async () => {
        const groupName = (p: Awaited<ReturnType<typeof plan>>) => {
            expect(p.flowLogGroups()).to.have.length(1);
            return p.flowLogGroups()[0].inputs.name;
        };
        // The names dev and prod have had since the flow-log group exists (stack name == environment name).
        expect(groupName(await shared("dev"))).to.equal(`/vpc/${PROJECT}-dev-net/flow-logs`);
        expect(groupName(await shared("prod"))).to.equal(`/vpc/${PROJECT}-prod-net/flow-logs`);
        const blue = await plan("prod-blue", stackConfig("prod"));
        expect(groupName(blue)).to.equal(`/vpc/${PROJECT}-prod-blue-net/flow-logs`);
        // Key aliases were already per stack.
        expect(blue.of(T.alias).map((a) => a.inputs.name)).to.include(`alias/${PROJECT}/prod-blue/logs`);
    });

    it("in cn-north-1 every ARN the plan holds is in the aws-cn partition, and zones are the region's", async () => {
        const p = await plan("prod", stackConfig("prod", { "aws:region": "cn-north-1" }));
        const text = JSON.stringify(p.rec.resources.map((r) => [r.inputs, r.outputs])) + JSON.stringify(p.rec.outputs);
        const arns = text.match(/arn:[a-z-]+:/g) ?? [];
        expect(arns.length).to.be.greaterThan(50);
        expect([...new Set(arns)]).to.deep.equal(["arn:aws-cn:"]);
        // Beijing's zones are a, b and d.
        expect(p.rec.outputs.availabilityZones).to.deep.equal(["cn-north-1a", "cn-north-1b", "cn-north-1d"].slice(0, p.cfg.network.availabilityZones));
    });

    it("sequential runs do not leak: each run sees only its own stack, config and resources", async () => {
        const seen: Record<string, unknown>[] = [];
        const allConfig = () => pulumi.runtime.allConfig();
        const a = await record(() => { seen.push(allConfig()); return platformOutputs(createPlatform(loadPlatformConfig())); },
            "dev", stackConfig("dev", { owner: "first" }));
        const b = await record(() => { seen.push(allConfig()); return platformOutputs(createPlatform(loadPlatformConfig())); },
            "prod", stackConfig("prod"));
        expect(seen[0]).to.have.property(`${NS}owner`, "first");
        expect(seen[1]).to.have.property(`${NS}owner`, "platform-team");
        for (const r of a.resources) expect(r.urn, r.urn).to.match(/^urn:pulumi:dev::/);
        for (const r of b.resources) expect(r.urn, r.urn).to.match(/^urn:pulumi:prod::/);
        expect(b.resources.filter((r) => r.type === T.subnet)).to.have.length(9);
        expect(b.resources.filter((r) => r.type === T.key).every((k) => k.options.protect)).to.equal(true);
        expect(a.resources.filter((r) => r.type === ROOT_STACK)).to.have.length(1);
        expect(b.resources.filter((r) => r.type === ROOT_STACK)).to.have.length(1);
        expect(a.cloud).to.not.equal(b.cloud);
        expect(b.outputs.environment).to.equal("prod");
    });

    describe("bad configuration stops the program before any resource", () => {
        // Values the engine's type checks let through (strings and integers), which the program must reject.
        const bad = stackConfig("dev", { environment: "staging", availabilityZones: 9 });

        async function runExpectingConfigError(program: () => unknown, stack = "dev") {
            let registered = 0;
            const unhandled: unknown[] = [];
            const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
            process.on("unhandledRejection", onUnhandled);
            let error: unknown;
            try {
                await record(program, stack, bad, (n) => { registered = n; });
            } catch (e) {
                error = e;
            }
            // Give the runtime a turn to surface any rejection the failed run left behind.
            await new Promise((resolve) => setTimeout(resolve, 20));
            process.off("unhandledRejection", onUnhandled);
            expect(error).to.be.instanceOf(ConfigError);
            expect((error as ConfigError).problems).to.deep.equal([
                "ecommerce-platform:environment: 'staging' must be one of: dev, prod",
                "ecommerce-platform:availabilityZones: '9' must be a whole number from 2 to 6",
            ]);
            expect(registered, "registrations (the root stack only)").to.equal(1);
            expect(unhandled, "unhandled rejections left by the failed run").to.deep.equal([]);
        }

        it("loadPlatformConfig + createPlatform: throws a ConfigError with only the root stack registered", () =>
            runExpectingConfigError(() => platformOutputs(createPlatform(loadPlatformConfig()))));

        it("the real entry point stacks/index.ts: same, and a good config then plans normally", async () => {
            const entry = require.resolve(path.join(__dirname, "index.ts"));
            // As the nodejs host runs it: the module exports a function, called and awaited.
            const fresh = () => { delete require.cache[entry]; return require(entry)(); };
            try {
                await runExpectingConfigError(fresh);
                const rec = await record(fresh, "dev", stackConfig("dev"));
                expect(rec.outputs.environment).to.equal("dev");
                expect(rec.resources.filter((r) => r.type === T.key)).to.have.length(KEY_DOMAINS.length + 1);
                expect(rec.resources.filter((r) => r.type === T.subnet)).to.have.length(6);
            } finally {
                delete require.cache[entry]; // other suites (the planner) require the entry afresh
            }
        });
    });
});
