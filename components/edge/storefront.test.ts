import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { MANAGED_POLICIES, Storefront, StorefrontArgs, validateStorefrontArgs } from "./storefront";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000b`;
const US_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000c`;
const ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shop-cloudfront/0a1b2c3d-aaaa-4bbb-8ccc-0123456789ab`;
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-aaaa-4bbb-8ccc-0123456789ab`;
const DOMAIN = { domainName: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", certificateArn: CERT };
const ORIGIN = { domainName: "k8s-shop-0123456789.eu-west-1.elb.amazonaws.com", verifyHeader: { name: "x-origin-verify", value: "v" } };

type Over = Partial<Omit<StorefrontArgs, "cloudFrontProvider">>;

async function build(over: Over = {}, opts: { protect?: boolean } = {}) {
    const rec = await recordProgram(() => {
        const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
        new Storefront("shop", {
            namePrefix: "shop-dev", assetsKeyArn: KEY, accessLogBucketName: "shop-dev-access-logs", webAclArn: ACL, cloudFrontProvider: provider,
            logsKeyArn: US_KEY, logRetentionDays: 30, protect: opts.protect, tags: { Team: "web" }, ...over,
        });
    }, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string): PlanResource => {
        const found = of(type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    const dist = one("aws:cloudfront/distribution:Distribution");
    return { rec, of, one, dist, inputs: dist.inputs as Record<string, any> };
}

function problems(over: Over & { cloudFrontProvider?: unknown }): string[] {
    try {
        validateStorefrontArgs({ namePrefix: "shop-dev", assetsKeyArn: KEY, accessLogBucketName: "b", webAclArn: ACL, cloudFrontProvider: {} as aws.Provider, logsKeyArn: US_KEY, logRetentionDays: 30, ...over } as StorefrontArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("edge: Storefront", function () {
    this.timeout(60000);
    let staticOnly: Awaited<ReturnType<typeof build>>;
    let shop: Awaited<ReturnType<typeof build>>;
    before(async () => {
        staticOnly = await build();
        shop = await build({ dynamicOrigin: ORIGIN, domain: DOMAIN, priceClass: "PriceClass_200" }, { protect: true });
    });

    it("without a dynamic origin serves the bucket on CloudFront's domain: index.html, default certificate, no alias", () => {
        expect(staticOnly.inputs.origins.map((o: any) => o.originId)).to.deep.equal(["assets"]);
        expect(staticOnly.inputs).to.deep.include({ defaultRootObject: "index.html", aliases: [], webAclId: ACL, priceClass: "PriceClass_100", httpVersion: "http2and3", isIpv6Enabled: true });
        expect(staticOnly.inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
        expect(staticOnly.inputs.defaultCacheBehavior).to.deep.include({ targetOriginId: "assets", viewerProtocolPolicy: "redirect-to-https", compress: true, allowedMethods: ["GET", "HEAD", "OPTIONS"] });
        expect(staticOnly.of("aws:route53/record:Record")).to.deep.equal([]);
    });

    it("reads the bucket through origin access control (SigV4, always) and caches static assets compressed, keyed on the path only", () => {
        const oac = staticOnly.one("aws:cloudfront/originAccessControl:OriginAccessControl");
        const [assets] = staticOnly.inputs.origins;
        expect(assets.originAccessControlId).to.be.a("string");
        expect(staticOnly.dist.propertyDependencies.origins).to.include(oac.urn);
        expect(assets.domainName).to.match(/^shop-dev-storefront-123456789012\.s3\.eu-west-1\.amazonaws\.com$/);
        const cache = staticOnly.one("aws:cloudfront/cachePolicy:CachePolicy");
        expect(staticOnly.dist.propertyDependencies.defaultCacheBehavior).to.include(cache.urn);
        expect(cache.inputs.parametersInCacheKeyAndForwardedToOrigin).to.deep.equal({
            cookiesConfig: { cookieBehavior: "none" }, headersConfig: { headerBehavior: "none" }, queryStringsConfig: { queryStringBehavior: "none" },
            enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true,
        });
    });

    it("gives the bucket a policy admitting CloudFront for this distribution only, SSE-KMS with the assets key, access logs", () => {
        const policy = staticOnly.of("aws:s3/bucketPolicy:BucketPolicy")[0];
        const statements = JSON.parse(String(policy.inputs.policy)).Statement;
        const oac = statements.find((s: any) => s.Sid === "CloudFrontOriginAccessControl");
        expect(oac).to.deep.equal({
            Sid: "CloudFrontOriginAccessControl", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["s3:GetObject"],
            Resource: "arn:aws:s3:::shop-dev-storefront-123456789012/*", Condition: { StringEquals: { "AWS:SourceArn": staticOnly.dist.outputs.arn } },
        });
        const sse = staticOnly.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        expect(JSON.stringify(sse.inputs.rules)).to.include(KEY);
        expect(staticOnly.one("aws:s3/bucketLogging:BucketLogging").inputs).to.deep.include({ targetBucket: "shop-dev-access-logs", targetPrefix: "storefront/" });
    });

    it("logs with standard logging v2 in us-east-1: source (ACCESS_LOGS of the distribution) -> delivery -> encrypted log group", () => {
        const provider = staticOnly.one("pulumi:providers:aws");
        const inUsEast1 = (r: PlanResource) => r.options.provider?.startsWith(provider.urn) ?? false;
        const source = staticOnly.one("aws:cloudwatch/logDeliverySource:LogDeliverySource");
        const destination = staticOnly.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
        const delivery = staticOnly.one("aws:cloudwatch/logDelivery:LogDelivery");
        const group = staticOnly.one("aws:cloudwatch/logGroup:LogGroup");
        const policy = staticOnly.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
        expect([source, destination, delivery, group, policy].every(inUsEast1)).to.equal(true);
        expect(source.inputs).to.deep.include({ logType: "ACCESS_LOGS", resourceArn: staticOnly.dist.outputs.arn });
        expect(destination.inputs.deliveryDestinationConfiguration).to.deep.equal({ destinationResourceArn: String(group.outputs.arn).replace(/:\*$/, "") });
        expect(delivery.inputs).to.deep.include({ deliverySourceName: source.inputs.name, deliveryDestinationArn: destination.outputs.arn });
        expect(delivery.options.dependsOn).to.include(policy.urn);
        expect(group.inputs).to.deep.include({ kmsKeyId: US_KEY, retentionInDays: 30 });
        const [statement] = JSON.parse(String(policy.inputs.policyDocument)).Statement;
        expect(statement.Principal).to.deep.equal({ Service: "delivery.logs.amazonaws.com" });
        expect(statement.Resource).to.equal(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/vendedlogs/cloudfront/shop-dev-storefront:log-stream:*`);
    });

    it("with the load balancer: pages from it over HTTPS with the verification header, nothing cached; /static/* from the bucket", () => {
        const [, origin] = shop.inputs.origins;
        expect(origin).to.deep.equal({
            originId: "shop", domainName: ORIGIN.domainName, customHeaders: [{ name: "x-origin-verify", value: "v" }],
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originReadTimeout: 30, originKeepaliveTimeout: 5 },
        });
        expect(shop.inputs.defaultCacheBehavior).to.deep.include({
            targetOriginId: "shop", cachePolicyId: MANAGED_POLICIES.cachingDisabled, originRequestPolicyId: MANAGED_POLICIES.allViewer,
            allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        });
        expect(shop.inputs.orderedCacheBehaviors).to.have.length(1);
        expect(shop.inputs.orderedCacheBehaviors[0]).to.deep.include({ pathPattern: "/static/*", targetOriginId: "assets" });
        expect(shop.inputs.defaultRootObject).to.equal(undefined);
    });

    it("with a domain: the alias, its certificate at TLS 1.2 (2021), A and AAAA alias records; prod protects what holds state", () => {
        expect(shop.inputs.aliases).to.deep.equal(["shop.example.com"]);
        expect(shop.inputs.viewerCertificate).to.deep.equal({ acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
        const records = shop.of("aws:route53/record:Record");
        expect(records.map((r) => r.inputs.type).sort()).to.deep.equal(["A", "AAAA"]);
        for (const r of records) {
            expect(r.inputs.aliases).to.deep.equal([{ name: shop.dist.outputs.domainName, zoneId: shop.dist.outputs.hostedZoneId, evaluateTargetHealth: false }]);
        }
        expect(shop.dist.options.protect).to.equal(true);
        expect(shop.one("aws:cloudwatch/logGroup:LogGroup").options.protect).to.equal(true);
        expect(shop.one("aws:s3/bucket:Bucket").options.protect).to.equal(true);
        expect(staticOnly.dist.options.protect).to.equal(false);
    });

    it("sends security headers: HSTS a year with subdomains, nosniff, frame DENY, strict referrer", () => {
        const headers = shop.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
        expect(shop.dist.propertyDependencies.defaultCacheBehavior).to.include(headers.urn);
        expect(headers.inputs.securityHeadersConfig).to.deep.include({
            strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true },
            frameOptions: { frameOption: "DENY", override: true },
        });
    });

    it("refuses bad arguments before registering anything, naming field and value", () => {
        expect(problems({ dynamicOrigin: ORIGIN })).to.deep.equal([
            "dynamicOrigin: 'set' is not allowed; needs domain: the load balancer's certificate is for the shop's domain, which CloudFront checks it against"]);
        expect(problems({ priceClass: "PriceClass_Cheap" as never, logRetentionDays: 31, domain: { ...DOMAIN, domainName: "Shop" } })).to.deep.equal([
            "logRetentionDays: '31' is not allowed; expected one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            "priceClass: 'PriceClass_Cheap' is not allowed; expected one of: PriceClass_100, PriceClass_200, PriceClass_All",
            "domain.domainName: 'Shop' is not allowed; expected a DNS name such as shop.example.com",
        ]);
        expect(problems({ cloudFrontProvider: undefined })).to.have.length(1);
    });
});
