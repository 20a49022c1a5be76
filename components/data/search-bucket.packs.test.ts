/**
 * The AWS policy pack over a program that builds what the data layer will for search and buckets: the security
 * layer's keys, a VPC, the product search domain, the access-log bucket and a product-images bucket logging to it,
 * recorded as a first `pulumi preview` and as `pulumi up` (as the planner records them). Nothing may be found, mandatory
 * or advisory, in either phase, except the three findings policies/waivers.yaml waives, which must show as waived.
 */
import { expect } from "chai";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets, Vpc } from "../network/vpc";
import { SecurityLayer } from "../security/layer";
import { evaluatePacks, loadPolicyPack, Violation, WaiverHit } from "../../tools/plan/evaluate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { Bucket } from "./bucket";
import { SEARCH_ENGINE_VERSION, SearchDomain } from "./search-domain";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PREFIX = "ecommerce-platform-prod";
const CIDR = "10.20.0.0/16";

function program() {
    const security = new SecurityLayer(PREFIX, {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: "ecommerce-platform/prod", protect: true,
    });
    const vpc = new Vpc(`${PREFIX}-net`, {
        cidrBlock: CIDR, availabilityZoneCount: 3, natGateways: "perAz",
        flowLogs: { logGroupName: `/vpc/${PREFIX}-net/flow-logs`, kmsKeyArn: security.keyArn("logs") }, protect: true,
    });
    const tags = { Environment: "prod" };
    new SearchDomain(`${PREFIX}-products`, {
        domainName: "prod-products", engineVersion: SEARCH_ENGINE_VERSION,
        network: {
            vpcId: vpc.vpcId, subnetIds: vpc.isolatedSubnetIds,
            subnetCidrBlocks: planSubnets(CIDR, 3).filter((s) => s.tier === "isolated").map((s) => s.cidrBlock),
        },
        instanceType: "r7g.large.search", instanceCount: 3, zoneAwareness: true, dedicatedMasterType: "m7g.large.search", volumeSizeGiB: 100,
        kmsKeyArn: security.keyArn("search"), logs: { kmsKeyArn: security.keyArn("logs"), retentionInDays: 365 },
        masterUserName: "catalog-admin", secretsKeyArn: security.keyArn("secrets"), secretName: `${PREFIX}/search/products`,
        protect: true, tags,
    });
    // As the layer names buckets: the account id from the provider (an Output), so the name is checked when it resolves.
    const account = (purpose: string) => pulumi.interpolate`${PREFIX}-${purpose}-${aws.getCallerIdentityOutput().accountId}`;
    const logs = new Bucket(`${PREFIX}-access-logs`, {
        bucketName: account("access-logs"), purpose: "access-logs", isAccessLogDestination: true,
        lifecycle: { expirationDays: 365, noncurrentVersionExpirationDays: 30 }, protect: true, tags,
    });
    new Bucket(`${PREFIX}-product-images`, {
        bucketName: account("product-images"), purpose: "product-images", kmsKeyArn: security.keyArn("assets"),
        accessLogs: { bucketName: logs.name, prefix: "product-images/" }, lifecycle: { intelligentTieringAfterDays: 30 }, protect: true, tags,
    });
}

const describeFinding = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}: ${v.message}`;
const describeWaived = (w: WaiverHit) => `${w.policy} ${w.urn.split("::").pop()}`;

describe("data: the AWS pack over the search domain and the buckets", function () {
    this.timeout(120000);
    const phases: Record<"preview" | "up", { violations: string[]; waived: string[]; deferred: string[] }> = {} as never;

    before(async () => {
        const pack = loadPolicyPack(path.join(__dirname, "..", "..", "policies", "aws"));
        for (const phase of ["preview", "up"] as const) {
            const { resources } = await recordProgram(program, {
                project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: phase === "preview",
            });
            const evaluation = await evaluatePacks([pack], resources);
            phases[phase] = {
                violations: evaluation.violations.map(describeFinding),
                waived: evaluation.waivers.map(describeWaived),
                deferred: evaluation.unknowns.map((u) => `${u.policy} ${u.urn?.split("::").pop()}`),
            };
        }
    });

    for (const phase of ["preview", "up"] as const) {
        it(`finds no violation, mandatory or advisory (${phase})`, () => {
            expect(phases[phase].violations).to.deep.equal([]);
        });
        it(`shows exactly the three waived findings as waived (${phase})`, () => {
            expect(phases[phase].waived).to.have.members([
                `resource-policy-not-public ${PREFIX}-products`,
                `secrets-cmk-rotation ${PREFIX}-products-master-user`,
                `s3-sse-kms ${PREFIX}-access-logs`,
            ]);
        });
    }

    it("defers nothing of the domain or the buckets in preview", () => {
        expect(phases.preview.deferred.filter((d) => /products|access-logs/.test(d))).to.deep.equal([]);
    });
});
