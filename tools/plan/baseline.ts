/**
 * The data-loss guard: compares a plan's URNs with a committed baseline and reports every stateful resource of the
 * baseline that the plan would delete, or replace through a rename without an alias.
 */
import { engineUrn, PlanResource } from "./recorder";

/** Types whose deletion loses data (or, for keys, makes data unreadable). */
export const STATEFUL_TYPES: Record<string, string> = {
    "aws:rds/instance:Instance": "database",
    "aws:rds/cluster:Cluster": "database",
    "aws:dynamodb/table:Table": "table",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:elasticache/replicationGroup:ReplicationGroup": "cache",
    "aws:elasticache/cluster:Cluster": "cache",
    "aws:opensearch/domain:Domain": "search domain",
    "aws:kms/key:Key": "key",
    "aws:sqs/queue:Queue": "queue",
    "aws:secretsmanager/secret:Secret": "secret",
    "aws:efs/fileSystem:FileSystem": "file system",
    "aws:ecr/repository:Repository": "image repository",
    "aws:cloudwatch/logGroup:LogGroup": "log group",
};

export interface Baseline {
    project: string;
    stack: string;
    /** Every URN of the plan, with its type (the stateful ones are what the guard protects). */
    resources: { urn: string; type: string }[];
}

export interface DataLoss {
    urn: string;
    type: string;
    kind: string;
    message: string;
}

export function makeBaseline(project: string, stack: string, resources: PlanResource[]): Baseline {
    return {
        project, stack,
        resources: resources.map((r) => ({ urn: r.urn, type: r.type })).sort((a, b) => a.urn.localeCompare(b.urn)),
    };
}

/** The URN an alias spec points at, computed with the engine's rules (full parent type chain, root stack omitted). */
function aliasUrn(r: PlanResource, alias: unknown): string | undefined {
    if (typeof alias === "string") return alias;
    if (!alias || typeof alias !== "object") return undefined;
    const spec = alias as { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };
    const [head, project] = r.urn.split("::");
    const parentUrn = spec.noParent ? undefined : spec.parentUrn ?? r.parent ?? undefined;
    return engineUrn(spec.stack ?? head.split(":").pop()!, spec.project ?? project, parentUrn, spec.type ?? r.type, spec.name ?? r.name);
}

/** Stateful baseline resources the plan no longer has, and no alias carries over. */
export function checkBaseline(baseline: Baseline, resources: PlanResource[]): DataLoss[] {
    const present = new Set(resources.map((r) => r.urn));
    const aliased = new Map<string, string>();
    for (const r of resources) {
        for (const a of r.options.aliases) {
            const urn = aliasUrn(r, a);
            if (urn) aliased.set(urn, r.urn);
        }
    }
    const losses: DataLoss[] = [];
    for (const b of baseline.resources) {
        const kind = STATEFUL_TYPES[b.type];
        if (!kind || present.has(b.urn) || aliased.has(b.urn)) continue;
        const name = b.urn.split("::").pop()!;
        const renamed = resources.find((r) => r.type === b.type && r.name !== name && !baselineHas(baseline, r.urn));
        losses.push({
            urn: b.urn, type: b.type, kind,
            message: renamed
                ? `${kind} '${name}' would be replaced by '${renamed.name}' (a new URN without an alias): add aliases: [{ name: "${name}" }] (or the old parent) to keep it`
                : `${kind} '${name}' would be deleted: it is in the baseline but not in the plan`,
        });
    }
    return losses;
}

function baselineHas(baseline: Baseline, urn: string): boolean {
    return baseline.resources.some((b) => b.urn === urn);
}
