/**
 * EdgeLayer (`platform:edge:EdgeLayer`): what a shopper, a partner or an attacker reaches first, and what those need
 * before the shop's services exist:
 *
 * - an aws.Provider for **us-east-1** (`<prefix>-us-east-1`), where CloudFront's web ACL, certificate and log delivery
 *   must live, and a KMS key there (`alias/<project>/<stack>/edge`, DataKeys with one `edge` domain) for their logs;
 * - the **REGIONAL web ACL** (`<prefix>-regional`): the partner API's stage and the shop's load balancer (through the
 *   `ui` Ingress's annotation); the **CLOUDFRONT web ACL** (`<prefix>-cloudfront`) for the distribution. Both: AWS
 *   managed rule groups (common, known bad inputs, SQL injection, IP reputation), a rate-based rule (`wafRateLimit`),
 *   logs to an encrypted `aws-waf-logs-` group with the authorization, cookie and signature headers redacted;
 * - the **origin-verification secret** CloudFront sends to the load balancer and the load balancer requires;
 * - with `storefrontDomain`, the shop's **certificates** (us-east-1 for CloudFront, the stack's region for the load
 *   balancer), DNS-validated in the hosted zone.
 *
 * The stack then builds the storefront (components/edge/storefront.ts), Shield Advanced (shield-advanced.ts) and the
 * shop's sign-in (shop-identity.ts) as children of this layer, once the compute layer's load balancer exists.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DataKeys } from "../security/kms-keys";
import { Tags } from "../shared";
import { EdgeConfig } from "./config";
import { OriginVerifySecret } from "./origin-verify";
import { ShopCertificates } from "./shop-certificates";
import { CLOUDFRONT_REGION, WebAcl } from "./web-acl";

/**
 * The region CloudFront's web ACL, certificates and log delivery live in: us-east-1 in the commercial partition. In
 * China the partition's own CloudFront is managed from cn-north-1 (not verifiable here; certificates there come from
 * IAM, not ACM, so `storefrontDomain` is for the commercial partition).
 */
export function cloudFrontRegion(stackRegion: string): string {
    return stackRegion.startsWith("cn-") ? "cn-north-1" : CLOUDFRONT_REGION;
}

export interface EdgeLayerArgs {
    /** The layer's config section (stacks/config.ts). */
    config: EdgeConfig;
    /** Prefix of names unique per stack, `<project>-<stack>`. */
    namePrefix: string;
    /** The stack's region: its partition decides where CloudFront's resources live (`cloudFrontRegion`). */
    region: string;
    /** Alias prefix of the platform's keys, `<project>/<stack>`: the us-east-1 key is `alias/<aliasPrefix>/edge`. */
    aliasPrefix: string;
    /** From the security layer: the `logs` domain key (the regional web ACL's log group). */
    logsKeyArn: pulumi.Input<string>;
    /** From the security layer: the `secrets` domain key (the origin-verification secret). */
    secretsKeyArn: pulumi.Input<string>;
    /** The security layer's key administrators and deletion window, for the us-east-1 key too. */
    keyAdmin: { adminRoleArns: pulumi.Input<string>[]; deletionWindowInDays: number };
    /** Days the web ACLs' log groups keep events. */
    logRetentionDays: number;
    /** Protect the log groups, the key and the secret (prod). */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** The one data domain of the us-east-1 key. */
export const EDGE_KEY_DOMAIN = {
    name: "edge", description: "CloudFront's web ACL logs and access logs, and the us-east-1 alarm topic", servicePrincipals: ["logs", "delivery.logs", "cloudwatch"],
} as const;

export class EdgeLayer extends pulumi.ComponentResource {
    /** The aws.Provider for us-east-1 (CloudFront's web ACL, certificate and logs). */
    readonly cloudFrontProvider: aws.Provider;
    /** The us-east-1 key of the `edge` domain. */
    readonly globalKeys: DataKeys<"edge">;
    /** The REGIONAL web ACL: the partner API's stage and the shop's load balancer. */
    readonly regionalWebAcl: WebAcl;
    /** The CLOUDFRONT web ACL: the storefront's distribution. */
    readonly cloudFrontWebAcl: WebAcl;
    /** The header CloudFront sends to the load balancer and the load balancer requires. */
    readonly originVerify: OriginVerifySecret;
    /** The shop's certificates, with `storefrontDomain`. */
    readonly certificates?: ShopCertificates;

    constructor(name: string, args: EdgeLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:EdgeLayer", name, {}, opts);
        const p = args.namePrefix;
        const acl = { rateLimit: args.config.wafRateLimit, protect: args.protect, tags: args.tags };
        this.regionalWebAcl = new WebAcl(`${p}-regional`, {
            ...acl,
            aclName: `${p}-regional`,
            scope: "REGIONAL",
            logs: { kmsKeyArn: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            // The partners' webhook signatures: a logged signature is no secret, but it is replayable within the window.
            redactedHeaders: ["x-signature"],
        }, { parent: this });

        const globalRegion = cloudFrontRegion(args.region);
        this.cloudFrontProvider = new aws.Provider(`${p}-${globalRegion}`, { region: globalRegion }, { parent: this });
        const global = { parent: this, provider: this.cloudFrontProvider };
        this.globalKeys = new DataKeys<"edge">(`${name}-global-keys`, {
            domains: [EDGE_KEY_DOMAIN],
            aliasPrefix: args.aliasPrefix,
            adminRoleArns: args.keyAdmin.adminRoleArns,
            deletionWindowInDays: args.keyAdmin.deletionWindowInDays,
            protect: args.protect,
            tags: args.tags,
        }, global);
        this.cloudFrontWebAcl = new WebAcl(`${p}-cloudfront`, {
            ...acl,
            aclName: `${p}-cloudfront`,
            scope: "CLOUDFRONT",
            logs: { kmsKeyArn: this.globalKeys.keyArn("edge"), retentionInDays: args.logRetentionDays },
            // What CloudFront adds towards the load balancer never reaches the ACL; the viewer's own headers do.
            redactedHeaders: ["x-signature"],
        }, global);

        this.originVerify = new OriginVerifySecret(`${p}-origin-verify`, {
            secretName: `${p}/edge/origin-verify`,
            kmsKeyArn: args.secretsKeyArn,
            protect: args.protect,
            tags: args.tags,
        }, { parent: this });

        const domain = args.config.storefrontDomain;
        if (domain.domainName) {
            this.certificates = new ShopCertificates(`${p}-certificates`, {
                domainName: domain.domainName,
                hostedZoneId: domain.hostedZoneId,
                cloudFrontProvider: this.cloudFrontProvider,
                tags: args.tags,
            }, { parent: this });
        }
        this.registerOutputs({ regionalWebAclArn: this.regionalWebAcl.arn, cloudFrontWebAclArn: this.cloudFrontWebAcl.arn });
    }
}
