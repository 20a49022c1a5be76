import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { MANAGED_RULE_GROUPS, validateWebAclArgs, WebAcl, WebAclArgs } from "./web-acl";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000b`;
const US_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000c`;
const T = {
    component: "platform:edge:WebAcl",
    acl: "aws:wafv2/webAcl:WebAcl",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
};
const STAGE_ARN = `arn:aws:apigateway:${REGION}::/restapis/abc123/stages/v1`;

function args(over: Partial<WebAclArgs> = {}): WebAclArgs {
    return { aclName: "shop-dev-edge", scope: "REGIONAL", logs: { kmsKeyArn: KEY, retentionInDays: 30 }, tags: { Team: "platform" }, ...over };
}

function record(program: () => unknown, region = REGION, preview = false): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": region }, cloud: cloudContextFor(region, ACCOUNT), preview });
}

async function build(a: WebAclArgs, associate?: string) {
    const rec = await record(() => {
        const acl = new WebAcl("edge", a);
        if (associate) acl.associate("partner-api", associate);
        return { arn: acl.arn, id: acl.id, name: acl.name, logGroupName: acl.logGroupName };
    });
    const one = (type: string) => {
        const found = rec.resources.filter((r) => r.type === type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    const acl = one(T.acl);
    return {
        rec, acl, one,
        component: one(T.component),
        rules: acl.inputs.rules as any[],
        rule: (name: string) => (acl.inputs.rules as any[]).find((r) => r.name === name),
        outputs: rec.outputs as Record<string, any>,
    };
}

function problems(a: unknown, placement?: Parameters<typeof validateWebAclArgs>[1]): string[] {
    try {
        validateWebAclArgs(a as WebAclArgs, placement);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

const BASELINE = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"];

describe("edge/WebAcl", () => {
    describe("defaults: REGIONAL, associated with a stage", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args(), STAGE_ARN); });

        it("creates the ACL, its log group, log policy, logging configuration and the association under the component", () => {
            for (const type of [T.acl, T.logGroup, T.logPolicy, T.logging, T.association]) {
                expect(b.one(type).parent, type).to.equal(b.component.urn);
            }
            expect(b.acl.inputs).to.deep.include({ name: "shop-dev-edge", scope: "REGIONAL", defaultAction: { allow: {} } });
            expect(b.acl.inputs.visibilityConfig).to.deep.equal({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "shop-dev-edge" });
            expect(b.acl.inputs.tags).to.deep.equal({ Team: "platform", Name: "shop-dev-edge" });
        });
        it("has the four baseline AWS managed groups and the rate rule, in this order, priorities unique", () => {
            expect(b.rules.map((r) => [r.priority, r.name])).to.deep.equal([
                [10, "AWSManagedRulesAmazonIpReputationList"], [20, "rate-limit-per-ip"], [30, "AWSManagedRulesCommonRuleSet"],
                [40, "AWSManagedRulesKnownBadInputsRuleSet"], [50, "AWSManagedRulesSQLiRuleSet"],
            ]);
            expect(new Set(b.rules.map((r) => r.priority)).size).to.equal(b.rules.length);
        });
        it("each managed group is vendor AWS with overrideAction none, no overrides, and its own metric", () => {
            for (const group of BASELINE) {
                const rule = b.rule(group);
                expect(rule.overrideAction, group).to.deep.equal({ none: {} });
                expect(rule.statement, group).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: group } });
                expect(rule.visibilityConfig.cloudwatchMetricsEnabled, group).to.equal(true);
                expect(rule.visibilityConfig.sampledRequestsEnabled, group).to.equal(true);
                expect(rule, group).not.to.have.property("action");
            }
            expect(new Set(b.rules.map((r) => r.visibilityConfig.metricName)).size).to.equal(b.rules.length);
            expect(b.rule("AWSManagedRulesSQLiRuleSet").visibilityConfig.metricName).to.equal("shop-dev-edge-sqli");
        });
        it("blocks an IP above 2000 requests in 5 minutes", () => {
            expect(b.rule("rate-limit-per-ip")).to.deep.include({
                action: { block: {} },
                statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 300 } },
            });
        });
        it("logs to aws-waf-logs-<aclName>, encrypted with the logs key, 30 days, not protected in dev", () => {
            const group = b.one(T.logGroup);
            expect(group.inputs).to.deep.include({ name: "aws-waf-logs-shop-dev-edge", kmsKeyId: KEY, retentionInDays: 30 });
            expect(group.options.protect).to.equal(false);
        });
        it("the logging configuration names the ACL and the log group's ARN, redacts authorization and cookie, keeps every record", () => {
            const logging = b.one(T.logging);
            const group = b.one(T.logGroup);
            expect(logging.inputs.resourceArn).to.equal(b.acl.outputs.arn);
            expect(logging.inputs.logDestinationConfigs).to.deep.equal([`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:aws-waf-logs-shop-dev-edge`]);
            expect(logging.inputs.logDestinationConfigs).to.deep.equal([group.outputs.arn]);
            expect(logging.propertyDependencies.resourceArn).to.deep.equal([b.acl.urn]);
            expect(logging.inputs.redactedFields).to.deep.equal([{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
            expect(logging.inputs).not.to.have.property("loggingFilter");
            expect(logging.options.dependsOn).to.include(b.one(T.logPolicy).urn);
        });
        it("the log group's policy lets only the log delivery service of this account write to this group", () => {
            const policy = b.one(T.logPolicy);
            expect(policy.inputs.policyName).to.equal("aws-waf-logs-shop-dev-edge");
            expect(JSON.parse(policy.inputs.policyDocument as string)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "WafLogDelivery", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" },
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:aws-waf-logs-shop-dev-edge:log-stream:*`,
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:*` } },
                }],
            });
        });
        it("associates the ACL with the stage: edge-partner-api", () => {
            const assoc = b.one(T.association);
            expect(assoc.name).to.equal("edge-partner-api");
            expect(assoc.inputs).to.deep.equal({ resourceArn: STAGE_ARN, webAclArn: b.acl.outputs.arn });
        });
        it("exposes the ACL's arn, id, name and the log group's name", () => {
            expect(b.outputs.arn).to.equal(b.acl.outputs.arn).and.to.match(new RegExp(`^arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/shop-dev-edge/`));
            expect(b.outputs.id).to.be.a("string").and.not.equal("");
            expect(b.outputs.name).to.equal("shop-dev-edge");
            expect(b.outputs.logGroupName).to.equal("aws-waf-logs-shop-dev-edge");
            expect(b.component.outputs).to.deep.equal(b.outputs);
        });
    });

    describe("bot control, counted rules, extra redaction, blocked-only logs, prod", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build(args({
                botControl: true, rateLimit: 500, protect: true, logBlockedOnly: true, redactedHeaders: ["x-signature", "cookie"],
                logs: { kmsKeyArn: KEY, retentionInDays: 365 },
                countRules: { AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY", "NoUserAgent_HEADER"], AWSManagedRulesBotControlRuleSet: ["CategoryHttpLibrary"] },
            }));
        });

        it("adds Bot Control last (priority 60) at inspection level COMMON", () => {
            expect(b.rules.map((r) => r.priority)).to.deep.equal([10, 20, 30, 40, 50, 60]);
            expect(b.rule("AWSManagedRulesBotControlRuleSet").statement.managedRuleGroupStatement).to.deep.equal({
                vendorName: "AWS", name: "AWSManagedRulesBotControlRuleSet",
                ruleActionOverrides: [{ name: "CategoryHttpLibrary", actionToUse: { count: {} } }],
                managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } }],
            });
        });
        it("counts the listed rules of their group only", () => {
            expect(b.rule("AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement.ruleActionOverrides).to.deep.equal([
                { name: "SizeRestrictions_BODY", actionToUse: { count: {} } }, { name: "NoUserAgent_HEADER", actionToUse: { count: {} } },
            ]);
            expect(b.rule("AWSManagedRulesSQLiRuleSet").statement.managedRuleGroupStatement).not.to.have.property("ruleActionOverrides");
        });
        it("uses the given rate limit", () => {
            expect(b.rule("rate-limit-per-ip").statement.rateBasedStatement.limit).to.equal(500);
        });
        it("redacts the extra headers once each, and keeps only BLOCK and COUNT records", () => {
            const logging = b.one(T.logging);
            expect(logging.inputs.redactedFields).to.deep.equal(["authorization", "cookie", "x-signature"].map((name) => ({ singleHeader: { name } })));
            expect(logging.inputs.loggingFilter).to.deep.equal({
                defaultBehavior: "DROP",
                filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }] }],
            });
        });
        it("protects the log group and keeps 365 days", () => {
            const group = b.one(T.logGroup);
            expect(group.options.protect).to.equal(true);
            expect(group.inputs.retentionInDays).to.equal(365);
        });
    });

    describe("CLOUDFRONT scope", () => {
        it("is created through the given us-east-1 provider, and refuses an association", async () => {
            let refused = "";
            const rec = await record(() => {
                const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" });
                const acl = new WebAcl("cdn", args({ aclName: "shop-dev-cdn", scope: "CLOUDFRONT", logs: { kmsKeyArn: US_KEY, retentionInDays: 30 } }), { provider: usEast1 });
                try { acl.associate("dist", "arn:aws:cloudfront::123456789012:distribution/E1"); } catch (e) { refused = (e as Error).message; }
            });
            const provider = rec.resources.find((r) => r.type === "pulumi:providers:aws")!;
            const children = rec.resources.filter((r) => [T.acl, T.logGroup, T.logPolicy, T.logging].includes(r.type));
            expect(children).to.have.length(4);
            for (const r of children) expect(r.options.provider, r.type).to.match(new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`));
            expect(rec.resources.find((r) => r.type === T.acl)!.inputs.scope).to.equal("CLOUDFRONT");
            expect(rec.resources.filter((r) => r.type === T.association)).to.have.length(0);
            expect(refused).to.equal("WebAcl.associate: invalid arguments:\n  - scope: 'CLOUDFRONT' is not allowed; "
                + "only a REGIONAL web ACL is associated; for a CloudFront distribution set its webAclId to the ACL's arn");
        });
        it("without a provider outside us-east-1, stops before any resource, naming the fix", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new WebAcl("cdn", args({ scope: "CLOUDFRONT", logs: { kmsKeyArn: US_KEY, retentionInDays: 30 } })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as ComponentArgsError).problems).to.deep.equal([
                "scope: 'CLOUDFRONT' is not allowed; a CLOUDFRONT web ACL must be created in us-east-1: pass a us-east-1 aws.Provider "
                + "in the component's options ({ provider }) (the stack's region is eu-west-1)",
            ]);
            expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
        it("needs no provider in a us-east-1 stack, but a us-east-1 logs key", () => {
            expect(problems(args({ scope: "CLOUDFRONT", logs: { kmsKeyArn: US_KEY, retentionInDays: 30 } }), { hasAwsProvider: false, stackRegion: "us-east-1" })).to.deep.equal([]);
            expect(problems(args({ scope: "CLOUDFRONT" }), { hasAwsProvider: true })).to.deep.equal([
                `logs.kmsKeyArn: '${KEY}' is not allowed; a CLOUDFRONT web ACL logs in us-east-1, and CloudWatch Logs only uses a key of the log group's region: give a us-east-1 key`,
            ]);
        });
    });

    describe("validation", () => {
        it("accepts the defaults", () => {
            expect(problems(args())).to.deep.equal([]);
        });
        it("refuses a name WAF refuses, naming it", () => {
            expect(problems(args({ aclName: "shop edge!" }))).to.deep.equal([
                "aclName: 'shop edge!' is not allowed; expected 1-128 letters, digits, '-' or '_' (a WAF web ACL name)"]);
            expect(problems(args({ aclName: "a".repeat(129) }))).to.have.length(1);
        });
        it("refuses a rate limit outside WAF's 10..2,000,000,000", () => {
            expect(problems(args({ rateLimit: 9 }))).to.deep.equal(["rateLimit: '9' is not allowed; expected a whole number from 10 to 2000000000"]);
            expect(problems(args({ rateLimit: 2_000_000_001 }))).to.have.length(1);
            expect(problems(args({ rateLimit: 100.5 }))).to.have.length(1);
            expect(problems(args({ rateLimit: 10 }))).to.deep.equal([]);
            expect(problems(args({ rateLimit: 2_000_000_000 }))).to.deep.equal([]);
        });
        it("refuses unknown managed rule names and groups, and Bot Control overrides without Bot Control", () => {
            expect(problems(args({ countRules: { AWSManagedRulesSQLiRuleSet: ["SQLi_BODY", "SQLi_Body"] } }))).to.deep.equal([
                `countRules.AWSManagedRulesSQLiRuleSet[1]: 'SQLi_Body' is not allowed; expected a rule of AWSManagedRulesSQLiRuleSet: one of ${MANAGED_RULE_GROUPS.AWSManagedRulesSQLiRuleSet.join(", ")}`,
            ]);
            expect(problems(args({ countRules: { AWSManagedRulesLinuxRuleSet: ["LFI_URIPATH"] } as any }))[0]).to.match(
                /^countRules: 'AWSManagedRulesLinuxRuleSet' is not allowed; expected a managed rule group of the ACL: one of AWSManagedRulesAmazonIpReputationList, /);
            expect(problems(args({ countRules: { AWSManagedRulesBotControlRuleSet: ["CategoryAI"] } }))).to.deep.equal([
                `countRules.AWSManagedRulesBotControlRuleSet: '["CategoryAI"]' is not allowed; Bot Control is not in the ACL: set botControl: true, or remove these overrides`]);
            expect(problems(args({ countRules: { AWSManagedRulesCommonRuleSet: ["GenericLFI_BODY", "GenericLFI_BODY"] } }))).to.deep.equal([
                `countRules.AWSManagedRulesCommonRuleSet: '["GenericLFI_BODY","GenericLFI_BODY"]' is not allowed; expected each rule once`]);
        });
        it("refuses a bad scope, key, retention and redacted header, all at once", () => {
            expect(problems(args({
                scope: "GLOBAL" as any, logs: { kmsKeyArn: "alias/aws/logs", retentionInDays: 45 }, redactedHeaders: ["X-Signature", "ok-header"],
            }))).to.deep.equal([
                "scope: 'GLOBAL' is not allowed; expected one of: REGIONAL, CLOUDFRONT",
                "logs.kmsKeyArn: 'alias/aws/logs' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logs.retentionInDays: '45' is not allowed; expected one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "redactedHeaders[0]: 'X-Signature' is not allowed; expected a lowercase HTTP header name (letters, digits and !#$%&'*+.^_`|~-, at most 64)",
            ]);
        });
        it("stops before any resource when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new WebAcl("edge", args({ aclName: "bad name", rateLimit: 5 })); } catch (e) { error = e; }
            });
            expect((error as ComponentArgsError).problems).to.have.length(2);
            expect(rec.resources.filter((r: PlanResource) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
        it("refuses an association name that is not a resource-name segment", async () => {
            let message = "";
            await record(() => {
                const acl = new WebAcl("edge", args());
                try { acl.associate("Partner API", STAGE_ARN); } catch (e) { message = (e as Error).message; }
            });
            expect(message).to.match(/name: 'Partner API' is not allowed; expected 1-63 lowercase letters, digits or '-'/);
        });
    });
});
