/**
 * SecurityHub (`platform:security:SecurityHub`): Security Hub enabled in the account and region, with consolidated
 * control findings (one finding per control across standards) and new controls enabled automatically, subscribed to
 * the AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0 standards (not to the
 * defaults Security Hub would pick on its own). An account-level singleton: not created when an organisation's
 * delegated administrator already enables Security Hub in the account (config `securityBaseline: false`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SecurityHubArgs {
    /** The standards to subscribe to, each `<id>/v/<version>`. Defaults to SECURITY_HUB_STANDARDS. */
    standards?: readonly SecurityHubStandard[];
}

/** A Security Hub standard, by the path of its ARN (`standards/<id>/v/<version>`). */
export interface SecurityHubStandard {
    /** The standard's id, such as `aws-foundational-security-best-practices`. */
    id: string;
    /** The standard's version, such as `1.0.0`. */
    version: string;
}

/** The standards the platform subscribes to. */
export const SECURITY_HUB_STANDARDS: readonly SecurityHubStandard[] = [
    { id: "aws-foundational-security-best-practices", version: "1.0.0" },
    { id: "cis-aws-foundations-benchmark", version: "3.0.0" },
];

/** A regional standard's ARN: `arn:<partition>:securityhub:<region>::standards/<id>/v/<version>`. Pure. */
export function standardsArn(partition: string, region: string, s: SecurityHubStandard): string {
    return `arn:${partition}:securityhub:${region}::standards/${s.id}/v/${s.version}`;
}

export class SecurityHub extends pulumi.ComponentResource {
    readonly account: aws.securityhub.Account;
    /** The standards subscriptions, by standard id. */
    readonly subscriptions: Record<string, aws.securityhub.StandardsSubscription>;

    constructor(name: string, args: SecurityHubArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:SecurityHub", name, {}, opts);
        const parent = { parent: this };
        this.account = new aws.securityhub.Account(name, {
            enableDefaultStandards: false,
            controlFindingGenerator: "SECURITY_CONTROL",
            autoEnableControls: true,
        }, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const region = aws.getRegionOutput({}, parent).region;
        this.subscriptions = {};
        for (const s of args.standards ?? SECURITY_HUB_STANDARDS) {
            this.subscriptions[s.id] = new aws.securityhub.StandardsSubscription(`${name}-${s.id}`, {
                standardsArn: pulumi.all([partition, region]).apply(([p, r]) => standardsArn(p, r, s)),
            }, { parent: this, dependsOn: [this.account] });
        }
        this.registerOutputs({ accountId: this.account.id });
    }
}
