import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram } from "../../tools/plan/recorder";
import { edgeConfig } from "./config";
import { ShopIdentity, ShopIdentityArgs, shopIdentityEmail, validateShopIdentityArgs } from "./shop-identity";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const URL = "https://d111111abcdef8.cloudfront.net";
const SES = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com`;
const T = {
    component: "platform:edge:ShopIdentity",
    pool: "aws:cognito/userPool:UserPool",
    client: "aws:cognito/userPoolClient:UserPoolClient",
    group: "aws:cognito/userGroup:UserGroup",
    domain: "aws:cognito/userPoolDomain:UserPoolDomain",
    branding: "aws:cognito/managedLoginBranding:ManagedLoginBranding",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    restApi: "aws:apigateway/restApi:RestApi",
};
const POLICY = { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 1 };

function args(stack: "dev" | "prod", over: Partial<ShopIdentityArgs> = {}): ShopIdentityArgs {
    return { namePrefix: `ecommerce-platform-${stack}`, storefrontUrl: URL, protect: stack === "prod", tags: { Environment: stack }, ...over };
}

async function build(stack: "dev" | "prod", over: Partial<ShopIdentityArgs> = {}, withApi = false) {
    const rec = await recordProgram(() => {
        const api = withApi ? new aws.apigateway.RestApi("partners", { name: "partners" }) : undefined;
        const id = new ShopIdentity("identity", args(stack, { ...over, ...(api ? { partnerApi: { restApiId: api.id } } : {}) }));
        return {
            shoppersPoolId: id.shoppersPoolId, shoppersPoolArn: id.shoppersPoolArn, staffPoolId: id.staffPoolId, staffPoolArn: id.staffPoolArn,
            storefrontClientId: id.storefrontClientId, apiId: api?.id, adminClientId: id.adminClientId, shopperSignInUrl: id.shopperSignInUrl,
            staffSignInUrl: id.staffSignInUrl, shoppersIssuerUrl: id.shoppersIssuerUrl, staffIssuerUrl: id.staffIssuerUrl, authorizerId: id.authorizerId,
        };
    }, { project: "ecommerce-platform", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
    const all = (type: string) => rec.resources.filter((r) => r.type === type);
    const named = (type: string, name: string): PlanResource => {
        const found = all(type).filter((r) => r.name === name);
        expect(found, `${type} ${name}`).to.have.length(1);
        return found[0];
    };
    return {
        rec, all, named,
        component: named(T.component, "identity"),
        shoppers: named(T.pool, "identity-shoppers"),
        staff: named(T.pool, "identity-staff"),
        storefront: named(T.client, "identity-storefront"),
        admin: named(T.client, "identity-admin"),
        outputs: rec.outputs as Record<string, any>,
    };
}

function problems(a: unknown): string[] {
    try {
        validateShopIdentityArgs(a as ShopIdentityArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("edge/ShopIdentity", () => {
    describe("dev", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build("dev"); });

        it("creates two pools, two clients, two groups, two domains and two branding styles under the component, no authorizer", () => {
            for (const type of [T.pool, T.client, T.group, T.domain, T.branding]) {
                expect(b.all(type), type).to.have.length(2);
                for (const r of b.all(type)) expect(r.parent, `${type} ${r.name}`).to.equal(b.component.urn);
            }
            expect(b.all(T.authorizer)).to.deep.equal([]);
            expect(b.outputs.authorizerId).to.equal(undefined);
        });
        it("the shoppers pool: self sign-up with the email as username, auto-verified, MFA OPTIONAL with TOTP", () => {
            expect(b.shoppers.inputs).to.deep.include({
                name: "ecommerce-platform-dev-shoppers",
                usernameAttributes: ["email"], autoVerifiedAttributes: ["email"],
                adminCreateUserConfig: { allowAdminCreateUserOnly: false },
                mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: true },
            });
        });
        it("the staff pool: admin-created users only, MFA ON with TOTP", () => {
            expect(b.staff.inputs).to.deep.include({
                name: "ecommerce-platform-dev-staff",
                adminCreateUserConfig: { allowAdminCreateUserOnly: true },
                mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true },
            });
        });
        it("both pools: 12+ characters of all four classes, 1-day temporary passwords, threat protection ENFORCED on PLUS, email-only recovery", () => {
            for (const pool of [b.shoppers, b.staff]) {
                expect(pool.inputs.passwordPolicy, pool.name).to.deep.equal(POLICY);
                expect(pool.inputs, pool.name).to.deep.include({
                    userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
                    accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                    emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" },
                    userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
                });
            }
        });
        it("dev: deletion protection INACTIVE and not protected; tags merged with the pool's Name", () => {
            for (const pool of [b.shoppers, b.staff]) {
                expect(pool.inputs.deletionProtection, pool.name).to.equal("INACTIVE");
                expect(pool.options.protect, pool.name).to.equal(false);
                expect(pool.inputs.tags, pool.name).to.deep.equal({ Environment: "dev", Name: pool.inputs.name });
            }
        });
        it("the storefront client: public, code flow only, openid/email/profile, Cognito only, SRP + refresh, revocation, hidden user existence", () => {
            expect(b.storefront.inputs).to.deep.include({
                name: "ecommerce-platform-dev-storefront", userPoolId: b.outputs.shoppersPoolId,
                generateSecret: false, allowedOauthFlowsUserPoolClient: true, allowedOauthFlows: ["code"],
                allowedOauthScopes: ["openid", "email", "profile"], supportedIdentityProviders: ["COGNITO"],
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                preventUserExistenceErrors: "ENABLED", enableTokenRevocation: true,
                accessTokenValidity: 60, idTokenValidity: 60, refreshTokenValidity: 720,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "hours" },
            });
            expect(b.storefront.propertyDependencies.userPoolId).to.deep.equal([b.shoppers.urn]);
        });
        it("callback and sign-out URLs come from storefrontUrl", () => {
            expect(b.storefront.inputs.callbackUrls).to.deep.equal([`${URL}/auth/callback`]);
            expect(b.storefront.inputs.logoutUrls).to.deep.equal([`${URL}/`]);
            expect(b.admin.inputs.callbackUrls).to.deep.equal([`${URL}/admin/auth/callback`]);
            expect(b.admin.inputs.logoutUrls).to.deep.equal([`${URL}/admin/`]);
        });
        it("the admin client is on the staff pool, public, code flow only, with 15-minute tokens", () => {
            expect(b.admin.inputs).to.deep.include({
                userPoolId: b.outputs.staffPoolId, generateSecret: false, allowedOauthFlows: ["code"], supportedIdentityProviders: ["COGNITO"],
                accessTokenValidity: 15, idTokenValidity: 15, refreshTokenValidity: 12,
            });
            for (const client of [b.storefront, b.admin]) {
                expect(client.inputs.allowedOauthFlows, client.name).not.to.include("implicit");
                expect(client.inputs, client.name).not.to.have.property("clientSecret");
            }
        });
        it("groups: customers on the shoppers pool, admins on the staff pool", () => {
            expect(b.named(T.group, "identity-shoppers-customers").inputs).to.deep.include({ name: "customers", userPoolId: b.outputs.shoppersPoolId });
            expect(b.named(T.group, "identity-staff-admins").inputs).to.deep.include({ name: "admins", userPoolId: b.outputs.staffPoolId });
        });
        it("hosted domains <namePrefix>-shop and <namePrefix>-staff with managed login, a default branding style per client", () => {
            expect(b.named(T.domain, "identity-shoppers-domain").inputs).to.deep.equal({
                domain: "ecommerce-platform-dev-shop", userPoolId: b.outputs.shoppersPoolId, managedLoginVersion: 2,
            });
            expect(b.named(T.domain, "identity-staff-domain").inputs).to.deep.equal({
                domain: "ecommerce-platform-dev-staff", userPoolId: b.outputs.staffPoolId, managedLoginVersion: 2,
            });
            const branding = b.named(T.branding, "identity-storefront");
            expect(branding.inputs).to.deep.equal({ userPoolId: b.outputs.shoppersPoolId, clientId: b.outputs.storefrontClientId, useCognitoProvidedValues: true });
            expect(b.named(T.branding, "identity-admin").inputs.clientId).to.equal(b.outputs.adminClientId);
        });
        it("exposes pool ids and ARNs, client ids, sign-in URLs and issuer URLs", () => {
            const o = b.outputs;
            expect(o.shoppersPoolId).to.match(/^eu-west-1_[A-Z0-9]{9}$/);
            expect(o.shoppersPoolArn).to.equal(`arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${o.shoppersPoolId}`);
            expect(o.staffPoolArn).to.equal(b.staff.outputs.arn);
            expect(o.storefrontClientId).to.be.a("string").and.not.equal(o.adminClientId);
                        expect(o.shopperSignInUrl).to.equal(`https://ecommerce-platform-dev-shop.auth.${REGION}.amazoncognito.com`);
            expect(o.staffSignInUrl).to.equal(`https://ecommerce-platform-dev-staff.auth.${REGION}.amazoncognito.com`);
            expect(o.shoppersIssuerUrl).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${o.shoppersPoolId}`);
            expect(o.staffIssuerUrl).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${o.staffPoolId}`);
            expect(b.component.outputs).to.deep.include({ shoppersPoolId: o.shoppersPoolId, staffIssuerUrl: o.staffIssuerUrl });
        });
    });

    describe("prod, shopperMfa ON, an SES identity, a trailing slash, the partner API", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build("prod", { shopperMfa: "ON", storefrontUrl: `${URL}/`, email: { sesIdentityArn: SES, fromAddress: "Shop <no-reply@example.com>" } }, true);
        });

        it("prod: deletion protection ACTIVE and both pools protected", () => {
            for (const pool of [b.shoppers, b.staff]) {
                expect(pool.inputs.deletionProtection, pool.name).to.equal("ACTIVE");
                expect(pool.options.protect, pool.name).to.equal(true);
            }
        });
        it("shopperMfa ON reaches the shoppers pool; the staff pool stays ON without self sign-up", () => {
            expect(b.shoppers.inputs.mfaConfiguration).to.equal("ON");
            expect(b.staff.inputs).to.deep.include({ mfaConfiguration: "ON", adminCreateUserConfig: { allowAdminCreateUserOnly: true } });
        });
        it("sends email through the SES identity", () => {
            for (const pool of [b.shoppers, b.staff]) {
                expect(pool.inputs.emailConfiguration, pool.name).to.deep.equal({
                    emailSendingAccount: "DEVELOPER", sourceArn: SES, fromEmailAddress: "Shop <no-reply@example.com>",
                });
            }
        });
        it("drops the trailing slash of storefrontUrl", () => {
            expect(b.storefront.inputs.callbackUrls).to.deep.equal([`${URL}/auth/callback`]);
            expect(b.storefront.inputs.logoutUrls).to.deep.equal([`${URL}/`]);
        });
        it("adds a COGNITO_USER_POOLS authorizer on the REST API, trusting the shoppers pool, reading Authorization", () => {
            const authorizer = b.named(T.authorizer, "identity-shoppers");
            const api = b.named(T.restApi, "partners");
            expect(authorizer.parent).to.equal(b.component.urn);
            expect(authorizer.inputs).to.deep.include({
                name: "ecommerce-platform-prod-shoppers", restApi: b.outputs.apiId, type: "COGNITO_USER_POOLS",
                providerArns: [b.shoppers.outputs.arn], identitySource: "method.request.header.Authorization",
            });
            expect(authorizer.propertyDependencies.providerArns).to.deep.equal([b.shoppers.urn]);
            expect(b.outputs.authorizerId).to.be.a("string").and.not.equal("");
            expect(authorizer.propertyDependencies.restApi).to.deep.equal([api.urn]);
        });
    });

    describe("argument errors", () => {
        it("accepts the dev and prod arguments", () => {
            expect(problems(args("dev"))).to.deep.equal([]);
            expect(problems(args("prod", { shopperMfa: "ON", domainPrefix: "shop-prod" }))).to.deep.equal([]);
        });
        it("refuses shopperMfa OFF", () => {
            expect(problems(args("dev", { shopperMfa: "OFF" as never }))).to.deep.equal([`shopperMfa: 'OFF' is not allowed; expected one of: OPTIONAL, ON`]);
        });
        it("refuses a storefrontUrl that is not https (or localhost), and an empty one", () => {
            expect(problems(args("dev", { storefrontUrl: "http://shop.example.com" }))).to.have.length(1)
                .and.to.match(/^storefrontUrl: 'http:\/\/shop\.example\.com' is not allowed; expected an https:\/\/ base URL/);
            expect(problems(args("dev", { storefrontUrl: "https://shop.example.com?x=1" }))[0]).to.match(/^storefrontUrl: /);
            expect(problems(args("dev", { storefrontUrl: "" }))).to.deep.equal([`storefrontUrl: '' is not allowed; expected the storefront's https:// base URL`]);
            expect(problems(args("dev", { storefrontUrl: "http://localhost:3000" }))).to.deep.equal([]);
        });
        it("refuses a hosted domain prefix over 63 characters, naming the field and the derived domain", () => {
            const long = `shop-${"x".repeat(54)}`;
            expect(problems(args("dev", { domainPrefix: long }))).to.deep.equal([
                `domainPrefix: '${long}' is not allowed; the hosted domain prefix "${long}-shop" is 64 characters, Cognito allows at most 63`,
                `domainPrefix: '${long}' is not allowed; the hosted domain prefix "${long}-staff" is 65 characters, Cognito allows at most 63`,
            ]);
        });
        it("refuses aws, amazon and cognito in the domain prefix, suggesting domainPrefix when it comes from namePrefix", () => {
            expect(problems(args("dev", { namePrefix: "aws-shop" }))).to.deep.equal([
                `namePrefix: 'aws-shop' is not allowed; the hosted domain prefix "aws-shop-shop" contains "aws", which Cognito refuses in a domain prefix (set domainPrefix)`,
                `namePrefix: 'aws-shop' is not allowed; the hosted domain prefix "aws-shop-staff" contains "aws", which Cognito refuses in a domain prefix (set domainPrefix)`,
            ]);
            expect(problems(args("dev", { domainPrefix: "my-cognito" }))[0]).to.equal(
                `domainPrefix: 'my-cognito' is not allowed; the hosted domain prefix "my-cognito-shop" contains "cognito", which Cognito refuses in a domain prefix`);
            expect(problems(args("dev", { domainPrefix: "Shop" }))[0]).to.match(/^domainPrefix: 'Shop' is not allowed; .* must be lowercase letters, digits and '-'/);
        });
        it("refuses a bad namePrefix, partnerApi without an id, a half email setting and a non-boolean protect, all at once", () => {
            expect(problems({
                namePrefix: "Shop_1", storefrontUrl: URL, domainPrefix: "shop", partnerApi: { restApiId: "" },
                email: { sesIdentityArn: "arn:aws:iam::123456789012:role/x", fromAddress: "nobody" }, protect: "yes",
            })).to.deep.equal([
                `namePrefix: 'Shop_1' is not allowed; expected 1-100 lowercase letters, digits or '-', starting with a letter`,
                `partnerApi.restApiId: '' is not allowed; expected the partner API's REST API id`,
                `email.sesIdentityArn: 'arn:aws:iam::123456789012:role/x' is not allowed; expected an SES identity ARN, arn:aws:ses:<region>:<account>:identity/<email or domain>`,
                `email.fromAddress: 'nobody' is not allowed; expected an email address, optionally with a display name: Shop <no-reply@example.com>`,
                `protect: 'yes' is not allowed; expected true or false`,
            ]);
        });
        it("the component throws before creating anything", () => {
            expect(() => new ShopIdentity("identity", args("dev", { shopperMfa: "OFF" as never }))).to.throw(ComponentArgsError, /shopperMfa/);
        });
    });

    describe("config keys", () => {
        it("shopperMfa takes OPTIONAL or ON", () => {
            expect(edgeConfig.shopperMfa.parse("ON")).to.equal("ON");
            expect(edgeConfig.shopperMfa.safeParse("OFF").error?.issues[0].message).to.equal("must be one of: OPTIONAL, ON");
        });
        it("cognitoEmail: both fields or neither; the email argument only when set", () => {
            const both = edgeConfig.cognitoEmail.parse(JSON.stringify({ sesIdentityArn: SES, fromAddress: "no-reply@example.com" }));
            expect(shopIdentityEmail(both)).to.deep.equal({ sesIdentityArn: SES, fromAddress: "no-reply@example.com" });
            expect(shopIdentityEmail(edgeConfig.cognitoEmail.parse({ sesIdentityArn: "", fromAddress: "" }))).to.equal(undefined);
            expect(edgeConfig.cognitoEmail.safeParse({ sesIdentityArn: SES, fromAddress: "" }).error?.issues[0].message)
                .to.equal("must set sesIdentityArn and fromAddress together, or neither");
            expect(edgeConfig.cognitoEmail.safeParse({ sesIdentityArn: "x", fromAddress: "a@b.co" }).error?.issues[0].message)
                .to.match(/^must be an SES identity ARN/);
        });
    });
});
