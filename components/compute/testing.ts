/**
 * Test fixtures of the compute components: specs shaped like the retail store's services (shared/RETAIL-APP.md) and
 * the platform references they need, with ARNs in the mock cloud's account and region. Not used by the program.
 */
import { PlatformReferences } from "./needs-policy";
import { ServiceSpec } from "./service-spec";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/test/workload-boundary`;
export const VPC_CIDR = "10.20.0.0/16";
const RETAIL = "public.ecr.aws/aws-containers/retail-store-sample";
const JAVA_OPTS = "-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom";
const javaProbes = { readiness: { path: "/actuator/health/readiness", initialDelaySeconds: 10 }, liveness: { path: "/actuator/health/liveness" } };

export const arn = {
    table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
    queue: (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
    topic: (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`,
    bucket: (name: string) => `arn:aws:s3:::${name}`,
    key: (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
    secret: (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`,
};

/** The cart: a DynamoDB table (read-write, with its indexes) encrypted with the carts key; called by the ui. */
export const CART: ServiceSpec = {
    name: "cart",
    image: { repository: `${RETAIL}-cart`, tag: "1.6.2" },
    probes: javaProbes,
    resources: { cpu: "256m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        JAVA_OPTS,
        RETAIL_CART_PERSISTENCE_PROVIDER: "dynamodb",
        RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: "{{carts.name}}",
    },
    needs: [{ kind: "table", name: "carts", access: "read-write", indexes: true }, { kind: "key", domain: "carts" }],
    callers: ["ui"],
};

/** The storefront: no AWS need at all, public on the shared ALB, calls the four backends. */
export const UI: ServiceSpec = {
    name: "ui",
    image: { repository: `${RETAIL}-ui`, tag: "1.6.2" },
    probes: javaProbes,
    resources: { cpu: "128m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 10 } },
    env: {
        JAVA_OPTS,
        RETAIL_UI_ENDPOINTS_CATALOG: "http://catalog.catalog.svc:80",
        RETAIL_UI_ENDPOINTS_CARTS: "http://cart.cart.svc:80",
        RETAIL_UI_ENDPOINTS_CHECKOUT: "http://checkout.checkout.svc:80",
        RETAIL_UI_ENDPOINTS_ORDERS: "http://orders.orders.svc:80",
    },
    calls: ["catalog", "cart", "checkout", "orders"],
    ingress: { path: "/", public: true },
    addCapabilities: ["NET_BIND_SERVICE"],
};

/** The catalog: MySQL and OpenSearch, credentials of both delivered from Secrets Manager. */
export const CATALOG: ServiceSpec = {
    name: "catalog",
    image: { repository: `${RETAIL}-catalog`, tag: "1.6.2" },
    probes: { readiness: { path: "/health" }, liveness: { path: "/health" } },
    resources: { cpu: "256m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 1 }, prod: { min: 2, max: 4 } },
    env: {
        RETAIL_CATALOG_PERSISTENCE_PROVIDER: "mysql",
        RETAIL_CATALOG_PERSISTENCE_ENDPOINT: "{{catalog.endpoint}}",
        RETAIL_CATALOG_PERSISTENCE_DB_NAME: "catalog",
        RETAIL_CATALOG_SEARCH_ENABLED: "true",
        RETAIL_CATALOG_SEARCH_OS_ENDPOINT: "https://{{products.host}}",
        RETAIL_CATALOG_SEARCH_OS_INDEX: "products",
    },
    secretEnv: {
        RETAIL_CATALOG_PERSISTENCE_USER: { need: "catalog", key: "username" },
        RETAIL_CATALOG_PERSISTENCE_PASSWORD: { need: "catalog", key: "password" },
        RETAIL_CATALOG_SEARCH_OS_USERNAME: { need: "products", key: "username" },
        RETAIL_CATALOG_SEARCH_OS_PASSWORD: { need: "products", key: "password" },
    },
    needs: [{ kind: "database", name: "catalog" }, { kind: "search", name: "products" }],
    callers: ["ui"],
};

/** Orders: PostgreSQL, an SQS queue it sends to (encrypted with the events key), an API token from a secret. */
export const ORDERS: ServiceSpec = {
    name: "orders",
    image: { repository: `${RETAIL}-orders`, digest: `sha256:${"ab".repeat(32)}` },
    probes: javaProbes,
    resources: { cpu: "256m", memory: "512Mi", memoryLimit: "768Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        JAVA_OPTS,
        RETAIL_ORDERS_PERSISTENCE_PROVIDER: "postgres",
        RETAIL_ORDERS_PERSISTENCE_ENDPOINT: "{{orders.endpoint}}",
        RETAIL_ORDERS_MESSAGING_PROVIDER: "sqs",
        RETAIL_ORDERS_MESSAGING_SQS_TOPIC: "{{order-events.url}}",
    },
    secretEnv: {
        RETAIL_ORDERS_PERSISTENCE_PASSWORD: { need: "orders", key: "password" },
        PAYMENT_API_TOKEN: { need: "payment-api" },
    },
    needs: [
        { kind: "database", name: "orders" },
        { kind: "queue", name: "order-events", access: "send" },
        { kind: "key", domain: "events" },
        { kind: "secret", name: "payment-api" },
    ],
    callers: ["ui", "checkout"],
};

/** Checkout: Redis over TLS (no secret), calls orders. */
export const CHECKOUT: ServiceSpec = {
    name: "checkout",
    image: { repository: `${RETAIL}-checkout`, tag: "1.6.2" },
    probes: { readiness: { path: "/health" }, liveness: { path: "/health" } },
    resources: { cpu: "128m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: "redis",
        RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL: "rediss://{{checkout.endpoint}}",
        RETAIL_CHECKOUT_ENDPOINTS_ORDERS: "http://orders.orders.svc:80",
    },
    needs: [{ kind: "cache", name: "checkout" }],
    callers: ["ui"],
    calls: ["orders"],
};

/** The key ARNs of the fixtures' data domains. */
export const KEYS = {
    carts: arn.key("11111111-2222-4333-a444-555555555555"),
    events: arn.key("66666666-7777-4888-a999-000000000000"),
    assets: arn.key("aaaaaaaa-bbbb-4ccc-addd-eeeeeeeeeeee"),
};

/** What the fixtures' needs resolve to (plus references nobody needs, which must stay out of every policy). */
export const PLATFORM: PlatformReferences = {
    tables: {
        carts: { arn: arn.table("carts"), name: "carts" },
        orders: { arn: arn.table("orders-state"), name: "orders-state" },
    },
    queues: { "order-events": { arn: arn.queue("order-events"), url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-events`, name: "order-events" } },
    topics: { "order-status": { arn: arn.topic("order-status") } },
    buckets: { assets: { arn: arn.bucket("shop-assets"), name: "shop-assets" } },
    secrets: { "payment-api": { secretId: "ecommerce-platform/prod/payment-api" } },
    databases: {
        catalog: { host: "catalog.abc.eu-west-1.rds.amazonaws.com", port: 3306, cidrBlocks: ["10.20.160.0/22", "10.20.164.0/22"], credentialsSecretId: arn.secret("catalog-db") },
        orders: { host: "orders.abc.eu-west-1.rds.amazonaws.com", port: 5432, cidrBlocks: ["10.20.160.0/22", "10.20.164.0/22"], credentialsSecretId: arn.secret("orders-db") },
    },
    caches: { checkout: { host: "master.checkout.abc.euw1.cache.amazonaws.com", port: 6379, cidrBlocks: ["10.20.160.0/22", "10.20.164.0/22"] } },
    searchDomains: {
        products: { host: "vpc-products-abc.eu-west-1.es.amazonaws.com", port: 443, cidrBlocks: ["10.20.160.0/22", "10.20.164.0/22"], credentialsSecretId: arn.secret("products-search") },
    },
    keys: {
        carts: { arn: KEYS.carts, viaServices: ["dynamodb"] },
        events: { arn: KEYS.events, viaServices: ["sqs", "sns", "states", "lambda"] },
        assets: { arn: KEYS.assets, viaServices: ["s3", "glue"] },
    },
};

export const ALL_SPECS = [UI, CART, CATALOG, ORDERS, CHECKOUT];
