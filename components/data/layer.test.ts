/**
 * DataLayer on its own (plain references in, no stack config): which stores it composes from the config, what it
 * hands the compute layer (references by need name, the RDS-managed secrets with their keys), and the names it gives.
 */
import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { DataLayer } from "./layer";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (domain: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${domain}-0000-4000-a000-000000000000`;
const KEYS = Object.fromEntries(["orders", "catalog", "carts", "sessions", "search", "assets", "secrets", "logs"].map((d) => [d, key(d)])) as any;

describe("data/DataLayer", function () {
    this.timeout(60000);
    let rec: Recording;
    let layer!: DataLayer;
    let resolved: Record<string, any> = {};
    before(async () => {
        rec = await recordProgram(() => {
            layer = new DataLayer("shop-prod", {
                config: {
                    databaseSize: { instanceClass: "db.r7g.large", storageGiB: 100, maxStorageGiB: 500, multiAz: true, backupRetentionDays: 30 },
                    cacheSize: { nodeType: "cache.r7g.large", nodes: 2, snapshotRetentionDays: 7 },
                    searchSize: { instanceType: "r7g.large.search", instanceCount: 3, volumeSizeGiB: 100, dedicatedMasterType: "m7g.large.search" },
                },
                namePrefix: "ecommerce-platform-prod",
                network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], subnetCidrBlocks: ["10.20.160.0/22", "10.20.164.0/22", "10.20.168.0/22"] },
                keys: KEYS, logRetentionDays: 365, protect: true, tags: { Team: "data" },
            });
            return { storeSecrets: layer.storeSecrets, orders: layer.references.databases!.orders.credentialsSecretId! };
        }, { project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
        resolved = rec.outputs as Record<string, any>;
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);

    it("composes the shop's stores: two databases, two tables, the sessions cache, the products domain, four buckets", () => {
        const stores = rec.resources.filter((r) => r.type.startsWith("platform:data:") && r.type !== "platform:data:DataLayer").map((r) => `${r.type.split(":")[2]} ${r.name}`);
        expect(stores).to.have.members([
            "RelationalDatabase ecommerce-platform-prod-orders", "RelationalDatabase ecommerce-platform-prod-catalog",
            "Table ecommerce-platform-prod-carts", "Table ecommerce-platform-prod-workflow", "RedisCache ecommerce-platform-prod-sessions",
            "SearchDomain ecommerce-platform-prod-products", "Bucket ecommerce-platform-prod-access-logs", "Bucket ecommerce-platform-prod-product-images",
            "Bucket ecommerce-platform-prod-uploads", "Bucket ecommerce-platform-prod-data-lake",
        ]);
        expect(of("aws:rds/instance:Instance").map((d) => [d.inputs.engine, d.inputs.dbName, d.inputs.kmsKeyId]).sort()).to.deep.equal([
            ["mysql", "catalog", KEYS.catalog], ["postgres", "orders", KEYS.orders]]);
        // OpenSearch allows 28 characters: the project's name is shortened in the domain's name only.
        expect(of("aws:opensearch/domain:Domain")[0].inputs.domainName).to.equal("ecommerce-prod-products");
    });

    it("hands the compute layer its references by need name, and keys by domain with the services they are used through", () => {
        const r = layer.references;
        expect(Object.keys(r.databases!)).to.deep.equal(["orders", "catalog"]);
        expect(Object.keys(r.tables!)).to.deep.equal(["carts", "workflow"]);
        expect(Object.keys(r.caches!)).to.deep.equal(["checkout"]);
        expect(Object.keys(r.searchDomains!)).to.deep.equal(["products"]);
        expect(Object.keys(r.buckets!)).to.deep.equal(["product-images", "uploads", "data-lake"]);
        expect(r.keys).to.deep.equal({ carts: { arn: KEYS.carts, viaServices: ["dynamodb"] }, assets: { arn: KEYS.assets, viaServices: ["s3", "glue", "appflow"] } });
        expect(r.databases!.orders.port).to.equal(5432);
        expect(r.caches!.checkout).to.not.have.property("credentialsSecretId");
    });

    it("names the RDS-managed master secrets, each with its own domain's key, for External Secrets", () => {
        const secrets = resolved.storeSecrets as { secretArn: string; kmsKeyArn: string }[];
        expect(secrets.map((x) => x.kmsKeyArn)).to.deep.equal([KEYS.orders, KEYS.catalog]);
        for (const x of secrets) expect(x.secretArn).to.match(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-/);
        expect(resolved.orders).to.equal(secrets[0].secretArn);
    });

    it("writes the access logs of every other bucket to the access-log bucket, under the bucket's purpose", () => {
        const logging = of("aws:s3/bucketLogging:BucketLogging");
        expect(logging.map((l) => l.inputs.targetPrefix).sort()).to.deep.equal(["data-lake/", "product-images/", "uploads/"]);
        const target = of("aws:s3/bucket:Bucket").find((b) => b.name === "ecommerce-platform-prod-access-logs")!;
        for (const l of logging) expect(l.inputs.targetBucket, l.name).to.equal(target.inputs.bucket);
    });
});
