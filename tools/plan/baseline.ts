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
    "aws:cognito/userPool:UserPool": "user pool",
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

const urnName = (urn: string) => urn.split("::").pop()!;
const urnType = (urn: string) => urn.split("::")[2].split("$").pop()!;

/**
 * The engine's inheritedChildAlias: a child of a parent that matched an old URN through an alias is looked up under
 * that old parent (and, when the child's name starts with the parent's name, under the old parent's name).
 */
function inheritedChildAlias(r: { urn: string; type: string; name: string }, parentUrn: string, parentAlias: string): string {
    const parentName = urnName(parentUrn);
    const name = r.name.startsWith(parentName) ? urnName(parentAlias) + r.name.slice(parentName.length) : r.name;
    const [head, project] = r.urn.split("::");
    return engineUrn(head.split(":").pop()!, project, parentAlias, r.type, name);
}

/**
 * Which old URN of `known` each resource of the plan takes over, as the engine's step generator decides it
 * (generateAliases + getOldResource): a resource's own URN first, then its aliases, then the aliases multiplied out
 * from the alias its parent matched. Resources are visited in registration order, so parents come first.
 */
export function matchAliases(resources: PlanResource[], known: ReadonlySet<string>): Map<string, string> {
    const matched = new Map<string, string>(); // new URN -> the old URN it took over (only when they differ)
    for (const r of resources) {
        if (known.has(r.urn)) continue;
        const own = r.options.aliases.map((a) => aliasUrn(r, a)).filter((u): u is string => !!u);
        const candidates = [...own];
        const parentAlias = r.parent ? matched.get(r.parent) : undefined;
        if (r.parent && parentAlias) {
            candidates.push(inheritedChildAlias(r, r.parent, parentAlias));
            for (const a of own) candidates.push(inheritedChildAlias({ urn: r.urn, type: urnType(a), name: urnName(a) }, r.parent, parentAlias));
        }
        const hit = candidates.find((c) => known.has(c));
        if (hit) matched.set(r.urn, hit);
    }
    return matched;
}

/** Stateful baseline resources the plan no longer has, and no alias carries over. */
export function checkBaseline(baseline: Baseline, resources: PlanResource[]): DataLoss[] {
    const present = new Set(resources.map((r) => r.urn));
    const known = new Set(baseline.resources.map((b) => b.urn));
    const carried = new Set(matchAliases(resources, known).values());
    const losses: DataLoss[] = [];
    for (const b of baseline.resources) {
        const kind = STATEFUL_TYPES[b.type];
        if (!kind || present.has(b.urn) || carried.has(b.urn)) continue;
        const name = urnName(b.urn);
        const moved = resources.find((r) => r.type === b.type && r.name === name && !known.has(r.urn));
        const renamed = resources.find((r) => r.type === b.type && r.name !== name && !known.has(r.urn));
        losses.push({
            urn: b.urn, type: b.type, kind,
            message: moved
                ? `${kind} '${name}' would be replaced: it moved to ${moved.urn} (a new parent or type) without an alias; add aliases: [{ parent: <its old parent>, type: "<its old type>" }] to keep it`
                : renamed
                    ? `${kind} '${name}' would be replaced by '${renamed.name}' (a new URN without an alias): add aliases: [{ name: "${name}" }] (or the old parent) to keep it`
                    : `${kind} '${name}' would be deleted: it is in the baseline but not in the plan`,
        });
    }
    return losses;
}
