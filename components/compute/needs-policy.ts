/**
 * From declared needs to IAM: the references a spec's needs resolve to (PlatformReferences: ARNs, URLs, endpoints by
 * need name, handed to the Microservice by the platform or a product team's own program) and the pure function that
 * turns needs into a policy document. Exact actions per need and access, exact resource ARNs, one statement per need
 * (a bucket need has two), a Sid naming the need; no `*` action and no `*` resource anywhere.
 *
 * Needs that give no IAM statement: `secret` (External Secrets reads Secrets Manager and the pod reads a Kubernetes
 * Secret), `database`, `cache` and `search` (password auth, Redis without IAM auth, OpenSearch fine-grained access
 * control with basic auth: they give network egress and a delivered secret instead). A service whose needs give no
 * statement gets no IAM role at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, Statement } from "../shared";
import { KMS_VIA_SERVICE, Need, NeedKind } from "./service-spec";

/** A DynamoDB table. */
export interface TableReference {
    /** The table's ARN. */
    arn: pulumi.Input<string>;
    /** The table's name (for `{{<need>.name}}` in env). */
    name: pulumi.Input<string>;
}
/** An SQS queue. */
export interface QueueReference {
    /** The queue's ARN. */
    arn: pulumi.Input<string>;
    /** The queue's URL. */
    url: pulumi.Input<string>;
    /** The queue's name. */
    name: pulumi.Input<string>;
}
/** An SNS topic. */
export interface TopicReference {
    /** The topic's ARN. */
    arn: pulumi.Input<string>;
}
/** An S3 bucket. */
export interface BucketReference {
    /** The bucket's ARN (`arn:aws:s3:::name`). */
    arn: pulumi.Input<string>;
    /** The bucket's name. */
    name: pulumi.Input<string>;
}
/** A Secrets Manager secret, read by External Secrets (never by the pod). */
export interface SecretReference {
    /** The secret's name or ARN in Secrets Manager (External Secrets' `remoteRef.key`). */
    secretId: pulumi.Input<string>;
}
/** A data store reached over the network (RDS, ElastiCache, OpenSearch in the VPC). */
export interface EndpointReference {
    /** Host name of the endpoint. */
    host: pulumi.Input<string>;
    /** TCP port (5432, 3306, 6379, 443): the NetworkPolicy egress port. */
    port: number;
    /** CIDR blocks the store lives in (its subnets): the NetworkPolicy egress destinations. */
    cidrBlocks: pulumi.Input<string>[];
    /** The store's credentials in Secrets Manager (name or ARN), delivered to the pod when given. */
    credentialsSecretId?: pulumi.Input<string>;
    /**
     * The security group the store admits (its clients group, components/data/store-network.ts). When given, the pods
     * of a service that needs the store join it (EKS security groups for pods), beside the cluster's own group.
     */
    clientSecurityGroupId?: pulumi.Input<string>;
}
/** A KMS customer-managed key of a data domain. */
export interface KeyReference {
    /** The key's ARN (`arn:aws:kms:<region>:<account>:key/<id>`; not an alias). */
    arn: pulumi.Input<string>;
    /**
     * Services (endpoint prefixes) the key policy lets principals use the key through (its `viaServices`); the grant
     * is narrowed to those the service also uses. Defaults to every service the spec's needs use.
     */
    viaServices?: readonly string[];
}

/** What needs resolve to, by need name (by domain for keys). Everything is optional: a need without a reference is an error naming it. */
export interface PlatformReferences {
    /** DynamoDB tables by need name. */
    tables?: Record<string, TableReference>;
    /** SQS queues by need name. */
    queues?: Record<string, QueueReference>;
    /** SNS topics by need name. */
    topics?: Record<string, TopicReference>;
    /** S3 buckets by need name. */
    buckets?: Record<string, BucketReference>;
    /** Secrets Manager secrets by need name. */
    secrets?: Record<string, SecretReference>;
    /** Relational databases by need name. */
    databases?: Record<string, EndpointReference>;
    /** Redis caches by need name. */
    caches?: Record<string, EndpointReference>;
    /** OpenSearch domains by need name. */
    searchDomains?: Record<string, EndpointReference>;
    /** KMS keys by data domain. */
    keys?: Record<string, KeyReference>;
}

/** Where each kind of need finds its reference in PlatformReferences. */
export const REFERENCE_FIELD: Readonly<Record<NeedKind, keyof PlatformReferences>> = {
    table: "tables", queue: "queues", topic: "topics", bucket: "buckets", secret: "secrets",
    database: "databases", cache: "caches", search: "searchDomains", key: "keys",
};

/** The reference name of a need: its name, or its domain for a key. */
export function needName(n: Need): string {
    return n.kind === "key" ? n.domain : n.name;
}

/** The reference of a need, or undefined. */
export function referenceOf<R>(refs: R, need: Need): unknown {
    const group = (refs as Record<string, Record<string, unknown> | undefined>)[REFERENCE_FIELD[need.kind]];
    return group && Object.prototype.hasOwnProperty.call(group, needName(need)) ? group[needName(need)] : undefined;
}

/** One line per need without a reference, naming the need and the references that exist. */
export function missingReferences(service: string, needs: readonly Need[], refs: PlatformReferences): string[] {
    const out: string[] = [];
    needs.forEach((n, i) => {
        if (referenceOf(refs, n) !== undefined) return;
        const field = REFERENCE_FIELD[n.kind];
        const known = Object.keys(refs[field] ?? {});
        out.push(`${service}: needs[${i}]: ${n.kind} '${needName(n)}' has no platform reference (platform.${field}.${needName(n)}); `
            + `platform.${field} has: ${known.length ? known.join(", ") : "none"}`);
    });
    return out;
}

/** The exact IAM actions each need grants, by kind and access. */
export const NEED_ACTIONS = {
    table: {
        // No Scan: reading a whole table is not a request path; no DescribeTable: SDKs do not need it.
        read: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
        "read-write": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
    },
    queue: {
        send: ["sqs:GetQueueUrl", "sqs:SendMessage"],
        // GetQueueUrl too: consumers resolve the queue by name, as senders do.
        receive: ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
    },
    topic: { publish: ["sns:Publish"] },
    bucket: {
        read: ["s3:GetObject"],
        "read-write": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        list: ["s3:ListBucket"],
    },
    key: {
        read: ["kms:Decrypt"],
        // SQS, SNS and S3 make a data key per message or object; DynamoDB writes with its table key (Decrypt only).
        write: ["kms:Decrypt", "kms:GenerateDataKey"],
    },
} as const;

/** Needs whose use through a key generates data keys (writes through SQS, SNS, S3). */
function writesThroughKey(n: Need): boolean {
    return (n.kind === "queue" && n.access === "send") || n.kind === "topic" || (n.kind === "bucket" && n.access === "read-write");
}

/** Whether any of the needs gives an IAM statement (a table, queue, topic or bucket; a key only comes with those). */
export function needsIam(needs: readonly Need[]): boolean {
    return needs.some((n) => n.kind in KMS_VIA_SERVICE);
}

/** Values needsPolicy reads besides the references: where kms:ViaService endpoints live. */
export interface NeedsPolicyContext {
    /** The region of the stack (`eu-west-1`). */
    region: string;
    /** The partition's DNS suffix (`amazonaws.com`; `amazonaws.com.cn` in China). */
    dnsSuffix: string;
}

const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const str = (v: unknown, what: string): string => {
    if (typeof v !== "string" || v === "") throw new Error(`needsPolicy: ${what} is not a string ARN`);
    return v;
};

/**
 * The IAM policy of a service's needs (references already resolved to plain strings), or undefined when the needs
 * give no statement. Pure. Throws naming the need when a reference is missing (callers check missingReferences first).
 */
export function needsPolicy(needs: readonly Need[], refs: pulumi.Unwrap<PlatformReferences>, ctx: NeedsPolicyContext): PolicyDocument | undefined {
    const statements = needs.flatMap((n) => needStatements(n, needs, refs, ctx));
    return statements.length ? { Version: "2012-10-17", Statement: statements } : undefined;
}

function needStatements(n: Need, all: readonly Need[], refs: pulumi.Unwrap<PlatformReferences>, ctx: NeedsPolicyContext): Statement[] {
    const ref = referenceOf(refs, n) as Record<string, unknown> | undefined;
    if (ref === undefined && (n.kind in KMS_VIA_SERVICE || n.kind === "key")) {
        throw new Error(`needsPolicy: ${n.kind} '${needName(n)}' has no platform reference`);
    }
    switch (n.kind) {
        case "table": {
            const arn = str(ref!.arn, `table '${n.name}' arn`);
            return [{
                Sid: `Table${pascal(n.name)}${pascal(n.access)}`,
                Effect: "Allow",
                Action: [...NEED_ACTIONS.table[n.access]],
                Resource: n.indexes ? [arn, `${arn}/index/*`] : [arn],
            }];
        }
        case "queue":
            return [{ Sid: `Queue${pascal(n.name)}${pascal(n.access)}`, Effect: "Allow", Action: [...NEED_ACTIONS.queue[n.access]], Resource: [str(ref!.arn, `queue '${n.name}' arn`)] }];
        case "topic":
            return [{ Sid: `Topic${pascal(n.name)}Publish`, Effect: "Allow", Action: [...NEED_ACTIONS.topic.publish], Resource: [str(ref!.arn, `topic '${n.name}' arn`)] }];
        case "bucket": {
            const arn = str(ref!.arn, `bucket '${n.name}' arn`);
            const prefix = n.prefix ?? "";
            // Two statements: an s3:prefix condition on the listing would deny GetObject (its requests carry no such key).
            return [
                { Sid: `Bucket${pascal(n.name)}${pascal(n.access)}Objects`, Effect: "Allow", Action: [...NEED_ACTIONS.bucket[n.access]], Resource: [`${arn}/${prefix}*`] },
                {
                    Sid: `Bucket${pascal(n.name)}List`, Effect: "Allow", Action: [...NEED_ACTIONS.bucket.list], Resource: [arn],
                    ...(prefix ? { Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } } } : {}),
                },
            ];
        }
        case "key": {
            const key = ref as { arn?: unknown; viaServices?: readonly string[] };
            const arn = str(key.arn, `key '${n.domain}' arn`);
            const users = all.filter((u) => u.kind in KMS_VIA_SERVICE);
            const allowed = key.viaServices;
            const via = [...new Set(users.map((u) => KMS_VIA_SERVICE[u.kind]!))].filter((s) => !allowed || allowed.includes(s)).sort();
            if (!via.length) {
                throw new Error(`needsPolicy: key '${n.domain}' may be used through ${allowed?.join(", ") || "no service"}, `
                    + "and the service's needs use none of those services");
            }
            const writes = users.some((u) => via.includes(KMS_VIA_SERVICE[u.kind]!) && writesThroughKey(u));
            return [{
                Sid: `Key${pascal(n.domain)}Via${via.map(pascal).join("")}`,
                Effect: "Allow",
                Action: [...NEED_ACTIONS.key[writes ? "write" : "read"]],
                Resource: [arn],
                Condition: { StringEquals: { "kms:ViaService": via.map((s) => `${s}.${ctx.region}.${ctx.dnsSuffix}`) } },
            }];
        }
        default:
            return [];
    }
}

/**
 * Problems of the references that can be seen before any resource exists (plain strings only): key references that
 * are aliases, and keys whose allowed services the spec does not use.
 */
export function referenceProblems(service: string, needs: readonly Need[], refs: PlatformReferences): string[] {
    const out: string[] = [];
    needs.forEach((n, i) => {
        if (n.kind !== "key") return;
        const ref = referenceOf(refs, n) as KeyReference | undefined;
        if (!ref) return;
        if (typeof ref.arn === "string" && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(ref.arn)) {
            out.push(`${service}: needs[${i}]: key '${n.domain}' reference '${ref.arn}' is not a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); IAM does not match aliases`);
        }
        const used = [...new Set(needs.filter((u) => u.kind in KMS_VIA_SERVICE).map((u) => KMS_VIA_SERVICE[u.kind]!))];
        if (ref.viaServices && !used.some((s) => ref.viaServices!.includes(s))) {
            out.push(`${service}: needs[${i}]: key '${n.domain}' is used through ${ref.viaServices.join(", ")}, `
                + `and the service's needs use ${used.join(", ")}; the key does not protect those resources`);
        }
    });
    return out;
}
