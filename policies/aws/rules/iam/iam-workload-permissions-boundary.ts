import { UnknownValueError } from "@pulumi/policy";
import { checkStatements, classifyPrincipals, isAllow } from "../../../lib/iam";
import { globMatch } from "../../../lib/patterns";
import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, unknownValue } from "../../../lib/values";

interface IamWorkloadBoundaryConfig {
    /** Glob (`*` wildcards) the boundary ARN must match; empty = any boundary. */
    boundaryArnPattern: string;
}

const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";

/** Roles that pods can assume (EKS Pod Identity or IRSA/OIDC web identity) carry a permissions boundary. */
export const iamWorkloadPermissionsBoundary: ResourceRule<IamWorkloadBoundaryConfig> = {
    kind: "resource",
    name: "iam-workload-permissions-boundary",
    description: "IAM roles assumable by workloads (EKS Pod Identity service pods.eks.amazonaws.com or OIDC web identity) "
        + "set a permissionsBoundary (matching boundaryArnPattern when configured).",
    severity: "high",
    remediation: "Set permissionsBoundary on the aws.iam.Role to the platform's workload boundary policy ARN, so that "
        + "permissions added later can never exceed it.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            boundaryArnPattern: {
                type: "string", default: "",
                description: "Glob (* wildcards) the permissionsBoundary ARN must match, e.g. arn:aws:iam::*:policy/workload-boundary; empty accepts any boundary.",
            },
        },
    },
    types: ["aws:iam/role:Role"],
    check: ({ props }, config) => {
        const pattern = config.boundaryArnPattern ?? "";
        const boundary = props.permissionsBoundary;
        // A compliant boundary settles the outcome whatever the trust policy says.
        if (isSet(boundary)) {
            if (!pattern) return;
            if (isUnknown(boundary)) unknownValue("permissionsBoundary");
            if (globMatch(pattern, String(boundary))) return;
        }
        const workloads = new Set<string>();
        try {
            checkStatements([{ path: "assumeRolePolicy", doc: props.assumeRolePolicy }], (s, _where, path) => {
                if (!isAllow(s, path)) return [];
                for (const p of classifyPrincipals(s, path)) {
                    if (p.cls === "service" && p.value === POD_IDENTITY_SERVICE) workloads.add(`EKS Pod Identity (${POD_IDENTITY_SERVICE})`);
                    if (p.cls === "oidc") workloads.add("OIDC web identity");
                }
                return [];
            });
        } catch (e) {
            // An unknown statement cannot make a known workload trust compliant: decide on what is known.
            if (!(e instanceof UnknownValueError) || !workloads.size) throw e;
        }
        if (!workloads.size) return;
        const who = [...workloads].join(" and ");
        if (!isSet(boundary)) return `Role is assumable through ${who} but sets no permissionsBoundary.`;
        return `Role is assumable through ${who} but its permissionsBoundary ${boundary} does not match ${pattern}.`;
    },
};
