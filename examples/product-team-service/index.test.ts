/**
 * The product-team example: under mocks with a platform stack's outputs given (what its StackReference reads), and
 * planned by the offline planner with the platform's guardrail packs (the planner records the platform's dev stack
 * to answer the reference). It resolves @ecommerce-platform/components by name, as a team does: the workspace link
 * to packages/components, whose compiled dist/ this test builds first.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { plan, PlannedStackReferences } from "../../tools/plan/plan";
import { cloudContextFor, StackOutputs } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, SECRET_MASK } from "../../tools/plan/recorder";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLE = __dirname;
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:shop-order-notifications";
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const BOUNDARY = "arn:aws:iam::111122223333:policy/shop-workload-boundary";

/** What the platform stack exports, as far as the service reads it. */
const platformStack: StackOutputs = {
    outputs: {
        environment: "prod",
        clusterName: "shop-prod",
        kubeconfig: SECRET_MASK,
        workloadBoundaryArn: BOUNDARY,
        vpcCidr: "10.20.0.0/16",
        platformReferences: {
            queues: { "order-notifications": { arn: QUEUE_ARN, url: "https://sqs.eu-west-1.amazonaws.com/111122223333/shop-order-notifications", name: "shop-order-notifications" } },
            keys: { events: { arn: KEY_ARN, viaServices: ["sqs", "sns"] } },
        },
    },
    secretOutputNames: ["kubeconfig"],
};

const byType = (rs: PlanResource[], type: string) => rs.filter((r) => r.type === type);

describe("examples/product-team-service", function () {
    this.timeout(300_000);

    before(async () => {
        await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "packages", "components", "tsconfig.json")], { cwd: ROOT });
    });

    it("deploys its Microservice from the referenced platform stack's outputs: role scoped to the queue and key, the boundary, the env", async () => {
        const asked: string[] = [];
        const { resources } = await recordProgram(() => {
            delete require.cache[require.resolve("./index")];
            return (require("./index") as () => Promise<unknown>)();
        }, {
            project: "product-team-service", stack: "prod", programDir: EXAMPLE, cloud: cloudContextFor("eu-west-1", "111122223333"),
            config: { "product-team-service:platformStack": "acme/ecommerce-platform/prod", "product-team-service:imageRepository": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/notifications", "product-team-service:imageTag": "2.0.1" },
            stackReferences: { resolve: (n) => { asked.push(n); return platformStack; }, missing: new Set() },
        });
        expect(asked).to.deep.equal(["acme/ecommerce-platform/prod"]);
        const [service] = byType(resources, "platform:compute:Microservice");
        expect(service.name).to.equal("notifications");
        const [role] = byType(resources, "aws:iam/role:Role");
        expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
        const policy = JSON.parse(byType(resources, "aws:iam/rolePolicy:RolePolicy")[0].inputs.policy as string);
        expect(policy.Statement.map((s: any) => [s.Sid, s.Resource])).to.deep.equal([
            ["QueueOrderNotificationsReceive", [QUEUE_ARN]], ["KeyEventsViaSqs", [KEY_ARN]],
        ]);
        expect(byType(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation")[0].inputs.clusterName).to.equal("shop-prod");
        const [deployment] = byType(resources, "kubernetes:apps/v1:Deployment");
        const container = (deployment.inputs as any).spec.template.spec.containers[0];
        expect(container.image).to.equal("111122223333.dkr.ecr.eu-west-1.amazonaws.com/notifications:2.0.1");
        expect(container.env).to.deep.include({ name: "NOTIFICATIONS_QUEUE_URL", value: "https://sqs.eu-west-1.amazonaws.com/111122223333/shop-order-notifications" });
        // prod replicas from the platform's environment output; every Kubernetes object through the platform's cluster.
        expect((byType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")[0].inputs as any).spec.minReplicas).to.equal(2);
        const [provider] = byType(resources, "pulumi:providers:kubernetes");
        expect(provider.inputs.kubeconfig).to.equal(SECRET_MASK);
        for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) expect(r.options.provider, r.name).to.match(/::platform-cluster::/);
    });

    it("plans with the platform's guardrail packs, its StackReference answered by the platform's recorded dev stack: no violation", async () => {
        const { doc, exitCode } = await plan({ stack: "dev", programDir: EXAMPLE });
        expect(exitCode).to.equal(0);
        expect(doc.violations).to.deep.equal([]);
        expect(doc.summary.policies.packs.map((p) => p.pack)).to.deep.equal(["ecommerce-aws", "ecommerce-kubernetes"]);
        const policy = JSON.parse(doc.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy as string);
        expect(policy.Statement[0].Resource).to.deep.equal(["arn:aws:sqs:eu-west-1:123456789012:ecommerce-platform-dev-order-notifications"]);
        expect(doc.resources.find((r) => r.type === "aws:iam/role:Role")!.inputs.permissionsBoundary).to.match(/^arn:aws:iam::123456789012:policy\/ecommerce-platform-dev-workload-boundary-/);
    });

    it("depends on the component package's current version (npm reads ^0.1.0 as <0.2.0)", () => {
        const version = JSON.parse(fs.readFileSync(path.join(ROOT, "packages", "components", "package.json"), "utf8")).version;
        const deps = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8")).dependencies;
        expect(deps["@ecommerce-platform/components"]).to.equal(`^${version}`);
    });

    it("refuses a StackReference the planner cannot answer, naming it", async () => {
        const failed = await plan({ stack: "dev", programDir: EXAMPLE, config: { "product-team-service:platformStack": "acme/other-project/dev" } })
            .then(() => undefined, (e: Error) => e.message);
        expect(failed).to.include("StackReference 'acme/other-project/dev': the planner knows the outputs of this repository's stacks only");
    });

    it("answers only a fully qualified <org>/ecommerce-platform/<stack>: the engine reads a two-part name as <org>/<stack> of the program's own project", async () => {
        expect(PlannedStackReferences.platformStack("acme/ecommerce-platform/dev")).to.equal("dev");
        expect(PlannedStackReferences.platformStack("ecommerce-platform/dev")).to.equal(undefined);
        expect(PlannedStackReferences.platformStack("dev")).to.equal(undefined);
        expect(PlannedStackReferences.platformStack("acme/ecommerce-platform/staging")).to.equal(undefined);
        const failed = await plan({ stack: "dev", programDir: EXAMPLE, config: { "product-team-service:platformStack": "ecommerce-platform/dev" } })
            .then(() => undefined, (e: Error) => e.message);
        expect(failed).to.include("StackReference 'ecommerce-platform/dev': the planner knows the outputs of this repository's stacks only");
    });
});
