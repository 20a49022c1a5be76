/**
 * ExternalSecrets (`platform:compute:ExternalSecrets`): the External Secrets Operator from its pinned Helm chart, in
 * its own namespace (Pod Security "restricted" enforced), with its own Pod Identity role (a WorkloadRole for
 * external-secrets/external-secrets) that may read only the platform's secrets (Secrets Manager names under
 * `secretPrefix`, plus the exact data-store secrets it is given, such as the master secrets RDS manages) and decrypt
 * with their keys only through Secrets Manager; and the ClusterSecretStore
 * `aws-secrets-manager` through which services' ExternalSecrets read Secrets Manager of the stack's region. With Pod
 * Identity the store has no `auth` block: the operator uses its pod's credentials (ESO's AWS provider documentation,
 * "EKS Pod Identity Setup").
 *
 * Pass the cluster's Kubernetes provider as `opts.providers` (or `opts.provider`).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, PolicyDocument, Tags } from "../shared";
import { checkControllerArgs, controllerRelease } from "./controller";
import { WorkloadRole } from "./workload-role";

/** Where the chart comes from. */
export const EXTERNAL_SECRETS_CHART = { repo: "https://charts.external-secrets.io", chart: "external-secrets" } as const;
/** The operator's namespace and service account (created by the chart; the Pod Identity association names it). */
export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
/** The ClusterSecretStore every service's ExternalSecret refers to. */
export const CLUSTER_SECRET_STORE = "aws-secrets-manager";
/** The API version of the store as chart 2.9.0 serves it (v1beta1 is no longer served by default). */
export const EXTERNAL_SECRETS_API_VERSION = "external-secrets.io/v1";

export interface ExternalSecretsArgs {
    /** The EKS cluster's name (the role's trust and Pod Identity association). */
    clusterName: pulumi.Input<string>;
    /** The AWS region whose Secrets Manager the store reads, the stack's region, such as `eu-west-1`. */
    region: string;
    /**
     * The Secrets Manager name prefix the operator may read, such as `ecommerce-platform/prod/`: the role is allowed
     * `arn:<partition>:secretsmanager:<region>:<account>:secret:<secretPrefix>*` and nothing else. Not empty.
     */
    secretPrefix: string;
    /** The KMS key the secrets are encrypted with (the security layer's `secrets` key); decrypt only through Secrets Manager. */
    secretsKeyArn: pulumi.Input<string>;
    /**
     * Secrets outside `secretPrefix` the operator may also read, each with the key it is encrypted with: the master
     * secrets RDS manages for the databases (RDS names them `rds!db-<id>`). Exact ARNs only. Defaults to none.
     */
    additionalSecrets?: AdditionalSecret[];
    /** The external-secrets chart version (versions.ts); it must serve external-secrets.io/v1. */
    chartVersion: string;
    /** The permissions boundary of the operator's role (the security layer's workload boundary). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Tags merged into the role and its association. */
    tags?: Tags;
}

/** A secret the operator may read outside the platform's prefix. */
export interface AdditionalSecret {
    /** The secret's ARN. */
    secretArn: pulumi.Input<string>;
    /** The customer-managed key it is encrypted with (decrypt only through Secrets Manager). */
    kmsKeyArn: pulumi.Input<string>;
}

/** What the operator's policy is scoped to. */
export interface ExternalSecretsPolicyContext {
    partition: string;
    region: string;
    accountId: string;
    /** The partition's DNS suffix (amazonaws.com, amazonaws.com.cn), for kms:ViaService. */
    dnsSuffix: string;
    secretPrefix: string;
    secretsKeyArn: string;
    /** Secrets outside the prefix, with their keys (resolved ARNs). */
    additionalSecrets?: { secretArn: string; kmsKeyArn: string }[];
}

/** The operator's policy: read the platform's secrets, decrypt them through Secrets Manager only. Pure. */
export function externalSecretsPolicy(c: ExternalSecretsPolicyContext): PolicyDocument {
    const extra = c.additionalSecrets ?? [];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadPlatformSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:${c.secretPrefix}*`,
            },
            ...(extra.length ? [{
                Sid: "ReadDataStoreSecrets",
                Effect: "Allow" as const,
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: unique(extra.map((x) => x.secretArn)),
            }] : []),
            {
                Sid: "DecryptThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: extra.length ? unique([c.secretsKeyArn, ...extra.map((x) => x.kmsKeyArn)]) : c.secretsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${c.region}.${c.dnsSuffix}` } },
            },
        ],
    };
}

const unique = (xs: string[]) => [...new Set(xs)];

/** The ClusterSecretStore's spec: Secrets Manager of `region`, the operator's own (Pod Identity) credentials. Pure. */
export function clusterSecretStoreSpec(region: string): Record<string, unknown> {
    return { provider: { aws: { service: "SecretsManager", region } } };
}

/** The labels that make Kubernetes enforce Pod Security "restricted" in a namespace (and warn and audit by it). */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
};

const securityContext = {
    enabled: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000,
    capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
};
const podSecurityContext = { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/** The chart's values (external-secrets 2.9.0): controller, webhook and cert controller alike. Pure. */
export function externalSecretsValues(): Record<string, unknown> {
    const pod = (requests: { cpu: string; memory: string }, memoryLimit: string) => ({
        resources: { requests, limits: { memory: memoryLimit } },
        securityContext, podSecurityContext,
    });
    return {
        installCRDs: true,
        serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
        // Two replicas, one of them leading: secrets keep syncing through a node's drain.
        replicaCount: 2,
        leaderElect: true,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        ...pod({ cpu: "50m", memory: "128Mi" }, "256Mi"),
        webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, ...pod({ cpu: "20m", memory: "64Mi" }, "128Mi") },
        certController: pod({ cpu: "20m", memory: "64Mi" }, "128Mi"),
    };
}

export class ExternalSecrets extends pulumi.ComponentResource {
    /** The operator's Pod Identity role. */
    readonly role: WorkloadRole;
    readonly namespace: k8s.core.v1.Namespace;
    readonly release: k8s.helm.v3.Release;
    /** The ClusterSecretStore `aws-secrets-manager`. */
    readonly store: k8s.apiextensions.CustomResource;
    readonly roleArn: pulumi.Output<string>;
    /** The store's name, for services' ExternalSecrets (`secretStoreRef: { kind: ClusterSecretStore, name }`). */
    readonly storeName: string = CLUSTER_SECRET_STORE;

    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateExternalSecretsArgs(args);
        super("platform:compute:ExternalSecrets", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);
        this.role = new WorkloadRole(name, {
            clusterName: args.clusterName,
            namespace: EXTERNAL_SECRETS_NAMESPACE,
            serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
            policy: pulumi.all([partition, identity.accountId, args.secretsKeyArn, pulumi.output(args.additionalSecrets ?? [])])
                .apply(([p, accountId, secretsKeyArn, additionalSecrets]) => externalSecretsPolicy({
                    partition: p.partition, dnsSuffix: p.dnsSuffix, region: args.region, accountId,
                    secretPrefix: args.secretPrefix, secretsKeyArn, additionalSecrets,
                })),
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            description: "External Secrets Operator (external-secrets/external-secrets)",
            tags: args.tags,
        }, parent);
        this.roleArn = this.role.roleArn;
        this.namespace = new k8s.core.v1.Namespace(name, {
            metadata: { name: EXTERNAL_SECRETS_NAMESPACE, labels: { ...RESTRICTED_NAMESPACE_LABELS } },
        }, parent);
        this.release = controllerRelease(name, {
            ...EXTERNAL_SECRETS_CHART,
            version: args.chartVersion,
            namespace: this.namespace.metadata.name,
            values: externalSecretsValues(),
        }, { parent: this, dependsOn: [this.role] });
        // The store's kind exists once the release has installed the CRDs, and it works once the operator runs.
        this.store = new k8s.apiextensions.CustomResource(`${name}-store`, {
            apiVersion: EXTERNAL_SECRETS_API_VERSION,
            kind: "ClusterSecretStore",
            metadata: { name: CLUSTER_SECRET_STORE },
            spec: clusterSecretStoreSpec(args.region),
        }, { parent: this, dependsOn: [this.release] });
        this.registerOutputs({ roleArn: this.roleArn, storeName: this.storeName });
    }
}

/** Validate ExternalSecretsArgs; throws ComponentArgsError listing every problem. */
export function validateExternalSecretsArgs(args: ExternalSecretsArgs): void {
    const check = new ArgsChecker("ExternalSecrets");
    checkControllerArgs(check, args);
    check.require(typeof args.secretPrefix === "string" && /^[A-Za-z0-9/_+=.@-]{1,256}$/.test(args.secretPrefix), "secretPrefix",
        args.secretPrefix, "expected a Secrets Manager name prefix such as ecommerce-platform/prod/ (never empty: that would be every secret)");
    check.require(args.secretsKeyArn !== undefined && args.secretsKeyArn !== "", "secretsKeyArn", args.secretsKeyArn, "required");
    for (const [i, x] of (args.additionalSecrets ?? []).entries()) {
        check.require(x?.secretArn !== undefined && x.secretArn !== "" && x.secretArn !== "*", `additionalSecrets[${i}].secretArn`, x?.secretArn, "expected a secret's ARN");
        check.require(x?.kmsKeyArn !== undefined && x.kmsKeyArn !== "" && x.kmsKeyArn !== "*", `additionalSecrets[${i}].kmsKeyArn`, x?.kmsKeyArn,
            "expected the ARN of the key the secret is encrypted with");
    }
    check.done();
}
