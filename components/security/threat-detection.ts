/**
 * ThreatDetection (`platform:security:ThreatDetection`): Amazon GuardDuty in the account and region, findings published
 * every 15 minutes, with the protection plans the shop's resources need: EKS audit logs, Runtime Monitoring (EKS, with
 * GuardDuty managing its agent add-on), S3 data events, RDS login events, Lambda network logs and EBS malware scans.
 * Runtime Monitoring supersedes EKS Runtime Monitoring (EKS_RUNTIME_MONITORING), which must not be configured with it.
 * An account-level singleton: not created when an organisation's delegated administrator already runs GuardDuty in the
 * account (config `securityBaseline: false`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "../shared";

/** A detector feature and its additional configuration, all ENABLED. */
export interface DetectorFeatureSpec {
    /** The feature's name (GuardDuty's DetectorFeature). */
    name: string;
    /** Additional configuration names enabled with it. */
    additionalConfiguration?: readonly string[];
}

/** The GuardDuty features the platform enables. */
export const GUARDDUTY_FEATURES: readonly DetectorFeatureSpec[] = [
    { name: "EKS_AUDIT_LOGS" },
    { name: "RUNTIME_MONITORING", additionalConfiguration: ["EKS_ADDON_MANAGEMENT"] },
    { name: "S3_DATA_EVENTS" },
    { name: "RDS_LOGIN_EVENTS" },
    { name: "LAMBDA_NETWORK_LOGS" },
    { name: "EBS_MALWARE_PROTECTION" },
];

export interface ThreatDetectionArgs {
    /** Tags merged into the detector. */
    tags?: Tags;
}

export class ThreatDetection extends pulumi.ComponentResource {
    readonly detector: aws.guardduty.Detector;
    /** The features, by feature name. */
    readonly features: Record<string, aws.guardduty.DetectorFeature>;
    /** The detector's id. */
    readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: ThreatDetectionArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:ThreatDetection", name, {}, opts);
        this.detector = new aws.guardduty.Detector(name, {
            enable: true,
            findingPublishingFrequency: "FIFTEEN_MINUTES",
            tags: mergeTags(args.tags, { Name: name }),
        }, { parent: this });
        this.features = {};
        for (const f of GUARDDUTY_FEATURES) {
            this.features[f.name] = new aws.guardduty.DetectorFeature(`${name}-${f.name.toLowerCase().replace(/_/g, "-")}`, {
                detectorId: this.detector.id,
                name: f.name,
                status: "ENABLED",
                ...(f.additionalConfiguration?.length
                    ? { additionalConfigurations: f.additionalConfiguration.map((c) => ({ name: c, status: "ENABLED" })) } : {}),
            }, { parent: this });
        }
        this.detectorId = this.detector.id;
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
