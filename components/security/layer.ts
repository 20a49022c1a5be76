/**
 * SecurityLayer (`platform:security:SecurityLayer`): the security layer of the platform, composed from the layer's
 * config: one customer-managed KMS key per data domain (key-domains.ts). The other layers encrypt with these keys by
 * domain name; and the permissions boundary every workload role carries. (Security Hub, CloudTrail, GuardDuty and
 * Access Analyzer join this layer with the edge and security issue.)
 */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../shared";
import { SecurityConfig } from "./config";
import { KEY_DOMAINS, KeyDomainName } from "./key-domains";
import { DataKeys } from "./kms-keys";
import { WorkloadBoundary } from "./workload-boundary";

export interface SecurityLayerArgs {
    /** The layer's config (keys kmsDeletionWindowDays, keyAdminRoleArns). */
    config: SecurityConfig;
    /** Alias prefix unique per stack, `<project>/<stack>`: keys are `alias/<aliasPrefix>/<domain>`. */
    aliasPrefix: string;
    /** Set `protect` on the keys (deleting a key destroys the data it encrypts). */
    protect: boolean;
    /** Tags merged into every key. */
    tags?: Tags;
}

export class SecurityLayer extends pulumi.ComponentResource {
    /** The data keys, one per domain of key-domains.ts. */
    readonly keys: DataKeys<KeyDomainName>;
    /** The permissions boundary every workload role carries. */
    readonly workloadBoundary: WorkloadBoundary;

    constructor(name: string, args: SecurityLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:SecurityLayer", name, {}, opts);
        this.keys = new DataKeys(`${name}-keys`, {
            domains: KEY_DOMAINS,
            aliasPrefix: args.aliasPrefix,
            adminRoleArns: [...args.config.keyAdminRoleArns],
            deletionWindowInDays: args.config.kmsDeletionWindowDays,
            protect: args.protect,
            tags: args.tags,
        }, {
            parent: this,
            // Before the layers, the keys were `platform:kms:DataKeys` at the stack's root. The alias (and the aliases
            // the engine derives from it for every key and alias) keeps each URN: a key is never replaced.
            aliases: [{ type: "platform:kms:DataKeys", parent: pulumi.rootStackResource }],
        });
        this.workloadBoundary = new WorkloadBoundary(`${name}-workload-boundary`, { path: `/${args.aliasPrefix}/`, tags: args.tags }, { parent: this });
        this.registerOutputs({ keyArns: this.keys.keyArns, workloadBoundaryArn: this.workloadBoundary.arn });
    }

    /** The ARN of a data domain's key. */
    keyArn(domain: KeyDomainName): pulumi.Output<string> {
        return this.keys.keyArn(domain);
    }
}
