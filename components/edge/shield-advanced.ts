/**
 * ShieldAdvanced (`platform:edge:ShieldAdvanced`): the account's AWS Shield Advanced subscription and a protection for
 * each public resource the platform makes itself (the CloudFront distribution, the Route 53 hosted zone), grouped in
 * one protection group so that Shield's detection looks at the shop as a whole.
 *
 * The shop's load balancer is made by the AWS Load Balancer Controller, so Pulumi never has its ARN: the compute layer
 * asks the controller for its protection with the Ingress annotation `alb.ingress.kubernetes.io/shield-advanced-protection`.
 * The partner API's regional stage cannot be protected by Shield directly (only CloudFront, Route 53, Global
 * Accelerator, load balancers and Elastic IPs can); its web ACL's rate rule stands in.
 *
 * The subscription is a one-year commitment (USD 3,000 a month at the time of writing) for the whole account, renewed
 * automatically: it is protected, and Pulumi leaves it in place when the stack is destroyed (`skipDestroy`), because
 * AWS does not let a subscription end early. Application-layer automatic mitigation is not switched on here: Shield
 * then writes its own rule group into the web ACL, which the next `pulumi up` would remove again.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, Tags } from "../shared";

export interface ShieldAdvancedArgs {
    /** The protection group's name, such as `<prefix>-shop`. */
    groupName: string;
    /** The resources to protect, by a short name used in resource names (`distribution`, `hosted-zone`): their ARNs. */
    protectedResources: Record<string, pulumi.Input<string>>;
    /** Tags of the protections and the group. */
    tags?: Tags;
}

export class ShieldAdvanced extends pulumi.ComponentResource {
    /** The account's subscription. */
    readonly subscription: aws.shield.Subscription;
    /** One protection per protected resource, by its short name. */
    readonly protections: Record<string, aws.shield.Protection>;

    constructor(name: string, args: ShieldAdvancedArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker("ShieldAdvanced");
        check.require(typeof args.groupName === "string" && /^[A-Za-z0-9_-]{1,36}$/.test(args.groupName), "groupName", args.groupName,
            "expected 1-36 letters, digits, '-' or '_' (a Shield protection group id)");
        const names = Object.keys(args.protectedResources ?? {});
        check.require(names.length > 0, "protectedResources", args.protectedResources, "expected at least one resource ARN to protect");
        for (const n of names) check.require(/^[a-z0-9-]{1,40}$/.test(n), `protectedResources.${n}`, n, "expected a short lowercase name (letters, digits, '-')");
        check.done();
        super("platform:edge:ShieldAdvanced", name, {}, opts);
        this.subscription = new aws.shield.Subscription(name, { autoRenew: "ENABLED", skipDestroy: true }, { parent: this, protect: true });
        this.protections = Object.fromEntries(names.map((n) => [n, new aws.shield.Protection(`${name}-${n}`, {
            name: `${args.groupName}-${n}`,
            resourceArn: args.protectedResources[n],
            tags: args.tags,
        }, { parent: this, dependsOn: [this.subscription] })]));
        new aws.shield.ProtectionGroup(name, {
            protectionGroupId: args.groupName,
            aggregation: "MAX",
            pattern: "ALL",
            tags: args.tags,
        }, { parent: this, dependsOn: Object.values(this.protections) });
        this.registerOutputs({});
    }
}
