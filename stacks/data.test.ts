/**
 * The data layer in the composed prod plan (planned once, read by every test here): nothing stateful can be deleted,
 * nothing secret is in clear, each store admits exactly the services that declared a need for it, and each retail
 * Deployment carries exactly the variables its image reads (shared/RETAIL-APP.md, written out below from that contract,
 * not from the program).
 */
import { expect } from "chai";
import { PlanResource, Recording, SECRET_MASK } from "../tools/plan/recorder";
import { plannedStack } from "../tools/testing/stack-plans";

const T = {
    db: "aws:rds/instance:Instance",
    table: "aws:dynamodb/table:Table",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    domain: "aws:opensearch/domain:Domain",
    bucket: "aws:s3/bucket:Bucket",
    key: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    deployment: "kubernetes:apps/v1:Deployment",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    sgp: "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy",
    configMap: "kubernetes:core/v1:ConfigMap",
};

/** The repository's stack, planned once per test process (shared with the other stack tests). */
const plan = (stack: string): Promise<Recording> => plannedStack(stack);

interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }

describe("stacks: the data layer in the prod plan", function () {
    this.timeout(120000);
    let rec: Recording;
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const named = (type: string, pattern: RegExp) => {
        const found = of(type).filter((r) => pattern.test(r.name));
        expect(found, `${type} ${pattern}`).to.have.length(1);
        return found[0];
    };
    const deployment = (app: string) => of(T.deployment).find((d) => (d.inputs.metadata as any).namespace === app)!;
    const env = (app: string): Map<string, EnvVar> => {
        const vars = (deployment(app).inputs.spec as any).template.spec.containers[0].env as EnvVar[];
        // The OpenTelemetry variables are the tracing contract's, checked in stacks/tracing.test.ts.
        return new Map(vars.filter((v) => !v.name.startsWith("OTEL_")).map((v) => [v.name, v]));
    };
    /** The secret a variable reads: the ExternalSecret behind its Kubernetes Secret, and the key it reads there. */
    const secretSource = (app: string, variable: string) => {
        const ref = env(app).get(variable)?.valueFrom?.secretKeyRef;
        expect(ref, `${app} ${variable} is read from a Secret`).to.not.equal(undefined);
        const es = of(T.externalSecret).find((e) => (e.inputs.metadata as any).namespace === app && (e.inputs.metadata as any).name === ref!.name)!;
        expect(es, `${app}: ExternalSecret ${ref!.name}`).to.not.equal(undefined);
        const data = (es.inputs.spec as any).data as { secretKey: string; remoteRef: { key: string; property?: string } }[];
        return data.find((d) => d.secretKey === ref!.key)!.remoteRef;
    };

    before(async () => { rec = await plan("prod"); });

    it("every stateful resource is protected, with the service's own deletion protection where it has one", () => {
        const stateful = [T.db, T.table, T.cache, T.domain, T.bucket, T.key, T.secret, "aws:cloudwatch/logGroup:LogGroup"];
        for (const type of stateful) {
            expect(of(type), type).to.not.have.length(0);
            for (const r of of(type)) expect(r.options.protect, r.urn).to.equal(true);
        }
        for (const d of of(T.db)) {
            expect(d.inputs, d.name).to.include({ deletionProtection: true, skipFinalSnapshot: false, multiAz: true, backupRetentionPeriod: 30 });
            expect(d.inputs.finalSnapshotIdentifier, d.name).to.be.a("string");
        }
        for (const t of of(T.table)) expect(t.inputs.deletionProtectionEnabled, t.name).to.equal(true);
        // A bucket outlives `pulumi destroy` and a replacement: its objects are the shop's.
        for (const b of of(T.bucket)) expect(b.options.retainOnDelete, b.name).to.equal(true);
        expect(of(T.bucket).filter((b) => b.urn.includes("platform:data:DataLayer$"))).to.have.length(4);
        for (const c of of(T.cache)) expect(c.inputs, c.name).to.include({ automaticFailoverEnabled: true, multiAzEnabled: true });
    });

    it("no password or connection secret is in clear in any input", () => {
        const clear: string[] = [];
        const walk = (value: unknown, at: string, urn: string) => {
            if (Array.isArray(value)) { value.forEach((v, i) => walk(v, `${at}[${i}]`, urn)); return; }
            if (value === null || typeof value !== "object") return;
            for (const [k, v] of Object.entries(value)) {
                const path = `${at}.${k}`;
                if (/(password|secretString|authToken)$/i.test(k) && v !== undefined && v !== SECRET_MASK && typeof v !== "boolean") {
                    clear.push(`${urn} ${path}`);
                }
                walk(v, path, urn);
            }
        };
        for (const r of rec.resources) walk(r.inputs, "inputs", r.urn);
        expect(clear).to.deep.equal([]);
        // Kubernetes: a variable that looks like a credential is always read from a Secret; no ConfigMap holds one.
        for (const d of of(T.deployment)) {
            const vars = (d.inputs.spec as any).template.spec.containers[0].env as EnvVar[] ?? [];
            for (const v of vars.filter((x) => /PASSWORD|SECRET|TOKEN|USER(NAME)?$/.test(x.name))) {
                expect(v.value, `${d.name} ${v.name}`).to.equal(undefined);
                expect(v.valueFrom?.secretKeyRef, `${d.name} ${v.name}`).to.not.equal(undefined);
            }
        }
        for (const c of of(T.configMap)) expect(JSON.stringify(c.inputs.data ?? {}), c.name).to.not.match(/password/i);
        // The databases' master passwords are RDS's: never an input.
        for (const d of of(T.db)) {
            expect(d.inputs, d.name).to.include({ manageMasterUserPassword: true });
            expect(d.inputs, d.name).to.not.have.property("password");
        }
    });

    it("External Secrets reads exactly the databases' RDS-managed secrets beyond its prefix, decrypting with their keys through Secrets Manager", () => {
        const policy = JSON.parse(of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "ecommerce-platform-prod-external-secrets")!.inputs.policy as string);
        const dbs = of(T.db);
        const secretArns = dbs.map((d) => (d.outputs.masterUserSecrets as any)[0].secretArn).sort();
        expect(secretArns.every((a: string) => /:secret:rds!db-/.test(a))).to.equal(true);
        const read = policy.Statement.find((st: any) => st.Sid === "ReadDataStoreSecrets");
        expect([...read.Resource].sort()).to.deep.equal(secretArns);
        const keys = of(T.key).filter((k) => /-keys-(orders|catalog|secrets)$/.test(k.name)).map((k) => k.outputs.arn).sort();
        const decrypt = policy.Statement.find((st: any) => st.Sid === "DecryptThroughSecretsManager");
        expect([...decrypt.Resource].sort()).to.deep.equal(keys);
        expect(decrypt.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
        // Each database's secret is encrypted with its own domain's key.
        for (const d of dbs) expect(d.inputs.masterUserSecretKmsKeyId, d.name).to.equal(d.inputs.kmsKeyId);
    });

    describe("each store admits exactly the services that declared a need for it", () => {
        const group = (pattern: RegExp) => named(T.sg, pattern);
        /** The rules that open a group, found by what they reference (the planner records property dependencies). */
        const rulesOf = (sg: PlanResource) => of(T.ingress).filter((r) => (r.propertyDependencies.securityGroupId ?? []).includes(sg.urn));
        const podsIn = (groupId: unknown) => of(T.sgp)
            .filter((p) => ((p.inputs.spec as any).securityGroups.groupIds as unknown[]).includes(groupId))
            .map((p) => (p.inputs.metadata as any).namespace).sort();
        const cases: [string, string, number, string[]][] = [
            ["orders database", "orders", 5432, ["orders"]],
            ["catalog database", "catalog", 3306, ["catalog"]],
            ["checkout cache", "sessions", 6379, ["checkout"]],
            ["products search domain", "products", 443, ["catalog"]],
        ];
        for (const [what, id, port, services] of cases) {
            it(`the ${what}: its clients group only, on ${port}, joined by ${services.join(", ")}`, () => {
                const store = group(new RegExp(`-${id}$`));
                const clients = group(new RegExp(`-${id}-clients$`));
                const rules = rulesOf(store);
                expect(rules.map((r) => [r.propertyDependencies.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]))
                    .to.deep.equal([[[clients.urn], port, port, undefined]]);
                expect(podsIn(rules[0].inputs.referencedSecurityGroupId)).to.deep.equal(services);
            });
        }
        it("each service's pods also keep the cluster's own group (DNS, callers, probes)", () => {
            const cluster = of("aws:eks/cluster:Cluster")[0];
            const clusterGroup = (cluster.outputs.vpcConfig as any).clusterSecurityGroupId;
            for (const p of of(T.sgp)) expect((p.inputs.spec as any).securityGroups.groupIds[0], p.name).to.equal(clusterGroup);
        });
    });

    describe("each retail Deployment's environment against its image's contract (shared/RETAIL-APP.md)", () => {
        const JAVA_OPTS = "-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom";
        const names = (app: string) => [...env(app).keys()].sort();

        it("cart: DynamoDB provider, the carts table by name, the region; never an endpoint or CREATE_TABLE", () => {
            const table = named(T.table, /-carts$/);
            expect(names("cart")).to.deep.equal(["AWS_REGION", "JAVA_OPTS", "RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME", "RETAIL_CART_PERSISTENCE_PROVIDER"]);
            const e = env("cart");
            expect(e.get("RETAIL_CART_PERSISTENCE_PROVIDER")!.value).to.equal("dynamodb");
            expect(e.get("RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME")!.value).to.equal(table.inputs.name);
            expect(e.get("AWS_REGION")!.value).to.equal("eu-west-1");
            expect(e.get("JAVA_OPTS")!.value).to.equal(JAVA_OPTS);
            // The table the image queries at start-up: hash id, GSI idx_global_customerId on customerId, projection ALL.
            expect(table.inputs.hashKey).to.equal("id");
            expect(table.inputs.globalSecondaryIndexes).to.deep.equal([{
                name: "idx_global_customerId", keySchemas: [{ attributeName: "customerId", keyType: "HASH" }], projectionType: "ALL",
            }]);
        });

        it("catalog: MySQL at the catalog database with RDS's credentials, OpenSearch search with the FGAC user; no TLS setting (the DSN has none)", () => {
            const db = named(T.db, /-catalog$/);
            const domain = named(T.domain, /-products$/);
            expect(names("catalog")).to.deep.equal([
                "RETAIL_CATALOG_PERSISTENCE_DB_NAME", "RETAIL_CATALOG_PERSISTENCE_ENDPOINT", "RETAIL_CATALOG_PERSISTENCE_PASSWORD",
                "RETAIL_CATALOG_PERSISTENCE_PROVIDER", "RETAIL_CATALOG_PERSISTENCE_USER", "RETAIL_CATALOG_SEARCH_ENABLED",
                "RETAIL_CATALOG_SEARCH_OS_ENDPOINT", "RETAIL_CATALOG_SEARCH_OS_INDEX", "RETAIL_CATALOG_SEARCH_OS_PASSWORD",
                "RETAIL_CATALOG_SEARCH_OS_USERNAME",
            ]);
            const e = env("catalog");
            expect(e.get("RETAIL_CATALOG_PERSISTENCE_PROVIDER")!.value).to.equal("mysql");
            expect(e.get("RETAIL_CATALOG_PERSISTENCE_ENDPOINT")!.value).to.equal(`${db.outputs.address}:3306`);
            expect(e.get("RETAIL_CATALOG_PERSISTENCE_DB_NAME")!.value).to.equal(db.inputs.dbName);
            const masterSecret = (db.outputs.masterUserSecrets as any)[0].secretArn;
            expect(secretSource("catalog", "RETAIL_CATALOG_PERSISTENCE_USER")).to.deep.equal({ key: masterSecret, property: "username" });
            expect(secretSource("catalog", "RETAIL_CATALOG_PERSISTENCE_PASSWORD")).to.deep.equal({ key: masterSecret, property: "password" });
            expect(e.get("RETAIL_CATALOG_SEARCH_ENABLED")!.value).to.equal("true");
            expect(e.get("RETAIL_CATALOG_SEARCH_OS_ENDPOINT")!.value).to.equal(`https://${domain.outputs.endpoint}`);
            expect(e.get("RETAIL_CATALOG_SEARCH_OS_INDEX")!.value).to.equal("products");
            const searchSecret = named(T.secret, /products/);
            for (const [v, property] of [["RETAIL_CATALOG_SEARCH_OS_USERNAME", "username"], ["RETAIL_CATALOG_SEARCH_OS_PASSWORD", "password"]]) {
                const src = secretSource("catalog", v);
                expect([searchSecret.inputs.name, searchSecret.outputs.arn], v).to.include(src.key);
                expect(src.property, v).to.equal(property);
            }
        });

        it("orders: PostgreSQL at the orders database with RDS's credentials; SQS messaging to the order-events queue by name", () => {
            const db = named(T.db, /-orders$/);
            const queue = named("aws:sqs/queue:Queue", /-order-events$/);
            expect(names("orders")).to.deep.equal([
                "AWS_REGION", "JAVA_OPTS", "RETAIL_ORDERS_MESSAGING_PROVIDER", "RETAIL_ORDERS_MESSAGING_SQS_TOPIC", "RETAIL_ORDERS_PERSISTENCE_ENDPOINT",
                "RETAIL_ORDERS_PERSISTENCE_NAME", "RETAIL_ORDERS_PERSISTENCE_PASSWORD", "RETAIL_ORDERS_PERSISTENCE_PROVIDER", "RETAIL_ORDERS_PERSISTENCE_USERNAME",
            ]);
            const e = env("orders");
            expect(e.get("RETAIL_ORDERS_PERSISTENCE_PROVIDER")!.value).to.equal("postgres");
            expect(e.get("RETAIL_ORDERS_PERSISTENCE_ENDPOINT")!.value).to.equal(`${db.outputs.address}:5432`);
            expect(e.get("RETAIL_ORDERS_PERSISTENCE_NAME")!.value).to.equal(db.inputs.dbName);
            expect(e.get("RETAIL_ORDERS_MESSAGING_PROVIDER")!.value).to.equal("sqs");
            // The image takes a queue name or URL (it calls GetQueueUrl, which its role may).
            expect(e.get("RETAIL_ORDERS_MESSAGING_SQS_TOPIC")!.value).to.equal(queue.inputs.name);
            expect(e.get("AWS_REGION")!.value).to.equal("eu-west-1");
            const masterSecret = (db.outputs.masterUserSecrets as any)[0].secretArn;
            expect(secretSource("orders", "RETAIL_ORDERS_PERSISTENCE_USERNAME")).to.deep.equal({ key: masterSecret, property: "username" });
            expect(secretSource("orders", "RETAIL_ORDERS_PERSISTENCE_PASSWORD")).to.deep.equal({ key: masterSecret, property: "password" });
        });

        it("checkout: Redis over TLS (rediss://) at the cache's primary endpoint, and the orders service", () => {
            const cache = named(T.cache, /-sessions$/);
            expect(names("checkout")).to.deep.equal(["RETAIL_CHECKOUT_ENDPOINTS_ORDERS", "RETAIL_CHECKOUT_PERSISTENCE_PROVIDER", "RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL"]);
            const e = env("checkout");
            expect(e.get("RETAIL_CHECKOUT_PERSISTENCE_PROVIDER")!.value).to.equal("redis");
            expect(e.get("RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL")!.value).to.equal(`rediss://${cache.outputs.primaryEndpointAddress}:6379`);
            expect(e.get("RETAIL_CHECKOUT_ENDPOINTS_ORDERS")!.value).to.equal("http://orders.orders.svc:80");
            expect(cache.inputs).to.include({ transitEncryptionEnabled: true, numCacheClusters: 2 });
        });

        it("ui: the four backends' in-cluster URLs", () => {
            expect(names("ui")).to.deep.equal(["JAVA_OPTS", "RETAIL_UI_ENDPOINTS_CARTS", "RETAIL_UI_ENDPOINTS_CATALOG", "RETAIL_UI_ENDPOINTS_CHECKOUT", "RETAIL_UI_ENDPOINTS_ORDERS"]);
            expect(env("ui").get("RETAIL_UI_ENDPOINTS_CARTS")!.value).to.equal("http://cart.cart.svc:80");
        });
    });
});

describe("stacks: the data layer in the dev plan", function () {
    this.timeout(120000);
    let rec: Recording;
    const of = (type: string) => rec.resources.filter((r: PlanResource) => r.type === type);
    before(async () => { rec = await plan("dev"); });

    it("nothing is protected; single-zone stores, a week of backups, buckets deleted with the stack", () => {
        for (const r of rec.resources) expect(r.options.protect, r.urn).to.equal(false);
        for (const d of of(T.db)) expect(d.inputs, d.name).to.include({ deletionProtection: false, multiAz: false, backupRetentionPeriod: 7, skipFinalSnapshot: true });
        for (const b of of(T.bucket)) expect(b.options.retainOnDelete, b.name).to.equal(false);
        for (const t of of(T.table)) expect(t.inputs.deletionProtectionEnabled, t.name).to.equal(false);
    });
});
