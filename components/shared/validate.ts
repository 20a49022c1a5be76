/**
 * Argument validation shared by every component: collect every problem first, then stop before any child is
 * registered, with one line per problem naming the field, the bad value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";

/** A user mistake in a component's arguments. A RunError: the Pulumi CLI prints the message without a stack trace. */
export class ComponentArgsError extends pulumi.RunError {
    readonly problems: readonly string[];
    constructor(component: string, problems: string[]) {
        super(`${component}: invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ComponentArgsError";
        this.problems = problems;
        // Found after super() (from a value the cloud reports), this error rejects an Output that several inputs
        // depend on; the SDK prefixes `error serializing property "x": ` to the message of the same error object
        // once per such input. Keep the message as written: it is what the CLI prints.
        const message = this.message;
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, configurable: true });
    }
}

/** Render a value for a message: short, quoted, never an unresolved Output. */
export function showValue(value: unknown): string {
    if (pulumi.Output.isInstance(value)) return "(an Output)";
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (text === undefined) return "(missing)";
    return `'${text.length > 80 ? text.slice(0, 77) + "..." : text}'`;
}

/** Collects problems for one component's arguments. */
export class ArgsChecker {
    private readonly problems: string[] = [];
    constructor(private readonly component: string) {}

    /** Record a problem unless `ok`. */
    require(ok: boolean, field: string, value: unknown, allowed: string): this {
        if (!ok) this.problems.push(`${field}: ${showValue(value)} is not allowed; ${allowed}`);
        return this;
    }

    /** An integer within [min, max]. */
    integer(field: string, value: unknown, min: number, max: number): this {
        return this.require(Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
            field, value, `expected a whole number from ${min} to ${max}`);
    }

    /** One of the listed values. */
    oneOf<T>(field: string, value: unknown, allowed: readonly T[]): this {
        return this.require(allowed.includes(value as T), field, value, `expected one of: ${allowed.join(", ")}`);
    }

    /** A name usable in resource names and AWS identifiers. */
    name(field: string, value: unknown): this {
        return this.require(typeof value === "string" && /^[a-z][a-z0-9-]{0,39}$/.test(value), field, value,
            "expected 1-40 lowercase letters, digits or '-', starting with a letter");
    }

    /** Throw a ComponentArgsError listing every problem, if there is any. */
    done(): void {
        if (this.problems.length) throw new ComponentArgsError(this.component, this.problems);
    }
}
