/**
 * Runs a Pulumi program under the mock runtime and records every registration the way the engine receives it:
 * URN (in the engine's format, with the full parent type chain), type, name, parent, inputs (secrets masked),
 * options (protect, retainOnDelete, dependsOn, ignoreChanges, provider, aliases), dependencies, and the outputs the
 * mock cloud answered (what stack policies see).
 *
 * `preview: true` runs the program as a first `pulumi preview` does: the SDK is in dry-run mode and every computed
 * output (ids, ARNs, endpoints) is unknown, so inputs built from them carry the engine's unknown sentinel.
 *
 * The mock monitor of @pulumi/pulumi computes URNs with only the immediate parent type and does not reject duplicate
 * URNs; this recorder does both as the engine does, so the recorded URNs are the ones `pulumi up` would create.
 */
import { createHash } from "crypto";
import * as path from "path";
import { CloudContext, MockCloud, StackReferences } from "./mock-cloud";

export interface ResourceOptionsRecord {
    protect: boolean;
    retainOnDelete: boolean;
    /** Explicit `dependsOn`: dependencies that no input property accounts for. */
    dependsOn: string[];
    ignoreChanges: string[];
    /** Provider reference `urn::id`, or null for the default provider. */
    provider: string | null;
    aliases: unknown[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
}

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    custom: boolean;
    /** True for multi-language (remote) components such as eks:index:Cluster: one opaque resource offline. */
    remote: boolean;
    inputs: Record<string, unknown>;
    /**
     * The resource's outputs as the engine stores them (inputs plus what the provider computed; for components, what
     * they register with registerOutputs). Stack policies see these, as the analyzer's AnalyzeStack does.
     */
    outputs: Record<string, unknown>;
    options: ResourceOptionsRecord;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export interface RecordOptions {
    project: string;
    stack: string;
    /** Stack config, keys `namespace:key`, values as the CLI passes them (strings; objects/arrays as JSON text). */
    config: Record<string, string>;
    secretKeys?: string[];
    cloud: CloudContext;
    /** Directory the program's @pulumi/pulumi resolves from (so mocks are installed in the copy the program uses). */
    programDir?: string;
    /** Called after each registration (progress). */
    onRegister?: (count: number) => void;
    /** Run as a first `pulumi preview` (dry run; computed outputs unknown). Defaults to false (`pulumi up`). */
    preview?: boolean;
    /** The outputs of the stacks the program references (pulumi.StackReference). */
    stackReferences?: StackReferences;
}

export interface Recording {
    resources: PlanResource[];
    outputs: Record<string, unknown>;
    cloud: MockCloud;
}

export const SECRET_MASK = "[secret]";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A URN as the engine forms it: the parent's qualified type chain is prefixed to the type, except for children of the
 * root stack. (The SDK's mock monitor keeps only the immediate parent type.)
 */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2];
        if (parentType && parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Load the internals of the @pulumi/pulumi copy a program uses. */
function pulumiInternals(programDir?: string) {
    const main = require.resolve("@pulumi/pulumi", { paths: [programDir ?? process.cwd(), __dirname] });
    const root = path.dirname(main);
    return {
        pulumi: require(main),
        mocks: require(path.join(root, "runtime", "mocks")),
        settings: require(path.join(root, "runtime", "settings")),
        state: require(path.join(root, "runtime", "state")),
        rpc: require(path.join(root, "runtime", "rpc")),
        config: require(path.join(root, "runtime", "config")),
        resproto: require(path.join(root, "proto", "resource_pb")),
        output: require(path.join(root, "output")),
        struct: require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [root] })),
    };
}

/**
 * What the policy packs see of a resource: its inputs and outputs with secrets revealed. The analyzer hands policies
 * secret values in plain (@pulumi/policy's deserializeProperties unwraps them), so a rule reading a secret-bearing
 * property (an Ingress's metadata with one secret annotation) must see the same here. Kept beside the record, never in
 * it: the plan's JSON and reports show secrets masked.
 */
type View = { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
/** Computed on first use (only policy evaluation needs it): recording alone pays nothing for it. */
const revealed = new WeakMap<PlanResource, () => View>();

/** The inputs and outputs policies see (secrets in plain); the record's own, masked, when not recorded here. */
export function policyView(r: PlanResource): View {
    return revealed.get(r)?.() ?? { inputs: r.inputs, outputs: r.outputs };
}

/** `make` once, on first call. */
function memo(make: () => View): () => View {
    let view: View | undefined;
    return () => (view ??= make());
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const textHash = (text: unknown) => (typeof text === "string" ? { sha256: sha256(text) } : {});

/**
 * Turn the wire form of resource inputs into plain JSON: secrets masked, resource references as their URN,
 * assets and archives described, unknowns kept as the engine's unknown sentinel.
 */
function plainInputs(value: any, sigKey: string, sigs: Record<string, string>, reveal = false): any {
    if (Array.isArray(value)) return value.map((v) => plainInputs(v, sigKey, sigs, reveal));
    if (value && typeof value === "object") {
        const sig = value[sigKey];
        if (sig === sigs.secret) return reveal ? plainInputs(value.value, sigKey, sigs, reveal) : SECRET_MASK;
        if (sig === sigs.resource) return value.urn;
        if (sig === sigs.asset) return { asset: value.path ?? value.uri ?? "(text)", ...textHash(value.text) };
        if (sig === sigs.archive) {
            if (value.path ?? value.uri) return { archive: value.path ?? value.uri };
            // An archive of assets: its member names, and the SHA-256 of each text member (what the plan ships).
            const members = Object.entries((value.assets ?? {}) as Record<string, { text?: unknown }>);
            const hashes = Object.fromEntries(members.flatMap(([n, a]) => typeof a?.text === "string" ? [[n, sha256(a.text)]] : []));
            return { archive: members.map(([n]) => n), ...(Object.keys(hashes).length ? { sha256: hashes } : {}) };
        }
        if (sig === sigs.output) return value.secret && !reveal ? SECRET_MASK : plainInputs(value.value, sigKey, sigs, reveal);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = plainInputs(v, sigKey, sigs, reveal);
        return out;
    }
    return value;
}

/**
 * Run `program` inside a root stack under mocks and return every recorded resource in registration order.
 * The program may register resources synchronously or return a promise (of stack outputs).
 */
export async function recordProgram(program: () => unknown, opts: RecordOptions): Promise<Recording> {
    const rt = pulumiInternals(opts.programDir);
    const resources: PlanResource[] = [];
    const urns = new Set<string>();
    const sigKey: string = rt.rpc.specialSigKey;
    const sigs = {
        secret: rt.rpc.specialSecretSig, resource: rt.rpc.specialResourceSig, asset: rt.rpc.specialAssetSig,
        archive: rt.rpc.specialArchiveSig, output: rt.rpc.specialOutputValueSig,
    };

    const cloud = new MockCloud(opts.cloud, { preview: opts.preview === true, stackReferences: opts.stackReferences });
    const byUrn = new Map<string, PlanResource>();

    // The SDK's mock monitor, loaded from the program's copy (untyped require): give its constructor a signature.
    const MockMonitor: new (mocks: { newResource(args: any): unknown; call(args: any): unknown }) => any = rt.mocks.MockMonitor;
    class RecordingMonitor extends MockMonitor {
        newUrn(parent: string, type: string, name: string): string {
            return engineUrn(opts.stack, opts.project, parent || undefined, type, name);
        }

        /** The mock monitor's registerResource, recording the request and the mock cloud's answer. */
        async registerResource(req: any, callback: (err: any, resp?: any) => void) {
            try {
                const type: string = req.getType();
                const name: string = req.getName();
                const parent: string = req.getParent();
                const urn = this.newUrn(parent, type, name);
                if (urns.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
                urns.add(urn);
                const inputs = rt.rpc.deserializeProperties(req.getObject());
                const answer = cloud.newResource({ type, name, inputs, provider: req.getProvider(), custom: req.getCustom(), id: req.getImportid() });
                const rawInputs = req.getObject()?.toJavaScript() ?? {};
                const record = describe(req, urn, rawInputs, answer.state);
                revealed.set(record, memo(() => ({
                    inputs: plainInputs(rawInputs, sigKey, sigs, true),
                    outputs: req.getCustom() ? plainOutputs(answer.state, true) : {},
                })));
                resources.push(record);
                byUrn.set(urn, record);
                opts.onRegister?.(resources.length);
                const serialized = await rt.rpc.serializeProperties("", answer.state);
                this.resources.set(urn, { urn, id: answer.id ?? null, state: serialized });
                const response = new rt.resproto.RegisterResourceResponse();
                response.setUrn(urn);
                response.setId(answer.id || "");
                response.setObject(rt.struct.Struct.fromJavaScript(serialized));
                callback(null, response);
            } catch (err) {
                callback(err);
            }
        }

        /** A component's registerOutputs: the outputs the engine stores for it (what stack policies see). */
        registerResourceOutputs(req: any, callback: (err: any, resp?: any) => void) {
            const record = byUrn.get(req.getUrn());
            if (record) {
                const rawOutputs = req.getOutputs()?.toJavaScript() ?? {};
                record.outputs = plainInputs(rawOutputs, sigKey, sigs);
                const inputs = revealed.get(record);
                if (inputs) revealed.set(record, memo(() => ({ inputs: inputs().inputs, outputs: plainInputs(rawOutputs, sigKey, sigs, true) })));
            }
            return super.registerResourceOutputs(req, callback);
        }
    }

    /** The record of one registration request. */
    function describe(req: any, urn: string, rawInputs: Record<string, unknown>, state: Record<string, unknown>): PlanResource {
        const dependencies: string[] = req.getDependenciesList();
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v: any, k: string) => { propertyDependencies[k] = v.getUrnsList(); });
        const implied = new Set(Object.values(propertyDependencies).flat());
        const aliases = (req.getAliasesList?.() ?? []).map((a: any) => {
            if (a.hasUrn?.()) return a.getUrn();
            const s = a.getSpec?.();
            if (!s) return null;
            const spec: Record<string, unknown> = {};
            if (s.getName()) spec.name = s.getName();
            if (s.getType()) spec.type = s.getType();
            if (s.getStack()) spec.stack = s.getStack();
            if (s.getProject()) spec.project = s.getProject();
            if (s.getParenturn()) spec.parentUrn = s.getParenturn();
            if (s.getNoparent()) spec.noParent = true;
            return spec;
        }).filter((a: unknown) => a !== null);
        const parent: string = req.getParent();
        return {
            urn, type: req.getType(), name: req.getName(),
            parent: parent || null,
            custom: req.getCustom(),
            remote: req.getRemote(),
            inputs: plainInputs(rawInputs, sigKey, sigs),
            outputs: req.getCustom() ? plainOutputs(state) : {},
            options: {
                protect: req.getProtect() === true,
                retainOnDelete: req.getRetainondelete() === true,
                dependsOn: dependencies.filter((d) => !implied.has(d)),
                ignoreChanges: req.getIgnorechangesList(),
                provider: req.getProvider() || null,
                aliases,
                ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
                ...(req.getAdditionalsecretoutputsList().length ? { additionalSecretOutputs: req.getAdditionalsecretoutputsList() } : {}),
            },
            dependencies,
            propertyDependencies,
        };
    }

    /** The mock cloud's answer (deserialized SDK values) as plain JSON, secrets masked like inputs. */
    function plainOutputs(state: Record<string, unknown>, reveal = false): Record<string, unknown> {
        const walk = (v: any): any => {
            if (Array.isArray(v)) return v.map(walk);
            if (rt.output.isUnknown(v)) return rt.rpc.unknownValue;
            if (v && typeof v === "object") {
                if (v[sigKey] === sigs.secret && !reveal) return SECRET_MASK;
                if (v[sigKey] !== undefined) return plainInputs(v, sigKey, sigs, reveal);
                return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
            }
            return v;
        };
        return walk(state);
    }

    rt.settings.setMockOptions(new RecordingMonitor({
        newResource: (args: any) => cloud.newResource(args),
        call: (args: any) => cloud.call(args),
    }), opts.project, opts.stack, opts.preview === true);
    const store = rt.state.getStore();
    Object.assign(store, {
        supportsSecrets: true, supportsResourceReferences: true, supportsOutputValues: false, supportsDeletedWith: true,
        supportsAliasSpecs: true, supportsTransforms: false,
    });
    rt.config.setAllConfig(opts.config, opts.secretKeys ?? []);

    // A program that throws must not reject inside the root stack: the SDK would leave unhandled rejections behind
    // and skip waiting for RPCs still in flight (which the next run's monitor would then receive). Catch it, let the
    // stack finish, drain the RPCs, then rethrow the program's own error.
    let failure: { error: unknown } | undefined;
    // An error inside an Output (an apply that throws, an input that fails to serialize) rejects promises nobody
    // awaits, and the resources waiting on that output never register: the nodejs host reports the first unhandled
    // rejection and stops, and so does the recorder (instead of waiting forever).
    let unhandled: { error: unknown } | undefined;
    let wake: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => { wake = resolve; });
    const onUnhandled = (error: unknown) => { unhandled ??= { error }; wake(); };
    process.on("unhandledRejection", onUnhandled);
    let outputs: unknown;
    try {
        await Promise.race([stopped, (async () => {
            outputs = await rt.pulumi.runtime.runInPulumiStack(async () => {
                try {
                    const result = await program();
                    return result && typeof result === "object" ? result : undefined;
                } catch (error) {
                    failure = { error };
                    return undefined;
                }
            });
            await rt.settings.waitForRPCs();
        })()]);
    } finally {
        process.off("unhandledRejection", onUnhandled);
    }
    if (failure) throw failure.error;
    if (unhandled) throw unhandled.error;
    // The stack's outputs as the engine receives them (the root stack's registerOutputs): secrets stay masked. The
    // program's return value is the fallback when the SDK registered none.
    const root = resources.find((r) => r.type === ROOT_STACK_TYPE);
    const registered = root && Object.keys(root.outputs).length ? root.outputs : undefined;
    return { resources, outputs: registered ?? plainInputs(outputs ?? {}, sigKey, sigs), cloud };
}
