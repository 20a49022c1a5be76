import { expect } from "chai";
import { awsPackRuns, PackRun } from "../../tools/testing/policies";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { SecurityLayer, SecurityLayerConfig } from "./layer";

const SINGLETONS = ["platform:security:SecurityHub", "platform:security:ThreatDetection", "platform:security:AccessAnalyzer",
    "aws:securityhub/account:Account", "aws:guardduty/detector:Detector", "aws:accessanalyzer/analyzer:Analyzer"];

function layer(stack: "dev" | "prod", config: Partial<SecurityLayerConfig> = {}): SecurityLayer {
    const prefix = `ecommerce-platform-${stack}`;
    return new SecurityLayer(prefix, {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [], securityBaseline: true, trailDataEvents: stack === "prod", ...config },
        aliasPrefix: `ecommerce-platform/${stack}`,
        baseline: { namePrefix: prefix, logRetentionDays: stack === "prod" ? 365 : 30 },
        protect: stack === "prod",
    });
}

function record(program: () => unknown): Promise<Recording> {
    return recordProgram(program, {
        project: "ecommerce-platform", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012"),
    });
}

describe("security/SecurityLayer baseline", () => {
    it("composes the trail (with the audit and logs keys, the boundary) and the three singletons by default", async () => {
        let l: SecurityLayer | undefined;
        const rec = await record(() => { l = layer("prod"); });
        for (const t of SINGLETONS) expect(rec.resources.filter((r) => r.type === t), t).to.have.length(1);
        expect(l!.trail && l!.securityHub && l!.guardDuty && l!.accessAnalyzer).to.not.equal(undefined);
        const trail = rec.resources.find((r) => r.type === "aws:cloudtrail/trail:Trail")!;
        const key = (domain: string) => rec.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith(`-${domain}`))!;
        expect(trail.propertyDependencies.kmsKeyId).to.deep.equal([key("audit").urn]);
        expect(rec.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.propertyDependencies.kmsKeyId).to.deep.equal([key("logs").urn]);
        expect(rec.resources.find((r) => r.type === "aws:iam/role:Role")!.propertyDependencies.permissionsBoundary)
            .to.deep.equal([rec.resources.find((r) => r.type === "aws:iam/policy:Policy")!.urn]);
        expect((trail.inputs.advancedEventSelectors as unknown[]).length).to.equal(3);
    });
    it("securityBaseline: false creates none of Security Hub, GuardDuty and Access Analyzer; the trail stays", async () => {
        let l: SecurityLayer | undefined;
        const rec = await record(() => { l = layer("prod", { securityBaseline: false }); });
        for (const t of SINGLETONS) expect(rec.resources.filter((r) => r.type === t), t).to.deep.equal([]);
        expect(rec.resources.filter((r) => /^aws:(securityhub|guardduty|accessanalyzer)\//.test(r.type))).to.deep.equal([]);
        expect([l!.securityHub, l!.guardDuty, l!.accessAnalyzer]).to.deep.equal([undefined, undefined, undefined]);
        expect(rec.resources.filter((r) => r.type === "aws:cloudtrail/trail:Trail")).to.have.length(1);
    });
    it("without baseline args the layer is keys and boundary only (what component tests build on)", async () => {
        const rec = await record(() => new SecurityLayer("x", { config: { kmsDeletionWindowDays: 7, keyAdminRoleArns: [] }, aliasPrefix: "x/dev", protect: false }));
        expect(rec.resources.filter((r) => /cloudtrail|securityhub|guardduty|accessanalyzer/.test(r.type))).to.deep.equal([]);
    });

    describe("the AWS pack over the security layer", () => {
        let runs: Record<string, PackRun>;
        before(async function () {
            this.timeout(300_000);
            runs = await awsPackRuns({ dev: { stack: "dev", program: () => { layer("dev"); } }, prod: { stack: "prod", program: () => { layer("prod"); } } });
        });
        for (const key of ["dev preview", "dev up", "prod preview", "prod up"]) {
            it(`finds no mandatory violation, the trail, bucket and log group rules included (${key})`, () => {
                expect(runs[key].counts).to.deep.include({ "aws:cloudtrail/trail:Trail": 1, "aws:s3/bucket:Bucket": 1, "aws:cloudwatch/logGroup:LogGroup": 1 });
                expect(runs[key].mandatory).to.deep.equal([]);
                expect(runs[key].waived).to.deep.equal([]);
            });
        }
        it("protects the trail, its bucket and its log group in prod only", () => {
            const protectedTypes = (key: string) => runs[key].resources.filter((r) => r.options.protect && !r.type.startsWith("aws:kms/")).map((r) => r.type);
            expect(protectedTypes("prod up")).to.include.members(["aws:cloudtrail/trail:Trail", "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup"]);
            expect(protectedTypes("dev up")).to.deep.equal([]);
        });
    });
});
