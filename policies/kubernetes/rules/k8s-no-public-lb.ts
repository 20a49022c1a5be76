import { ResourceRule } from "../../lib/rule";
import { isUnknown, unknownValue } from "../../lib/values";
import { obj, SERVICE, str } from "./workloads";

const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

/** Public traffic enters through the shared ALB + WAF; Services of type LoadBalancer stay inside the VPC. */
export const k8sNoPublicLb: ResourceRule = {
    kind: "resource",
    name: "k8s-no-public-lb",
    description: "A Service of type LoadBalancer is explicitly internal (aws-load-balancer-scheme: internal or aws-load-balancer-internal: \"true\").",
    severity: "high",
    remediation: `Annotate the Service with ${SCHEME_ANNOTATION}: internal (or the legacy ${INTERNAL_ANNOTATION}: "true"), `
        + "or use type ClusterIP and expose it publicly through the shared ALB Ingress with WAF.",
    enforcementLevel: "mandatory",
    types: [SERVICE],
    check: ({ props }) => {
        const spec = obj(props.spec, "spec");
        const type = str(spec?.type, "spec.type");
        if (type !== "LoadBalancer") return;
        const metadata = obj(props.metadata, "metadata");
        const annotations = obj(metadata?.annotations, "metadata.annotations") ?? {};
        const rawScheme = annotations[SCHEME_ANNOTATION];
        // The scheme annotation takes precedence over the legacy internal annotation (AWS Load Balancer Controller).
        if (rawScheme !== undefined && rawScheme !== null) {
            const scheme = str(rawScheme, `metadata.annotations.${SCHEME_ANNOTATION}`);
            if (scheme === "internal") return;
            return `Service of type LoadBalancer has ${SCHEME_ANNOTATION}: ${JSON.stringify(scheme)}; it must be "internal" (public ingress goes through the shared ALB + WAF).`;
        }
        const internal = annotations[INTERNAL_ANNOTATION];
        if (isUnknown(internal)) unknownValue(`metadata.annotations.${INTERNAL_ANNOTATION}`);
        if (internal === true || String(internal).toLowerCase() === "true") return;
        const cls = spec?.loadBalancerClass;
        const via = typeof cls === "string" && !isUnknown(cls) ? ` (loadBalancerClass ${cls})` : "";
        return `Service of type LoadBalancer${via} is internet-facing: annotate it with ${SCHEME_ANNOTATION}: internal (public ingress goes through the shared ALB + WAF).`;
    },
};
