/** Wildcard patterns: URN and ARN globs (waivers, permissions boundaries) and IAM action patterns. Not a rule. */

/** A wildcard pattern as a regular expression: `*` is any run of characters, and with `questionMark` `?` is one. */
function wildcard(pattern: string, questionMark: boolean, flags: string): RegExp {
    const special = questionMark ? /[.+^${}()|[\]\\]/g : /[.+?^${}()|[\]\\]/g;
    let source = pattern.replace(special, "\\$&").replace(/\*/g, ".*");
    if (questionMark) source = source.replace(/\?/g, ".");
    return new RegExp(`^${source}$`, flags);
}

/** True when `text` matches a glob where `*` is any run of characters (case-sensitive: ARNs, URNs). */
export function globMatch(pattern: string, text: string): boolean {
    return wildcard(pattern, false, "").test(text);
}

/** True when an IAM action pattern matches an action (case-insensitive, `*` and `?` wildcards, as IAM does). */
export function actionMatches(pattern: string, action: string): boolean {
    return wildcard(pattern, true, "i").test(action);
}
