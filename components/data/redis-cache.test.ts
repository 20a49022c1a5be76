import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { RedisCache, RedisCacheArgs, validateRedisCacheArgs } from "./redis-cache";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const SESSIONS_KEY = key("11111111-0000-4000-a000-000000000007");
const LOGS_KEY = key("11111111-0000-4000-a000-000000000001");
const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-isolated-a", "subnet-isolated-b"], subnetCidrBlocks: ["10.0.160.0/22", "10.0.164.0/22"] };
const COMPONENT = "platform:data:RedisCache";

const T = {
    group: "aws:elasticache/replicationGroup:ReplicationGroup",
    subnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
};

function args(over: Partial<RedisCacheArgs> = {}): RedisCacheArgs {
    return {
        network: NETWORK, nodeType: "cache.t4g.micro", nodes: 1, snapshotRetentionDays: 1, kmsKeyArn: SESSIONS_KEY,
        logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 30 }, tags: { Team: "platform" }, ...over,
    };
}

function record(program: () => unknown, stack = "dev"): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

/** Build one RedisCache under fresh mocks and index what was recorded. */
async function build(name: string, a: RedisCacheArgs, stack = "dev") {
    const rec = await record(() => {
        const c = new RedisCache(name, a);
        return {
            url: c.url, readerUrl: c.readerUrl, primary: c.primaryEndpoint, reader: c.readerEndpoint, id: c.replicationGroupId,
            clients: c.clientSecurityGroupId, reference: c.reference,
        };
    }, stack);
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, n: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type && r.name === n);
        expect(found, `${type}::${n}`).to.have.length(1);
        return found[0];
    };
    return { rec, of, one, outputs: rec.outputs as Record<string, any> };
}

function problems(a: unknown, name = "shop-dev-sessions"): string[] {
    try {
        validateRedisCacheArgs(name, a as RedisCacheArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("data/RedisCache", () => {
    describe("a dev cache (one node, not protected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        let group: PlanResource;
        before(async () => {
            b = await build("shop-dev-sessions", args());
            group = b.one(T.group, "shop-dev-sessions");
        });

        it("creates the replication group, its subnet group, two log groups and the store's two security groups with their rules, under the component", () => {
            const component = b.one(COMPONENT, "shop-dev-sessions");
            const children = b.rec.resources.filter((r) => r.parent === component.urn && r.custom);
            expect(children.map((r) => `${r.type}::${r.name}`)).to.have.members([
                `${T.sg}::shop-dev-sessions`, `${T.sg}::shop-dev-sessions-clients`,
                `${T.ingress}::shop-dev-sessions-from-clients`, `${T.egress}::shop-dev-sessions-clients-to-store`,
                `${T.subnetGroup}::shop-dev-sessions`,
                `${T.logGroup}::shop-dev-sessions-slow-log`, `${T.logGroup}::shop-dev-sessions-engine-log`,
                `${T.group}::shop-dev-sessions`,
            ]);
        });
        it("runs Redis 7.1 with cluster mode disabled: one shard of numCacheClusters nodes, the default redis7 parameter group", () => {
            expect(group.inputs).to.deep.include({
                replicationGroupId: "shop-dev-sessions", engine: "redis", engineVersion: "7.1", parameterGroupName: "default.redis7",
                clusterMode: "disabled", numCacheClusters: 1, nodeType: "cache.t4g.micro", port: 6379,
            });
            expect(group.inputs).not.to.have.any.keys("numNodeGroups", "replicasPerNodeGroup");
        });
        it("requires TLS and encrypts at rest with the given key", () => {
            expect(group.inputs).to.deep.include({
                transitEncryptionEnabled: true, transitEncryptionMode: "required", atRestEncryptionEnabled: true, kmsKeyId: SESSIONS_KEY,
            });
        });
        it("sets no AUTH token and no user groups (the checkout image cannot send AUTH)", () => {
            expect(group.inputs).not.to.have.any.keys("authToken", "authTokenWo", "userGroupIds");
        });
        it("lives in the isolated subnets", () => {
            const subnets = b.one(T.subnetGroup, "shop-dev-sessions");
            expect(subnets.inputs.subnetIds).to.deep.equal(NETWORK.subnetIds);
            expect(group.propertyDependencies.subnetGroupName).to.deep.equal([subnets.urn]);
            expect(group.inputs.subnetGroupName).to.equal(subnets.outputs.name);
        });
        it("is reachable on 6379 from its clients group only: one ingress rule, from that group; the clients' one egress rule, to the store", () => {
            const store = b.one(T.sg, "shop-dev-sessions");
            const clients = b.one(T.sg, "shop-dev-sessions-clients");
            expect(group.propertyDependencies.securityGroupIds).to.deep.equal([store.urn]);
            expect(store.inputs).to.include({ vpcId: NETWORK.vpcId });
            expect(store.inputs).not.to.have.any.keys("ingress", "egress");
            const ingress = b.of(T.ingress);
            expect(ingress).to.have.length(1);
            expect(ingress[0].inputs).to.include({ ipProtocol: "tcp", fromPort: 6379, toPort: 6379 });
            expect(ingress[0].inputs).not.to.have.any.keys("cidrIpv4", "cidrIpv6", "prefixListId");
            expect(ingress[0].propertyDependencies.securityGroupId).to.deep.equal([store.urn]);
            expect(ingress[0].propertyDependencies.referencedSecurityGroupId).to.deep.equal([clients.urn]);
            const egress = b.of(T.egress);
            expect(egress).to.have.length(1);
            expect(egress[0].inputs).to.include({ ipProtocol: "tcp", fromPort: 6379, toPort: 6379 });
            expect(egress[0].propertyDependencies.securityGroupId).to.deep.equal([clients.urn]);
            expect(egress[0].propertyDependencies.referencedSecurityGroupId).to.deep.equal([store.urn]);
        });
        it("keeps daily snapshots, has a maintenance window with minor upgrades, and applies changes in that window", () => {
            expect(group.inputs).to.deep.include({
                snapshotRetentionLimit: 1, snapshotWindow: "03:00-04:00", maintenanceWindow: "sun:05:00-sun:06:00",
                autoMinorVersionUpgrade: true, applyImmediately: false,
            });
        });
        it("delivers the slow log and the engine log in JSON to two encrypted log groups with retention", () => {
            const slow = b.one(T.logGroup, "shop-dev-sessions-slow-log");
            const engine = b.one(T.logGroup, "shop-dev-sessions-engine-log");
            expect(slow.inputs).to.deep.include({ name: "/aws/elasticache/shop-dev-sessions/slow-log", kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(engine.inputs).to.deep.include({ name: "/aws/elasticache/shop-dev-sessions/engine-log", kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(group.inputs.logDeliveryConfigurations).to.deep.equal([
                { destinationType: "cloudwatch-logs", destination: "/aws/elasticache/shop-dev-sessions/slow-log", logFormat: "json", logType: "slow-log" },
                { destinationType: "cloudwatch-logs", destination: "/aws/elasticache/shop-dev-sessions/engine-log", logFormat: "json", logType: "engine-log" },
            ]);
            expect(group.propertyDependencies.logDeliveryConfigurations).to.have.members([slow.urn, engine.urn]);
        });
        it("has neither failover, Multi-AZ, a final snapshot nor protection in dev", () => {
            expect(group.inputs).to.deep.include({ automaticFailoverEnabled: false, multiAzEnabled: false });
            expect(group.inputs).not.to.have.property("finalSnapshotIdentifier");
            for (const r of b.rec.resources) expect(r.options.protect, r.name).to.equal(false);
        });
        it("tags every child", () => {
            for (const r of b.rec.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
                expect(r.inputs.tags, r.name).to.deep.include({ Team: "platform" });
            }
            expect(group.inputs.tags).to.deep.equal({ Team: "platform", Name: "shop-dev-sessions" });
        });
        it("exposes rediss:// URLs and an EndpointReference on 6379 with the clients group and no credentials", () => {
            const o = b.outputs;
            expect(o.primary).to.match(/^master\.shop-dev-sessions.*\.cache\.amazonaws\.com$/);
            expect(o.url).to.equal(`rediss://${o.primary}:6379`);
            expect(o.readerUrl).to.equal(`rediss://${o.reader}:6379`);
            expect(o.reader).to.match(/^replica\./);
            expect(o.clients).to.match(/^sg-/);
            expect(o.reference).to.deep.equal({ host: o.primary, port: 6379, cidrBlocks: NETWORK.subnetCidrBlocks, clientSecurityGroupId: o.clients });
        });
    });

    describe("a prod cache (two nodes, protected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        let group: PlanResource;
        before(async () => {
            b = await build("shop-prod-sessions", args({ nodeType: "cache.r7g.large", nodes: 2, snapshotRetentionDays: 30, protect: true }), "prod");
            group = b.one(T.group, "shop-prod-sessions");
        });

        it("fails over automatically across zones", () => {
            expect(group.inputs).to.deep.include({ numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true, clusterMode: "disabled" });
        });
        it("keeps 30 days of snapshots and a final snapshot", () => {
            expect(group.inputs).to.deep.include({ snapshotRetentionLimit: 30, finalSnapshotIdentifier: "shop-prod-sessions-final" });
        });
        it("protects the replication group and its log groups, not the network pieces", () => {
            expect(group.options.protect).to.equal(true);
            for (const g of b.of(T.logGroup)) expect(g.options.protect, g.name).to.equal(true);
            for (const r of [...b.of(T.sg), ...b.of(T.subnetGroup), ...b.of(T.ingress), ...b.of(T.egress)]) expect(r.options.protect, r.name).to.equal(false);
        });
    });

    describe("validation", () => {
        it("accepts dev and prod arguments", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ nodes: 3, protect: true, engineVersion: "7.0" }))).to.deep.equal([]);
        });
        it("refuses a protected cache of one node", () => {
            expect(problems(args({ protect: true }))).to.deep.equal([
                "nodes: '1' is not allowed; a protected cache needs at least 2 (a replica in another zone, automatic failover and Multi-AZ)",
            ]);
        });
        it("names each bad field, its value and what is allowed", () => {
            expect(problems({
                ...args(), nodeType: "t4g.micro", nodes: 7, engineVersion: "6.2", snapshotRetentionDays: 0, kmsKeyArn: "alias/aws/elasticache",
                logs: { kmsKeyArn: undefined, retentionInDays: 10 },
            })).to.deep.equal([
                "nodeType: 't4g.micro' is not allowed; expected a cache node type such as cache.t4g.micro or cache.r7g.large",
                "nodes: '7' is not allowed; expected a whole number from 1 to 6",
                "engineVersion: '6.2' is not allowed; expected one of: 7.0, 7.1",
                "snapshotRetentionDays: '0' is not allowed; expected a whole number from 1 to 35",
                "kmsKeyArn: 'alias/aws/elasticache' is not allowed; expected the ARN of a customer-managed KMS key "
                + "(arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logs.kmsKeyArn: (missing) is not allowed; expected the ARN of a customer-managed KMS key "
                + "(arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logs.retentionInDays: '10' is not allowed; expected a CloudWatch retention period: "
                + "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            ]);
        });
        it("refuses a name ElastiCache refuses as a replication group id, and a network of one subnet", () => {
            const reason = "expected a replication group id: 1-40 lowercase letters, digits or '-', starting with a letter, without '--' or a trailing '-'";
            for (const name of ["Shop-sessions", "shop--sessions", "shop-sessions-", "1shop", "ecommerce-platform-staging-eu-sessions-x1"]) {
                expect(problems(args(), name), name).to.deep.equal([`name: '${name}' is not allowed; ${reason}`]);
            }
            expect(problems(args(), "ecommerce-platform-staging-sessions")).to.deep.equal([]);
            expect(problems(args({ network: { ...NETWORK, subnetIds: ["subnet-isolated-a"] } }))).to.deep.equal([
                "network.subnetIds: '[\"subnet-isolated-a\"]' is not allowed; expected the isolated subnets' ids, at least two (two zones)",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new RedisCache("shop-dev-sessions", args({ nodes: 0 })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.equal("RedisCache: invalid arguments:\n  - nodes: '0' is not allowed; expected a whole number from 1 to 6");
            expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    });
});
