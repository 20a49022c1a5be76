/**
 * The observability layer in the composed plans: every stateful and entry-point resource of the prod plan, found by
 * type in the recording, has an alarm naming it (its dimension value, or its tag in a Metrics Insights query); the
 * dashboard is valid and graphs only resources of the plan; the alarm topics are encrypted with the keys that admit
 * CloudWatch, and each alarm notifies the topic of its own region.
 */
import { expect } from "chai";
import { dashboardBodyProblems } from "../components/observability";
import { PlanResource, Recording } from "../tools/plan/recorder";
import { plannedStack } from "../tools/testing/stack-plans";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const P = "ecommerce-platform-prod";

interface Query { expression?: string }

/** Every string an alarm names its resource by: dimension values and Metrics Insights expressions. */
function namesOf(alarm: PlanResource): string[] {
    const dims = Object.values((alarm.inputs.dimensions ?? {}) as Record<string, string>);
    const queries = ((alarm.inputs.metricQueries ?? []) as Query[]).map((q) => q.expression ?? "");
    return [...dims, ...queries];
}

describe("stacks: the observability layer", function () {
    this.timeout(300000);
    let prod: Recording;
    const of = (type: string) => prod.resources.filter((r) => r.type === type);
    const alarms = () => of(ALARM);
    /** The alarms naming `id` exactly (a dimension) or in a query's WHERE clause. */
    const alarmsNaming = (id: string) => alarms().filter((a) => a.urn.includes("platform:observability:Alarms")).filter((a) => namesOf(a).some((n) => n === id || n.includes(`Name = '${id}'`)));
    /** The alarms whose dimensions come from the resource (ids the mocks make up are not in its recorded outputs). */
    const alarmsOn = (r: PlanResource) => alarms().filter((a) => (a.propertyDependencies.dimensions ?? []).includes(r.urn));
    /** The definition ids of alarms (each alarm's description ends with `definition <id>)`). */
    const definitionsOf = (as: PlanResource[]) => as.map((a) => /definition ([\w-]+)\)$/.exec(String(a.inputs.alarmDescription))![1]).sort();
    before(async () => { prod = await plannedStack("prod"); });

    describe("every stateful and entry-point resource of the prod plan has alarms naming it", () => {
        const cases: [string, string, (r: PlanResource) => string[], string[]][] = [
            ["RDS instances", "aws:rds/instance:Instance", (r) => [String(r.inputs.identifier)], ["rds-connections", "rds-cpu", "rds-free-storage"]],
            ["DynamoDB tables", "aws:dynamodb/table:Table", (r) => [String(r.inputs.name)], ["dynamodb-read-throttles", "dynamodb-system-errors", "dynamodb-write-throttles"]],
            ["OpenSearch domains", "aws:opensearch/domain:Domain", (r) => [String(r.inputs.domainName)], ["opensearch-free-storage", "opensearch-red", "opensearch-writes-blocked", "opensearch-yellow"]],
            ["state machines", "aws:sfn/stateMachine:StateMachine", (r) => [String(r.outputs.arn)], ["sfn-executions-failed", "sfn-executions-timed-out"]],
            ["Lambda functions", "aws:lambda/function:Function", (r) => [String(r.inputs.name)], ["lambda-errors", "lambda-throttles"]],
            ["the EKS cluster", "aws:eks/cluster:Cluster", (r) => [String(r.outputs.name ?? r.inputs.name)], ["eks-node-cpu", "eks-node-memory"]],
        ];
        for (const [what, type, ids, expected] of cases) {
            it(`${what}: ${expected.join(", ")}`, () => {
                const resources = of(type);
                expect(resources, type).to.have.length.greaterThan(0);
                for (const r of resources) {
                    for (const id of ids(r)) expect(definitionsOf(alarmsNaming(id)), `${r.name} (${id})`).to.deep.equal(expected);
                }
            });
        }

        it("CloudFront distributions: cloudfront-5xx-rate, Region=Global", () => {
            const dists = of("aws:cloudfront/distribution:Distribution");
            expect(dists).to.have.length.greaterThan(0);
            for (const d of dists) {
                expect(definitionsOf(alarmsOn(d)), d.name).to.deep.equal(["cloudfront-5xx-rate"]);
                expect((alarmsOn(d)[0].inputs.dimensions as Record<string, string>).Region).to.equal("Global");
            }
        });

        it("ElastiCache replication groups: memory and evictions on every member node", () => {
            const groups = of("aws:elasticache/replicationGroup:ReplicationGroup");
            expect(groups).to.have.length.greaterThan(0);
            for (const g of groups) {
                const id = String(g.inputs.replicationGroupId);
                for (let n = 1; n <= Number(g.inputs.numCacheClusters); n++) {
                    const node = `${id}-${String(n).padStart(3, "0")}`;
                    expect(definitionsOf(alarmsNaming(node)), node).to.deep.equal(["redis-evictions", "redis-memory"]);
                }
            }
        });

        it("SQS: every DLQ alarms on a visible message, every main queue on its oldest message's age", () => {
            const queues = of("aws:sqs/queue:Queue");
            const dlqs = queues.filter((q) => String(q.inputs.name).endsWith("-dlq"));
            expect(dlqs).to.have.length(queues.length - dlqs.length).and.greaterThan(0);
            for (const q of queues) {
                const name = String(q.inputs.name);
                expect(definitionsOf(alarmsNaming(name)), name).to.deep.equal(name.endsWith("-dlq") ? ["sqs-dlq-messages"] : ["sqs-oldest-message"]);
            }
        });

        it("REST API stages: 5xx rate and p99 latency by ApiName and Stage", () => {
            const stages = of("aws:apigateway/stage:Stage");
            expect(stages).to.have.length.greaterThan(0);
            for (const s of stages) {
                const api = of("aws:apigateway/restApi:RestApi").find((a) => s.propertyDependencies.restApi?.includes(a.urn))!;
                const matching = alarmsOn(s);
                for (const a of matching) {
                    expect(a.inputs.dimensions).to.deep.equal({ ApiName: api.inputs.name, Stage: s.inputs.stageName });
                    expect(a.propertyDependencies.dimensions).to.include(api.urn);
                }
                expect(definitionsOf(matching)).to.deep.equal(["api-5xx", "api-latency-p99"]);
                expect(matching.find((a) => String(a.name).endsWith("p99"))!.inputs.extendedStatistic).to.equal("p99");
            }
        });

        it("the ALB Ingress groups: load balancer and target 5xx, selected by the IngressGroup tag every Ingress of the group puts on its ALB", () => {
            const ingresses = of("kubernetes:networking.k8s.io/v1:Ingress");
            expect(ingresses).to.have.length.greaterThan(0);
            const groups = new Set<string>();
            for (const i of ingresses) {
                const ann = (i.inputs.metadata as { annotations: Record<string, string> }).annotations;
                const group = ann["alb.ingress.kubernetes.io/group.name"];
                expect(ann["alb.ingress.kubernetes.io/tags"], i.name).to.equal(`IngressGroup=${group}`);
                groups.add(group);
            }
            for (const g of groups) {
                const matching = alarms().filter((a) => namesOf(a).some((n) => n.endsWith(`WHERE tag.IngressGroup = '${g}'`)));
                expect(definitionsOf(matching), g).to.deep.equal(["alb-elb-5xx", "alb-target-5xx"]);
                for (const a of matching) {
                    const [q] = a.inputs.metricQueries as { expression: string; period: number; returnData: boolean }[];
                    expect(q.expression).to.match(/^SELECT SUM\("HTTPCode_(ELB|Target)_5XX_Count"\) FROM SCHEMA\("AWS\/ApplicationELB", LoadBalancer\) WHERE /);
                    expect(q.returnData).to.equal(true);
                }
            }
        });

        it("turns on resource tags for telemetry, which the ALB alarms' tag queries need, before the alarms", () => {
            const [enrichment] = of("aws:observabilityadmin/telemetryEnrichment:TelemetryEnrichment");
            expect(enrichment).to.not.equal(undefined);
            const albAlarm = alarms().find((a) => String(a.name).endsWith("alb-elb-5xx"))!;
            const alarmsComponent = prod.resources.find((r) => r.urn === albAlarm.parent)!;
            expect(alarmsComponent.options.dependsOn).to.include(enrichment.urn);
        });
    });

    describe("actions and topics", () => {
        const topic = (region: string) => of("aws:sns/topic:Topic").find((t) => t.inputs.name === `${P}-alarms` && String(t.outputs.arn).includes(`:${region}:`))!;
        const providerRegion = (r: PlanResource) => {
            const p = r.options.provider ? of("pulumi:providers:aws").find((x) => r.options.provider!.startsWith(x.urn)) : undefined;
            return p ? String(p.inputs.region) : "eu-west-1";
        };

        it("encrypts the regional topic with the events key and the us-east-1 topic with the edge key, both admitting CloudWatch", () => {
            for (const [region, alias] of [["eu-west-1", `alias/ecommerce-platform/prod/events`], ["us-east-1", `alias/ecommerce-platform/prod/edge`]]) {
                const t = topic(region);
                expect(t, region).to.not.equal(undefined);
                expect(providerRegion(t)).to.equal(region);
                const aliasRes = of("aws:kms/alias:Alias").find((a) => a.inputs.name === alias)!;
                const key = of("aws:kms/key:Key").find((k) => k.outputs.arn === t.inputs.kmsMasterKeyId)!;
                expect(key, `${region} key`).to.not.equal(undefined);
                expect(aliasRes.inputs.targetKeyId).to.be.oneOf([key.outputs.keyId, key.outputs.arn, key.outputs.id]);
                const policy = JSON.parse(String(key.inputs.policy)) as { Statement: { Sid: string; Principal: unknown; Action: string[]; Condition: Record<string, Record<string, string>> }[] };
                const cw = policy.Statement.find((s) => s.Sid === "CloudWatchAlarms")!;
                expect(cw.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
                expect(cw.Action).to.deep.equal(["kms:GenerateDataKey*", "kms:Decrypt"]);
                expect(cw.Condition.ArnLike["aws:SourceArn"]).to.equal(`arn:aws:cloudwatch:${region}:123456789012:alarm:*`);
            }
        });

        it("lets only this account's alarms of the topic's region publish, over TLS only", () => {
            for (const region of ["eu-west-1", "us-east-1"]) {
                const t = topic(region);
                const policy = of("aws:sns/topicPolicy:TopicPolicy").find((p) => p.propertyDependencies.arn?.includes(t.urn))!;
                const doc = JSON.parse(String(policy.inputs.policy)) as { Statement: { Sid: string; Effect: string; Condition: Record<string, Record<string, string>> }[] };
                expect(doc.Statement.map((s) => `${s.Effect}:${s.Sid}`)).to.deep.equal(["Deny:DenyWithoutTls", "Allow:CloudWatchAlarmsPublish"]);
                const allow = doc.Statement[1];
                expect(allow.Condition).to.deep.equal({
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:123456789012:alarm:*` },
                });
                expect(doc.Statement[0].Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
            }
        });

        it("sends every alarm's ALARM and OK to the topic of its own region (CloudFront's from us-east-1)", () => {
            expect(alarms()).to.have.length.greaterThan(40);
            for (const a of alarms()) {
                const region = providerRegion(a);
                expect(region, a.name).to.equal(String(a.name).includes("cloudfront") ? "us-east-1" : "eu-west-1");
                const arn = String(topic(region).outputs.arn);
                expect(a.inputs.alarmActions, a.name).to.deep.equal([arn]);
                expect(a.inputs.okActions, a.name).to.deep.equal([arn]);
            }
        });

        it("subscribes the configured on-call address to both topics", () => {
            const subs = of("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "email");
            expect(subs.map((s) => s.inputs.endpoint)).to.deep.equal(["oncall@example.com", "oncall@example.com"]);
        });
    });

    describe("the dashboard", () => {
        const body = () => String(of("aws:cloudwatch/dashboard:Dashboard")[0].inputs.dashboardBody);

        it("is one dashboard per environment with a valid body", () => {
            expect(of("aws:cloudwatch/dashboard:Dashboard").map((d) => d.inputs.dashboardName)).to.deep.equal([P]);
            expect(dashboardBodyProblems(body())).to.deep.equal([]);
        });

        it("graphs only resources of the plan, each metric an alarm watches", () => {
            const known = new Set<string>([
                ...of("aws:rds/instance:Instance").map((r) => String(r.inputs.identifier)),
                ...of("aws:dynamodb/table:Table").map((r) => String(r.inputs.name)),
                ...of("aws:opensearch/domain:Domain").map((r) => String(r.inputs.domainName)),
                ...of("aws:sqs/queue:Queue").map((r) => String(r.inputs.name)),
                ...of("aws:sfn/stateMachine:StateMachine").map((r) => String(r.outputs.arn)),
                ...of("aws:lambda/function:Function").map((r) => String(r.inputs.name)),
                ...of("aws:apigateway/restApi:RestApi").map((r) => String(r.inputs.name)),
                ...of("aws:apigateway/stage:Stage").map((r) => String(r.inputs.stageName)),
                ...of("aws:cloudfront/distribution:Distribution").flatMap((r) => alarmsOn(r).map((a) => (a.inputs.dimensions as Record<string, string>).DistributionId)),
                ...of("aws:eks/cluster:Cluster").map((r) => String(r.outputs.name ?? r.inputs.name)),
                ...of("aws:elasticache/replicationGroup:ReplicationGroup").flatMap((g) =>
                    Array.from({ length: Number(g.inputs.numCacheClusters) }, (_, i) => `${String(g.inputs.replicationGroupId)}-00${i + 1}`)),
                "123456789012", "Global",
            ]);
            const watched = new Set(alarms().flatMap((a) => a.inputs.metricName
                ? [`${String(a.inputs.namespace)}|${String(a.inputs.metricName)}`]
                : ((a.inputs.metricQueries ?? []) as Query[]).map((q) => q.expression!)));
            const widgets = (JSON.parse(body()) as { widgets: { type: string; properties: { metrics?: unknown[] } }[] }).widgets.filter((w) => w.type === "metric");
            expect(widgets.length).to.be.greaterThan(20);
            for (const w of widgets) {
                for (const m of w.properties.metrics!) {
                    if (Array.isArray(m)) {
                        const [ns, metric, ...rest] = m as unknown[];
                        expect(watched.has(`${String(ns)}|${String(metric)}`), `${String(ns)} ${String(metric)}`).to.equal(true);
                        const values = rest.filter((_, i) => i % 2 === 1 && typeof rest[i] === "string") as string[];
                        for (const v of values) expect(known.has(v), `${String(metric)} names ${v}`).to.equal(true);
                    } else {
                        expect(watched.has((m as Query).expression!), (m as Query).expression).to.equal(true);
                    }
                }
            }
        });
    });
});
