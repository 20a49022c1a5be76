/**
 * EdgeLayer (`platform:edge:EdgeLayer`): what a shopper, a partner or an attacker reaches first. Today its regional
 * WAF web ACL (`<prefix>-regional`, components/edge/web-acl.ts): AWS managed rule groups (common, known bad inputs,
 * SQL injection, IP reputation), a rate-based rule (`wafRateLimit`), logs to an encrypted `aws-waf-logs-` group with
 * the authorization, cookie and webhook-signature headers redacted. The stack associates it with the partner API's
 * stage (the integration layer's `webAclArn`); the storefront's CloudFront distribution, its CLOUDFRONT-scope ACL,
 * Shield and Cognito come with the rest of the edge layer.
 */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../shared";
import { EdgeConfig } from "./config";
import { WebAcl } from "./web-acl";

export interface EdgeLayerArgs {
    /** The layer's config section (stacks/config.ts). */
    config: EdgeConfig;
    /** Prefix of names unique per stack, `<project>-<stack>`. */
    namePrefix: string;
    /** From the security layer: the `logs` domain key (the web ACLs' log groups). */
    logsKeyArn: pulumi.Input<string>;
    /** Days the web ACLs' log groups keep events. */
    logRetentionDays: number;
    /** Protect the log groups (prod). */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class EdgeLayer extends pulumi.ComponentResource {
    /** The REGIONAL web ACL: the partner API's stage (and, with the storefront, the shop's load balancer). */
    readonly regionalWebAcl: WebAcl;

    constructor(name: string, args: EdgeLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:EdgeLayer", name, {}, opts);
        this.regionalWebAcl = new WebAcl(`${args.namePrefix}-regional`, {
            aclName: `${args.namePrefix}-regional`,
            scope: "REGIONAL",
            rateLimit: args.config.wafRateLimit,
            logs: { kmsKeyArn: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            // The partners' webhook signatures: a logged signature is no secret, but it is replayable within the window.
            redactedHeaders: ["x-signature"],
            protect: args.protect,
            tags: args.tags,
        }, { parent: this });
        this.registerOutputs({});
    }
}
