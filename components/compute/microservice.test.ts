import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as path from "path";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { evaluatePacks, loadPolicyPack } from "../../tools/plan/evaluate";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { Microservice, MicroserviceArgs, validateMicroserviceArgs } from "./microservice";
import { PlatformReferences } from "./needs-policy";
import { Environment, ServiceSpec } from "./service-spec";
import { ACCOUNT, ALL_SPECS, arn, BOUNDARY_ARN, CART, CATALOG, KEYS, ORDERS, PLATFORM, REGION, UI, VPC_CIDR } from "./testing";

const MODELS: Record<string, { new(data: unknown): { validate(): void } }> = {
    "kubernetes:core/v1:Namespace": require("kubernetes-models/v1").Namespace,
    "kubernetes:core/v1:ServiceAccount": require("kubernetes-models/v1").ServiceAccount,
    "kubernetes:core/v1:Service": require("kubernetes-models/v1").Service,
    "kubernetes:apps/v1:Deployment": require("kubernetes-models/apps/v1").Deployment,
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": require("kubernetes-models/autoscaling/v2").HorizontalPodAutoscaler,
    "kubernetes:policy/v1:PodDisruptionBudget": require("kubernetes-models/policy/v1").PodDisruptionBudget,
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": require("kubernetes-models/networking.k8s.io/v1").NetworkPolicy,
    "kubernetes:networking.k8s.io/v1:Ingress": require("kubernetes-models/networking.k8s.io/v1").Ingress,
};
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const COMPONENT = "platform:compute:Microservice";
const CERT = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0a1b2c3d-aaaa-4bbb-8ccc-0123456789ab`;
const WAF = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/shop/0a1b2c3d-aaaa-4bbb-8ccc-0123456789ab`;

function argsFor(spec: ServiceSpec, environment: Environment = "prod", over: Partial<MicroserviceArgs> = {}): MicroserviceArgs {
    return {
        spec, environment, clusterName: "shop-prod", permissionsBoundaryArn: BOUNDARY_ARN, platform: PLATFORM, vpcCidr: VPC_CIDR,
        ingressGroup: { name: "shop", certificateArn: CERT, wafAclArn: WAF, accessLogs: { bucketName: "shop-access-logs", prefix: "alb" } }, tags: { Team: "checkout" }, ...over,
    };
}

interface Built {
    rec: Recording;
    services: Record<string, Microservice>;
    /** The resources under one Microservice (by its component name), its WorkloadRole's included. */
    of(service: string): PlanResource[];
    one(service: string, type: string, name?: string): PlanResource;
}

/** Record Microservices (named after their specs) in one program, with an explicit Kubernetes provider. */
async function build(list: MicroserviceArgs[], opts: { preview?: boolean } = {}): Promise<Built> {
    const services: Record<string, Microservice> = {};
    const rec = await recordProgram(() => {
        const provider = new k8s.Provider("eks", { kubeconfig: "{}" });
        for (const a of list) services[a.spec.name] = new Microservice(a.spec.name, a, { providers: { kubernetes: provider } });
    }, { project: "shop", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: opts.preview });
    const componentUrn = (name: string) => `urn:pulumi:prod::shop::${COMPONENT}::${name}`;
    const of = (service: string) => rec.resources.filter((r) => r.parent === componentUrn(service)
        || (r.parent !== null && rec.resources.find((p) => p.urn === r.parent)?.parent === componentUrn(service)));
    const one = (service: string, type: string, name = service) => {
        const found = of(service).filter((r) => r.type === type && r.name === name);
        expect(found, `${service}: ${type}::${name}`).to.have.length(1);
        return found[0];
    };
    return { rec, services, of, one };
}

const T = {
    ns: "kubernetes:core/v1:Namespace", sa: "kubernetes:core/v1:ServiceAccount", deploy: "kubernetes:apps/v1:Deployment",
    svc: "kubernetes:core/v1:Service", hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    np: "kubernetes:networking.k8s.io/v1:NetworkPolicy", ing: "kubernetes:networking.k8s.io/v1:Ingress",
    wr: "platform:compute:WorkloadRole", role: "aws:iam/role:Role", policy: "aws:iam/rolePolicy:RolePolicy", pia: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
};
const spec = (r: PlanResource) => r.inputs.spec as any;
const podSpec = (r: PlanResource) => spec(r).template.spec;
const container = (r: PlanResource) => podSpec(r).containers[0];

describe("compute/Microservice", function () {
    this.timeout(120000);
    let all: Built;
    before(async () => {
        all = await build(ALL_SPECS.map((s) => argsFor(s)));
    });

    it("creates, for the cart, its namespace, workload, role and network policies, each a child of the component", () => {
        const kinds = all.of("cart").map((r) => `${r.type}::${r.name}`).sort();
        expect(kinds).to.deep.equal([
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::cart", "aws:iam/role:Role::cart", "aws:iam/rolePolicy:RolePolicy::cart",
            "kubernetes:apps/v1:Deployment::cart", "kubernetes:autoscaling/v2:HorizontalPodAutoscaler::cart",
            "kubernetes:core/v1:Namespace::cart", "kubernetes:core/v1:Service::cart", "kubernetes:core/v1:ServiceAccount::cart",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::cart-default-deny", "kubernetes:networking.k8s.io/v1:NetworkPolicy::cart-egress",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::cart-ingress", "kubernetes:policy/v1:PodDisruptionBudget::cart",
            "platform:compute:WorkloadRole::cart",
        ]);
        const provider = all.rec.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        for (const r of all.of("cart").filter((x) => x.type.startsWith("kubernetes:"))) {
            expect(r.options.provider, r.name).to.match(new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`));
            expect((r.inputs.metadata as any).namespace ?? (r.inputs.metadata as any).name, r.name).to.equal("cart");
        }
    });

    it("validates every Kubernetes object it creates against the Kubernetes schemas (kubernetes-models 4.5.1)", () => {
        const k8sObjects = all.rec.resources.filter((r) => r.type.startsWith("kubernetes:"));
        const seen = new Set<string>();
        for (const r of k8sObjects) {
            if (r.type === EXTERNAL_SECRET) continue;
            const Model = MODELS[r.type];
            expect(Model, `no schema for ${r.type}`).not.to.equal(undefined);
            expect(() => new Model(r.inputs).validate(), `${r.type} ${r.name}`).not.to.throw();
            seen.add(r.type);
        }
        expect([...seen].sort()).to.deep.equal(Object.keys(MODELS).sort());
        // The validator is real: a broken object is refused.
        const deployment = structuredClone(all.one("cart", T.deploy).inputs) as any;
        deployment.spec.template.spec.containers[0].ports[0].containerPort = "8080";
        expect(() => new MODELS[T.deploy](deployment).validate()).to.throw("containerPort must be integer");
    });

    it("checks the ExternalSecrets' shape by hand (a CRD: no schema in kubernetes-models): only the keys the service reads", () => {
        const secrets = all.of("catalog").filter((r) => r.type === EXTERNAL_SECRET);
        /** The ExternalSecret of a catalog store whose username and password the service reads. */
        const expected = (target: string, secretArn: string) => ({
            apiVersion: "external-secrets.io/v1", kind: "ExternalSecret",
            metadata: { name: target, namespace: "catalog", labels: { "app.kubernetes.io/name": "catalog", "app.kubernetes.io/part-of": "ecommerce", "app.kubernetes.io/managed-by": "pulumi" } },
            spec: {
                refreshInterval: "1h", secretStoreRef: { kind: "ClusterSecretStore", name: "aws-secrets-manager" },
                target: { name: target, creationPolicy: "Owner" },
                data: ["username", "password"].map((key) => ({ secretKey: key, remoteRef: { key: secretArn, property: key } })),
            },
        });
        expect(secrets.map((r) => r.inputs)).to.deep.equal([
            expected("catalog-database", arn.secret("catalog-db")),
            expected("products-search", arn.secret("products-search")),
        ]);
        // A plain-string secret is delivered whole, as key "value".
        const payment = all.one("orders", EXTERNAL_SECRET, "orders-payment-api");
        expect(spec(payment).data).to.deep.equal([{ secretKey: "value", remoteRef: { key: "ecommerce-platform/prod/payment-api" } }]);
        for (const r of all.rec.resources.filter((x) => x.type === EXTERNAL_SECRET)) {
            const s = spec(r);
            expect(Object.keys(s).sort(), r.name).to.deep.equal(["data", "refreshInterval", "secretStoreRef", "target"]);
            expect(s.target.name, r.name).to.equal((r.inputs.metadata as any).name);
            expect(s.data.length, r.name).to.be.greaterThan(0);
            for (const d of s.data) expect(d.secretKey, r.name).to.match(/^[-._a-zA-Z0-9]+$/);
        }
    });

    describe("the Deployment", () => {
        it("runs the pinned image as a restricted pod: non-root 1000, read-only root, no escalation, ALL dropped, RuntimeDefault", () => {
            const d = all.one("cart", T.deploy);
            expect(podSpec(d).securityContext).to.deep.equal({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } });
            expect(container(d).securityContext).to.deep.equal({
                runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, privileged: false, allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
            });
            expect(container(all.one("ui", T.deploy)).securityContext.capabilities).to.deep.equal({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] });
            expect(container(d).image).to.equal("public.ecr.aws/aws-containers/retail-store-sample-cart:1.6.2");
            expect(container(all.one("orders", T.deploy)).image).to.equal(`public.ecr.aws/aws-containers/retail-store-sample-orders@sha256:${"ab".repeat(32)}`);
            expect(podSpec(d).serviceAccountName).to.equal("cart");
            expect(podSpec(d).automountServiceAccountToken).to.equal(false);
            expect(podSpec(d).enableServiceLinks).to.equal(false);
        });

        it("sets requests and a memory limit, probes on the named port, and a /tmp emptyDir in memory", () => {
            const c = container(all.one("cart", T.deploy));
            expect(c.resources).to.deep.equal({ requests: { cpu: "256m", memory: "512Mi" }, limits: { memory: "512Mi" } });
            expect(container(all.one("orders", T.deploy)).resources.limits).to.deep.equal({ memory: "768Mi" });
            expect(c.ports).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
            expect(c.readinessProbe).to.deep.equal({ httpGet: { path: "/actuator/health/readiness", port: "http", scheme: "HTTP" }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2, successThreshold: 1 });
            expect(c.livenessProbe.httpGet.path).to.equal("/actuator/health/liveness");
            expect(c.startupProbe).to.include({ failureThreshold: 30, periodSeconds: 5 });
            expect(c.volumeMounts).to.deep.equal([{ name: "tmp", mountPath: "/tmp" }]);
            expect(podSpec(all.one("cart", T.deploy)).volumes).to.deep.equal([{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }]);
        });

        it("spreads pods over zones and nodes, rolls out by surge only, and leaves replicas to the autoscaler", () => {
            const d = all.one("cart", T.deploy);
            expect(podSpec(d).topologySpreadConstraints.map((t: any) => [t.topologyKey, t.whenUnsatisfiable, t.maxSkew, t.labelSelector.matchLabels])).to.deep.equal([
                ["topology.kubernetes.io/zone", "ScheduleAnyway", 1, { "app.kubernetes.io/name": "cart" }],
                ["kubernetes.io/hostname", "ScheduleAnyway", 1, { "app.kubernetes.io/name": "cart" }],
            ]);
            expect(spec(d).strategy).to.deep.equal({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } });
            expect(spec(d)).not.to.have.property("replicas");
            expect(spec(d).template.metadata.labels).to.deep.equal({
                "app.kubernetes.io/name": "cart", "app.kubernetes.io/part-of": "ecommerce", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/version": "1.6.2" });
            expect(spec(all.one("cart", T.hpa))).to.deep.equal({
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "cart" }, minReplicas: 2, maxReplicas: 6,
                metrics: [
                    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
                ],
            });
            expect(spec(all.one("cart", T.pdb))).to.deep.equal({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "cart" } }, unhealthyPodEvictionPolicy: "AlwaysAllow" });
        });

        it("fixes replicas and creates no autoscaler when min equals max (the catalog in dev)", async () => {
            const dev = await build([argsFor(CATALOG, "dev")]);
            expect(spec(dev.one("catalog", T.deploy)).replicas).to.equal(1);
            expect(dev.of("catalog").filter((r) => r.type === T.hpa)).to.deep.equal([]);
            expect(spec(dev.one("catalog", T.pdb)).maxUnavailable).to.equal(1);
        });

        it("passes plain settings with platform references resolved, secrets by reference, and AWS_REGION to AWS callers", () => {
            const env = (svc: string) => container(all.one(svc, T.deploy)).env;
            expect(env("cart")).to.deep.equal([
                { name: "JAVA_OPTS", value: "-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom" },
                { name: "RETAIL_CART_PERSISTENCE_PROVIDER", value: "dynamodb" },
                { name: "RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME", value: "carts" },
                { name: "AWS_REGION", value: REGION },
            ]);
            expect(env("catalog")).to.deep.equal([
                { name: "RETAIL_CATALOG_PERSISTENCE_PROVIDER", value: "mysql" },
                { name: "RETAIL_CATALOG_PERSISTENCE_ENDPOINT", value: "catalog.abc.eu-west-1.rds.amazonaws.com:3306" },
                { name: "RETAIL_CATALOG_PERSISTENCE_DB_NAME", value: "catalog" },
                { name: "RETAIL_CATALOG_SEARCH_ENABLED", value: "true" },
                { name: "RETAIL_CATALOG_SEARCH_OS_ENDPOINT", value: "https://vpc-products-abc.eu-west-1.es.amazonaws.com" },
                { name: "RETAIL_CATALOG_SEARCH_OS_INDEX", value: "products" },
                { name: "RETAIL_CATALOG_PERSISTENCE_USER", valueFrom: { secretKeyRef: { name: "catalog-database", key: "username" } } },
                { name: "RETAIL_CATALOG_PERSISTENCE_PASSWORD", valueFrom: { secretKeyRef: { name: "catalog-database", key: "password" } } },
                { name: "RETAIL_CATALOG_SEARCH_OS_USERNAME", valueFrom: { secretKeyRef: { name: "products-search", key: "username" } } },
                { name: "RETAIL_CATALOG_SEARCH_OS_PASSWORD", valueFrom: { secretKeyRef: { name: "products-search", key: "password" } } },
            ]);
            expect(env("orders").find((e: any) => e.name === "RETAIL_ORDERS_MESSAGING_SQS_TOPIC").value).to.equal(`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-events`);
            expect(env("orders").find((e: any) => e.name === "PAYMENT_API_TOKEN")).to.deep.equal({ name: "PAYMENT_API_TOKEN", valueFrom: { secretKeyRef: { name: "payment-api", key: "value" } } });
        });

        it("waits for the Pod Identity association and the secrets before the pods start", () => {
            const d = all.one("orders", T.deploy);
            const urns = (type: string) => all.of("orders").filter((r) => r.type === type).map((r) => r.urn);
            // The SDK records a component in dependsOn as its custom children: the role, its policy, the association.
            expect(d.options.dependsOn).to.include.members([...urns(T.pia), ...urns(T.policy), ...urns(EXTERNAL_SECRET)]);
            expect(urns(EXTERNAL_SECRET)).to.have.length(2);
        });
    });

    describe("the IAM role", () => {
        it("reaches only the cart's table, its indexes and its key, under the boundary, for the cart's service account only", () => {
            const role = all.one("cart", T.role);
            expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY_ARN);
            expect(role.inputs.tags).to.include({ Team: "checkout", Service: "cart", "kubernetes-namespace": "cart", "kubernetes-service-account": "cart" });
            const doc = JSON.parse(all.one("cart", T.policy).inputs.policy as string);
            const resources = doc.Statement.flatMap((s: any) => s.Resource).sort();
            expect(resources).to.deep.equal([KEYS.carts, arn.table("carts"), `${arn.table("carts")}/index/*`].sort());
            expect(JSON.stringify(doc)).not.to.contain(arn.table("orders-state"));
            const pia = all.one("cart", T.pia);
            expect(pia.inputs).to.include({ clusterName: "shop-prod", namespace: "cart", serviceAccount: "cart" });
            expect(all.services.cart.roleArn).not.to.equal(undefined);
        });

        it("gives the ui, the catalog and the checkout, whose needs give no AWS permission, a role with no permissions at all", () => {
            for (const svc of ["ui", "catalog", "checkout"]) {
                // An identity (role, boundary, association) and nothing it may do: no inline policy, no attachment.
                expect(all.of(svc).filter((r) => r.type.startsWith("aws:") || r.type === T.wr).map((r) => r.type).sort(), svc).to.deep.equal([
                    "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:iam/role:Role", T.wr,
                ].sort());
                const role = all.of(svc).find((r) => r.type === "aws:iam/role:Role")!;
                expect(role.inputs.permissionsBoundary, svc).to.equal(BOUNDARY_ARN);
                expect(role.inputs.description, svc).to.equal(`Pod Identity role of the ${svc} service: no AWS permissions`);
                expect(role.inputs.managedPolicyArns, svc).to.equal(undefined);
                expect(role.inputs.inlinePolicies, svc).to.equal(undefined);
            }
        });

        it("never has a '*' action in any policy the services get", () => {
            for (const p of all.rec.resources.filter((r) => r.type === T.policy)) {
                for (const s of JSON.parse(p.inputs.policy as string).Statement) {
                    for (const a of [s.Action].flat()) expect(a, p.name).not.to.contain("*");
                    for (const r of [s.Resource].flat()) expect(r, p.name).not.to.equal("*");
                }
            }
        });
    });

    describe("the network policies", () => {
        const np = (svc: string, purpose: string) => spec(all.one(svc, T.np, `${svc}-${purpose}`));

        it("deny everything by default in each namespace", () => {
            for (const svc of ALL_SPECS.map((s) => s.name)) {
                expect(np(svc, "default-deny"), svc).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            }
        });

        it("admit the declared callers on the container port, and the ALB from the VPC", () => {
            const callerPeer = (s: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": s } }, podSelector: { matchLabels: { "app.kubernetes.io/name": s } } });
            expect(np("orders", "ingress")).to.deep.equal({
                podSelector: { matchLabels: { "app.kubernetes.io/name": "orders" } }, policyTypes: ["Ingress"],
                ingress: [{ from: [callerPeer("ui"), callerPeer("checkout")], ports: [{ protocol: "TCP", port: 8080 }] }],
            });
            expect(np("ui", "ingress").ingress).to.deep.equal([{ from: [{ ipBlock: { cidr: VPC_CIDR } }], ports: [{ protocol: "TCP", port: 8080 }] }]);
        });

        it("let the ui reach DNS and its four backends, and nothing else", () => {
            const egress = np("ui", "egress").egress;
            expect(egress).to.have.length(2);
            expect(egress[0].ports).to.deep.equal([{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]);
            expect(egress[0].to).to.deep.equal([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }]);
            expect(egress[1].to.map((p: any) => p.namespaceSelector.matchLabels["kubernetes.io/metadata.name"])).to.deep.equal(["catalog", "cart", "checkout", "orders"]);
        });

        it("let AWS callers reach the Pod Identity agent and 443 outside the VPC; data stores only on their ports", () => {
            expect(np("cart", "egress").egress.slice(1)).to.deep.equal([
                { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
                { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [VPC_CIDR] } }], ports: [{ protocol: "TCP", port: 443 }] },
            ]);
            const stores = [{ ipBlock: { cidr: "10.20.160.0/22" } }, { ipBlock: { cidr: "10.20.164.0/22" } }];
            expect(np("catalog", "egress").egress.slice(1)).to.deep.equal([
                { to: stores, ports: [{ protocol: "TCP", port: 3306 }] },
                { to: stores, ports: [{ protocol: "TCP", port: 443 }] },
            ]);
            expect(np("checkout", "egress").egress.slice(1)).to.deep.equal([
                { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "orders" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "orders" } } }] },
                { to: stores, ports: [{ protocol: "TCP", port: 6379 }] },
            ]);
        });

        it("add interface endpoint CIDRs to the AWS egress when given", async () => {
            const b = await build([argsFor(CART, "prod", { interfaceEndpointCidrs: ["10.20.0.0/19"] })]);
            expect(spec(b.one("cart", T.np, "cart-egress")).egress[2].to).to.deep.equal([
                { ipBlock: { cidr: "0.0.0.0/0", except: [VPC_CIDR] } }, { ipBlock: { cidr: "10.20.0.0/19" } }]);
        });
    });

    it("puts the ui on the shared ALB: HTTPS with HTTP redirected, target-type ip, health check on readiness, WAF, access logs", () => {
        const ing = all.one("ui", T.ing);
        expect((ing.inputs.metadata as any).annotations).to.deep.equal({
            "alb.ingress.kubernetes.io/group.name": "shop",
            "alb.ingress.kubernetes.io/scheme": "internet-facing",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": "[{\"HTTP\":80},{\"HTTPS\":443}]",
            "alb.ingress.kubernetes.io/ssl-redirect": "443",
            "alb.ingress.kubernetes.io/certificate-arn": CERT,
            "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
            "alb.ingress.kubernetes.io/healthcheck-path": "/actuator/health/readiness",
            "alb.ingress.kubernetes.io/success-codes": "200-399",
            // The ALB's alarms select it by this tag (components/observability).
            "alb.ingress.kubernetes.io/tags": "IngressGroup=shop",
            "alb.ingress.kubernetes.io/wafv2-acl-arn": WAF,
            "alb.ingress.kubernetes.io/load-balancer-attributes": "access_logs.s3.enabled=true,access_logs.s3.bucket=shop-access-logs,"
                + "access_logs.s3.prefix=alb/shop,routing.http.drop_invalid_header_fields.enabled=true",
        });
        expect(spec(ing)).to.deep.equal({
            ingressClassName: "alb",
            rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "ui", port: { name: "http" } } } }] } }],
        });
        expect((all.one("ui", T.ns).inputs.metadata as any).labels).to.include({ "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
        expect(container(all.one("ui", T.deploy)).lifecycle).to.deep.equal({ preStop: { sleep: { seconds: 10 } } });
        expect(podSpec(all.one("ui", T.deploy)).terminationGracePeriodSeconds).to.equal(40);
        expect(all.of("cart").filter((r) => r.type === T.ing)).to.deep.equal([]);
    });

    it("admits on the public ALB only requests with CloudFront's origin header, and asks for Shield; internal Ingresses get neither", async () => {
        const group = { name: "shop", certificateArn: CERT, wafAclArn: WAF, originVerify: { header: "x-origin-verify", value: "s3cr3t" }, shieldAdvanced: true };
        const b = await build([
            argsFor(UI, "prod", { ingressGroup: group }),
            argsFor({ ...CART, ingress: { path: "/api/cart", public: false } }, "prod", { ingressGroup: group }),
        ]);
        const ui = (b.one("ui", T.ing).inputs.metadata as any).annotations;
        expect(JSON.parse(ui["alb.ingress.kubernetes.io/conditions.ui"])).to.deep.equal([
            { field: "http-header", httpHeaderConfig: { httpHeaderName: "x-origin-verify", values: ["s3cr3t"] } }]);
        expect(ui["alb.ingress.kubernetes.io/shield-advanced-protection"]).to.equal("true");
        const cart = (b.one("cart", T.ing).inputs.metadata as any).annotations;
        expect(Object.keys(cart).filter((k) => k.includes("conditions") || k.includes("shield"))).to.deep.equal([]);
        expect(b.services.ui.ingress).to.not.equal(undefined);
    });

    it("joins internal services to the group's internal twin (a group has one scheme); takes the VPC CIDR as an Output", async () => {
        const b = await build([argsFor({ ...CART, ingress: { path: "/api/cart", public: false } }, "prod", { vpcCidr: pulumi.output(VPC_CIDR) })]);
        expect((b.one("cart", T.ing).inputs.metadata as any).annotations).to.include({
            "alb.ingress.kubernetes.io/group.name": "shop-internal", "alb.ingress.kubernetes.io/scheme": "internal" });
        expect(spec(b.one("cart", T.np, "cart-ingress")).ingress[1].from).to.deep.equal([{ ipBlock: { cidr: VPC_CIDR } }]);
    });

    it("labels the namespace for Pod Security restricted, and the ServiceAccount mounts no token", () => {
        expect((all.one("cart", T.ns).inputs.metadata as any)).to.deep.equal({
            name: "cart",
            labels: {
                "app.kubernetes.io/name": "cart", "app.kubernetes.io/part-of": "ecommerce", "app.kubernetes.io/managed-by": "pulumi",
                "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted",
            },
        });
        expect(all.one("cart", T.sa).inputs.automountServiceAccountToken).to.equal(false);
        expect(spec(all.one("cart", T.svc))).to.deep.equal({
            type: "ClusterIP", selector: { "app.kubernetes.io/name": "cart" }, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] });
    });

    it("mounts the API token only when the spec declares it, and says so to the policy pack", async () => {
        const b = await build([argsFor({ ...CART, apiToken: true })]);
        const d = b.one("cart", T.deploy);
        expect(podSpec(d).automountServiceAccountToken).to.equal(true);
        expect(spec(d).template.metadata.labels).to.include({ "platform.io/needs-api-token": "true" });
    });

    it("exposes the namespace, service account, role and in-cluster URL, and registers them", () => {
        const outputs = all.rec.resources.find((r) => r.type === COMPONENT && r.name === "cart")!.outputs;
        expect(outputs).to.include({ namespace: "cart", serviceAccountName: "cart", serviceUrl: "http://cart.cart.svc.cluster.local:80" });
        expect(outputs.roleArn).to.match(/^arn:aws:iam::123456789012:role\/cart-/);
        const ui = all.rec.resources.find((r) => r.type === COMPONENT && r.name === "ui")!.outputs;
        expect(ui.roleArn).to.match(/^arn:aws:iam::123456789012:role\/ui-/);
        expect(all.services.ui.serviceUrl).to.equal("http://ui.ui.svc.cluster.local:80");
        expect(all.services.ui.serviceAccountName).to.equal("ui");
    });

    describe("policy packs", () => {
        const packs = () => ["aws", "kubernetes"].map((p) => loadPolicyPack(path.join(__dirname, "..", "..", "policies", p)));
        const findings = (resources: PlanResource[]) => evaluatePacks(packs(), resources)
            .then((e) => ({ e, lines: e.violations.map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn?.split("::").pop()}: ${v.message}`) }));

        it("the Kubernetes pack reports nothing, mandatory or advisory, for the five services, in preview and at update", async () => {
            const preview = await build(ALL_SPECS.map((s) => argsFor(s)), { preview: true });
            for (const rec of [all.rec, preview.rec]) {
                const { e, lines } = await findings(rec.resources);
                expect(lines.filter((l) => l.includes(" k8s-"))).to.deep.equal([]);
                expect(e.unknowns.filter((u) => u.policy.startsWith("k8s-"))).to.deep.equal([]);
            }
            // The pack does inspect these objects: the same recording with one fault is reported.
            const broken = all.rec.resources.map((r) => (r.type === T.deploy && r.name === "cart") ? structuredClone(r) : r);
            (broken.find((r) => r.type === T.deploy && r.name === "cart")!.inputs as any).spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
            expect((await findings(broken)).lines).to.deep.equal([
                "mandatory k8s-restricted-security-context cart: container 'cart' (spec.template.spec.containers[0]): securityContext.readOnlyRootFilesystem must be true (it is false)."]);
        });

        it("the AWS pack reports no mandatory violation for the roles (boundary given as an ARN)", async () => {
            const { lines } = await findings(all.rec.resources);
            expect(lines.filter((l) => l.startsWith("mandatory"))).to.deep.equal([]);
            expect(lines).to.deep.equal([]);
        });
    });

    describe("security groups for pods", () => {
        const grouped: PlatformReferences = {
            ...PLATFORM,
            databases: { ...PLATFORM.databases, catalog: { ...PLATFORM.databases!.catalog, clientSecurityGroupId: "sg-catalog-clients" } },
            searchDomains: { products: { ...PLATFORM.searchDomains!.products, clientSecurityGroupId: "sg-products-clients" } },
        };
        const SGP = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy";
        let built: Built;
        before(async () => {
            built = await build([CATALOG, CART].map((s) => argsFor(s, "prod", { platform: grouped, clusterSecurityGroupId: "sg-cluster" })));
        });

        it("put the catalog's pods in the cluster's group and the clients group of each store it needs, before its pods start", () => {
            const sgp = built.one("catalog", SGP, "catalog-security-groups");
            expect(sgp.inputs.metadata).to.deep.include({ name: "catalog", namespace: "catalog" });
            expect(sgp.inputs.spec).to.deep.equal({
                podSelector: { matchLabels: { "app.kubernetes.io/name": "catalog" } },
                securityGroups: { groupIds: ["sg-cluster", "sg-catalog-clients", "sg-products-clients"] },
            });
            expect(built.one("catalog", T.deploy).options.dependsOn).to.include(sgp.urn);
        });

        it("leave a service that needs no such store in the node's groups (no SecurityGroupPolicy)", () => {
            expect(built.of("cart").filter((r) => r.type === SGP)).to.deep.equal([]);
        });

        it("ask for the cluster's group when a needed store admits only its clients", () => {
            let error: unknown;
            try { validateMicroserviceArgs(argsFor(CATALOG, "prod", { platform: grouped })); } catch (e) { error = e; }
            expect((error as ComponentArgsError).problems).to.deep.equal([
                "catalog: clusterSecurityGroupId: (missing) is not allowed; database 'catalog', search 'products' admit only a clients security group, "
                + "which the pods join with a SecurityGroupPolicy that must also list the cluster's security group",
            ]);
        });
    });

    describe("validation", () => {
        /** Construct and return the error and what was registered. */
        async function failing(args: MicroserviceArgs) {
            let error: unknown;
            const rec = await recordProgram(() => {
                try { new Microservice(args.spec?.name ?? "x", args); } catch (e) { error = e; }
            }, { project: "shop", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
            expect(rec.resources.map((r) => r.type), "registered nothing").to.deep.equal(["pulumi:pulumi:Stack"]);
            expect(error).to.be.instanceOf(ComponentArgsError);
            return (error as ComponentArgsError).problems;
        }

        it("names the service and the field of a spec mistake, before anything is registered", async () => {
            const bad = { ...CART, needs: [{ kind: "table", name: "carts", access: "readwrite" }] } as unknown as ServiceSpec;
            expect(await failing(argsFor(bad))).to.deep.equal(["cart: needs[0].access: 'readwrite' is not allowed; expected one of: read, read-write"]);
        });

        it("names needs without a platform reference, and the references that exist", async () => {
            expect(await failing(argsFor(CART, "prod", { platform: { tables: { orders: PLATFORM.tables!.orders } } }))).to.deep.equal([
                "cart: needs[0]: table 'carts' has no platform reference (platform.tables.carts); platform.tables has: orders",
                "cart: needs[1]: key 'carts' has no platform reference (platform.keys.carts); platform.keys has: none",
            ]);
        });

        it("asks for the shared ALB when the spec has an ingress, a VPC CIDR and a boundary always", async () => {
            expect(await failing(argsFor(UI, "prod", { ingressGroup: undefined, vpcCidr: "10.20.0.0", permissionsBoundaryArn: "" }))).to.deep.equal([
                "ui: permissionsBoundaryArn: '' is not allowed; every workload role carries the platform's permissions boundary",
                "ui: vpcCidr: '10.20.0.0' is not allowed; expected the VPC's IPv4 CIDR block such as 10.10.0.0/16",
                "ui: ingressGroup: (missing) is not allowed; the spec has an ingress, so give the shared ALB's { name, certificateArn }",
            ]);
        });

        it("refuses a service disabled in the environment, and a data store secret its reference does not have", async () => {
            expect(await failing(argsFor({ ...CART, image: undefined, enabled: { prod: false } }))).to.deep.equal([
                "cart: enabled: the service is disabled in prod; create no Microservice for it (filter the specs with isServiceEnabled(spec, environment))"]);
            const noCredentials = { ...PLATFORM, caches: { checkout: { ...PLATFORM.caches!.checkout } } };
            const checkout: ServiceSpec = { ...ALL_SPECS[4], secretEnv: { REDIS_PASSWORD: { need: "checkout", key: "password" } } };
            expect(await failing(argsFor(checkout, "prod", { platform: noCredentials }))).to.deep.equal([
                "checkout: secretEnv.REDIS_PASSWORD.need: cache 'checkout' delivers no secret: its platform reference has no credentialsSecretId"]);
        });

        it("refuses an image missing where the service runs", async () => {
            expect((await failing(argsFor({ ...ORDERS, image: undefined }, "dev")))[0]).to.equal(
                "orders: image: is missing but the service is enabled in dev; give { repository, tag } (a version tag) or { repository, digest } (sha256), or disable it where it has no image: enabled: { dev: false }");
        });
    });

    it("keeps unneeded references out of every role (a policy depends only on what its service needs)", () => {
        const role = all.one("orders", T.policy);
        const doc = JSON.parse(role.inputs.policy as string);
        expect(doc.Statement.map((s: any) => s.Sid)).to.deep.equal(["QueueOrderEventsSend", "KeyEventsViaSqs"]);
        expect(UI.needs).to.equal(undefined);
    });
});
