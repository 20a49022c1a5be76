import { Findings } from "../../../lib/findings";
import { linksTo } from "../../../lib/links";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { BUCKET_TYPES, bucketIds } from "../../../lib/s3";
import { asArray, known, knownBool } from "../../../lib/values";

const VERSIONING_TYPES = [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
];

/** Versioning status from the deprecated inline inputs (Bucket.versioning / BucketV2.versionings), if any. */
function inlineStatus(bucket: StackSubject): "Enabled" | "Disabled" | undefined {
    const v1 = known(bucket.props.versioning, `${bucket.name}.versioning`);
    const entries = [...(v1 ? [{ v: v1, p: `${bucket.name}.versioning` }] : []),
        ...asArray<any>(known(bucket.props.versionings, `${bucket.name}.versionings`)).map((v, i) => ({ v, p: `${bucket.name}.versionings.${i}` }))];
    if (entries.length === 0) return undefined;
    return entries.every((e) => knownBool(known(e.v, e.p)?.enabled, `${e.p}.enabled`) === true) ? "Enabled" : "Disabled";
}

/** Buckets keep object versions. */
export const s3Versioning: StackRule = {
    kind: "stack",
    name: "s3-versioning",
    description: "Every S3 bucket has versioning enabled (a BucketVersioning with status Enabled).",
    severity: "medium",
    remediation: "Add an aws.s3.BucketVersioning for the bucket (bucket: bucket.bucket) with versioningConfiguration "
        + "{ status: \"Enabled\" }, and a lifecycle rule that expires noncurrent versions to bound storage cost.",
    enforcementLevel: "advisory",
    types: BUCKET_TYPES,
    check: (resources) => {
        const result = new Findings<StackFinding>();
        for (const bucket of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            result.check(() => {
                const inline = inlineStatus(bucket);
                const links = linksTo(resources, VERSIONING_TYPES, "bucket", bucket, bucketIds(bucket));
                if (inline === undefined && links.linked.length === 0) {
                    if (links.maybe.length > 0) result.defer(`${links.maybe[0].name}.bucket`);
                    else result.report(bucket.urn, `S3 bucket '${bucket.name}' has no versioning configuration: add a BucketVersioning `
                        + "with versioningConfiguration.status 'Enabled'.");
                    return;
                }
                if (inline === "Disabled") {
                    result.report(bucket.urn, `S3 bucket '${bucket.name}' does not enable versioning in its inline versioning input.`);
                }
                for (const v of links.linked) {
                    result.check(() => {
                        const cfg = known(v.props.versioningConfiguration, `${v.name}.versioningConfiguration`);
                        const status = known(cfg?.status, `${v.name}.versioningConfiguration.status`);
                        if (status !== "Enabled") {
                            result.report(bucket.urn, `S3 bucket '${bucket.name}': BucketVersioning '${v.name}' has versioningConfiguration.status `
                                + `'${status ?? "(unset)"}'; 'Enabled' is required.`);
                        }
                    });
                }
            });
        }
        return result.result();
    },
};
