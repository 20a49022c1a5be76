/**
 * The rule shape shared by every pack: a pure check plus metadata, turned into a CrossGuard policy by `toPolicy`.
 *
 * A rule sees raw property values (unknown values during preview appear as sentinels: see values.ts), decides
 * explicitly what to do with them, and returns messages; `toPolicy` adds the type filter, waivers and reporting.
 */
import {
    EnforcementLevel, PolicyConfigSchema, PolicyResource, PolicyResourceOptions, ReportViolation,
    ResourceValidationArgs, ResourceValidationPolicy, Severity, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { findWaiver, WAIVED, Waiver, WaiverHit } from "./waivers";

export interface RuleMeta {
    /** The policy name: kebab-case, unique across packs (waivers and enforcement config refer to it). */
    name: string;
    /** What the rule requires, in one sentence. */
    description: string;
    severity: Severity;
    /** How to fix a violation. */
    remediation: string;
    /** Default enforcement; a pack config can change it per policy. */
    enforcementLevel: Exclude<EnforcementLevel, "remediate">;
    /** Thresholds and allow-lists, with defaults. */
    configSchema?: PolicyConfigSchema;
}

/** A resource as a rule sees it. */
export interface Subject {
    /** The type token (`aws:s3/bucket:Bucket`, a component's `platform:vpc:Network`). */
    type: string;
    urn: string;
    /** The resource name (the last part of the URN). */
    name: string;
    /**
     * Raw property values: a resource rule sees the inputs, a stack rule the outputs (as the engine passes them);
     * unknown values are sentinels (values.ts isUnknown).
     */
    props: Record<string, any>;
    /** The resource options the analyzer passes (protect, parent, aliases, ...). */
    opts: PolicyResourceOptions;
}

/** What a resource rule sees. */
export interface ResourceSubject extends Subject {
    /** The stack's tags (pulumi:project, pulumi:stack, ...). */
    stackTags: ReadonlyMap<string, string>;
}

/** What a resource rule's check returns: nothing, one message or several (findings.ts collects parts of a check). */
export type CheckResult = string | string[] | undefined | void;

export interface ResourceRule<C = Record<string, any>> extends RuleMeta {
    kind: "resource";
    /** Type tokens checked: raw AWS/Kubernetes types and component tokens (aws:lb/* and aws:alb/* both). */
    types: string[];
    check(resource: ResourceSubject, config: C): CheckResult;
}

/** What a stack rule sees for each resource: the resource and its links to the others. */
export interface StackSubject extends Subject {
    /** The parent resource (a component, the stack). */
    parent?: StackSubject;
    /** The resources it depends on (explicitly or through its inputs). */
    dependencies: StackSubject[];
    /** Per input property, the resources its value came from. */
    propertyDependencies: Record<string, StackSubject[]>;
}

/** A stack rule's finding. */
export interface StackFinding {
    /** The resource at fault (waivers match it); omit for stack-wide findings. */
    urn?: string;
    /** What is wrong and how to fix it; never a secret value. */
    message: string;
}

export interface StackRule<C = Record<string, any>> extends RuleMeta {
    kind: "stack";
    /** Types that must be present for the rule to apply (otherwise it is not applicable). */
    types: string[];
    check(resources: StackSubject[], config: C, stackTags: ReadonlyMap<string, string>): StackFinding[];
}

export type Rule = ResourceRule<any> | StackRule<any>;

const PROXY_TARGET = "__getSpecialProxyTarget";

/** The raw object behind @pulumi/policy's unknown-checking proxy (or the value itself). */
export function unwrap<T>(value: T): T {
    if (value && typeof value === "object") {
        const target = (value as any)[PROXY_TARGET];
        if (target && typeof target === "object") return target as T;
    }
    return value;
}

export interface ToPolicyOptions {
    /** The pack's name, recorded with waived findings. */
    pack: string;
    waivers: readonly Waiver[];
}

/** Report a finding, or record it in the policy's ledger (`waived`) when a waiver covers it. */
function report(rule: Rule, opts: ToPolicyOptions, waived: WaiverHit[], urn: string, message: string, reportViolation: ReportViolation) {
    const waiver = findWaiver(opts.waivers, rule.name, urn);
    if (waiver) {
        waived.push({
            pack: opts.pack, policy: rule.name, urn, message, reason: waiver.reason, resource: waiver.resource,
            expires: waiver.expires, approvedBy: waiver.approvedBy,
        });
        return;
    }
    reportViolation(message, urn);
}

function meta(rule: Rule) {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        severity: rule.severity,
        remediationSteps: rule.remediation,
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
    };
}

/**
 * Turn a rule into a CrossGuard policy with type filtering and waivers. The policy carries, under the WAIVED key
 * (waivers.ts; not enumerable), the ledger of the findings its waivers suppressed.
 */
export function toPolicy(rule: Rule, opts: ToPolicyOptions): ResourceValidationPolicy | StackValidationPolicy {
    const waived: WaiverHit[] = [];
    return Object.defineProperty(policyOf(rule, opts, waived), WAIVED, { value: waived });
}

function policyOf(rule: Rule, opts: ToPolicyOptions, waived: WaiverHit[]): ResourceValidationPolicy | StackValidationPolicy {
    if (rule.kind === "resource") {
        const types = new Set(rule.types);
        return {
            ...meta(rule),
            validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
                if (!types.has(args.type)) {
                    args.notApplicable(`applies to ${rule.types.join(", ")}`);
                    return;
                }
                const subject: ResourceSubject = {
                    type: args.type, urn: args.urn, name: args.name, props: unwrap(args.props) ?? {},
                    opts: args.opts, stackTags: args.stackTags,
                };
                const findings = rule.check(subject, args.getConfig());
                for (const message of findings === undefined ? [] : Array.isArray(findings) ? findings : [findings]) {
                    report(rule, opts, waived, args.urn, message, reportViolation);
                }
            },
        };
    }
    return {
        ...meta(rule),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const types = new Set(rule.types);
            if (!args.resources.some((r) => types.has(r.type))) {
                args.notApplicable(`no resource of type ${rule.types.join(", ")}`);
                return;
            }
            const subjects = new Map<PolicyResource, StackSubject>();
            for (const r of args.resources) {
                subjects.set(r, {
                    type: r.type, urn: r.urn, name: r.name, props: unwrap(r.props) ?? {}, opts: r.opts,
                    dependencies: [], propertyDependencies: {},
                });
            }
            for (const [r, s] of subjects) {
                if (r.parent) s.parent = subjects.get(r.parent);
                s.dependencies = r.dependencies.map((d) => subjects.get(d)!).filter(Boolean);
                for (const [k, ds] of Object.entries(r.propertyDependencies ?? {})) {
                    s.propertyDependencies[k] = ds.map((d) => subjects.get(d)!).filter(Boolean);
                }
            }
            for (const f of rule.check([...subjects.values()], args.getConfig(), args.stackTags)) {
                if (f.urn) report(rule, opts, waived, f.urn, f.message, reportViolation);
                else reportViolation(f.message);
            }
        },
    };
}

/** All rules of a pack as CrossGuard policies. Rule names must be unique. */
export function toPolicies(rules: Rule[], opts: ToPolicyOptions): (ResourceValidationPolicy | StackValidationPolicy)[] {
    const seen = new Set<string>();
    for (const r of rules) {
        if (seen.has(r.name)) throw new Error(`duplicate rule name '${r.name}' in pack ${opts.pack}`);
        seen.add(r.name);
    }
    return rules.map((r) => toPolicy(r, opts));
}
