/**
 * SecurityLayer (`platform:security:SecurityLayer`): the security layer of the platform, composed from the layer's
 * config: one customer-managed KMS key per data domain (key-domains.ts), with which the other layers encrypt by domain
 * name; the permissions boundary every workload role carries; and the account's security baseline: the audit trail
 * (CloudTrail, always) and, unless an organisation's delegated administrator runs them (`securityBaseline: false`),
 * Security Hub, GuardDuty and IAM Access Analyzer.
 */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../shared";
import { AccessAnalyzer } from "./access-analyzer";
import { AuditTrail } from "./audit-trail";
import { SecurityConfig } from "./config";
import { KEY_DOMAINS, KeyDomainName } from "./key-domains";
import { DataKeys } from "./kms-keys";
import { SecurityHub } from "./security-hub";
import { ThreatDetection } from "./threat-detection";
import { WorkloadBoundary } from "./workload-boundary";

/** The config keys only the account baseline reads. */
type BaselineKeys = "securityBaseline" | "trailDataEvents";
/** The security config as the layer takes it: the baseline's keys optional. */
export type SecurityLayerConfig = Omit<SecurityConfig, BaselineKeys> & Partial<Pick<SecurityConfig, BaselineKeys>>;

/** What the account baseline needs beyond the layer's config. */
export interface SecurityBaselineArgs {
    /** Prefix of names unique per stack, `<project>-<stack>`: the trail, its bucket and log group, the analyzer; data events select `<namePrefix>-*`. */
    namePrefix: string;
    /** Days the trail's CloudWatch log group keeps its events. */
    logRetentionDays: number;
}

export interface SecurityLayerArgs {
    /**
     * The layer's config (keys kmsDeletionWindowDays, keyAdminRoleArns, securityBaseline, trailDataEvents). The two
     * baseline keys are read only with `baseline`; a caller without them (a component's test) gets the singletons and no
     * data events.
     */
    config: SecurityLayerConfig;
    /** Alias prefix unique per stack, `<project>/<stack>`: keys are `alias/<aliasPrefix>/<domain>`. */
    aliasPrefix: string;
    /** Set `protect` on the keys (deleting a key destroys the data it encrypts) and on the trail, its bucket and its log group. */
    protect: boolean;
    /**
     * The account's security baseline: the audit trail, and with config `securityBaseline` Security Hub, GuardDuty and
     * Access Analyzer. Omitted: keys and boundary only (what the components' pack tests build on).
     */
    baseline?: SecurityBaselineArgs;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class SecurityLayer extends pulumi.ComponentResource {
    /** The data keys, one per domain of key-domains.ts. */
    readonly keys: DataKeys<KeyDomainName>;
    /** The permissions boundary every workload role carries. */
    readonly workloadBoundary: WorkloadBoundary;
    /** The account's CloudTrail trail, its bucket and log delivery; absent without `baseline`. */
    readonly trail?: AuditTrail;
    /** Security Hub with its standards; absent without `baseline` or with `securityBaseline: false`. */
    readonly securityHub?: SecurityHub;
    /** GuardDuty with its features; absent without `baseline` or with `securityBaseline: false`. */
    readonly guardDuty?: ThreatDetection;
    /** IAM Access Analyzer of the account; absent without `baseline` or with `securityBaseline: false`. */
    readonly accessAnalyzer?: AccessAnalyzer;

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
        if (args.baseline) {
            const parent = { parent: this };
            this.trail = new AuditTrail(`${name}-audit-trail`, {
                namePrefix: args.baseline.namePrefix,
                auditKeyArn: this.keyArn("audit"),
                logsKeyArn: this.keyArn("logs"),
                logRetentionDays: args.baseline.logRetentionDays,
                permissionsBoundaryArn: this.workloadBoundary.arn,
                dataEvents: args.config.trailDataEvents ?? false,
                protect: args.protect,
                tags: args.tags,
            }, parent);
            // Account-level singletons: an organisation's delegated administrator may already run them in the account.
            if (args.config.securityBaseline ?? true) {
                this.securityHub = new SecurityHub(`${name}-security-hub`, {}, parent);
                this.guardDuty = new ThreatDetection(`${name}-guardduty`, { tags: args.tags }, parent);
                this.accessAnalyzer = new AccessAnalyzer(`${name}-access-analyzer`, { namePrefix: args.baseline.namePrefix, tags: args.tags }, parent);
            }
        }
        this.registerOutputs({
            keyArns: this.keys.keyArns, workloadBoundaryArn: this.workloadBoundary.arn,
            trailArn: this.trail?.arn, guardDutyDetectorId: this.guardDuty?.detectorId, accessAnalyzerArn: this.accessAnalyzer?.arn,
        });
    }

    /** The ARN of a data domain's key. */
    keyArn(domain: KeyDomainName): pulumi.Output<string> {
        return this.keys.keyArn(domain);
    }
}
