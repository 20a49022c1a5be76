/**
 * What the planner prints and writes: a preview-style tree grouped under component parents, a summary, the JSON
 * document and a Markdown report (summary tables, violations, waivers, data-loss findings, a Mermaid diagram).
 */
import type { DataLoss } from "./baseline";
import * as path from "path";
import type { Evaluation, LoadedPack, Violation, WaiverHit } from "./evaluate";
import type { PlanResource } from "./recorder";

export interface PlanDocument {
    project: string;
    stack: string;
    resources: PlanResource[];
    violations: Violation[];
    waivers: WaiverHit[];
    unknowns: Evaluation["unknowns"];
    dataLoss: DataLoss[] | null;
    outputs: Record<string, unknown>;
    summary: PlanSummary;
}

export interface PackSummary {
    pack: string;
    version: string;
    /** The pack's directory, relative to the working directory when inside it. */
    dir?: string;
    policies: number;
    mandatory: number;
    advisory: number;
    /** Of the violations, those only `pulumi up` reports (a first preview cannot see them). */
    upOnly: number;
    waived: number;
    /** Checks a first preview defers (a value they read is unknown until the update). */
    unknown: number;
}

export interface PlanSummary {
    resources: number;
    customResources: number;
    components: number;
    protected: number;
    byComponent: Record<string, number>;
    byType: Record<string, number>;
    policies: {
        packs: PackSummary[];
        mandatory: number;
        advisory: number;
        /** Violations only `pulumi up` reports: a green `pulumi preview` does not show them. */
        upOnly: number;
        waived: number;
        /** Checks deferred in the preview phase. */
        deferred: number;
        checks: number;
    };
    unmockedInvokes: string[];
    dataLoss: number | null;
    durationMs?: number;
}

const ROOT = "pulumi:pulumi:Stack";

/** "aws:ec2/vpc:Vpc" -> "aws:ec2:Vpc", as `pulumi preview` shows types. */
export function displayType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3) return type;
    return `${parts[0]}:${parts[1].split("/")[0]}:${parts[2]}`;
}

function sortCounts(m: Map<string, number>): Record<string, number> {
    return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** The top-level component (direct child of the root stack) a resource belongs to, as `type name`. */
function topComponent(r: PlanResource, byUrn: Map<string, PlanResource>): string | undefined {
    let cur: PlanResource | undefined = r;
    while (cur) {
        const parent: PlanResource | undefined = cur.parent ? byUrn.get(cur.parent) : undefined;
        if (!parent || parent.type === ROOT) return cur === r && (r.custom || r.type === ROOT) ? undefined : `${cur.type} ${cur.name}`;
        cur = parent;
    }
    return undefined;
}

/** The plan's summary; `evaluation` is both phases' (violations tagged by phase, the preview's unknowns, all waivers). */
export function summarize(resources: PlanResource[], evaluation: Evaluation,
    unmocked: string[], dataLoss: DataLoss[] | null, loaded: LoadedPack[] = []): PlanSummary {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const byType = new Map<string, number>();
    const byComponent = new Map<string, number>();
    for (const r of resources) {
        if (r.type === ROOT) continue;
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
        const top = topComponent(r, byUrn) ?? "(no component)";
        if (r.custom || r.remote) byComponent.set(top, (byComponent.get(top) ?? 0) + 1);
    }
    const packs: PackSummary[] = evaluation.packs.map((p) => {
        const dir = loaded.find((l) => l.name === p.name)?.dir;
        const rel = dir && path.relative(process.cwd(), dir);
        return {
            pack: p.name, version: p.version, ...(dir ? { dir: rel && !rel.startsWith("..") ? rel : dir } : {}), policies: p.policies,
            mandatory: evaluation.violations.filter((v) => v.pack === p.name && v.enforcementLevel === "mandatory").length,
            advisory: evaluation.violations.filter((v) => v.pack === p.name && v.enforcementLevel === "advisory").length,
            upOnly: evaluation.violations.filter((v) => v.pack === p.name && v.phase === "up").length,
            waived: evaluation.waivers.filter((w) => w.pack === p.name).length,
            unknown: evaluation.unknowns.filter((u) => u.pack === p.name).length,
        };
    });
    return {
        resources: resources.filter((r) => r.type !== ROOT).length,
        customResources: resources.filter((r) => r.custom).length,
        components: resources.filter((r) => !r.custom && r.type !== ROOT).length,
        protected: resources.filter((r) => r.options.protect).length,
        byComponent: sortCounts(byComponent),
        byType: sortCounts(byType),
        policies: {
            packs,
            mandatory: packs.reduce((n, p) => n + p.mandatory, 0),
            advisory: packs.reduce((n, p) => n + p.advisory, 0),
            upOnly: packs.reduce((n, p) => n + p.upOnly, 0),
            waived: evaluation.waivers.length,
            deferred: evaluation.unknowns.length,
            checks: evaluation.checks,
        },
        unmockedInvokes: unmocked,
        dataLoss: dataLoss ? dataLoss.length : null,
    };
}

function children(resources: PlanResource[]): Map<string | null, PlanResource[]> {
    const urns = new Set(resources.map((r) => r.urn));
    const m = new Map<string | null, PlanResource[]>();
    for (const r of resources) {
        const key = r.parent && urns.has(r.parent) ? r.parent : null;
        if (!m.has(key)) m.set(key, []);
        m.get(key)!.push(r);
    }
    for (const list of m.values()) {
        // Components first, then resources; each group by type and name, so the tree is stable across runs.
        list.sort((a, b) => Number(a.custom) - Number(b.custom) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    }
    return m;
}

/** The preview-style tree. */
export function renderTree(resources: PlanResource[], violations: Violation[]): string {
    const kids = children(resources);
    const flagged = new Map<string, string[]>();
    for (const v of violations) {
        if (!v.urn) continue;
        if (!flagged.has(v.urn)) flagged.set(v.urn, []);
        flagged.get(v.urn)!.push(`${v.enforcementLevel === "mandatory" ? "✗" : "!"} ${v.policy}`);
    }
    const rows: [string, string, string][] = [];
    const walk = (r: PlanResource, prefix: string, last: boolean, depth: number) => {
        const branch = depth === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
        const info = [r.options.protect ? "protect" : "", r.remote ? "remote component (opaque offline)" : "", ...(flagged.get(r.urn) ?? [])]
            .filter(Boolean).join(", ");
        rows.push([`${branch}${displayType(r.type)}`, r.name, info]);
        const list = kids.get(r.urn) ?? [];
        const nextPrefix = depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`;
        list.forEach((c, i) => walk(c, nextPrefix, i === list.length - 1, depth + 1));
    };
    for (const r of kids.get(null) ?? []) walk(r, "", true, 0);
    const w0 = Math.min(90, Math.max(4, ...rows.map((r) => r[0].length)));
    const w1 = Math.min(60, Math.max(4, ...rows.map((r) => r[1].length)));
    const lines = [`     ${"Type".padEnd(w0)}  ${"Name".padEnd(w1)}  Plan    Info`];
    for (const [t, n, i] of rows) lines.push(` +   ${t.padEnd(w0)}  ${n.padEnd(w1)}  create  ${i}`.trimEnd());
    return lines.join("\n");
}

/** The human summary printed after the tree. */
export function renderSummary(doc: PlanDocument): string {
    const s = doc.summary;
    const out: string[] = [];
    out.push(`Resources: ${s.resources} to create (${s.customResources} cloud resources, ${s.components} components, ${s.protected} protected)`);
    out.push("");
    out.push("By component:");
    for (const [c, n] of Object.entries(s.byComponent)) out.push(`  ${String(n).padStart(5)}  ${c}`);
    out.push("");
    out.push("By type:");
    for (const [t, n] of Object.entries(s.byType)) out.push(`  ${String(n).padStart(5)}  ${t}`);
    out.push("");
    if (s.policies.packs.length) {
        out.push("Policies (both phases: a first `pulumi preview`, then `pulumi up`):");
        for (const p of s.policies.packs) {
            out.push(`  ${p.pack}@${p.version} (${p.policies} policies${p.dir ? `, ${p.dir}` : ""}): ${p.mandatory} mandatory, ${p.advisory} advisory ` +
                `(${p.upOnly} only at up), ${p.waived} waived, ${p.unknown} deferred in preview`);
        }
        const line = (v: Violation) => `  ${v.enforcementLevel === "mandatory" ? "✗ mandatory" : "! advisory "} [${v.pack}/${v.policy}] ${v.urn ? v.urn.split("::").pop() + ": " : ""}${v.message}`;
        for (const v of doc.violations.filter((x) => x.phase !== "up")) out.push(line(v));
        const upOnly = doc.violations.filter((x) => x.phase === "up");
        if (upOnly.length) {
            out.push("  Only `pulumi up` reports these (a green `pulumi preview` will not show them):");
            for (const v of upOnly) out.push(line(v));
        }
        for (const w of doc.waivers) out.push(`  ~ waived     [${w.pack}/${w.policy}] ${w.urn.split("::").pop()}: ${w.reason}${w.expires ? ` (until ${w.expires})` : ""}`);
        if (doc.unknowns.length) {
            out.push(`  Deferred in preview (the value a check reads is unknown until \`pulumi up\`, where it runs): ${doc.unknowns.length}`);
            for (const u of doc.unknowns) out.push(`  ? deferred   [${u.pack}/${u.policy}] ${u.urn ? u.urn.split("::").pop() : "(stack)"}`);
        }
    } else {
        out.push("Policies: no pack evaluated");
    }
    if (doc.dataLoss) {
        out.push("");
        out.push(doc.dataLoss.length ? `Data-loss guard: ${doc.dataLoss.length} stateful resource(s) would be lost:` : "Data-loss guard: no stateful resource of the baseline would be deleted or replaced");
        for (const d of doc.dataLoss) out.push(`  ✗ ${d.message}\n      ${d.urn}`);
    }
    if (s.unmockedInvokes.length) {
        out.push("");
        out.push(`Warning: invokes without a mock answer (answered with {}): ${s.unmockedInvokes.join(", ")}`);
    }
    return out.join("\n");
}

function mdEscape(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function mermaidId(urn: string, ids: Map<string, string>): string {
    if (!ids.has(urn)) ids.set(urn, `c${ids.size}`);
    return ids.get(urn)!;
}

/**
 * The architecture as Mermaid: components (nested ones as subgraphs) and the links between them, derived from the
 * dependencies of their resources (an arrow A --> B means something in A uses something in B).
 */
export function renderMermaid(resources: PlanResource[]): string {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const isComponent = (r: PlanResource) => (!r.custom && r.type !== ROOT) || r.remote;
    const ownerOf = (urn: string): string | undefined => {
        let cur = byUrn.get(urn);
        while (cur && !isComponent(cur)) cur = cur.parent ? byUrn.get(cur.parent) : undefined;
        return cur?.urn;
    };
    const ids = new Map<string, string>();
    const comps = resources.filter(isComponent);
    const lines = ["flowchart LR"];
    const counts = new Map<string, number>();
    for (const r of resources) if (r.custom) { const o = ownerOf(r.urn); if (o) counts.set(o, (counts.get(o) ?? 0) + 1); }
    const kids = new Map<string | undefined, PlanResource[]>();
    for (const c of comps) {
        const parentComp = c.parent ? ownerOf(c.parent) : undefined;
        if (!kids.has(parentComp)) kids.set(parentComp, []);
        kids.get(parentComp)!.push(c);
    }
    const emit = (c: PlanResource, indent: string) => {
        const label = `${c.name}<br/><small>${displayType(c.type)} · ${counts.get(c.urn) ?? 0} resources</small>`;
        const nested = kids.get(c.urn) ?? [];
        if (nested.length) {
            lines.push(`${indent}subgraph ${mermaidId(c.urn, ids)}_g["${c.name}"]`);
            lines.push(`${indent}  ${mermaidId(c.urn, ids)}["${label}"]`);
            for (const n of nested) emit(n, indent + "  ");
            lines.push(`${indent}end`);
        } else {
            lines.push(`${indent}${mermaidId(c.urn, ids)}["${label}"]`);
        }
    };
    for (const c of kids.get(undefined) ?? []) emit(c, "  ");
    const edges = new Map<string, Set<string>>();
    for (const r of resources) {
        const from = ownerOf(r.urn);
        if (!from) continue;
        for (const [prop, deps] of Object.entries(r.propertyDependencies)) {
            for (const d of deps) {
                const to = ownerOf(d);
                if (!to || to === from) continue;
                const key = `${from} ${to}`;
                if (!edges.has(key)) edges.set(key, new Set());
                edges.get(key)!.add(prop);
            }
        }
    }
    for (const [key, props] of [...edges].sort()) {
        const [from, to] = key.split(" ");
        lines.push(`  ${mermaidId(from, ids)} -->|${[...props].sort().slice(0, 3).join(", ")}| ${mermaidId(to, ids)}`);
    }
    return lines.join("\n");
}

/**
 * The pull-request comment. `compare` (from `--compare`): the diff against the base branch's plan, placed after the
 * summary tables; `blocked` when the diff alone blocks (a stateful removal without alias).
 */
export function renderMarkdown(doc: PlanDocument, compare?: { section: string; blocked: boolean }): string {
    const s = doc.summary;
    const mandatory = doc.violations.filter((v) => v.enforcementLevel === "mandatory");
    const status = mandatory.length || (doc.dataLoss?.length ?? 0) || compare?.blocked ? "❌ blocked" : "✅ passes";
    const out: string[] = [];
    out.push(`## Offline plan: \`${doc.project}\` / \`${doc.stack}\` — ${status}`);
    out.push("");
    out.push(`${s.resources} resources to create (${s.customResources} cloud resources in ${s.components} components, ${s.protected} protected); ` +
        `${s.policies.mandatory} mandatory and ${s.policies.advisory} advisory policy violations, ${s.policies.waived} waived.`);
    out.push("");
    out.push("| Component | Resources |");
    out.push("|---|---:|");
    for (const [c, n] of Object.entries(s.byComponent)) out.push(`| \`${mdEscape(c)}\` | ${n} |`);
    out.push("");
    out.push("<details><summary>Resources by type</summary>");
    out.push("");
    out.push("| Type | Count |");
    out.push("|---|---:|");
    for (const [t, n] of Object.entries(s.byType)) out.push(`| \`${t}\` | ${n} |`);
    out.push("");
    out.push("</details>");
    out.push("");
    if (compare) out.push(compare.section, "");
    out.push("### Policy results");
    out.push("");
    out.push("Both phases: what a first `pulumi preview` reports, then what `pulumi up` reports with the cloud's values.");
    out.push("");
    if (s.policies.packs.length) {
        out.push("| Pack | Policies | Mandatory | Advisory | Only at `up` | Waived | Deferred in preview |");
        out.push("|---|---:|---:|---:|---:|---:|---:|");
        for (const p of s.policies.packs) out.push(`| \`${p.pack}@${p.version}\` | ${p.policies} | ${p.mandatory} | ${p.advisory} | ${p.upOnly} | ${p.waived} | ${p.unknown} |`);
    } else {
        out.push("No policy pack was evaluated.");
    }
    out.push("");
    const table = (title: string, list: Violation[]) => {
        if (!list.length) return;
        out.push(title, "", "| Level | Policy | Resource | Message |", "|---|---|---|---|");
        for (const v of list) {
            out.push(`| ${v.enforcementLevel} | \`${v.pack}/${v.policy}\` | ${v.urn ? `\`${mdEscape(v.urn.split("::").pop()!)}\`` : "(stack)"} | ${mdEscape(v.message)} |`);
        }
        out.push("");
    };
    table("#### Violations", doc.violations.filter((v) => v.phase !== "up"));
    table("#### Only at `pulumi up` (a green `pulumi preview` will not show these)", doc.violations.filter((v) => v.phase === "up"));
    if (doc.unknowns.length) {
        out.push("<details><summary>Deferred in preview: " + doc.unknowns.length + " check(s) read a value unknown until `pulumi up`</summary>", "");
        out.push("| Policy | Resource | Why |", "|---|---|---|");
        for (const u of doc.unknowns) out.push(`| \`${u.pack}/${u.policy}\` | ${u.urn ? `\`${mdEscape(u.urn.split("::").pop()!)}\`` : "(stack)"} | ${mdEscape(u.message.replace(/^.*during preview: /, ""))} |`);
        out.push("", "</details>", "");
    }
    out.push("#### Waivers in force");
    out.push("");
    if (doc.waivers.length) {
        out.push("| Policy | Resource | Reason | Expires |");
        out.push("|---|---|---|---|");
        for (const w of doc.waivers) out.push(`| \`${w.policy}\` | \`${mdEscape(w.urn.split("::").pop()!)}\` | ${mdEscape(w.reason)} | ${w.expires ?? "—"} |`);
    } else {
        out.push("None.");
    }
    out.push("");
    if (doc.dataLoss) {
        out.push("### Data-loss guard");
        out.push("");
        if (doc.dataLoss.length) {
            for (const d of doc.dataLoss) out.push(`- ❌ ${mdEscape(d.message)} (\`${d.urn}\`)`);
        } else {
            out.push("No stateful resource of the baseline would be deleted or replaced.");
        }
        out.push("");
    }
    out.push("### Architecture");
    out.push("");
    out.push("```mermaid");
    out.push(renderMermaid(doc.resources));
    out.push("```");
    out.push("");
    return out.join("\n");
}
