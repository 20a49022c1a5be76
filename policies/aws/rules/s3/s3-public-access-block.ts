import { Findings } from "../../../lib/findings";
import { linksTo } from "../../../lib/links";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { BUCKET_TYPES, bucketIds } from "../../../lib/s3";
import { asArray, known, knownBool } from "../../../lib/values";

const PUBLIC_ACCESS_BLOCK_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const BUCKET_ACL_TYPES = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"];

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
/** Canned ACLs that grant access to everyone or to every AWS account. */
const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUP_URIS = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/** The flags of a public access block that are not (known to be) true. Unknown flags defer the check. */
function flagsNotTrue(block: StackSubject): string[] {
    return FLAGS.filter((f) => knownBool(block.props[f], `${block.name}.${f}`) !== true);
}

function publicGrantUris(grants: unknown, path: string, uriOf: (g: any) => unknown): string[] {
    const out: string[] = [];
    asArray<any>(known(grants, path)).forEach((g, i) => {
        const uri = known(uriOf(known(g, `${path}.${i}`) ?? {}), `${path}.${i}.uri`);
        if (typeof uri === "string" && PUBLIC_GROUP_URIS.includes(uri)) out.push(uri.split("/").pop()!);
    });
    return out;
}

/** Buckets block public access (all four flags) and carry no public ACL. */
export const s3PublicAccessBlock: StackRule = {
    kind: "stack",
    name: "s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four flags true and no ACL that grants public or any-AWS-account access.",
    severity: "critical",
    remediation: "Add an aws.s3.BucketPublicAccessBlock for the bucket (bucket: bucket.bucket) with blockPublicAcls, blockPublicPolicy, "
        + "ignorePublicAcls and restrictPublicBuckets all true (an aws.s3.AccountPublicAccessBlock with all four true also counts), "
        + "and remove public-read/public-read-write/authenticated-read ACLs and AllUsers/AuthenticatedUsers grants "
        + "(prefer BucketOwnershipControls with BucketOwnerEnforced). Serve public content through CloudFront with origin access control.",
    enforcementLevel: "mandatory",
    types: BUCKET_TYPES,
    check: (resources) => {
        const result = new Findings<StackFinding>();
        const accountBlocks = resources.filter((r) => r.type === ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE);
        let accountBlocked = false;
        for (const a of accountBlocks) result.check(() => { if (flagsNotTrue(a).length === 0) accountBlocked = true; });

        for (const bucket of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            const ids = bucketIds(bucket);
            // 1. the public access block
            result.check(() => {
                if (accountBlocked) return;
                const blocks = linksTo(resources, [PUBLIC_ACCESS_BLOCK_TYPE], "bucket", bucket, ids);
                if (blocks.linked.length === 0) {
                    if (blocks.maybe.length > 0) result.defer(`${blocks.maybe[0].name}.bucket`);
                    else result.report(bucket.urn, `S3 bucket '${bucket.name}' has no BucketPublicAccessBlock: add one with `
                        + "blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.");
                    return;
                }
                for (const block of blocks.linked) {
                    result.check(() => {
                        const off = flagsNotTrue(block);
                        if (off.length > 0) {
                            result.report(bucket.urn, `S3 bucket '${bucket.name}': public access block '${block.name}' does not set `
                                + `${off.join(", ")} to true (all four flags are required).`);
                        }
                    });
                }
            });
            // 2. no public ACL, inline (deprecated bucket inputs) or through BucketAcl resources
            result.check(() => {
                const acl = known(bucket.props.acl, `${bucket.name}.acl`);
                if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
                    result.report(bucket.urn, `S3 bucket '${bucket.name}' has the public canned ACL '${acl}' (acl input).`);
                }
                const inlineGroups = publicGrantUris(bucket.props.grants, `${bucket.name}.grants`, (g) => g.uri);
                if (inlineGroups.length > 0) {
                    result.report(bucket.urn, `S3 bucket '${bucket.name}' grants access to ${inlineGroups.join(", ")} (grants input).`);
                }
            });
            for (const aclRes of linksTo(resources, BUCKET_ACL_TYPES, "bucket", bucket, ids).linked) {
                result.check(() => {
                    const acl = known(aclRes.props.acl, `${aclRes.name}.acl`);
                    if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
                        result.report(bucket.urn, `S3 bucket '${bucket.name}': BucketAcl '${aclRes.name}' sets the public canned ACL '${acl}'.`);
                    }
                    const policy = known(aclRes.props.accessControlPolicy, `${aclRes.name}.accessControlPolicy`);
                    const groups = policy ? publicGrantUris(policy.grants, `${aclRes.name}.accessControlPolicy.grants`, (g) => known(g.grantee, "grantee")?.uri) : [];
                    if (groups.length > 0) {
                        result.report(bucket.urn, `S3 bucket '${bucket.name}': BucketAcl '${aclRes.name}' grants access to ${groups.join(", ")}.`);
                    }
                });
            }
        }
        return result.result();
    },
};
