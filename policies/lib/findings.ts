/**
 * Findings: the one collector of every rule's findings, with deliberate handling of values unknown during preview.
 * A part of a check that reads an unknown value is deferred, the other parts still report. `result()` returns the
 * definite findings (they hold whatever the unknown turns out to be); when there are none but a part was deferred, it
 * throws the first unknown, which the analyzer (and the planner) record as an advisory "can't run during preview" note.
 *
 * Resource rules collect messages (`new Findings()`); stack rules collect findings against resources
 * (`new Findings<StackFinding>()`, `report(urn, message)`), so a resource whose check depends on an unknown value is
 * deferred while the definite findings of the others are still reported.
 */
import { UnknownValueError } from "@pulumi/policy";
import type { StackFinding } from "./rule";
import { UNKNOWN } from "./values";

/** True for an UnknownValueError of any @pulumi/policy copy (duck-typed: a pack may load its own copy). */
export function isUnknownValueError(e: unknown): e is Error {
    return !!e && typeof e === "object" && "unknownTypeSentinel" in e && "props" in e;
}

export class Findings<T = string> {
    /** The definite findings so far. */
    readonly messages: T[] = [];
    private deferred: Error | undefined;

    /** Add findings directly. */
    add(...items: T[]): void {
        this.messages.push(...items);
    }

    /** (Stack rules) A finding against the resource `urn`. */
    report(this: Findings<StackFinding>, urn: string, message: string): void {
        this.add({ urn, message });
    }

    /** Run one independent part; its findings are kept, an unknown value defers it, other errors propagate. */
    check(fn: () => T | T[] | undefined | void): void {
        try {
            const out = fn();
            if (Array.isArray(out)) this.messages.push(...out);
            else if (out !== undefined) this.messages.push(out);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            this.deferred ??= e;
        }
    }

    /** Compute a value later parts need; undefined (and the part deferred) when it is unknown. */
    attempt<R>(fn: () => R): R | undefined {
        try {
            return fn();
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            this.deferred ??= e;
            return undefined;
        }
    }

    /** Defer because the value at `path` is unknown. */
    defer(path: string): void {
        this.deferred ??= new UnknownValueError(UNKNOWN as any, path.split("."));
    }

    /** True when some part was deferred because of an unknown value. */
    get hasUnknown(): boolean {
        return this.deferred !== undefined;
    }

    /** The definite findings, or throw the first deferred unknown when there are none. */
    result(): T[] {
        if (this.messages.length === 0 && this.deferred !== undefined) throw this.deferred;
        return this.messages;
    }
}

/** Run the parts of a check through one Findings and return its result. */
export function deferUnknowns(parts: (() => string[])[]): string[] {
    const f = new Findings();
    for (const part of parts) f.check(part);
    return f.result();
}
