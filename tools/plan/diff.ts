/**
 * The plan diff (`npm run plan -- --compare BASE.json`): what a pull request changes, compared with the plan of its
 * base branch. Resources added, removed (stateful ones first), renamed (a new URN whose alias reaches the old one, as
 * the engine matches it) and changed (the inputs that differ, as paths with old → new, secrets masked as the plan JSON
 * masks them); the policy results new in this plan and the ones fixed, per phase; the data-loss findings (a stateful
 * resource of the base removed, or renamed without an alias).
 */
import { checkBaseline, DataLoss, makeBaseline, matchAliases, STATEFUL_TYPES } from "./baseline";
import type { Violation } from "./evaluate";
import { PlanUsageError } from "./project";
import { PlanResource, SECRET_MASK } from "./recorder";
import type { PlanDocument } from "./report";

/** GitHub's limit for an issue or pull-request comment body. */
export const COMMENT_LIMIT = 65536;

/** One input (or option) that differs; `undefined` on a side means absent there. */
export interface InputChange {
    /** `tags.Owner`, `ingress[0].cidrBlocks`, `policy#Statement[0].Action` (`#`: inside a JSON document string). */
    path: string;
    old: unknown;
    new: unknown;
}

export interface ResourceRef {
    urn: string;
    type: string;
    name: string;
    /** The data-loss guard's kind (`database`, `bucket`, ...) when the type holds state. */
    stateful?: string;
}

export interface ChangedResource extends ResourceRef {
    /** Set for a rename: the base URN this resource takes over through an alias. */
    oldUrn?: string;
    changes: InputChange[];
}

export interface PolicyDelta {
    /** In this plan, not in the base (matched by pack, policy, resource, message and phase). */
    added: Violation[];
    /** In the base, not in this plan. */
    fixed: Violation[];
}

export interface PlanDiff {
    project: string;
    stack: string;
    baseResources: number;
    headResources: number;
    added: ResourceRef[];
    /** Stateful removals first. */
    removed: ResourceRef[];
    /** Renamed through an alias (their input changes, if any, listed too). */
    renamed: ChangedResource[];
    /** Same URN, inputs or options changed. */
    changed: ChangedResource[];
    unchanged: number;
    /** Stateful base resources this plan deletes or replaces (a rename without an alias): the data-loss guard's findings. */
    dataLoss: DataLoss[];
    policies: PolicyDelta;
}

const ROOT = "pulumi:pulumi:Stack";

/** Read a plan written by `--json` as a comparison base; a file that is not one is a usage error. */
export function readPlanDocument(file: string, text: string): PlanDocument {
    let doc: any;
    try { doc = JSON.parse(text); } catch (e) { throw new PlanUsageError(`--compare ${file}: ${(e as Error).message}`); }
    if (!doc || typeof doc.project !== "string" || typeof doc.stack !== "string" || !Array.isArray(doc.resources) || !Array.isArray(doc.violations)
        || !doc.resources.every((r: any) => r && typeof r.urn === "string" && typeof r.type === "string" && r.options)) {
        throw new PlanUsageError(`--compare ${file}: expected a plan written by \`npm run plan -- --json FILE\` ({ project, stack, resources: [{ urn, type, inputs, options }], violations })`);
    }
    return doc;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x) => isObject(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x);

/** A string holding a JSON object or array (IAM policy documents, container definitions): diffed inside. */
function jsonDocument(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try { return JSON.parse(v); } catch { return undefined; }
}

const join = (path: string, key: string) => /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

/**
 * The paths where `a` and `b` differ. Key order never matters; an array whose elements are only reordered is
 * noise (the provider treats most lists, such as managed policy ARNs or security group rules, as sets), not a change.
 */
export function diffValues(a: unknown, b: unknown, path = ""): InputChange[] {
    if (canonical(a) === canonical(b)) return [];
    if (isObject(a) && isObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((k) => diffValues(a[k], b[k], join(path, k)));
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        const sorted = (x: unknown[]) => x.map(canonical).sort().join("\u0000");
        if (sorted(a) === sorted(b)) return [];
        if (a.length === b.length && a.some((x) => isObject(x) || Array.isArray(x))) return a.flatMap((x, i) => diffValues(x, b[i], `${path}[${i}]`));
        return [{ path: path || "(value)", old: a, new: b }];
    }
    const da = jsonDocument(a);
    const db = jsonDocument(b);
    if (da !== undefined && db !== undefined) {
        const inner = diffValues(da, db, "");
        if (!inner.length) return []; // the same document, formatted differently
        return inner.map((c) => ({ ...c, path: `${path}#${c.path === "(value)" ? "" : c.path}` }));
    }
    return [{ path: path || "(value)", old: a, new: b }];
}

/** The options a reviewer cares about, with URNs of renamed resources read as the base's and provider ids dropped. */
function optionsOf(r: PlanResource, toBase: (urn: string) => string): Record<string, unknown> {
    const o = r.options;
    return {
        protect: o.protect, retainOnDelete: o.retainOnDelete, ignoreChanges: o.ignoreChanges ?? [],
        dependsOn: (o.dependsOn ?? []).map(toBase),
        provider: o.provider ? toBase(o.provider.replace(/::[^:]*$/, "")) : null,
        deleteBeforeReplace: o.deleteBeforeReplace,
    };
}

const ref = (r: PlanResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name, ...(STATEFUL_TYPES[r.type] ? { stateful: STATEFUL_TYPES[r.type] } : {}) });

/**
 * A result's phase. The planner sets it on every result; one without (an evaluation of a single phase) counts as a
 * first preview's, the side that blocks earlier. Every count, match and row reads it here, so they agree.
 */
const phaseOf = (v: Violation): "preview" | "up" => v.phase ?? "preview";

/** Violations of `a` that `b` lacks (by pack, policy, resource, message and phase; each finding matched once). */
function missingFrom(a: Violation[], b: Violation[]): Violation[] {
    const key = (v: Violation) => [v.pack, v.policy, v.urn ?? "", v.message, phaseOf(v)].join("\u0000");
    const pool = new Map<string, number>();
    for (const v of b) pool.set(key(v), (pool.get(key(v)) ?? 0) + 1);
    return a.filter((v) => {
        const n = pool.get(key(v)) ?? 0;
        if (n) { pool.set(key(v), n - 1); return false; }
        return true;
    });
}

/** Compare this plan (`head`) with the plan of the base branch. */
export function diffPlans(base: PlanDocument, head: PlanDocument): PlanDiff {
    if (base.project !== head.project || base.stack !== head.stack) {
        throw new PlanUsageError(`--compare: the base plan is of ${base.project}/${base.stack}, this plan of ${head.project}/${head.stack}`);
    }
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const headUrns = new Set(head.resources.map((r) => r.urn));
    const renames = matchAliases(head.resources, new Set(baseByUrn.keys())); // head URN -> base URN
    const toBase = (urn: string) => renames.get(urn) ?? urn;
    const carried = new Set(renames.values());

    const added: ResourceRef[] = [];
    const renamed: ChangedResource[] = [];
    const changed: ChangedResource[] = [];
    let unchanged = 0;
    for (const r of head.resources) {
        const oldUrn = baseByUrn.has(r.urn) ? r.urn : renames.get(r.urn);
        const old = oldUrn ? baseByUrn.get(oldUrn) : undefined;
        if (!old) { added.push(ref(r)); continue; }
        const changes = [
            ...diffValues(old.inputs, r.inputs),
            ...diffValues(optionsOf(old, (u) => u), optionsOf(r, toBase)).map((c) => ({ ...c, path: `(options).${c.path}` })),
        ];
        if (oldUrn !== r.urn) renamed.push({ ...ref(r), oldUrn, changes });
        else if (changes.length) changed.push({ ...ref(r), changes });
        else if (r.type !== ROOT) unchanged++;
    }
    const removed = base.resources.filter((r) => !headUrns.has(r.urn) && !carried.has(r.urn)).map(ref)
        .sort((a, b) => Number(!a.stateful) - Number(!b.stateful));

    // A violation of a renamed resource is the same finding under its new URN.
    const toHead = new Map([...renames].map(([h, b]) => [b, h]));
    const baseViolations = base.violations.map((v) => (v.urn && toHead.has(v.urn) ? { ...v, urn: toHead.get(v.urn)! } : v));
    return {
        project: head.project, stack: head.stack,
        baseResources: base.resources.filter((r) => r.type !== ROOT).length,
        headResources: head.resources.filter((r) => r.type !== ROOT).length,
        added, removed, renamed, changed, unchanged,
        dataLoss: checkBaseline(makeBaseline(base.project, base.stack, base.resources), head.resources)
            .map((l) => ({ ...l, message: l.message.replace("it is in the baseline but not in the plan", "it is in the base plan but not in this one") })),
        policies: { added: missingFrom(head.violations, baseViolations), fixed: missingFrom(baseViolations, head.violations) },
    };
}

/** True when the diff alone blocks the pull request: a new mandatory violation or a stateful removal without alias. */
export function diffBlocks(d: PlanDiff): boolean {
    return d.dataLoss.length > 0 || d.policies.added.some((v) => v.enforcementLevel === "mandatory");
}

const count = (list: Violation[], level: string, phase: string) => list.filter((v) => v.enforcementLevel === level && phaseOf(v) === phase).length;

/** The short summary the CLI prints. */
export function renderDiffSummary(d: PlanDiff, baseFile: string): string {
    const stateful = d.removed.filter((r) => r.stateful).length;
    const out = [
        `Compared with ${baseFile} (${d.project}/${d.stack}, ${d.baseResources} resources): ${d.added.length} added, ${d.removed.length} removed` +
        ` (${stateful} stateful), ${d.changed.length} changed, ${d.renamed.length} renamed, ${d.unchanged} unchanged`,
    ];
    const newM = d.policies.added.filter((v) => v.enforcementLevel === "mandatory").length;
    out.push(`  policy results: ${d.policies.added.length} new (${newM} mandatory; ${count(d.policies.added, "mandatory", "preview") + count(d.policies.added, "advisory", "preview")} in preview,` +
        ` ${count(d.policies.added, "mandatory", "up") + count(d.policies.added, "advisory", "up")} only at up), ${d.policies.fixed.length} fixed`);
    for (const v of d.policies.added) out.push(`  + ${v.enforcementLevel === "mandatory" ? "✗ mandatory" : "! advisory "} [${v.pack}/${v.policy}] ${v.urn ? v.urn.split("::").pop() + ": " : ""}${v.message}${phaseOf(v) === "up" ? " (only at up)" : ""}`);
    for (const v of d.policies.fixed) out.push(`  - fixed       [${v.pack}/${v.policy}] ${v.urn ? v.urn.split("::").pop() + ": " : ""}${v.message}`);
    for (const l of d.dataLoss) out.push(`  ✗ data loss: ${l.message}\n      ${l.urn}`);
    return out.join("\n");
}

const esc = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const short = (urn: string) => urn.split("::").pop()!;

/** A value as a table cell: JSON, shortened (a masked secret stays `[secret]`, as the plan JSON shows it). */
function cell(v: unknown, max = 80): string {
    if (v === undefined) return "—";
    if (v === SECRET_MASK) return `\`${SECRET_MASK}\``;
    const text = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
    const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    return `\`${esc(cut).replace(/`/g, "'")}\``;
}

/** Rows of a table, at most `max`, the rest counted. */
function capped(rows: string[], max: number, what: string, columns: number): string[] {
    return rows.length <= max ? rows : [...rows.slice(0, max), `| … ${rows.length - max} more ${what} (see the JSON plans) |${" |".repeat(columns - 1)}`];
}

/** A titled list, collapsed when long. */
function block(out: string[], title: string, table: string[], open: boolean) {
    if (open) out.push(`#### ${title}`, "", ...table, "");
    else out.push(`<details><summary><b>${title}</b></summary>`, "", ...table, "", "</details>", "");
}

const MAX_ROWS = 200;
const OPEN_ROWS = 15;

/** The "what this pull request changes" section of the comment, and what the guardrails say about the change. */
export function renderDiffMarkdown(d: PlanDiff, baseLabel = "the base branch"): string {
    const out: string[] = [];
    const stateful = d.removed.filter((r) => r.stateful);
    out.push(`### Changes against ${baseLabel}`, "");
    out.push(`| Added | Removed | of them stateful | Changed | Renamed (alias) | Unchanged |`, "|---:|---:|---:|---:|---:|---:|",
        `| ${d.added.length} | ${d.removed.length} | ${stateful.length} | ${d.changed.length} | ${d.renamed.length} | ${d.unchanged} |`, "");
    if (d.dataLoss.length) {
        out.push("#### ❌ Data loss: stateful resources deleted or replaced", "");
        for (const l of d.dataLoss) out.push(`- ${esc(l.message)} (\`${l.urn}\`)`);
        out.push("");
    }
    const refRow = (r: ResourceRef) => `| \`${esc(r.name)}\` | \`${r.type}\` | ${r.stateful ? `⚠️ ${r.stateful}` : ""} |`;
    if (d.removed.length) {
        block(out, `Removed (${d.removed.length}, stateful first)`, ["| Resource | Type | Stateful |", "|---|---|---|", ...capped(d.removed.map(refRow), MAX_ROWS, "removed", 3)],
            d.removed.length <= OPEN_ROWS || stateful.length > 0);
    }
    if (d.added.length) block(out, `Added (${d.added.length})`, ["| Resource | Type | Stateful |", "|---|---|---|", ...capped(d.added.map(refRow), MAX_ROWS, "added", 3)], d.added.length <= OPEN_ROWS);
    if (d.renamed.length) {
        const rows = d.renamed.map((r) => `| \`${esc(short(r.oldUrn!))}\` → \`${esc(r.name)}\` | \`${r.type}\` | ${r.changes.length ? `${r.changes.length} input(s) changed (below)` : ""} |`);
        block(out, `Renamed through an alias (${d.renamed.length}): kept, not replaced`, ["| Resource | Type | |", "|---|---|---|", ...capped(rows, MAX_ROWS, "renamed", 3)], d.renamed.length <= OPEN_ROWS);
    }
    const withChanges = [...d.changed, ...d.renamed.filter((r) => r.changes.length)];
    if (withChanges.length) {
        const rows = withChanges.flatMap((r) => r.changes.map((c, i) =>
            `| ${i === 0 ? `\`${esc(r.name)}\` <sub>${r.type}</sub>` : ""} | \`${esc(c.path)}\` | ${cell(c.old)} | ${cell(c.new)} |`));
        block(out, `Changed (${withChanges.length} resources, ${rows.length} inputs)`, ["| Resource | Input | Before | After |", "|---|---|---|---|", ...capped(rows, MAX_ROWS, "changed inputs", 4)],
            rows.length <= OPEN_ROWS * 2);
    }
    if (!d.added.length && !d.removed.length && !d.renamed.length && !d.changed.length) out.push("No resource changes.", "");

    out.push(`### Guardrails: policy results against ${baseLabel}`, "");
    const p = d.policies;
    out.push("| Phase | New mandatory | New advisory | Fixed |", "|---|---:|---:|---:|");
    out.push(`| first \`pulumi preview\` | ${count(p.added, "mandatory", "preview")} | ${count(p.added, "advisory", "preview")} | ${p.fixed.filter((v) => phaseOf(v) === "preview").length} |`);
    out.push(`| only at \`pulumi up\` | ${count(p.added, "mandatory", "up")} | ${count(p.added, "advisory", "up")} | ${p.fixed.filter((v) => phaseOf(v) === "up").length} |`, "");
    const vRow = (v: Violation) => `| ${v.enforcementLevel === "mandatory" ? "❌ mandatory" : "⚠️ advisory"} | ${phaseOf(v) === "up" ? "up only" : "preview"} | \`${v.pack}/${v.policy}\` | ${v.urn ? `\`${esc(short(v.urn))}\`` : "(stack)"} | ${esc(v.message)} |`;
    const vHead = ["| Level | Phase | Policy | Resource | Message |", "|---|---|---|---|---|"];
    if (p.added.length) block(out, `New policy results (${p.added.length})`, [...vHead, ...capped(p.added.map(vRow), MAX_ROWS, "new results", 5)], true);
    if (p.fixed.length) block(out, `Fixed (${p.fixed.length})`, [...vHead, ...capped(p.fixed.map(vRow), MAX_ROWS, "fixed results", 5)], p.fixed.length <= OPEN_ROWS);
    if (!p.added.length && !p.fixed.length) out.push("No policy result is new or fixed.", "");
    return out.join("\n");
}

/**
 * Keep a comment under GitHub's limit: first the Mermaid diagram gives way to a note, then the text is cut at a line
 * (an open code block or <details> closed) with a note saying so.
 */
export function fitComment(markdown: string, limit = COMMENT_LIMIT): string {
    if (markdown.length <= limit) return markdown;
    const note = (what: string) => `\n\n> ✂️ ${what}: the comment would exceed GitHub's ${limit.toLocaleString("en-US")}-character limit. ` +
        "The full plans are in the `--json` files; run the same `npm run plan` command locally for everything.\n";
    const withoutDiagram = markdown.replace(/```mermaid\n[\s\S]*?```\n?/, "_The architecture diagram is left out (too long for one comment)._\n");
    if (withoutDiagram.length <= limit) return withoutDiagram;
    const tail = note("Truncated");
    let cut = withoutDiagram.slice(0, limit - tail.length - 40);
    cut = cut.slice(0, cut.lastIndexOf("\n"));
    if ((cut.match(/^```/gm) ?? []).length % 2) cut += "\n```";
    const opened = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
    for (let i = 0; i < opened; i++) cut += "\n\n</details>";
    return cut + tail;
}
