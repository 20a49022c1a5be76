import { CheckResult, ResourceRule } from "../../../lib/rule";
import { asArray, isSet, known } from "../../../lib/values";

const EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster";
const EKS_COMPONENT_TYPE = "eks:index:Cluster";

/** EKS clusters envelope-encrypt Kubernetes Secrets with a KMS key. */
export const eksSecretsKms: ResourceRule = {
    kind: "resource",
    name: "eks-secrets-kms",
    description: "EKS clusters envelope-encrypt Kubernetes Secrets with a customer-managed KMS key (encryptionConfig covering \"secrets\").",
    severity: "high",
    remediation: "Set encryptionConfigKeyArn: <customer-managed key ARN> on the eks.Cluster component, or encryptionConfig: "
        + "{ resources: [\"secrets\"], provider: { keyArn } } on an aws.eks.Cluster. The key policy must let the cluster role use the key; "
        + "encryption cannot be removed once enabled.",
    enforcementLevel: "mandatory",
    types: [EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE],
    check: ({ type, props }): CheckResult => {
        if (type === EKS_COMPONENT_TYPE) {
            if (!isSet(props.encryptionConfigKeyArn)) {
                return "EKS cluster (eks.Cluster component) must set encryptionConfigKeyArn to a customer-managed KMS key to encrypt Kubernetes Secrets.";
            }
            return;
        }
        const configs = asArray<any>(known(props.encryptionConfig, "encryptionConfig"));
        const covering = configs.filter((c, i) => {
            const cfg = known(c, `encryptionConfig.${i}`) ?? {};
            const resources = asArray<unknown>(known(cfg.resources, `encryptionConfig.${i}.resources`));
            return resources.some((r, j) => known(r, `encryptionConfig.${i}.resources.${j}`) === "secrets");
        });
        if (covering.length === 0) {
            return "EKS cluster encryptionConfig does not cover \"secrets\": set encryptionConfig { resources: [\"secrets\"], provider: { keyArn } }.";
        }
        if (!covering.some((c) => isSet(c.provider) && isSet(known(c.provider, "encryptionConfig.provider")?.keyArn))) {
            return "EKS cluster encryptionConfig for \"secrets\" sets no provider.keyArn: set a customer-managed KMS key ARN.";
        }
    },
};
