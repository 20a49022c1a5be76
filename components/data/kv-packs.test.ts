/**
 * The AWS policy pack, with the repository's waivers file, over a program that builds what the data layer will for
 * the key-value stores: a VPC, the security layer's keys, the carts and workflow tables and the sessions cache, in a
 * dev and a prod stack, each recorded as a first `pulumi preview` and as `pulumi up`. The pack must find nothing,
 * mandatory or advisory, except the cache's missing AUTH, which the waiver in policies/waivers.yaml must suppress
 * (and show as waived) for exactly that replication group.
 */
import { expect } from "chai";
import { findWaiver, loadWaivers, Waiver } from "../../policies/lib/waivers";
import { Vpc } from "../network/vpc";
import { SecurityLayer } from "../security/layer";
import { evaluatePacks, Violation, WaiverHit } from "../../tools/plan/evaluate";
import { loadAwsPackWithRepositoryWaivers, REPOSITORY_WAIVERS_FILE } from "../../tools/testing/policies";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { RedisCache } from "./redis-cache";
import { CARTS_TABLE, Table, WORKFLOW_TABLE } from "./table";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PROJECT = "ecommerce-platform";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const AUTH_MESSAGE = "ElastiCache replication group requires no authentication: set authToken (or authTokenWo) or userGroupIds, "
    + "or, for clients that cannot send AUTH, waive this policy for the group or set allowNetworkIsolationOnly.";

type Stack = "dev" | "prod";

function program(stack: Stack) {
    const prod = stack === "prod";
    const prefix = `${PROJECT}-${stack}`;
    const security = new SecurityLayer(prefix, {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: `${PROJECT}/${stack}`, protect: prod,
    });
    const vpc = new Vpc(`${prefix}-net`, {
        cidrBlock: "10.20.0.0/16", availabilityZoneCount: prod ? 3 : 2, natGateways: prod ? "perAz" : "single",
        flowLogs: { logGroupName: `/vpc/${prefix}-net/flow-logs`, kmsKeyArn: security.keyArn("logs") }, protect: prod,
    });
    const tags = { Environment: stack };
    new Table(`${prefix}-carts`, { ...CARTS_TABLE, tableName: `${prefix}-carts`, kmsKeyArn: security.keyArn("carts"), protect: prod, tags });
    new Table(`${prefix}-workflow`, { ...WORKFLOW_TABLE, tableName: `${prefix}-workflow`, kmsKeyArn: security.keyArn("carts"), protect: prod, tags });
    new RedisCache(`${prefix}-sessions`, {
        network: { vpcId: vpc.vpcId, subnetIds: vpc.isolatedSubnetIds, subnetCidrBlocks: vpc.isolatedSubnetCidrBlocks },
        nodeType: prod ? "cache.r7g.large" : "cache.t4g.micro", nodes: prod ? 2 : 1, snapshotRetentionDays: prod ? 30 : 1,
        kmsKeyArn: security.keyArn("sessions"), logs: { kmsKeyArn: security.keyArn("logs"), retentionInDays: prod ? 365 : 30 },
        protect: prod, tags,
    });
}

const short = (urn: string | null | undefined) => urn?.split("::").pop();
const describeFinding = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${short(v.urn)}: ${v.message}`;

describe("data: the AWS pack over the tables and the sessions cache, with the repository's waivers", function () {
    this.timeout(120000);
    interface Phase { mandatory: string[]; advisory: string[]; deferred: string[]; waived: WaiverHit[]; types: string[]; cacheUrn: string }
    const results: Record<string, Phase> = {};
    let waivers: Waiver[];

    before(async () => {
        const pack = loadAwsPackWithRepositoryWaivers();
        waivers = loadWaivers(REPOSITORY_WAIVERS_FILE);
        for (const stack of ["dev", "prod"] as const) {
            for (const phase of ["preview", "up"] as const) {
                const { resources } = await recordProgram(() => program(stack), {
                    project: PROJECT, stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: phase === "preview",
                });
                const evaluation = await evaluatePacks([pack], resources);
                results[`${stack} ${phase}`] = {
                    mandatory: evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").map(describeFinding),
                    advisory: evaluation.violations.filter((v) => v.enforcementLevel === "advisory").map(describeFinding),
                    deferred: evaluation.unknowns.map((u) => `${u.policy} ${short(u.urn)}`),
                    waived: evaluation.waivers,
                    types: [...new Set(resources.map((r) => r.type))],
                    cacheUrn: resources.find((r) => r.type === RG)!.urn,
                };
            }
        }
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records both tables and the cache with its network and logs (${key})`, () => {
                expect(results[key].types).to.include.members([
                    "aws:dynamodb/table:Table", RG, "aws:elasticache/subnetGroup:SubnetGroup", "aws:cloudwatch/logGroup:LogGroup",
                    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:kms/key:Key",
                ]);
            });
            it(`finds no violation, mandatory or advisory (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].advisory).to.deep.equal([]);
            });
            it(`shows the cache's missing AUTH as waived, with the reviewed reason, and nothing else (${key})`, () => {
                const { waived, cacheUrn } = results[key];
                expect(waived.map((w) => `${w.policy} ${short(w.urn)}: ${w.message}`)).to.deep.equal([
                    `elasticache-encryption-auth ${PROJECT}-${stack}-sessions: ${AUTH_MESSAGE}`,
                ]);
                expect(waived[0].urn).to.equal(cacheUrn);
                expect(waived[0].reason).to.equal(waivers[0].reason).and.to.match(/no setting to send Redis AUTH/);
            });
            it(`defers no check in either phase (${key})`, () => {
                expect(results[key].deferred).to.deep.equal([]);
            });
        }
    }

    it("the waiver covers exactly the sessions replication group of a RedisCache of this project, for that rule only", () => {
        const urn = (stack: string, project: string, types: string, name: string) => `urn:pulumi:${stack}::${project}::${types}::${name}`;
        const rg = `platform:data:RedisCache$${RG}`;
        const waived = (policy: string, u: string) => findWaiver(waivers, policy, u) !== undefined;
        expect(waived("elasticache-encryption-auth", urn("dev", PROJECT, rg, `${PROJECT}-dev-sessions`))).to.equal(true);
        expect(waived("elasticache-encryption-auth", urn("staging", PROJECT, `platform:data:DataLayer$${rg}`, `${PROJECT}-staging-sessions`))).to.equal(true);
        // Not another rule, another replication group, one built without RedisCache, the cache's security group or another project.
        expect(waived("elasticache-backup-ha", urn("prod", PROJECT, rg, `${PROJECT}-prod-sessions`))).to.equal(false);
        expect(waived("elasticache-encryption-auth", urn("prod", PROJECT, rg, `${PROJECT}-prod-orders-cache`))).to.equal(false);
        expect(waived("elasticache-encryption-auth", urn("prod", PROJECT, RG, `${PROJECT}-prod-sessions`))).to.equal(false);
        expect(waived("sg-no-open-ingress", urn("prod", PROJECT, "platform:data:RedisCache$aws:ec2/securityGroup:SecurityGroup", `${PROJECT}-prod-sessions`))).to.equal(false);
        expect(waived("elasticache-encryption-auth", urn("prod", "team-shop", rg, `${PROJECT}-prod-sessions`))).to.equal(false);
        expect(waivers.filter((w) => w.policy === "elasticache-encryption-auth")).to.have.length(1);
        // Why the waiver is a URN glob: a glob is matched against the whole URN, so a bare name glob matches nothing.
        const bare: Waiver[] = [{ ...waivers[0], resource: `${PROJECT}-*-sessions` }];
        expect(findWaiver(bare, "elasticache-encryption-auth", urn("dev", PROJECT, rg, `${PROJECT}-dev-sessions`))).to.equal(undefined);
    });
});
