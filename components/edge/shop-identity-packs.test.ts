/**
 * The AWS policy pack, with the repository's waivers file, over a ShopIdentity in a dev and a prod stack (shoppers
 * MFA OPTIONAL in dev, ON in prod), with the partner API's REST API for the authorizer, each recorded as a first
 * `pulumi preview` and as `pulumi up`. cognito-hardening must pass for both pools: the pack finds nothing, mandatory or
 * advisory, and waives nothing.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { ShopIdentity } from "./shop-identity";

function program(stack: PackTestStack) {
    const { prod, prefix } = packTestStack(stack);
    const api = new aws.apigateway.RestApi(`${prefix}-api`, { name: `${prefix}-api`, endpointConfiguration: { types: "REGIONAL" } });
    new ShopIdentity(`${prefix}-identity`, {
        namePrefix: prefix, storefrontUrl: "https://d111111abcdef8.cloudfront.net", shopperMfa: prod ? "ON" : "OPTIONAL",
        partnerApi: { restApiId: api.id }, protect: prod, tags: { Environment: stack },
    });
}

describe("edge: the AWS pack over the shop's Cognito pools, clients and authorizer, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;
    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records two user pools, two clients and one authorizer (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "aws:cognito/userPool:UserPool": 2, "aws:cognito/userPoolClient:UserPoolClient": 2,
                    "aws:cognito/userPoolDomain:UserPoolDomain": 2, "aws:apigateway/authorizer:Authorizer": 1,
                });
            });
            it(`finds no mandatory violation and waives nothing (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([]);
            });
            it(`finds no advisory violation, and cognito-hardening defers nothing on the pools (${key})`, () => {
                expect(results[key].advisory).to.deep.equal([]);
                expect(results[key].deferred.filter((d) => d.startsWith("cognito-"))).to.deep.equal([]);
            });
        }
    }
});
