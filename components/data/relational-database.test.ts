import { expect } from "chai";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Vpc, planSubnets } from "../network/vpc";
import { SecurityLayer } from "../security/layer";
import { ComponentArgsError } from "../shared/validate";
import { evaluatePacks, loadPolicyPack, Violation } from "../../tools/plan/evaluate";
import { cloudContextFor, MockCloud, MockResourceArgs } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import {
    CA_CERT_IDENTIFIER, ENGINES, logGroupNames, masterSecretArn, RECOMMENDED_ENGINE_VERSIONS, RelationalDatabase,
    RelationalDatabaseArgs, validateRelationalDatabaseArgs,
} from "./relational-database";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const DATA_KEY = key("11111111-0000-4000-a000-000000000001");
const LOGS_KEY = key("11111111-0000-4000-a000-000000000002");
const SUBNETS = ["subnet-isolated-a", "subnet-isolated-b"];
const CIDRS = ["10.20.160.0/22", "10.20.164.0/22"];

const T = {
    instance: "aws:rds/instance:Instance",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
};

function args(over: Partial<RelationalDatabaseArgs> = {}): RelationalDatabaseArgs {
    return {
        engine: "postgres",
        engineVersion: RECOMMENDED_ENGINE_VERSIONS.postgres,
        databaseName: "orders",
        instanceClass: "db.t4g.medium",
        allocatedStorageGiB: 20,
        maxAllocatedStorageGiB: 100,
        multiAz: false,
        backupRetentionDays: 7,
        network: { vpcId: "vpc-0123456789abcdef0", subnetIds: SUBNETS, subnetCidrBlocks: CIDRS },
        kmsKeyArn: DATA_KEY,
        logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 30 },
        tags: { Team: "orders" },
        ...over,
    };
}

const MYSQL: Partial<RelationalDatabaseArgs> = { engine: "mysql", engineVersion: RECOMMENDED_ENGINE_VERSIONS.mysql, databaseName: "catalog" };

function record(program: () => unknown, stack = "dev"): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

/** Build one RelationalDatabase under fresh mocks and index what was recorded. */
async function build(name: string, a: RelationalDatabaseArgs) {
    let db: RelationalDatabase | undefined;
    const rec = await record(() => {
        db = new RelationalDatabase(name, a);
        return { address: db.address, clients: db.reference.clientSecurityGroupId };
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, n: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type && r.name === n);
        expect(found, `${type}::${n}`).to.have.length(1);
        return found[0];
    };
    return { rec, of, one, db: db!, outputs: rec.outputs as Record<string, string> };
}

function problems(a: unknown, name = "orders"): string[] {
    try {
        validateRelationalDatabaseArgs(name, a as RelationalDatabaseArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

/** Every key anywhere in a recorded value (to look for a password input at any depth). */
function keysOf(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) { out.push(k); keysOf(v, out); }
    return out;
}

describe("data/RelationalDatabase", () => {
    describe("validation", () => {
        it("accepts the recommended arguments of both engines, dev and prod", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args(MYSQL), "catalog")).to.deep.equal([]);
            expect(problems(args({ protect: true, multiAz: true, backupRetentionDays: 30, instanceClass: "db.m7g.large" }))).to.deep.equal([]);
        });
        it("refuses an unknown engine, and a version not pinned for the engine", () => {
            expect(problems(args({ engine: "oracle-ee" as never }))).to.deep.equal([
                "engine: 'oracle-ee' is not allowed; expected one of: postgres, mysql",
            ]);
            expect(problems(args({ engineVersion: "8.4" }))).to.deep.equal([
                "engineVersion: '8.4' is not allowed; expected a major version pinned for postgres: 16, 17 (recommended: 17)",
            ]);
            expect(problems(args({ ...MYSQL, engineVersion: "8.0" }))).to.deep.equal([
                "engineVersion: '8.0' is not allowed; expected a major version pinned for mysql: 8.4 (recommended: 8.4)",
            ]);
        });
        it("refuses names RDS or the engine would refuse", () => {
            expect(problems(args(), "Orders")).to.deep.equal([
                "name: 'Orders' is not allowed; expected an RDS identifier: 1-40 lowercase letters, digits or '-', starting with a letter, no '--', not ending with '-'",
            ]);
            expect(problems(args(), "orders--db")).to.have.length(1);
            expect(problems(args(), "orders-")).to.have.length(1);
            expect(problems(args({ databaseName: "orders-db" }))).to.deep.equal([
                "databaseName: 'orders-db' is not allowed; expected 1-63 lowercase letters, digits or '_', starting with a letter, not one of the "
                + "engines' own databases (postgres, template0, template1, rdsadmin, mysql, sys, information_schema, performance_schema)",
            ]);
            expect(problems(args({ databaseName: "postgres" }))).to.have.length(1);
            expect(problems(args({ masterUsername: "rdsadmin" }))).to.deep.equal([
                "masterUsername: 'rdsadmin' is not allowed; expected 1-16 lowercase letters, digits or '_', starting with a letter, not starting with 'rds' (RDS's own users)",
            ]);
            expect(problems(args({ masterUsername: "a_very_long_user_name" }))).to.have.length(1);
        });
        it("refuses a malformed instance class, and MySQL on a class without Performance Insights", () => {
            expect(problems(args({ instanceClass: "t4g.medium" }))).to.deep.equal([
                "instanceClass: 't4g.medium' is not allowed; expected an RDS instance class db.<family>.<size>, such as db.t4g.medium or db.m7g.large",
            ]);
            expect(problems(args({ instanceClass: "db.t4g.micro" }))).to.deep.equal([]);
            expect(problems(args({ ...MYSQL, instanceClass: "db.t4g.micro" }))).to.deep.equal([
                "instanceClass: 'db.t4g.micro' is not allowed; RDS for MySQL has no Performance Insights on db.t2.micro, db.t2.small, db.t3.micro, "
                + "db.t3.small, db.t4g.micro, db.t4g.small; use db.t4g.medium or larger",
            ]);
        });
        it("refuses storage outside gp3's range and an autoscaling ceiling less than 10% above it", () => {
            expect(problems(args({ allocatedStorageGiB: 10, maxAllocatedStorageGiB: 100 }))).to.deep.equal([
                "allocatedStorageGiB: '10' is not allowed; expected a whole number from 20 to 65536",
            ]);
            expect(problems(args({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 105 }))).to.deep.equal([
                "maxAllocatedStorageGiB: '105' is not allowed; expected a whole number from 110 to 65536 (storage autoscaling needs a ceiling at least 10% above allocatedStorageGiB)",
            ]);
            expect(problems(args({ multiAz: "yes" as never }))).to.deep.equal([
                "multiAz: 'yes' is not allowed; expected true (a standby in a second zone) or false",
            ]);
        });
        it("refuses backups outside 1-35 days, and less than a week when protected", () => {
            expect(problems(args({ backupRetentionDays: 0 }))).to.deep.equal([
                "backupRetentionDays: '0' is not allowed; expected a whole number of days from 1 to 35",
            ]);
            expect(problems(args({ backupRetentionDays: 36 }))).to.have.length(1);
            expect(problems(args({ backupRetentionDays: 3, protect: true }))).to.deep.equal([
                "backupRetentionDays: '3' is not allowed; expected a whole number of days from 7 to 35 (a protected database keeps at least a week of backups)",
            ]);
        });
        it("refuses a network without two isolated subnets, and missing or aliased keys", () => {
            expect(problems(args({ network: { vpcId: "", subnetIds: ["subnet-a"], subnetCidrBlocks: ["10.0.0.0/33"] } }))).to.deep.equal([
                "network.vpcId: '' is not allowed; expected the VPC's id",
                "network.subnetIds: '[\"subnet-a\"]' is not allowed; expected the isolated subnets' ids, at least two (two zones)",
                "network.subnetCidrBlocks: '[\"10.0.0.0/33\"]' is not allowed; expected the isolated subnets' IPv4 CIDR blocks",
            ]);
            expect(problems(args({ kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/rds` }))).to.deep.equal([
                `kmsKeyArn: 'arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/rds' is not allowed; expected the data domain's customer-managed KMS key ARN `
                + "(arn:aws:kms:<region>:<account>:key/<id>; not an alias)",
            ]);
            expect(problems(args({ kmsKeyArn: undefined as never, logs: { kmsKeyArn: "", retentionInDays: 10 } }))).to.deep.equal([
                "kmsKeyArn: (missing) is not allowed; expected the data domain's customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; not an alias)",
                "logs.kmsKeyArn: '' is not allowed; a KMS key ARN is required: the exported logs are always encrypted with a CMK",
                "logs.retentionInDays: '10' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, "
                + "400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            ]);
        });
        it("registers nothing, not even the component, when an argument is wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new RelationalDatabase("orders", args({ engineVersion: "9" })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.equal("RelationalDatabase: invalid arguments:\n"
                + "  - engineVersion: '9' is not allowed; expected a major version pinned for postgres: 16, 17 (recommended: 17)");
            expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    });

    describe("engines", () => {
        it("pins a parameter group family for every version, the recommended one included", () => {
            expect(ENGINES.postgres.versions[RECOMMENDED_ENGINE_VERSIONS.postgres as "17"].family).to.equal("postgres17");
            expect(ENGINES.mysql.versions[RECOMMENDED_ENGINE_VERSIONS.mysql as "8.4"].family).to.equal("mysql8.4");
        });
        it("names the exported log groups as RDS does", () => {
            expect(logGroupNames("orders", "postgres")).to.deep.equal(["/aws/rds/instance/orders/postgresql", "/aws/rds/instance/orders/upgrade"]);
            expect(logGroupNames("catalog", "mysql")).to.deep.equal(["/aws/rds/instance/catalog/error", "/aws/rds/instance/catalog/slowquery"]);
        });
        it("reads the master secret's ARN from masterUserSecrets, and makes none up", () => {
            const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-1234-AbCdEf`;
            expect(masterSecretArn([{ secretArn: arn }])).to.equal(arn);
            expect(masterSecretArn(undefined)).to.equal(undefined);
            expect(masterSecretArn([])).to.equal(undefined);
        });
    });

    describe("a PostgreSQL database in dev", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build("orders", args()); });

        it("creates the instance, its network, parameters, log groups and monitoring role under the component", () => {
            const component = b.rec.resources.find((r) => r.type === "platform:data:RelationalDatabase")!;
            const children = b.rec.resources.filter((r) => r.parent === component.urn).map((r) => `${r.type}::${r.name}`);
            expect(children).to.have.members([
                `${T.sg}::orders`, `${T.sg}::orders-clients`, `${T.ingress}::orders-from-clients`, `${T.egress}::orders-clients-to-store`,
                `${T.subnetGroup}::orders`, `${T.parameterGroup}::orders-params`,
                `${T.logGroup}::orders-log-postgresql`, `${T.logGroup}::orders-log-upgrade`,
                `${T.role}::orders-monitoring`, `${T.attachment}::orders-monitoring`, `${T.instance}::orders`,
            ]);
        });
        it("encrypts storage, Performance Insights and the master secret with the domain key", () => {
            const i = b.one(T.instance, "orders").inputs;
            expect(i).to.include({
                storageEncrypted: true, kmsKeyId: DATA_KEY, performanceInsightsEnabled: true, performanceInsightsKmsKeyId: DATA_KEY,
                performanceInsightsRetentionPeriod: 7, masterUserSecretKmsKeyId: DATA_KEY, storageType: "gp3",
            });
        });
        it("runs the pinned engine with minor upgrades, no Extended Support, and the RSA 2048 CA", () => {
            expect(b.one(T.instance, "orders").inputs).to.include({
                identifier: "orders", engine: "postgres", engineVersion: "17", autoMinorVersionUpgrade: true,
                engineLifecycleSupport: "open-source-rds-extended-support-disabled", caCertIdentifier: CA_CERT_IDENTIFIER,
                instanceClass: "db.t4g.medium", dbName: "orders", username: "app", port: 5432,
                allocatedStorage: 20, maxAllocatedStorage: 100, multiAz: false, applyImmediately: false,
                iamDatabaseAuthenticationEnabled: false,
            });
        });
        it("is never public: in the isolated subnets, behind the store's security group only", () => {
            const i = b.one(T.instance, "orders");
            expect(i.inputs.publiclyAccessible).to.equal(false);
            expect(b.one(T.subnetGroup, "orders").inputs.subnetIds).to.deep.equal(SUBNETS);
            expect(i.inputs.dbSubnetGroupName).to.equal(b.one(T.subnetGroup, "orders").outputs.name);
            const store = b.one(T.sg, "orders");
            expect(i.propertyDependencies.vpcSecurityGroupIds).to.deep.equal([store.urn]);
            expect(i.inputs.vpcSecurityGroupIds).to.have.length(1);
        });
        it("admits only the clients group, on 5432", () => {
            const ingress = b.of(T.ingress);
            expect(ingress).to.have.length(1);
            expect(ingress[0].inputs).to.include({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });
            expect(ingress[0].inputs).to.not.have.any.keys("cidrIpv4", "cidrIpv6", "prefixListId");
            expect(ingress[0].propertyDependencies.securityGroupId).to.deep.equal([b.one(T.sg, "orders").urn]);
            expect(ingress[0].propertyDependencies.referencedSecurityGroupId).to.deep.equal([b.one(T.sg, "orders-clients").urn]);
            expect(b.one(T.sg, "orders").inputs.description).to.equal("PostgreSQL orders: reachable on 5432 from its clients group only");
        });
        it("forces TLS and logs slow statements through a postgres17 parameter group", () => {
            const pg = b.one(T.parameterGroup, "orders-params");
            expect(pg.inputs.family).to.equal("postgres17");
            expect(pg.inputs.parameters).to.deep.include({ name: "rds.force_ssl", value: "1" });
            expect(pg.inputs.parameters).to.deep.include({ name: "log_min_duration_statement", value: "1000" });
            expect(b.one(T.instance, "orders").propertyDependencies.parameterGroupName).to.deep.equal([pg.urn]);
        });
        it("exports its logs to log groups created first, with the logs key and the retention", () => {
            const groups = b.of(T.logGroup);
            expect(groups.map((g) => g.inputs.name)).to.deep.equal(logGroupNames("orders", "postgres"));
            for (const g of groups) expect(g.inputs).to.include({ kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            const instance = b.one(T.instance, "orders");
            expect(instance.inputs.enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
            expect(instance.options.dependsOn).to.include.members(groups.map((g) => g.urn));
        });
        it("monitors with a role only RDS monitoring of this instance can assume, with the AWS managed policy", () => {
            const role = b.one(T.role, "orders-monitoring");
            expect(JSON.parse(role.inputs.assumeRolePolicy as string)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders` } },
                }],
            });
            expect(b.one(T.attachment, "orders-monitoring").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
            const instance = b.one(T.instance, "orders");
            expect(instance.inputs.monitoringInterval).to.equal(60);
            expect(instance.propertyDependencies.monitoringRoleArn).to.deep.equal([role.urn]);
            expect(instance.options.dependsOn).to.include(b.one(T.attachment, "orders-monitoring").urn);
        });
        it("has no protection in dev: no protect option, no deletion protection, no final snapshot", () => {
            const i = b.one(T.instance, "orders");
            expect(i.options.protect).to.equal(false);
            expect(i.inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true, deleteAutomatedBackups: true, backupRetentionPeriod: 7, copyTagsToSnapshot: true });
            expect(i.inputs).to.not.have.property("finalSnapshotIdentifier");
            for (const g of b.of(T.logGroup)) expect(g.options.protect).to.equal(false);
        });
        it("lets RDS manage the master password: no password input anywhere, no secret or random password of ours", () => {
            const i = b.one(T.instance, "orders");
            expect(i.inputs.manageMasterUserPassword).to.equal(true);
            const passwordKeys = b.rec.resources.flatMap((r) => keysOf(r.inputs)).filter((k) => /password/i.test(k));
            expect([...new Set(passwordKeys)]).to.deep.equal(["manageMasterUserPassword"]);
            expect(b.rec.resources.map((r) => r.type)).to.not.include.members(["aws:secretsmanager/secret:Secret", "random:index/randomPassword:RandomPassword"]);
        });
        it("tags every taggable child with the component's tags and a Name", () => {
            for (const r of b.rec.resources.filter((x) => x.custom && x.type !== T.attachment)) {
                expect(r.inputs.tags, r.name).to.deep.include({ Team: "orders", Name: r.name });
            }
        });
        it("hands out a reference: the address, the port, the subnets' CIDRs, the clients group and the master secret", () => {
            const ref = b.db.reference;
            expect(ref.port).to.equal(5432);
            expect(ref.cidrBlocks).to.deep.equal(CIDRS);
            expect(ref.host).to.equal(b.db.address);
            expect(ref.credentialsSecretId).to.equal(b.db.secretArn);
            expect(b.outputs.address).to.equal(b.one(T.instance, "orders").outputs.address);
            expect(b.outputs.address).to.match(/\.eu-west-1\.rds\.amazonaws\.com$/);
            expect(b.outputs.clients).to.match(/^sg-/);
            expect(b.outputs.clients).to.not.equal(b.rec.resources.find((r) => r.type === T.sg && r.name === "orders")!.outputs.id);
            expect(b.db.port).to.equal(5432);
            expect(b.db.identifier).to.equal("orders");
        });
    });

    describe("the master secret's ARN, from what RDS reports", () => {
        // The mock cloud does not model the RDS-managed secret: answer as RDS does (one secret in masterUserSecrets).
        type NewResource = (this: MockCloud, a: MockResourceArgs) => ReturnType<MockCloud["newResource"]>;
        const original = Object.getOwnPropertyDescriptor(MockCloud.prototype, "newResource")!.value as NewResource;
        const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-0f4b1c2d-AbCdEf`;
        before(() => {
            MockCloud.prototype.newResource = function (this: MockCloud, a: MockResourceArgs) {
                const answer = original.call(this, a);
                if (a.type === T.instance && a.inputs?.manageMasterUserPassword && !this.options.preview) {
                    answer.state.masterUserSecrets = [{ secretArn: SECRET, kmsKeyId: a.inputs.masterUserSecretKmsKeyId, secretStatus: "active" }];
                }
                return answer;
            };
        });
        after(() => { MockCloud.prototype.newResource = original; });

        it("is the reference's credentialsSecretId and the secretArn output", async () => {
            let fromReference: unknown;
            const rec = await record(() => {
                const db = new RelationalDatabase("orders", args());
                pulumi.output(db.reference.credentialsSecretId).apply((v) => { fromReference = v; });
                return { secretArn: db.secretArn };
            });
            expect(rec.outputs.secretArn).to.equal(SECRET);
            expect(fromReference).to.equal(SECRET);
        });
    });

    describe("a MySQL database in prod", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build("catalog", args({ ...MYSQL, protect: true, multiAz: true, backupRetentionDays: 30, instanceClass: "db.m7g.large",
                allocatedStorageGiB: 50, maxAllocatedStorageGiB: 200, logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 365 } }));
        });

        it("does not require TLS (the catalog image connects without it) and logs slow queries to a file", () => {
            const pg = b.one(T.parameterGroup, "catalog-params");
            expect(pg.inputs.family).to.equal("mysql8.4");
            expect(pg.inputs.parameters).to.have.deep.members([
                { name: "require_secure_transport", value: "0" }, { name: "slow_query_log", value: "1" },
                { name: "long_query_time", value: "1" }, { name: "log_output", value: "FILE" },
            ]);
        });
        it("runs MySQL on 3306, admitting only its clients group there", () => {
            expect(b.one(T.instance, "catalog").inputs).to.include({ engine: "mysql", engineVersion: "8.4", port: 3306, multiAz: true });
            expect(b.one(T.ingress, "catalog-from-clients").inputs).to.include({ fromPort: 3306, toPort: 3306 });
            expect(b.db.reference.port).to.equal(3306);
        });
        it("exports the error and slow query logs (not the general log)", () => {
            expect(b.one(T.instance, "catalog").inputs.enabledCloudwatchLogsExports).to.deep.equal(["error", "slowquery"]);
            expect(b.of(T.logGroup).map((g) => g.inputs.name)).to.deep.equal(logGroupNames("catalog", "mysql"));
        });
        it("is protected in prod: protect option, deletion protection, a final snapshot and the backups kept", () => {
            const i = b.one(T.instance, "catalog");
            expect(i.options.protect).to.equal(true);
            expect(i.inputs).to.include({
                deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "catalog-final", deleteAutomatedBackups: false,
                backupRetentionPeriod: 30,
            });
            for (const g of b.of(T.logGroup)) {
                expect(g.options.protect, g.name).to.equal(true);
                expect(g.inputs.retentionInDays).to.equal(365);
            }
        });
    });

    describe("the AWS policy pack over a VPC, the security layer's keys and both databases", function () {
        this.timeout(120000);
        const CIDR = "10.20.0.0/16";
        const isolated = planSubnets(CIDR, 3).filter((s) => s.tier === "isolated").map((s) => s.cidrBlock);
        const describeFinding = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}: ${v.message}`;
        const phases: Record<string, { violations: string[]; deferred: string[]; types: string[] }> = {};

        function program(stack: "dev" | "prod", protect = stack === "prod") {
            return () => {
                const prod = stack === "prod";
                const security = new SecurityLayer(`shop-${stack}`, {
                    config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: `shop/${stack}`, protect: prod,
                });
                const vpc = new Vpc(`shop-${stack}-net`, {
                    cidrBlock: CIDR, availabilityZoneCount: 3, natGateways: "single",
                    flowLogs: { logGroupName: `/vpc/shop-${stack}-net/flow-logs`, kmsKeyArn: security.keyArn("logs") }, protect: prod,
                });
                const network = { vpcId: vpc.vpcId, subnetIds: vpc.isolatedSubnetIds, subnetCidrBlocks: isolated };
                const common = {
                    multiAz: prod, backupRetentionDays: prod ? 30 : 7, network, protect,
                    logs: { kmsKeyArn: security.keyArn("logs"), retentionInDays: prod ? 365 : 30 }, tags: { Environment: stack },
                    instanceClass: prod ? "db.m7g.large" : "db.t4g.medium", allocatedStorageGiB: 20, maxAllocatedStorageGiB: 100,
                };
                new RelationalDatabase(`shop-${stack}-orders`, {
                    ...common, engine: "postgres", engineVersion: RECOMMENDED_ENGINE_VERSIONS.postgres, databaseName: "orders", kmsKeyArn: security.keyArn("orders"),
                });
                new RelationalDatabase(`shop-${stack}-catalog`, {
                    ...common, engine: "mysql", engineVersion: RECOMMENDED_ENGINE_VERSIONS.mysql, databaseName: "catalog", kmsKeyArn: security.keyArn("catalog"),
                });
            };
        }

        before(async () => {
            const packs = [loadPolicyPack(path.join(__dirname, "..", "..", "policies", "aws"))];
            for (const stack of ["dev", "prod"] as const) {
                for (const phase of ["preview", "up"] as const) {
                    const { resources } = await recordProgram(program(stack), {
                        project: "ecommerce-platform", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: phase === "preview",
                    });
                    const evaluation = await evaluatePacks(packs, resources);
                    phases[`${stack} ${phase}`] = {
                        violations: evaluation.violations.map(describeFinding),
                        deferred: evaluation.unknowns.map((u) => `${u.policy} ${u.urn?.split("::").pop()}`),
                        types: [...new Set(resources.map((r) => r.type))],
                    };
                }
            }
        });

        for (const stack of ["dev", "prod"]) {
            for (const phase of ["preview", "up"]) {
                it(`finds nothing, mandatory or advisory (${stack}, ${phase})`, () => {
                    const p = phases[`${stack} ${phase}`];
                    expect(p.types).to.include.members([T.instance, T.parameterGroup, T.subnetGroup, T.role]);
                    expect(p.violations).to.deep.equal([]);
                });
            }
        }
        it("sees the databases: unprotected in prod, both are reported (deletion protection mandatory, protect advisory)", async () => {
            const packs = [loadPolicyPack(path.join(__dirname, "..", "..", "policies", "aws"))];
            const { resources } = await recordProgram(program("prod", false), {
                project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT),
            });
            const found = (await evaluatePacks(packs, resources)).violations.filter((v) => /orders|catalog/.test(v.urn ?? "")).map(describeFinding);
            expect(found).to.have.members(["shop-prod-orders", "shop-prod-catalog"].flatMap((db) => [
                `rds-backup-deletion mandatory ${db}: RDS instance in a protected stack must set deletionProtection: true (it is false).`,
                `stateful-protect advisory ${db}: RDS instance in a protected stack must have the protect resource option ({ protect: true }).`,
            ]));
        });
        it("runs every check on the databases in preview (nothing deferred there)", () => {
            const onDatabases = (k: string) => phases[k].deferred.filter((d) => /orders|catalog/.test(d));
            expect(onDatabases("dev preview")).to.deep.equal([]);
            expect(onDatabases("prod preview")).to.deep.equal([]);
        });
    });
});
