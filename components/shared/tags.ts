/**
 * One `tags` input merged into every taggable child, with a Name derived from the child's role.
 */
import * as pulumi from "@pulumi/pulumi";

export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** Merge the component's tags with child-specific ones; later wins. */
export function mergeTags(base: Tags | undefined, extra: Record<string, pulumi.Input<string>>): pulumi.Output<Record<string, string>> {
    return pulumi.output(base ?? {}).apply((b) => ({ ...(b as Record<string, string>), ...(extra as Record<string, string>) }));
}
