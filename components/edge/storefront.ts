/**
 * Storefront (`platform:edge:Storefront`): the shop's front door, a CloudFront distribution.
 *
 * - **Static assets** from an S3 bucket of its own (`<prefix>-storefront-<account>`, the data layer's `Bucket`: SSE-KMS
 *   with the `assets` key, versioned, private, TLS only, access-logged) that only this distribution can read: origin
 *   access control signs every request (SigV4), and the bucket policy admits `cloudfront.amazonaws.com` for this
 *   distribution's ARN alone (the assets key admits CloudFront for this account's distributions). Served under
 *   `/static/*` with a long-lived cache policy (compressed, no cookies, headers or query strings in the key).
 * - **The shop itself** from the shop's load balancer (`dynamicOrigin`: the ALB the AWS Load Balancer Controller makes
 *   for the `ui` Ingress) over HTTPS only, TLS 1.2, with the origin-verification header the load balancer requires;
 *   nothing cached (managed CachingDisabled), every viewer header, cookie and query string forwarded (managed
 *   AllViewer, so the Host header is the shop's domain and the origin's certificate is checked against it). Without a
 *   dynamic origin (no custom domain: the load balancer could not present a certificate for CloudFront's domain), the
 *   bucket is the default origin and `index.html` the root object.
 * - Viewers: HTTPS only (HTTP redirected), TLS 1.2 (TLSv1.2_2021) with the shop's certificate, HTTP/2 and HTTP/3, IPv6,
 *   security headers (HSTS one year, nosniff, frame DENY, strict referrer), the CLOUDFRONT-scope web ACL.
 * - **Access logs**: CloudFront standard logging v2 to a CloudWatch log group in us-east-1 (the `edge` key of that
 *   region): a LogDeliverySource (the distribution's ACCESS_LOGS), a LogDeliveryDestination (the group) and the
 *   LogDelivery between them, plus the group's resource policy for the delivery service.
 * - With a custom domain: the alias on the distribution and Route 53 alias records (A and AAAA) in its hosted zone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "../data/bucket";
import { ArgsChecker, componentContext, isLogRetention, LOG_RETENTION_DAYS, policyJson, Tags } from "../shared";
import { DNS_NAME, HOSTED_ZONE_ID, PRICE_CLASSES } from "./config";
import { logDeliveryStatements } from "./web-acl";

/** AWS managed CloudFront policies (ids are the same in every account). */
export const MANAGED_POLICIES = {
    /** Cache policy: nothing cached (the shop's pages are per shopper). */
    cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    /** Origin request policy: every viewer header (Host included), cookie and query string. */
    allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
    /** Origin request policy for S3 with CORS: the Origin and Access-Control-Request-* headers. */
    corsS3Origin: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
} as const;

/** The path under which static assets are served from the bucket when the shop itself has a dynamic origin. */
export const STATIC_PATH = "/static/*";
/** The TLS security policy of the viewers' connections. */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const READ_METHODS = ["GET", "HEAD", "OPTIONS"];

export interface StorefrontArgs {
    /** Prefix of names unique per stack, `<project>-<stack>`. */
    namePrefix: string;
    /** The `assets` domain key: the bucket's SSE-KMS key (its policy must admit CloudFront, key-domains.ts). */
    assetsKeyArn: pulumi.Input<string>;
    /** The platform's access-log bucket (data layer): the assets bucket's server access logs go there. */
    accessLogBucketName: pulumi.Input<string>;
    /** The CLOUDFRONT-scope web ACL's ARN. */
    webAclArn: pulumi.Input<string>;
    /** An aws.Provider for us-east-1: CloudFront's log delivery source and its log group live there. */
    cloudFrontProvider: pulumi.ProviderResource;
    /** A us-east-1 KMS key whose policy admits CloudWatch Logs there: the access log group's key. */
    logsKeyArn: pulumi.Input<string>;
    /** Days the access log group keeps events. */
    logRetentionDays: number;
    /**
     * The shop's load balancer as the default origin: its DNS name, reached over HTTPS, and the header (name and
     * secret value) it requires. Needs `domain` (the load balancer's certificate is for the shop's domain).
     */
    dynamicOrigin?: { domainName: pulumi.Input<string>; verifyHeader: { name: string; value: pulumi.Input<string> } };
    /** The shop's domain: the distribution's alias, its us-east-1 certificate (issued), and the hosted zone for the alias records. */
    domain?: { domainName: string; hostedZoneId: string; certificateArn: pulumi.Input<string> };
    /** Which edge locations serve the shop. Defaults to PriceClass_100. */
    priceClass?: (typeof PRICE_CLASSES)[number];
    /** Protect the distribution, the bucket and the log group (prod). */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class Storefront extends pulumi.ComponentResource {
    readonly distribution: aws.cloudfront.Distribution;
    /** The static assets bucket. */
    readonly assets: Bucket;
    /** The distribution's ARN (what Shield protects). */
    readonly distributionArn: pulumi.Output<string>;
    /** The shop's URL: `https://<domain>` or `https://<distribution>.cloudfront.net`. */
    readonly url: pulumi.Output<string>;
    /** The access log group (us-east-1). */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: StorefrontArgs, opts?: pulumi.ComponentResourceOptions) {
        validateStorefrontArgs(args);
        super("platform:edge:Storefront", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? false;
        const parent = { parent: this };
        const global = { parent: this, provider: args.cloudFrontProvider };
        const p = args.namePrefix;

        // The bucket policy names the distribution, which needs the bucket first: the ARN is filled in once known.
        const [distributionArn, setDistributionArn] = pulumi.deferredOutput<string>();
        this.assets = new Bucket(`${p}-storefront`, {
            bucketName: pulumi.interpolate`${p}-storefront-${ctx.accountId}`,
            purpose: "storefront",
            kmsKeyArn: args.assetsKeyArn,
            accessLogs: { bucketName: args.accessLogBucketName, prefix: "storefront/" },
            policyStatements: (bucketArn) => [{
                Sid: "CloudFrontOriginAccessControl",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: ["s3:GetObject"],
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            }],
            protect,
            tags: args.tags,
        }, parent);
        const oac = new aws.cloudfront.OriginAccessControl(name, {
            name: `${p}-storefront`,
            description: "SigV4-signed requests from the storefront's distribution to its assets bucket",
            originAccessControlOriginType: "s3",
            signingBehavior: "always",
            signingProtocol: "sigv4",
        }, parent);
        const staticCache = new aws.cloudfront.CachePolicy(name, {
            name: `${p}-static`,
            comment: "Versioned static assets: a day by default, a year at most; compressed; nothing of the viewer in the key",
            defaultTtl: 86400,
            maxTtl: 31536000,
            minTtl: 1,
            parametersInCacheKeyAndForwardedToOrigin: {
                cookiesConfig: { cookieBehavior: "none" },
                headersConfig: { headerBehavior: "none" },
                queryStringsConfig: { queryStringBehavior: "none" },
                enableAcceptEncodingGzip: true,
                enableAcceptEncodingBrotli: true,
            },
        }, parent);
        const headers = new aws.cloudfront.ResponseHeadersPolicy(name, {
            name: `${p}-security-headers`,
            comment: "HSTS, nosniff, frame DENY, strict referrer policy, XSS filter",
            securityHeadersConfig: {
                strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
                xssProtection: { protection: true, modeBlock: true, override: true },
            },
        }, parent);

        const staticBehavior = {
            targetOriginId: "assets",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: READ_METHODS,
            cachedMethods: ["GET", "HEAD"],
            compress: true,
            cachePolicyId: staticCache.id,
            originRequestPolicyId: MANAGED_POLICIES.corsS3Origin,
            responseHeadersPolicyId: headers.id,
        };
        const dynamic = args.dynamicOrigin;
        this.distribution = new aws.cloudfront.Distribution(name, {
            comment: `${p} storefront`,
            enabled: true,
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: args.priceClass ?? "PriceClass_100",
            aliases: args.domain ? [args.domain.domainName] : [],
            defaultRootObject: dynamic ? undefined : "index.html",
            origins: [
                {
                    originId: "assets",
                    domainName: this.assets.bucket.bucketRegionalDomainName,
                    originAccessControlId: oac.id,
                },
                ...(dynamic ? [{
                    originId: "shop",
                    domainName: dynamic.domainName,
                    customOriginConfig: {
                        httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"],
                        originReadTimeout: 30, originKeepaliveTimeout: 5,
                    },
                    customHeaders: [{ name: dynamic.verifyHeader.name, value: dynamic.verifyHeader.value }],
                }] : []),
            ],
            defaultCacheBehavior: dynamic ? {
                targetOriginId: "shop",
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ALL_METHODS,
                cachedMethods: ["GET", "HEAD"],
                compress: true,
                cachePolicyId: MANAGED_POLICIES.cachingDisabled,
                originRequestPolicyId: MANAGED_POLICIES.allViewer,
                responseHeadersPolicyId: headers.id,
            } : staticBehavior,
            orderedCacheBehaviors: dynamic ? [{ pathPattern: STATIC_PATH, ...staticBehavior }] : [],
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate: args.domain
                ? { acmCertificateArn: args.domain.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: VIEWER_TLS_POLICY }
                : { cloudfrontDefaultCertificate: true },
            webAclId: args.webAclArn,
            tags: ctx.tags({ Name: `${p}-storefront` }),
        }, { parent: this, protect });
        setDistributionArn(this.distribution.arn);
        this.distributionArn = this.distribution.arn;

        // Standard logging v2: the distribution's access logs to a us-east-1 log group (JSON).
        const logGroupName = `/aws/vendedlogs/cloudfront/${p}-storefront`;
        // The log group's region is the CloudFront provider's (us-east-1; cn-north-1 in China), not the stack's.
        const globalCtx = { ...ctx, region: aws.getRegionOutput({}, global).region };
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            name: logGroupName,
            kmsKeyId: args.logsKeyArn,
            retentionInDays: args.logRetentionDays,
            tags: ctx.tags({ Name: logGroupName }),
        }, { ...global, protect });
        const logPolicy = new aws.cloudwatch.LogResourcePolicy(`${name}-access-logs`, {
            policyName: `${p}-storefront-access-logs`,
            policyDocument: policyJson(logDeliveryStatements(globalCtx, logGroupName, "CloudFrontLogDelivery")),
        }, global);
        const source = new aws.cloudwatch.LogDeliverySource(`${name}-access-logs`, {
            name: `${p}-storefront`,
            logType: "ACCESS_LOGS",
            resourceArn: this.distribution.arn,
            tags: args.tags,
        }, global);
        const destination = new aws.cloudwatch.LogDeliveryDestination(`${name}-access-logs`, {
            name: `${p}-storefront-logs`,
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn.apply((a) => a.replace(/:\*$/, "")) },
            tags: args.tags,
        }, global);
        new aws.cloudwatch.LogDelivery(`${name}-access-logs`, {
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
            tags: args.tags,
        }, { ...global, dependsOn: [logPolicy] });
        this.logGroupName = logGroup.name;

        if (args.domain) {
            for (const type of ["A", "AAAA"]) {
                new aws.route53.Record(`${name}-alias-${type.toLowerCase()}`, {
                    zoneId: args.domain.hostedZoneId,
                    name: args.domain.domainName,
                    type,
                    aliases: [{ name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false }],
                }, parent);
            }
        }
        this.url = args.domain ? pulumi.output(`https://${args.domain.domainName}`) : pulumi.interpolate`https://${this.distribution.domainName}`;
        this.registerOutputs({ url: this.url, distributionId: this.distribution.id, assetsBucket: this.assets.name });
    }
}

/** Validate StorefrontArgs; throws ComponentArgsError listing every problem. */
export function validateStorefrontArgs(args: StorefrontArgs): void {
    const check = new ArgsChecker("Storefront");
    check.require(typeof args.namePrefix === "string" && /^[a-z0-9-]{1,40}$/.test(args.namePrefix), "namePrefix", args.namePrefix,
        "expected 1-40 lowercase letters, digits or '-' (the bucket name adds -storefront-<account id>)");
    check.require(args.cloudFrontProvider !== undefined, "cloudFrontProvider", args.cloudFrontProvider, "expected an aws.Provider for us-east-1");
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays, `expected one of: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.priceClass !== undefined) check.oneOf("priceClass", args.priceClass, PRICE_CLASSES);
    if (args.domain) {
        check.require(DNS_NAME.test(args.domain.domainName ?? ""), "domain.domainName", args.domain.domainName, "expected a DNS name such as shop.example.com");
        check.require(HOSTED_ZONE_ID.test(args.domain.hostedZoneId ?? ""), "domain.hostedZoneId", args.domain.hostedZoneId, "expected a Route 53 hosted zone id");
    }
    if (args.dynamicOrigin) {
        check.require(args.domain !== undefined, "dynamicOrigin", "set", "needs domain: the load balancer's certificate is for the shop's domain, which CloudFront checks it against");
        check.require(/^[a-z0-9-]{1,64}$/.test(args.dynamicOrigin.verifyHeader?.name ?? ""), "dynamicOrigin.verifyHeader.name",
            args.dynamicOrigin.verifyHeader?.name, "expected a lowercase header name");
    }
    check.done();
}
