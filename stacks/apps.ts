/**
 * Which apps a stack runs, from its config: the specs of `apps/` named by `ecommerce-platform:apps`, each with its
 * image from `ecommerce-platform:appImages` when given there (an image of our own, promoted by digest), and the ui
 * pointed at the optional backends that run. An app without a deployable image stops the program with a ConfigError
 * naming the key to set, before any resource is registered; the apps must agree on who calls whom.
 */
import { checkServiceGraph, ImageRef, isServiceEnabled, ServiceSpec } from "../components/compute";
import { ComponentArgsError } from "../components/shared";
import { APPS, OPTIONAL_UI_BACKENDS } from "../apps";
import { ConfigError, PlatformConfig, PROJECT } from "./config";

/** `repo:tag` or `repo@sha256:<hex>` (config text) as an ImageRef. */
export function parseImage(text: string): ImageRef {
    const at = text.indexOf("@");
    if (at > 0) return { repository: text.slice(0, at), digest: text.slice(at + 1) };
    const colon = text.lastIndexOf(":");
    return { repository: text.slice(0, colon), tag: text.slice(colon + 1) };
}

/**
 * The specs the stack runs, in config order. An app's image is, first to last: its `appImages` entry (an operator's
 * pin: a rollback, a hotfix), the image its pipeline delivered to this environment (`delivered`, by digest:
 * stacks/delivered-images.ts), the spec's own pinned image.
 */
export function selectApps(config: PlatformConfig, delivered: Readonly<Record<string, string>> = {}): ServiceSpec[] {
    const { apps, appImages } = config.compute;
    const problems: string[] = [];
    for (const name of apps) {
        if (!APPS[name]) problems.push(`${PROJECT}:apps: '${name}' is not an app of apps/; known: ${Object.keys(APPS).join(", ")}`);
    }
    for (const name of Object.keys(appImages)) {
        if (!apps.includes(name)) problems.push(`${PROJECT}:appImages: '${name}' has an image but is not in ${PROJECT}:apps`);
    }
    const specs = apps.filter((n) => APPS[n]).map((name) => {
        const spec = APPS[name];
        const pinned = appImages[name] ?? delivered[name];
        const image = pinned ? parseImage(pinned) : spec.image;
        if (!image) {
            problems.push(`${PROJECT}:apps: '${name}' has no deployable image (it runs an image of our own): set ` +
                `${PROJECT}:appImages.${name} to its image in the platform's ECR repository (<registry>/<repository>@sha256:<digest>), or leave it out of ${PROJECT}:apps`);
        }
        return { ...spec, image };
    }).filter((s) => isServiceEnabled(s, config.environment));
    if (problems.length) throw new ConfigError(problems);
    const running = new Set(specs.map((s) => s.name));
    const withBackends = specs.map((s) => (s.name === "ui" ? pointUiAt(s, running) : s));
    try {
        checkServiceGraph(withBackends);
    } catch (e) {
        if (e instanceof ComponentArgsError) throw new ConfigError([`${PROJECT}:apps: the apps disagree on who calls whom:`, ...e.problems]);
        throw e;
    }
    return withBackends;
}

/** The ui with the optional backends that run added to its calls and its settings. */
function pointUiAt(ui: ServiceSpec, running: ReadonlySet<string>): ServiceSpec {
    const optional = Object.entries(OPTIONAL_UI_BACKENDS).filter(([name]) => running.has(name));
    if (!optional.length) return ui;
    return {
        ...ui,
        calls: [...(ui.calls ?? []), ...optional.map(([name]) => name)],
        env: { ...ui.env, ...Object.fromEntries(optional.map(([name, variable]) => [variable, `http://${name}.${name}.svc:80`])) },
    };
}
