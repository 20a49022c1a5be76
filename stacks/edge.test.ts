/**
 * The edge layer in the composed plans (each planned once, shared): prod (the shop's domain set) puts the CLOUDFRONT
 * web ACL on the distribution, the REGIONAL one on the shop's load balancer (through the `ui` Ingress's annotation)
 * and on the partner API's stage; CloudFront reaches the load balancer over HTTPS with the origin-verification header
 * the Ingress's rule requires; Shield Advanced protects the distribution, the zone and (by annotation) the load
 * balancer. Dev (no domain) serves the static bucket on CloudFront's own domain, without Shield.
 */
import { expect } from "chai";
import { PlanResource, Recording } from "../tools/plan/recorder";
import { plannedStack } from "../tools/testing/stack-plans";
import { stackConfig } from "../tools/testing/stacks";

const ANN = "alb.ingress.kubernetes.io/";

describe("stacks: the edge layer", function () {
    this.timeout(180000);
    let prod: Recording;
    let dev: Recording;
    const of = (rec: Recording, type: string) => rec.resources.filter((r) => r.type === type);
    const one = (rec: Recording, type: string, name?: string): PlanResource => {
        const found = of(rec, type).filter((r) => name === undefined || r.name === name);
        expect(found, `${type} ${name ?? ""}`).to.have.length(1);
        return found[0];
    };
    before(async () => {
        prod = await plannedStack("prod");
        dev = await plannedStack("dev");
    });

    describe("prod", () => {
        const P = "ecommerce-platform-prod";
        const acl = (scope: string) => of(prod, "aws:wafv2/webAcl:WebAcl").find((a) => a.inputs.scope === scope)!;
        const uiIngress = () => of(prod, "kubernetes:networking.k8s.io/v1:Ingress").find((i) => (i.inputs.metadata as any).name === "ui")!;

        it("puts the CLOUDFRONT web ACL, made in us-east-1, on the distribution", () => {
            const cf = acl("CLOUDFRONT");
            expect(String(cf.outputs.arn)).to.match(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/ecommerce-platform-prod-cloudfront\//);
            const provider = of(prod, "pulumi:providers:aws").find((p) => cf.options.provider?.startsWith(p.urn));
            expect(provider?.inputs.region).to.equal("us-east-1");
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            expect(dist.inputs.webAclId).to.equal(cf.outputs.arn);
            expect(dist.propertyDependencies.webAclId).to.include(cf.urn);
        });

        it("associates the REGIONAL web ACL with the shop's load balancer through the ui Ingress, and with the partner API's stage", () => {
            const regional = acl("REGIONAL");
            const ingress = uiIngress();
            const annotations = (ingress.inputs.metadata as any).annotations as Record<string, string>;
            expect(annotations[`${ANN}scheme`]).to.equal("internet-facing");
            expect(annotations[`${ANN}wafv2-acl-arn`]).to.equal(regional.outputs.arn);
            expect(ingress.propertyDependencies.metadata).to.include(regional.urn);
            const [stage] = of(prod, "aws:apigateway/stage:Stage");
            const association = of(prod, "aws:wafv2/webAclAssociation:WebAclAssociation").find((a) => a.dependencies.includes(stage.urn))!;
            expect(association.inputs.webAclArn).to.equal(regional.outputs.arn);
        });

        it("lets the load balancer serve only requests carrying CloudFront's origin-verification header, a secret everywhere", () => {
            // The recorder shows secrets as "[secret]": the header's value never appears in the plan (nor in state).
            const annotations = (uiIngress().inputs.metadata as any).annotations as Record<string, string>;
            expect(annotations[`${ANN}conditions.ui`]).to.equal("[secret]");
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            const shop = (dist.inputs.origins as any[]).find((o) => o.originId === "shop");
            expect(shop.customHeaders).to.deep.equal([{ name: "x-origin-verify", value: "[secret]" }]);
            const secret = of(prod, "aws:secretsmanager/secret:Secret").find((s) => s.inputs.name === `${P}/edge/origin-verify`)!;
            const version = of(prod, "aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.dependencies.includes(secret.urn))!;
            expect(version.inputs.secretString).to.equal("[secret]");
            const password = of(prod, "random:index/randomPassword:RandomPassword").find((r) => r.name === `${P}-origin-verify`)!;
            expect(password.inputs).to.deep.include({ length: 48, special: false });
            expect([secret, version, password].map((r) => r.options.protect)).to.deep.equal([true, false, false]);
        });

        it("has the load balancer log to the access-log bucket (under alb/<group>), which admits Elastic Load Balancing's delivery there", () => {
            const annotations = (uiIngress().inputs.metadata as any).annotations as Record<string, string>;
            const bucket = of(prod, "aws:s3/bucket:Bucket").find((b) => String(b.inputs.bucket).includes("-access-logs-"))!;
            expect(annotations[`${ANN}load-balancer-attributes`].split(",")).to.have.members([
                "access_logs.s3.enabled=true", `access_logs.s3.bucket=${bucket.inputs.bucket}`, `access_logs.s3.prefix=alb/${P}`,
                "routing.http.drop_invalid_header_fields.enabled=true"]);
            const policy = of(prod, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.name === `${P}-access-logs-policy`)!;
            const statements = JSON.parse(String(policy.inputs.policy)).Statement.filter((st: any) => String(st.Sid).startsWith("AlbAccessLogDelivery"));
            expect(statements.map((st: any) => st.Principal)).to.deep.equal([
                { AWS: "arn:aws:iam::156460612806:root" }, { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }]);
            for (const st of statements) expect(st).to.deep.include({ Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucket.inputs.bucket}/alb/AWSLogs/123456789012/*` });
        });

        it("reaches the load balancer at the Ingress's address over HTTPS (TLS 1.2), forwarding the viewer's Host", () => {
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            const shop = (dist.inputs.origins as any[]).find((o) => o.originId === "shop");
            const status = (uiIngress().outputs.status as any).loadBalancer.ingress[0].hostname;
            expect(shop.domainName).to.equal(status);
            expect(shop.customOriginConfig).to.deep.include({ originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] });
            const def = dist.inputs.defaultCacheBehavior as any;
            expect(def).to.deep.include({ targetOriginId: "shop", viewerProtocolPolicy: "redirect-to-https", compress: true });
            expect(def.originRequestPolicyId).to.equal("216adef6-5c7f-47e4-b989-5492eafa07d3");
            const [staticPath] = dist.inputs.orderedCacheBehaviors as any[];
            expect(staticPath).to.deep.include({ pathPattern: "/static/*", targetOriginId: "assets", viewerProtocolPolicy: "redirect-to-https" });
        });

        it("serves the shop's domain with its us-east-1 certificate, TLS 1.2+, and aliases it in the hosted zone", () => {
            const raw = stackConfig("prod")["ecommerce-platform:storefrontDomain"] as unknown;
            const domain = (typeof raw === "string" ? JSON.parse(raw) : raw) as { domainName: string; hostedZoneId: string };
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            expect(dist.inputs.aliases).to.deep.equal([domain.domainName]);
            const cert = of(prod, "aws:acm/certificate:Certificate").find((c) => String(c.outputs.arn).includes(":us-east-1:"))!;
            expect((dist.inputs.viewerCertificate as any)).to.deep.equal({ acmCertificateArn: cert.outputs.arn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
            const regionalCert = of(prod, "aws:acm/certificate:Certificate").find((c) => !String(c.outputs.arn).includes(":us-east-1:"))!;
            const annotations = (uiIngress().inputs.metadata as any).annotations as Record<string, string>;
            expect(annotations[`${ANN}certificate-arn`]).to.equal(regionalCert.outputs.arn);
            const aliases = of(prod, "aws:route53/record:Record").filter((r) => r.inputs.aliases);
            expect(aliases.map((r) => r.inputs.type).sort()).to.deep.equal(["A", "AAAA"]);
            expect(aliases.every((r) => r.inputs.zoneId === domain.hostedZoneId && r.inputs.name === domain.domainName)).to.equal(true);
        });

        it("lets only this distribution read the assets bucket (origin access control, SSE-KMS with the assets key)", () => {
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            const oac = one(prod, "aws:cloudfront/originAccessControl:OriginAccessControl");
            expect(oac.inputs).to.deep.include({ signingBehavior: "always", signingProtocol: "sigv4", originAccessControlOriginType: "s3" });
            const policy = of(prod, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.name === `${P}-storefront-policy`)!;
            const statement = JSON.parse(String(policy.inputs.policy)).Statement.find((s: any) => s.Sid === "CloudFrontOriginAccessControl");
            expect(statement).to.deep.include({ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["s3:GetObject"] });
            expect(statement.Condition.StringEquals["AWS:SourceArn"]).to.equal(dist.outputs.arn);
        });

        it("delivers access logs with CloudFront standard logging v2 to an encrypted us-east-1 log group", () => {
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            const source = one(prod, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
            expect(source.inputs).to.deep.include({ logType: "ACCESS_LOGS", resourceArn: dist.outputs.arn });
            const destination = one(prod, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
            const delivery = one(prod, "aws:cloudwatch/logDelivery:LogDelivery");
            expect(delivery.inputs).to.deep.include({ deliverySourceName: source.inputs.name, deliveryDestinationArn: destination.outputs.arn });
            const group = of(prod, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === `/aws/vendedlogs/cloudfront/${P}-storefront`)!;
            expect(String(group.inputs.kmsKeyId)).to.match(/^arn:aws:kms:us-east-1:/);
            expect(group.options.protect).to.equal(true);
        });

        it("subscribes to Shield Advanced and protects the distribution, the hosted zone and (by annotation) the load balancer", () => {
            one(prod, "aws:shield/subscription:Subscription");
            const protections = of(prod, "aws:shield/protection:Protection");
            const dist = one(prod, "aws:cloudfront/distribution:Distribution");
            expect(protections.map((p) => p.inputs.resourceArn)).to.have.members([dist.outputs.arn, "arn:aws:route53:::hostedzone/Z0EXAMPLE0SHOP0ZONE00"]);
            const annotations = (uiIngress().inputs.metadata as any).annotations as Record<string, string>;
            expect(annotations[`${ANN}shield-advanced-protection`]).to.equal("true");
        });
    });

    describe("prod sign-in", () => {
        const pools = () => of(prod, "aws:cognito/userPool:UserPool");
        it("has a shoppers and a staff pool, protected with deletion protection; staff always use MFA", () => {
            const byName = Object.fromEntries(pools().map((p) => [p.inputs.name, p]));
            expect(Object.keys(byName).sort()).to.deep.equal(["ecommerce-platform-prod-shoppers", "ecommerce-platform-prod-staff"]);
            for (const p of pools()) expect([p.options.protect, p.inputs.deletionProtection]).to.deep.equal([true, "ACTIVE"]);
            expect(byName["ecommerce-platform-prod-staff"].inputs.mfaConfiguration).to.equal("ON");
        });
        it("sends shoppers back to the storefront's domain after sign-in", () => {
            const client = of(prod, "aws:cognito/userPoolClient:UserPoolClient").find((c) => (c.inputs.callbackUrls as string[])[0].endsWith("/auth/callback") && !(c.inputs.callbackUrls as string[])[0].includes("/admin/"))!;
            expect(client.inputs.callbackUrls).to.deep.equal(["https://shop.example.com/auth/callback"]);
            expect(client.inputs.generateSecret).to.not.equal(true);
        });
        it("puts the regional web ACL before both pools, and a Cognito authorizer of the shoppers pool on the partner API", () => {
            const regional = of(prod, "aws:wafv2/webAcl:WebAcl").find((a) => a.inputs.scope === "REGIONAL")!;
            const associations = of(prod, "aws:wafv2/webAclAssociation:WebAclAssociation").filter((a) => a.inputs.webAclArn === regional.outputs.arn);
            for (const p of pools()) expect(associations.some((a) => a.inputs.resourceArn === p.outputs.arn), p.name).to.equal(true);
            const authorizer = one(prod, "aws:apigateway/authorizer:Authorizer");
            const shoppers = pools().find((p) => p.inputs.name === "ecommerce-platform-prod-shoppers")!;
            const [api] = of(prod, "aws:apigateway/restApi:RestApi");
            expect(authorizer.inputs).to.deep.include({ type: "COGNITO_USER_POOLS", providerArns: [shoppers.outputs.arn] });
            expect(authorizer.propertyDependencies.restApi).to.include(api.urn);
        });
    });

    describe("dev", () => {
        it("serves the static bucket on CloudFront's domain (default certificate), behind the CLOUDFRONT ACL, without Shield", () => {
            const dist = one(dev, "aws:cloudfront/distribution:Distribution");
            expect(dist.inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
            expect((dist.inputs.origins as any[]).map((o) => o.originId)).to.deep.equal(["assets"]);
            expect(dist.inputs).to.deep.include({ defaultRootObject: "index.html" });
            expect(dist.inputs.webAclId).to.equal(of(dev, "aws:wafv2/webAcl:WebAcl").find((a) => a.inputs.scope === "CLOUDFRONT")!.outputs.arn);
            expect(of(dev, "aws:shield/subscription:Subscription")).to.have.length(0);
            expect(of(dev, "aws:shield/protection:Protection")).to.have.length(0);
            expect(of(dev, "aws:acm/certificate:Certificate")).to.have.length(0);
        });
    });
});
