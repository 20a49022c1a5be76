/**
 * The AWS policy pack, with the repository's waivers file, over a small program: the security layer's keys, a
 * REGIONAL WebAcl and a REST API stage (access-logged to an encrypted log group, execution logging at ERROR) that the
 * ACL is associated with through `associate`, in a dev and a prod stack, each recorded as a first `pulumi preview`
 * and as `pulumi up`. waf-apigw (the stage has an association) and waf-acl-logging (the ACL has a logging
 * configuration and the baseline managed groups) must both pass: the pack finds nothing, mandatory or advisory, and
 * waives nothing.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { WebAcl } from "./web-acl";


function program(stack: PackTestStack) {
    const { prod, prefix, security } = packTestStack(stack);
    const logs = { kmsKeyArn: security.keyArn("logs"), retentionInDays: prod ? 365 : 30 };
    const acl = new WebAcl(`${prefix}-edge`, {
        aclName: `${prefix}-edge`, scope: "REGIONAL", logs, botControl: prod, redactedHeaders: ["x-signature"], protect: prod,
        tags: { Environment: stack },
    });
    // A REST API stage as the integration layer builds one, reduced to what the pack checks on a stage.
    const api = new aws.apigateway.RestApi(`${prefix}-api`, { name: `${prefix}-api`, endpointConfiguration: { types: "REGIONAL" } });
    const deployment = new aws.apigateway.Deployment(`${prefix}-api`, { restApi: api.id });
    const accessLogs = new aws.cloudwatch.LogGroup(`${prefix}-api-access`, {
        name: `${prefix}-api-access`, kmsKeyId: logs.kmsKeyArn, retentionInDays: logs.retentionInDays,
    }, { protect: prod });
    const stage = new aws.apigateway.Stage(`${prefix}-api`, {
        restApi: api.id, deployment: deployment.id, stageName: "v1", xrayTracingEnabled: true,
        accessLogSettings: { destinationArn: accessLogs.arn, format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status" }) },
    });
    new aws.apigateway.MethodSettings(`${prefix}-api`, {
        restApi: api.id, stageName: stage.stageName, methodPath: "*/*",
        settings: { loggingLevel: "ERROR", metricsEnabled: true, dataTraceEnabled: false },
    });
    acl.associate("api", stage.arn);
}


describe("edge: the AWS pack over a web ACL associated with a REST API stage, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;
    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records one web ACL with its logging configuration, log group policy and one association to the stage (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "aws:wafv2/webAcl:WebAcl": 1, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
                    "aws:wafv2/webAclAssociation:WebAclAssociation": 1, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": 1,
                    "aws:apigateway/stage:Stage": 1, "aws:cloudwatch/logGroup:LogGroup": 2,
                });
            });
            it(`finds no violation, mandatory or advisory, and waives nothing (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].advisory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([]);
            });
            it(`defers neither waf-apigw nor waf-acl-logging (${key})`, () => {
                expect(results[key].deferred.filter((d) => d.startsWith("waf-"))).to.deep.equal([]);
            });
        }
    }
});
