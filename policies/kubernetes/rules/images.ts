/**
 * Container image references for the Kubernetes rules: parsing `[registry/]path[:tag][@digest]` as Docker resolves it,
 * and registry allow-list entries. Used by the rules of this folder only; not a rule.
 */

export interface ImageRef {
    /** The reference without tag and digest, e.g. "public.ecr.aws/aws-containers/retail-store-sample-ui". */
    repository: string;
    /** The reference as Docker resolves it (Docker Hub short names expanded, e.g. "docker.io/library/nginx:1.27"). */
    canonical: string;
    /** The tag after the last `:` of the name, e.g. "1.6.2". */
    tag?: string;
    /** The digest after `@`, e.g. "sha256:…". */
    digest?: string;
}

/** Split an image reference into repository, tag and digest (`[registry/]path[:tag][@algo:hex]`). */
export function parseImage(image: string): ImageRef {
    const at = image.indexOf("@");
    const nameTag = at >= 0 ? image.slice(0, at) : image;
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    const slash = nameTag.lastIndexOf("/");
    const colon = nameTag.lastIndexOf(":");
    const hasTag = colon > slash;
    const repository = hasTag ? nameTag.slice(0, colon) : nameTag;
    const tag = hasTag ? nameTag.slice(colon + 1) : undefined;
    const first = repository.split("/")[0];
    const hasRegistry = repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    const canonical = hasRegistry ? image
        : `docker.io/${repository.includes("/") ? "" : "library/"}${image}`;
    return { repository, canonical, tag, digest };
}

/** An allow-list entry admits an image when it is a prefix ending in "/" or matches up to a path/tag boundary. */
export function registryAllows(entry: string, image: string): boolean {
    const e = entry.trim();
    if (!e) return false;
    if (e.endsWith("/")) return image.startsWith(e);
    return image === e || ["/", ":", "@"].some((sep) => image.startsWith(e + sep));
}
