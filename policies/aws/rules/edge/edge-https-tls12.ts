import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown } from "../../../lib/values";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const HTTPS_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

interface EdgeHttpsTls12Config {
    allowedSslPolicies: string[];
    allowedCloudFrontProtocolVersions: string[];
}

function checkListener(props: Record<string, any>, config: EdgeHttpsTls12Config, findings: Findings) {
    const { protocol, port } = props;
    if (isUnknown(protocol)) { findings.defer("protocol"); return; }
    // Gateway Load Balancer listeners have neither port nor protocol (GENEVE): nothing to check.
    if (protocol === undefined && port === undefined) return;
    const proto = String(protocol ?? "HTTP").toUpperCase();
    if (proto === "HTTP") {
        const actions = props.defaultActions;
        if (isUnknown(actions)) { findings.defer("defaultActions"); return; }
        let redirects = false;
        for (const [i, a] of asArray(actions as any[]).entries()) {
            if (isUnknown(a) || isUnknown(a?.type)) { findings.defer(`defaultActions[${i}].type`); return; }
            if (a?.type !== "redirect") continue;
            const to = a.redirect?.protocol;
            if (isUnknown(to)) { findings.defer(`defaultActions[${i}].redirect.protocol`); return; }
            if (typeof to === "string" && to.toUpperCase() === "HTTPS") redirects = true;
        }
        if (!redirects) findings.add("HTTP listener must redirect to HTTPS: its default action must be type 'redirect' with redirect.protocol 'HTTPS'.");
    } else if (proto === "HTTPS" || proto === "TLS") {
        const policy = props.sslPolicy;
        if (isUnknown(policy)) { findings.defer("sslPolicy"); return; }
        if (!config.allowedSslPolicies.includes(policy)) {
            findings.add(`${proto} listener sslPolicy ${policy === undefined ? "is unset (AWS default ELBSecurityPolicy-2016-08)" : `'${policy}'`} `
                + `is not an allowed TLS 1.2+ policy (${config.allowedSslPolicies.join(", ")}).`);
        }
    }
}

function checkDistribution(props: Record<string, any>, config: EdgeHttpsTls12Config, findings: Findings) {
    const behaviors: [string, any][] = [["defaultCacheBehavior", props.defaultCacheBehavior]];
    if (isUnknown(props.orderedCacheBehaviors)) findings.defer("orderedCacheBehaviors");
    else asArray(props.orderedCacheBehaviors as any[]).forEach((b, i) => behaviors.push([`orderedCacheBehaviors[${i}]`, b]));
    for (const [path, b] of behaviors) {
        const vpp = isUnknown(b) ? b : b?.viewerProtocolPolicy;
        if (isUnknown(vpp)) { findings.defer(`${path}.viewerProtocolPolicy`); continue; }
        if (!HTTPS_VIEWER_POLICIES.includes(vpp)) {
            findings.add(`CloudFront ${path}.viewerProtocolPolicy is '${vpp ?? "unset"}'; use 'redirect-to-https' or 'https-only'.`);
        }
    }
    const cert = props.viewerCertificate;
    if (isUnknown(cert)) { findings.defer("viewerCertificate"); return; }
    const defaultCert = cert?.cloudfrontDefaultCertificate;
    if (isUnknown(defaultCert)) { findings.defer("viewerCertificate.cloudfrontDefaultCertificate"); return; }
    // The *.cloudfront.net certificate always allows TLSv1; its minimum cannot be raised.
    if (defaultCert === true) return;
    const version = cert?.minimumProtocolVersion;
    if (isUnknown(version)) { findings.defer("viewerCertificate.minimumProtocolVersion"); return; }
    if (!config.allowedCloudFrontProtocolVersions.includes(version)) {
        findings.add(`CloudFront viewerCertificate.minimumProtocolVersion ${version === undefined ? "is unset (default TLSv1)" : `'${version}'`} `
            + `is below TLS 1.2; use one of ${config.allowedCloudFrontProtocolVersions.join(", ")}.`);
    }
}

/** Edge endpoints speak HTTPS only, with TLS 1.2 or higher. */
export const edgeHttpsTls12: ResourceRule<EdgeHttpsTls12Config> = {
    kind: "resource",
    name: "edge-https-tls12",
    description: "Load balancer listeners and CloudFront distributions redirect HTTP to HTTPS and negotiate TLS 1.2 or higher.",
    severity: "high",
    remediation: "Give HTTP listeners a default action { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }; "
        + "set sslPolicy on HTTPS/TLS listeners to an allowed TLS 1.2+ policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06); on CloudFront "
        + "set viewerProtocolPolicy 'redirect-to-https' on every cache behavior and viewerCertificate.minimumProtocolVersion 'TLSv1.2_2021'.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedSslPolicies: {
                type: "array",
                items: { type: "string" },
                default: [
                    "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
                    "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
                ],
                description: "ELB security policies accepted on HTTPS and TLS listeners.",
            },
            allowedCloudFrontProtocolVersions: {
                type: "array",
                items: { type: "string" },
                default: ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"],
                description: "CloudFront viewerCertificate.minimumProtocolVersion values accepted (custom certificates).",
            },
        },
    },
    types: [...LISTENERS, DISTRIBUTION],
    check: ({ type, props }, config) => {
        const findings = new Findings();
        if (type === DISTRIBUTION) checkDistribution(props, config, findings);
        else checkListener(props, config, findings);
        return findings.result();
    },
};
