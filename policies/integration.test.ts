/**
 * The packs over a real program: real @pulumi/aws resources recorded by the planner's recorder, so stack rules
 * are exercised on the dependencies the SDK really sends (a settings resource linked to its bucket through
 * `bucket: bucket.id`, a WAF association through `resourceArn: lb.arn`), not on hand-written fixtures.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import * as path from "path";
import { evaluatePacks, loadPolicyPack, recordProgram } from "../tools/testing/policies";

describe("policy packs over a recorded program", function () {
    this.timeout(60000);
    let found: string[];

    before(async () => {
        const { resources } = await recordProgram(() => {
            const key = new aws.kms.Key("data", { enableKeyRotation: true, description: "data" });
            // A bucket with nothing around it.
            new aws.s3.Bucket("bare", {});
            // A bucket whose settings live in separate resources, as @pulumi/aws v7 wants.
            const good = new aws.s3.Bucket("covered", {});
            new aws.s3.BucketServerSideEncryptionConfiguration("covered", {
                bucket: good.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
            });
            new aws.s3.BucketPublicAccessBlock("covered", {
                bucket: good.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            });
            new aws.ec2.SecurityGroup("ssh", {
                description: "ssh from anywhere",
                ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
            });
            // Two internet-facing ALBs, one with a WAF association (aws:alb token for the second: an alias of aws:lb).
            const acl = new aws.wafv2.WebAcl("edge", {
                scope: "REGIONAL", defaultAction: { allow: {} },
                visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "edge", sampledRequestsEnabled: true },
            });
            const logs = { bucket: "alb-logs", enabled: true };
            // The first ALB has a security group of its own, open on 443 inline and on 80 through a separate rule; the
            // second shares its group with an instance.
            const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };
            const lbSg = new aws.ec2.SecurityGroup("shielded-lb", { description: "shielded ALB", ingress: [https] });
            new aws.vpc.SecurityGroupIngressRule("shielded-lb-80", { securityGroupId: lbSg.id, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" });
            const shared = new aws.ec2.SecurityGroup("shared", { description: "ALB and instance", ingress: [https] });
            new aws.ec2.Instance("vm", { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", vpcSecurityGroupIds: [shared.id] });
            const shielded = new aws.lb.LoadBalancer("shielded", { loadBalancerType: "application", internal: false, subnets: ["subnet-1", "subnet-2"], securityGroups: [lbSg.id], accessLogs: logs, enableDeletionProtection: true });
            new aws.wafv2.WebAclAssociation("shielded", { resourceArn: shielded.arn, webAclArn: acl.arn });
            new aws.alb.LoadBalancer("exposed", { loadBalancerType: "application", internal: false, subnets: ["subnet-1", "subnet-2"], securityGroups: [shared.id], accessLogs: logs, enableDeletionProtection: true });
        }, { project: "it", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: { accountId: "123456789012", region: "eu-west-1", partition: "aws" } });
        const packs = ["aws", "kubernetes"].map((p) => loadPolicyPack(path.join(__dirname, p)));
        const evaluation = await evaluatePacks(packs, resources);
        found = evaluation.violations.map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}`);
    });

    it("reports the bare bucket through the stack rules, and not the bucket whose settings are separate resources", () => {
        expect(found).to.include.members([
            "s3-sse-kms mandatory bare",
            "s3-public-access-block mandatory bare",
            "resource-policy-tls-only mandatory bare",
        ]);
        expect(found.filter((f) => f.endsWith(" covered") && /s3-sse-kms|s3-public-access-block/.test(f))).to.deep.equal([]);
    });

    it("reports SSH open to the internet", () => {
        expect(found).to.include("sg-no-open-ingress mandatory ssh");
    });

    it("allows 80/443 on a group only an internet-facing ALB uses, linked by the SDK's dependencies, and not on a shared one", () => {
        expect(found.filter((f) => /^sg-no-open-ingress .* shielded-lb/.test(f))).to.deep.equal([]);
        expect(found).to.include("sg-no-open-ingress mandatory shared");
    });

    it("reports the ALB without a WAF association, whichever token it uses, and not the associated one", () => {
        expect(found).to.include("waf-alb mandatory exposed");
        expect(found).not.to.include("waf-alb mandatory shielded");
    });

    it("asks for WAF logging and managed rule groups on the ACL, and protect on stateful resources in prod", () => {
        expect(found).to.include("waf-acl-logging mandatory edge");
        expect(found).to.include("stateful-protect advisory data");
        expect(found).to.include("stateful-protect advisory bare");
    });
});
