import { Findings } from "../../../lib/findings";
import { policyStatements, principals } from "../../../lib/iam";
import { knownIds, nameSegment, refersTo } from "../../../lib/links";
import { actionMatches } from "../../../lib/patterns";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { BUCKET_TYPES } from "../../../lib/s3";
import { asArray, isUnknown, unknownish } from "../../../lib/values";

const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
/** Policy resource type -> the input that names its target. */
const POLICY_LINKS: Record<string, { prop: string; targets: string[] }> = {
    "aws:s3/bucketPolicy:BucketPolicy": { prop: "bucket", targets: BUCKET_TYPES },
    "aws:sqs/queuePolicy:QueuePolicy": { prop: "queueUrl", targets: [QUEUE] },
    "aws:sns/topicPolicy:TopicPolicy": { prop: "arn", targets: [TOPIC] },
};

const serviceOf = (type: string) => (BUCKET_TYPES.includes(type) ? "s3" : type === QUEUE ? "sqs" : "sns");
/** The action the TLS deny must cover: every S3/SQS action; for SNS, publishing (what cdk-nag SNS3 and AWS guidance require). */
const REQUIRED_ACTION: Record<string, string> = { s3: "s3:*", sqs: "sqs:*", sns: "sns:Publish" };

type Verdict = "yes" | "no" | "unknown";

/** Does the document deny every principal the required action (see REQUIRED_ACTION) when aws:SecureTransport is false? */
function deniesInsecureTransport(doc: unknown, action: string): Verdict {
    // The cases in which policyStatements would stop the whole check: here they only make this document undecided.
    if (unknownish(doc)) return "unknown";
    const statements = policyStatements(doc, "policy");
    let unknown = false;
    for (const s of statements ?? []) {
        if (isUnknown(s) || isUnknown(s?.Effect) || isUnknown(s?.Condition)) { unknown = true; continue; }
        if (s?.Effect !== "Deny") continue;
        const everyone = principals(s.Principal).some((p) => p.kind === "*" || (p.kind === "AWS" && p.value === "*"));
        const allActions = asArray(s.Action).some((a) => typeof a === "string" && actionMatches(a, action));
        let secureTransportFalse = false;
        for (const [op, block] of Object.entries(s.Condition ?? {})) {
            if (!/^Bool(IfExists)?$/i.test(op) || !block || typeof block !== "object") continue;
            for (const [key, value] of Object.entries(block)) {
                if (key.toLowerCase() !== "aws:securetransport") continue;
                if (asArray(value as unknown[]).some(isUnknown)) unknown = true;
                if (asArray(value as unknown[]).some((v) => v === false || String(v).toLowerCase() === "false")) secureTransportFalse = true;
            }
        }
        if (everyone && allActions && secureTransportFalse) return "yes";
    }
    return unknown ? "unknown" : "no";
}

/**
 * True when the policy resource targets the subject: through its property dependency, or a literal value naming it (its
 * bucket or name, also as the last segment of a queue URL or topic ARN). An unknown value targets nothing.
 */
function targets(policy: StackSubject, prop: string, subject: StackSubject): boolean {
    return refersTo(policy, prop, subject, knownIds(subject, ["bucket", "name"]), { matches: nameSegment }) === "linked";
}

/** Buckets, queues and topics refuse requests that do not use TLS. */
export const resourcePolicyTlsOnly: StackRule = {
    kind: "stack",
    name: "resource-policy-tls-only",
    description: "Every S3 bucket, SQS queue and SNS topic has a resource policy that denies requests without TLS (aws:SecureTransport false).",
    severity: "high",
    remediation: "Attach a policy (aws.s3.BucketPolicy with bucket: bucket.id, aws.sqs.QueuePolicy with queueUrl: queue.url, "
        + "aws.sns.TopicPolicy with arn: topic.arn, or the queue/topic `policy` input) containing { Effect: 'Deny', Principal: '*', "
        + "Action: 's3:*' / 'sqs:*' / 'sns:Publish', Resource: [...], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.",
    enforcementLevel: "mandatory",
    types: [...BUCKET_TYPES, QUEUE, TOPIC],
    check: (resources) => {
        const result = new Findings<StackFinding>();
        const policies = resources.filter((r) => POLICY_LINKS[r.type]);
        for (const subject of resources) {
            if (![...BUCKET_TYPES, QUEUE, TOPIC].includes(subject.type)) continue;
            const service = serviceOf(subject.type);
            const docs: unknown[] = [];
            if (subject.props.policy !== undefined) docs.push(subject.props.policy);
            for (const p of policies) {
                const link = POLICY_LINKS[p.type];
                if (link.targets.includes(subject.type) && targets(p, link.prop, subject)) docs.push(p.props.policy);
            }
            const verdicts = docs.map((d) => deniesInsecureTransport(d, REQUIRED_ACTION[service]));
            if (verdicts.includes("yes")) continue;
            if (verdicts.includes("unknown")) { result.defer(`${subject.name}.policy`); continue; }
            const kind = service === "s3" ? "S3 bucket" : service === "sqs" ? "SQS queue" : "SNS topic";
            result.report(subject.urn, docs.length
                ? `${kind} '${subject.name}' policy has no Deny of ${REQUIRED_ACTION[service]} for Principal '*' with Condition Bool aws:SecureTransport 'false'.`
                : `${kind} '${subject.name}' has no resource policy denying non-TLS requests (aws:SecureTransport 'false').`);
        }
        return result.result();
    },
};
