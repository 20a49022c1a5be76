import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import {
    allResources, checkStatements, classifyPrincipals, hasConditionKeySuffix, hasRestrictingCondition, IamStatement,
    identityPolicyDocuments, isAllow, isBoundaryPolicy, policyStatements, principals, strings,
} from "./iam";
import { UNKNOWN } from "./values";

const allow = (extra: Partial<IamStatement>): IamStatement => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...extra });

describe("IAM policy documents (lib/iam)", () => {
    it("parses documents from JSON text or objects; absent is undefined, invalid JSON null, unknown stops the check", () => {
        const doc = { Version: "2012-10-17", Statement: [allow({})] };
        expect(policyStatements(JSON.stringify(doc), "policy")).to.deep.equal(doc.Statement);
        expect(policyStatements({ Statement: allow({}) }, "policy")).to.deep.equal([allow({})]);
        expect(policyStatements(undefined, "policy")).to.equal(undefined);
        expect(policyStatements("", "policy")).to.equal(undefined);
        expect(policyStatements("{not json", "policy")).to.equal(null);
        expect(() => policyStatements(UNKNOWN, "policy")).to.throw(UnknownValueError);
        expect(() => policyStatements(`{"Resource":"arn:aws:s3:::${UNKNOWN}"}`, "policy")).to.throw(/policy/);
    });

    it("lists and classifies principals", () => {
        expect(principals("*")).to.deep.equal([{ kind: "*", value: "*" }]);
        expect(principals({ AWS: ["arn:aws:iam::1:root", "*"], Service: "lambda.amazonaws.com" }).map((p) => `${p.kind}=${p.value}`))
            .to.deep.equal(["AWS=arn:aws:iam::1:root", "AWS=*", "Service=lambda.amazonaws.com"]);
        const cls = (Principal: unknown, Action: string | string[] = "sts:AssumeRole") => classifyPrincipals(allow({ Principal, Action }), "p").map((p) => p.cls);
        expect(cls({ AWS: "arn:aws:iam::*:root" })).to.deep.equal(["any"]);
        expect(cls({ Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" })).to.deep.equal(["oidc"]);
        expect(cls({ Federated: UNKNOWN }, "sts:AssumeRoleWithWebIdentity")).to.deep.equal(["oidc"]);
        expect(cls({ Federated: "cognito-identity.amazonaws.com" })).to.deep.equal(["cognito"]);
        expect(() => cls({ Federated: UNKNOWN })).to.throw(/p\.Principal\.Federated/);
    });

    it("counts a condition as restricting only under a positive operator with concrete values", () => {
        const keys = ["aws:SourceAccount", "aws:PrincipalOrgID"];
        const cond = (Condition: IamStatement["Condition"]) => allow({ Condition });
        expect(hasRestrictingCondition(cond({ StringEquals: { "aws:sourceaccount": "123456789012" } }), keys)).to.equal(true);
        expect(hasRestrictingCondition(cond({ StringEquals: { "aws:SourceAccount": UNKNOWN } }), keys)).to.equal(true);
        expect(hasRestrictingCondition(cond({ StringNotEquals: { "aws:SourceAccount": "1" } }), keys)).to.equal(false);
        expect(hasRestrictingCondition(cond({ StringEqualsIfExists: { "aws:SourceAccount": "1" } }), keys)).to.equal(false);
        expect(hasRestrictingCondition(cond({ StringLike: { "aws:PrincipalOrgID": ["o-1", "*"] } }), keys)).to.equal(false);
        expect(hasRestrictingCondition(cond({ StringEquals: { "aws:PrincipalOrgID": "" } }), keys)).to.equal(false);
        expect(hasRestrictingCondition(cond({ StringEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:1:t" } }), keys)).to.equal(false);
        const sub = (v: unknown) => cond({ StringLike: { "token.actions.githubusercontent.com:sub": v } });
        expect(hasConditionKeySuffix(sub("repo:acme/shop:ref:refs/heads/main"), ":sub")).to.equal(true);
        expect(hasConditionKeySuffix(sub("*"), ":sub")).to.equal(false);
        expect(hasConditionKeySuffix(sub(""), ":sub")).to.equal(false);
        expect(hasRestrictingCondition(sub("repo:acme/*"), (key) => key.endsWith(":aud"))).to.equal(false);
    });

    it("finds the identity-policy documents of a resource (a role's inline policies, others' policy)", () => {
        expect(identityPolicyDocuments("aws:iam/rolePolicy:RolePolicy", { policy: "{}" })).to.deep.equal([{ path: "policy", doc: "{}" }]);
        expect(identityPolicyDocuments("aws:iam/role:Role", { inlinePolicies: [{ policy: "a" }, UNKNOWN] }))
            .to.deep.equal([{ path: "inlinePolicies[0].policy", doc: "a" }, { path: "inlinePolicies[1]", doc: UNKNOWN }]);
        expect(identityPolicyDocuments("aws:iam/role:Role", { inlinePolicies: UNKNOWN })).to.deep.equal([{ path: "inlinePolicies", doc: UNKNOWN }]);
    });

    it("checks every statement, reporting the known ones before deferring unknown documents or statements", () => {
        const open = JSON.stringify({ Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "s3:*", Resource: "*" }] });
        const wildcard = (s: IamStatement, where: string, path: string) => (isAllow(s, path) && allResources(s, path) ? [where] : []);
        expect(checkStatements([{ path: "policy", doc: open }, { path: "other", doc: UNKNOWN }], wildcard))
            .to.deep.equal(["policy statement 'All'", "policy statement #2"]);
        expect(() => checkStatements([{ path: "other", doc: UNKNOWN }], wildcard)).to.throw(UnknownValueError);
        expect(checkStatements([{ path: "policy", doc: "{not json" }], wildcard)).to.deep.equal([]);
    });

    it("reads statement fields that must be known", () => {
        expect(strings(["a", "b"], "Action")).to.deep.equal(["a", "b"]);
        expect(strings("a", "Action")).to.deep.equal(["a"]);
        expect(() => strings(["a", UNKNOWN], "s.Action")).to.throw(/s\.Action/);
        expect(() => isAllow(allow({ Effect: UNKNOWN }), "s")).to.throw(/s\.Effect/);
        expect(allResources(allow({ Resource: undefined, NotResource: "arn:aws:s3:::x" }), "s")).to.equal(true);
        expect(allResources(allow({ Resource: ["arn:aws:s3:::x"] }), "s")).to.equal(false);
    });
    it("a policy tagged PolicyUse: permissions-boundary has no identity-policy documents (a boundary grants nothing)", () => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
        expect(identityPolicyDocuments("aws:iam/policy:Policy", { policy, tags: { PolicyUse: "permissions-boundary" } })).to.deep.equal([]);
        expect(identityPolicyDocuments("aws:iam/policy:Policy", { policy })).to.deep.equal([{ path: "policy", doc: policy }]);
        // The tag counts only on a managed policy: an inline policy is always a grant.
        expect(identityPolicyDocuments("aws:iam/rolePolicy:RolePolicy", { policy, tags: { PolicyUse: "permissions-boundary" } })).to.have.length(1);
        expect(isBoundaryPolicy("aws:iam/policy:Policy", { tags: { PolicyUse: "permissions-boundary" } })).to.equal(true);
    });
});
