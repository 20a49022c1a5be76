/**
 * ShopIdentity (`platform:edge:ShopIdentity`): sign-in for the shop's customers and staff with Amazon Cognito.
 *
 * Two user pools, because Cognito sets MFA per pool (OFF, OPTIONAL or ON), never per group: staff must always use
 * MFA, shoppers choose (or, with `shopperMfa: "ON"`, must).
 * - `<namePrefix>-shoppers`: self sign-up with the email address as the username (verified by a code Cognito sends),
 *   MFA `shopperMfa` (OPTIONAL by default) with TOTP apps, group `customers`.
 * - `<namePrefix>-staff`: only administrators create users (no self sign-up), MFA ON (TOTP), group `admins`.
 * Both pools: passwords of at least 12 characters with upper and lower case letters, digits and symbols; temporary
 * passwords valid 1 day; threat protection (feature plan PLUS, advanced security ENFORCED: compromised credentials are
 * refused and risky sign-ins challenged or blocked); account recovery by verified email only (no SMS); a changed email
 * stays unverified until confirmed; Cognito's own email sender unless `email` names an SES identity; deletion
 * protection ACTIVE and Pulumi `protect` when `protect` (prod), INACTIVE and unprotected otherwise.
 *
 * App clients: `storefront` on the shoppers pool and `admin` on the staff pool, both public (no secret: a browser
 * cannot keep one), OAuth authorization code grant only (no implicit grant, no client credentials), scopes openid,
 * email and profile, the Cognito directory as the only identity provider, token revocation, user existence errors
 * hidden, and only the SRP password flow and refresh tokens for the SDK flows. A public client must use PKCE
 * (code_challenge with S256): Cognito verifies the code_verifier when the authorization request carried a challenge,
 * but has no setting to require one, so the storefront and admin apps must always send it. Callbacks:
 * `<storefrontUrl>/auth/callback` (sign-out to `<storefrontUrl>/`) and `<storefrontUrl>/admin/auth/callback`
 * (sign-out to `<storefrontUrl>/admin/`).
 *
 * Hosted sign-in: prefix domains `<domainPrefix>-shop` and `<domainPrefix>-staff`
 * (`https://<prefix>.auth.<region>.amazoncognito.com`) with managed login (version 2) and Cognito's default branding
 * style for each client (managed login shows no page for a client without a style).
 *
 * API Gateway: with `partnerApi`, a COGNITO_USER_POOLS authorizer on that REST API, trusting the shoppers pool and
 * reading the `Authorization` header (`authorizerId`). Methods for signed-in shoppers attach it
 * (`authorization: "COGNITO_USER_POOLS"`, `authorizerId`). The partner webhook methods keep their HMAC signatures:
 * the payment and shipping partners' webhook senders cannot fetch a Cognito token.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, ComponentContext, componentContext, Tags } from "../shared";

/** MFA settings a shoppers pool may have (OFF is never allowed). */
export const SHOPPER_MFA = ["OPTIONAL", "ON"] as const;
/** MFA of the shoppers pool: OPTIONAL (each shopper chooses) or ON (every shopper). */
export type ShopperMfa = (typeof SHOPPER_MFA)[number];

/** The platform's sign-in settings, the same for both pools unless named. */
export const SHOP_IDENTITY_SETTINGS = {
    /** Password policy of both pools. */
    passwordPolicy: {
        minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true,
        temporaryPasswordValidityDays: 1,
    },
    /** Token lifetimes: shoppers stay signed in for 30 days, staff for a working day. */
    tokens: {
        storefront: { accessMinutes: 60, idMinutes: 60, refreshHours: 720 },
        admin: { accessMinutes: 15, idMinutes: 15, refreshHours: 12 },
    },
    /** OAuth scopes of both clients. */
    scopes: ["openid", "email", "profile"],
    /** The SDK flows of both clients: SRP sign-in and refresh (no plain-password, admin or custom flows). */
    authFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    /** Managed login version of the hosted domains (2: managed login; 1: the classic hosted UI). */
    managedLoginVersion: 2,
    /** The group of each pool. */
    groups: { shoppers: "customers", staff: "admins" },
} as const;

/** Cognito's limit on a prefix domain's length, and the words it refuses in one. */
export const COGNITO_DOMAIN_PREFIX = { maxLength: 63, forbiddenWords: ["aws", "amazon", "cognito"] } as const;

/** An SES identity for the pools' email (instead of Cognito's sender, which allows 50 emails a day). */
export interface ShopIdentityEmail {
    /** ARN of a verified SES identity in the stack's region (`arn:aws:ses:<region>:<account>:identity/<email or domain>`). */
    sesIdentityArn: string;
    /** The sender, an address of that identity, optionally with a display name (`Shop <no-reply@example.com>`). */
    fromAddress: string;
}

export interface ShopIdentityArgs {
    /** The stack's name prefix (`ecommerce-platform-<stack>`): names the pools `<namePrefix>-shoppers` and `<namePrefix>-staff`. */
    namePrefix: string;
    /** The storefront's HTTPS base URL (e.g. the CloudFront distribution's): callback and sign-out URLs are derived from it. */
    storefrontUrl: pulumi.Input<string>;
    /** MFA of the shoppers pool: OPTIONAL or ON (TOTP apps). Defaults to OPTIONAL. The staff pool is always ON. */
    shopperMfa?: ShopperMfa;
    /**
     * The hosted domains' prefix: `<domainPrefix>-shop` and `<domainPrefix>-staff` (unique per region across all AWS
     * accounts, at most 63 characters, without "aws", "amazon" or "cognito"). Defaults to `namePrefix`.
     */
    domainPrefix?: string;
    /** The partner API's REST API: adds a COGNITO_USER_POOLS authorizer trusting the shoppers pool. Defaults to none. */
    partnerApi?: { restApiId: pulumi.Input<string> };
    /** Send the pools' email through this SES identity. Defaults to Cognito's own sender (COGNITO_DEFAULT). */
    email?: ShopIdentityEmail;
    /** Deletion protection ACTIVE and Pulumi `protect` on both pools (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into both pools'. */
    tags?: Tags;
}

/** One pool with its client, group, domain and branding. */
interface PoolParts {
    pool: aws.cognito.UserPool;
    client: aws.cognito.UserPoolClient;
    group: aws.cognito.UserGroup;
    domain: aws.cognito.UserPoolDomain;
}

export class ShopIdentity extends pulumi.ComponentResource {
    readonly shoppersPool: aws.cognito.UserPool;
    readonly staffPool: aws.cognito.UserPool;
    readonly storefrontClient: aws.cognito.UserPoolClient;
    readonly adminClient: aws.cognito.UserPoolClient;
    /** The API Gateway authorizer, when `partnerApi` is given. */
    readonly authorizer: aws.apigateway.Authorizer | undefined;
    /** The shoppers pool's id. */
    readonly shoppersPoolId: pulumi.Output<string>;
    /** The shoppers pool's ARN. */
    readonly shoppersPoolArn: pulumi.Output<string>;
    /** The staff pool's id. */
    readonly staffPoolId: pulumi.Output<string>;
    /** The staff pool's ARN. */
    readonly staffPoolArn: pulumi.Output<string>;
    /** The storefront client's id (public: no secret). */
    readonly storefrontClientId: pulumi.Output<string>;
    /** The admin client's id (public: no secret). */
    readonly adminClientId: pulumi.Output<string>;
    /** The shoppers' hosted sign-in URL, `https://<domainPrefix>-shop.auth.<region>.amazoncognito.com`. */
    readonly shopperSignInUrl: pulumi.Output<string>;
    /** The staff's hosted sign-in URL, `https://<domainPrefix>-staff.auth.<region>.amazoncognito.com`. */
    readonly staffSignInUrl: pulumi.Output<string>;
    /** The shoppers pool's token issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
    readonly shoppersIssuerUrl: pulumi.Output<string>;
    /** The staff pool's token issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
    readonly staffIssuerUrl: pulumi.Output<string>;
    /** The authorizer's id for methods of signed-in shoppers, when `partnerApi` is given. */
    readonly authorizerId: pulumi.Output<string> | undefined;

    constructor(name: string, args: ShopIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        validateShopIdentityArgs(args);
        super("platform:edge:ShopIdentity", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? false;
        const domainPrefix = args.domainPrefix ?? args.namePrefix;
        const baseUrl = pulumi.output(args.storefrontUrl).apply((u) => u.replace(/\/+$/, ""));

        const shoppers = createPool(ctx, args, {
            key: "shoppers", selfSignUp: true, mfa: args.shopperMfa ?? "OPTIONAL", clientKey: "storefront",
            domain: `${domainPrefix}-shop`, callback: "/auth/callback", logout: "/", baseUrl, protect,
            groupDescription: "Shoppers: sign in to the storefront, see their orders.",
        });
        const staff = createPool(ctx, args, {
            key: "staff", selfSignUp: false, mfa: "ON", clientKey: "admin",
            domain: `${domainPrefix}-staff`, callback: "/admin/auth/callback", logout: "/admin/", baseUrl, protect,
            groupDescription: "Shop staff: the admin back office.",
        });
        this.shoppersPool = shoppers.pool;
        this.staffPool = staff.pool;
        this.storefrontClient = shoppers.client;
        this.adminClient = staff.client;

        this.authorizer = args.partnerApi && new aws.apigateway.Authorizer(`${name}-shoppers`, {
            name: `${args.namePrefix}-shoppers`,
            restApi: args.partnerApi.restApiId,
            type: "COGNITO_USER_POOLS",
            providerArns: [shoppers.pool.arn],
            identitySource: "method.request.header.Authorization",
        }, { parent: this });

        const cognitoSuffix = ctx.partition.apply((p) => (p === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"));
        const issuer = (pool: aws.cognito.UserPool) => pulumi.interpolate`https://cognito-idp.${ctx.region}.${cognitoSuffix}/${pool.id}`;
        const signIn = (parts: PoolParts) => pulumi.interpolate`https://${parts.domain.domain}.auth.${ctx.region}.amazoncognito.com`;
        this.shoppersPoolId = shoppers.pool.id;
        this.shoppersPoolArn = shoppers.pool.arn;
        this.staffPoolId = staff.pool.id;
        this.staffPoolArn = staff.pool.arn;
        this.storefrontClientId = shoppers.client.id;
        this.adminClientId = staff.client.id;
        this.shopperSignInUrl = signIn(shoppers);
        this.staffSignInUrl = signIn(staff);
        this.shoppersIssuerUrl = issuer(shoppers.pool);
        this.staffIssuerUrl = issuer(staff.pool);
        this.authorizerId = this.authorizer?.id;
        this.registerOutputs({
            shoppersPoolId: this.shoppersPoolId, shoppersPoolArn: this.shoppersPoolArn, staffPoolId: this.staffPoolId,
            staffPoolArn: this.staffPoolArn, storefrontClientId: this.storefrontClientId, adminClientId: this.adminClientId,
            shopperSignInUrl: this.shopperSignInUrl, staffSignInUrl: this.staffSignInUrl, shoppersIssuerUrl: this.shoppersIssuerUrl,
            staffIssuerUrl: this.staffIssuerUrl, authorizerId: this.authorizerId,
        });
    }
}

/** What differs between the shoppers and the staff pool. */
interface PoolSpec {
    key: "shoppers" | "staff";
    selfSignUp: boolean;
    mfa: ShopperMfa;
    clientKey: keyof typeof SHOP_IDENTITY_SETTINGS.tokens;
    domain: string;
    callback: string;
    logout: string;
    baseUrl: pulumi.Output<string>;
    protect: boolean;
    groupDescription: string;
}

/** A pool `<namePrefix>-<key>` with its group, public code-flow client, prefix domain and branding style. */
function createPool(ctx: ComponentContext, args: ShopIdentityArgs, spec: PoolSpec): PoolParts {
    const opts = { parent: ctx.parent };
    const poolName = `${args.namePrefix}-${spec.key}`;
    const child = `${ctx.name}-${spec.key}`;
    const pool = new aws.cognito.UserPool(child, {
        name: poolName,
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        adminCreateUserConfig: { allowAdminCreateUserOnly: !spec.selfSignUp },
        mfaConfiguration: spec.mfa,
        softwareTokenMfaConfiguration: { enabled: true },
        passwordPolicy: { ...SHOP_IDENTITY_SETTINGS.passwordPolicy },
        userPoolTier: "PLUS",
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        // The API's value (the provider's docs print it as verifiedEmail).
        accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
        emailConfiguration: args.email
            ? { emailSendingAccount: "DEVELOPER", sourceArn: args.email.sesIdentityArn, fromEmailAddress: args.email.fromAddress }
            : { emailSendingAccount: "COGNITO_DEFAULT" },
        deletionProtection: spec.protect ? "ACTIVE" : "INACTIVE",
        tags: ctx.tags({ Name: poolName }),
    }, { ...opts, protect: spec.protect });
    const group = new aws.cognito.UserGroup(`${child}-${SHOP_IDENTITY_SETTINGS.groups[spec.key]}`, {
        userPoolId: pool.id, name: SHOP_IDENTITY_SETTINGS.groups[spec.key], description: spec.groupDescription,
    }, opts);
    const tokens = SHOP_IDENTITY_SETTINGS.tokens[spec.clientKey];
    const client = new aws.cognito.UserPoolClient(`${ctx.name}-${spec.clientKey}`, {
        name: `${args.namePrefix}-${spec.clientKey}`,
        userPoolId: pool.id,
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: [...SHOP_IDENTITY_SETTINGS.scopes],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: [pulumi.interpolate`${spec.baseUrl}${spec.callback}`],
        logoutUrls: [pulumi.interpolate`${spec.baseUrl}${spec.logout}`],
        explicitAuthFlows: [...SHOP_IDENTITY_SETTINGS.authFlows],
        preventUserExistenceErrors: "ENABLED",
        enableTokenRevocation: true,
        accessTokenValidity: tokens.accessMinutes,
        idTokenValidity: tokens.idMinutes,
        refreshTokenValidity: tokens.refreshHours,
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "hours" },
    }, opts);
    const domain = new aws.cognito.UserPoolDomain(`${child}-domain`, {
        domain: spec.domain, userPoolId: pool.id, managedLoginVersion: SHOP_IDENTITY_SETTINGS.managedLoginVersion,
    }, opts);
    new aws.cognito.ManagedLoginBranding(`${ctx.name}-${spec.clientKey}`, {
        userPoolId: pool.id, clientId: client.id, useCognitoProvidedValues: true,
    }, { ...opts, dependsOn: [domain] });
    return { pool, client, group, domain };
}

/** A name prefix usable in the pools' names: lowercase letters, digits and '-', starting with a letter. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,99}$/;
/** A Cognito prefix domain: lowercase letters, digits and '-', not starting or ending with '-'. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** An SES identity ARN. */
export const SES_IDENTITY_ARN = /^arn:aws(?:-cn|-us-gov)?:ses:[a-z0-9-]+:\d{12}:identity\/\S+$/;
/** An email address, optionally with a display name. */
export const FROM_ADDRESS = /^(?:[^<>]+ <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
/** An HTTPS base URL (or http://localhost, which Cognito accepts for development). */
const BASE_URL = /^(?:https:\/\/[A-Za-z0-9.-]+|http:\/\/localhost)(?::\d+)?(?:\/[\w./~-]*)?$/;

/** The problems of a Cognito prefix domain (empty when Cognito accepts it). */
export function cognitoDomainPrefixProblems(prefix: string): string[] {
    const problems: string[] = [];
    if (prefix.length > COGNITO_DOMAIN_PREFIX.maxLength) problems.push(`is ${prefix.length} characters, Cognito allows at most ${COGNITO_DOMAIN_PREFIX.maxLength}`);
    if (!DOMAIN_PREFIX.test(prefix)) problems.push("must be lowercase letters, digits and '-', not starting or ending with '-'");
    const words = COGNITO_DOMAIN_PREFIX.forbiddenWords.filter((w) => prefix.includes(w));
    if (words.length) problems.push(`contains ${words.map((w) => `"${w}"`).join(", ")}, which Cognito refuses in a domain prefix`);
    return problems;
}

/** Validate ShopIdentityArgs; throws ComponentArgsError listing every problem. */
export function validateShopIdentityArgs(args: ShopIdentityArgs): void {
    const check = new ArgsChecker("ShopIdentity");
    check.require(typeof args.namePrefix === "string" && NAME_PREFIX.test(args.namePrefix), "namePrefix", args.namePrefix,
        "expected 1-100 lowercase letters, digits or '-', starting with a letter");
    const url = args.storefrontUrl;
    check.require(url !== undefined && url !== null && url !== "", "storefrontUrl", url, "expected the storefront's https:// base URL");
    if (typeof url === "string" && url !== "") {
        check.require(BASE_URL.test(url), "storefrontUrl", url,
            "expected an https:// base URL without query or fragment, such as https://shop.example.com (http:// only for localhost)");
    }
    if (args.shopperMfa !== undefined) check.oneOf("shopperMfa", args.shopperMfa, SHOPPER_MFA);
    const prefixField = args.domainPrefix !== undefined ? "domainPrefix" : "namePrefix";
    const prefix = args.domainPrefix ?? args.namePrefix;
    if (typeof prefix === "string") {
        for (const suffix of ["-shop", "-staff"]) {
            const domain = `${prefix}${suffix}`;
            for (const problem of cognitoDomainPrefixProblems(domain)) {
                check.require(false, prefixField, prefix, `the hosted domain prefix "${domain}" ${problem}${prefixField === "namePrefix" ? " (set domainPrefix)" : ""}`);
            }
        }
    } else if (args.domainPrefix !== undefined) {
        check.require(false, "domainPrefix", prefix, "expected lowercase letters, digits and '-'");
    }
    const api = args.partnerApi;
    if (api !== undefined) {
        check.require(api !== null && typeof api === "object" && api.restApiId !== undefined && api.restApiId !== "",
            "partnerApi.restApiId", api?.restApiId, "expected the partner API's REST API id");
    }
    if (args.email !== undefined) {
        check.require(typeof args.email?.sesIdentityArn === "string" && SES_IDENTITY_ARN.test(args.email.sesIdentityArn),
            "email.sesIdentityArn", args.email?.sesIdentityArn, "expected an SES identity ARN, arn:aws:ses:<region>:<account>:identity/<email or domain>");
        check.require(typeof args.email?.fromAddress === "string" && FROM_ADDRESS.test(args.email.fromAddress),
            "email.fromAddress", args.email?.fromAddress, "expected an email address, optionally with a display name: Shop <no-reply@example.com>");
    }
    if (args.protect !== undefined) check.require(typeof args.protect === "boolean", "protect", args.protect, "expected true or false");
    check.done();
}

/** The `email` argument from the `cognitoEmail` config key: undefined (Cognito's sender) when both fields are empty. */
export function shopIdentityEmail(config: { sesIdentityArn: string; fromAddress: string }): ShopIdentityEmail | undefined {
    return config.sesIdentityArn ? { sesIdentityArn: config.sesIdentityArn, fromAddress: config.fromAddress } : undefined;
}
