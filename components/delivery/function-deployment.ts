/**
 * FunctionDeployments (`platform:delivery:FunctionDeployments`): CodeDeploy canaries (or linear, or all-at-once
 * shifts) for Lambda functions that are invoked through an alias (LambdaFunction's `live`).
 *
 * What it creates:
 * - one CodeDeploy application (compute platform Lambda);
 * - per function, an alarm on the alias's errors (AWS/Lambda `Errors` with the dimensions FunctionName and
 *   Resource = `<function>:<alias>`: only the invocations of the alias, so the new version's errors during the shift)
 *   and a deployment group named after the function: blue/green with traffic control, the configured predefined
 *   deployment configuration, automatic rollback on DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_ALARM, the alarm attached;
 * - the service role CodeDeploy deploys as: trusted by CodeDeploy for this account only, under the workload boundary,
 *   with ONE inline policy instead of the managed AWSCodeDeployRoleForLambda (which reaches every function's alias,
 *   every alarm, every S3 object): the alias calls on exactly these functions (and their aliases and versions) and
 *   DescribeAlarms on exactly these alarms. No lambda:InvokeFunction: CodeDeploy invokes only lifecycle-hook functions
 *   (the managed policy's `function:CodeDeployHook_*`), never the function it deploys, and the release step's AppSpec
 *   names no hooks.
 *
 * A deployment group for Lambda names no function: the function, the alias and the two versions come with each
 * deployment's AppSpec (`aws deploy create-deployment`, see the README). Groups are per function so that each has
 * its own alarm and its own history, and one function's rollback never holds back another's release.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, componentContext, LAMBDA_ARN, policyJson, serviceTrustPolicy, Statement, Tags } from "../shared";

/** CodeDeploy's predefined Lambda deployment configurations, without the `CodeDeployDefault.Lambda` prefix. */
export const LAMBDA_DEPLOYMENT_CONFIGS = [
    "AllAtOnce",
    "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes",
] as const;
export type LambdaDeploymentConfig = (typeof LAMBDA_DEPLOYMENT_CONFIGS)[number];

/** The predefined configuration's full name: `CodeDeployDefault.Lambda<config>`. */
export const deploymentConfigName = (config: LambdaDeploymentConfig) => `CodeDeployDefault.Lambda${config}`;

/** What a rollback is triggered by. */
export const ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] as const;

/**
 * The actions CodeDeploy takes on a function it deploys (what AWSCodeDeployRoleForLambda grants, scoped). Not
 * lambda:InvokeFunction: the managed policy grants it on `function:CodeDeployHook_*` only (lifecycle hooks, which the
 * AppSpec would name), never on the deployed function.
 */
export const CODEDEPLOY_LAMBDA_ACTIONS = ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetFunction", "lambda:GetProvisionedConcurrencyConfig"] as const;

/** Every default, in one place. */
export const FUNCTION_DEPLOYMENT_DEFAULTS = {
    aliasName: "live",
    /** Errors of the alias in one minute that stop a deployment and roll it back. */
    errorThreshold: 1,
    /** Consecutive minutes at or above the threshold. */
    evaluationPeriods: 1,
} as const;

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ALIAS_NAME = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
const APPLICATION_NAME = /^[A-Za-z0-9_.+-]{1,100}$/;
const KEY = /^[a-z][a-z0-9-]{0,63}$/;

/** One function CodeDeploy deploys. */
export interface DeployedFunction {
    /** The function's name (1-64 letters, digits, '-' or '_'): the deployment group's name and the alarm's FunctionName. */
    functionName: string;
    /** The function's unqualified ARN (the service role's policy names it and its aliases). */
    functionArn: pulumi.Input<string>;
    /** The alias CodeDeploy shifts and the alarm watches. Defaults to `live`. */
    aliasName?: string;
}

export interface FunctionDeploymentsArgs {
    /** The CodeDeploy application's name (1-100 letters, digits, '.', '_', '+' or '-'). */
    applicationName: string;
    /**
     * The SNS topic the rollback alarms notify when they fire and when they clear (the observability layer's alarm
     * topic: on-call learns that a deployment was stopped). None by default.
     */
    notificationTopicArn?: pulumi.Input<string>;
    /** The functions, by a short key (lowercase, such as `validate-order`: names the children and the outputs); at least one. */
    functions: Record<string, DeployedFunction>;
    /** How traffic shifts to a new version, one of LAMBDA_DEPLOYMENT_CONFIGS (Canary10Percent5Minutes in prod, AllAtOnce in dev). */
    deploymentConfig: LambdaDeploymentConfig;
    /** The platform's workload permissions boundary, carried by the CodeDeploy service role. Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Errors of an alias in one minute that roll its deployment back, 1-1000. Defaults to 1. */
    errorThreshold?: number;
    /** Consecutive minutes at or above the threshold before the alarm fires, 1-10. Defaults to 1. */
    evaluationPeriods?: number;
    /** Tags merged into the application, the role, the alarms and the groups. */
    tags?: Tags;
}

export class FunctionDeployments extends pulumi.ComponentResource {
    readonly application: aws.codedeploy.Application;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    /** Each function's alias-errors alarm, by key. */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    /** Each function's deployment group, by key. */
    readonly groups: Record<string, aws.codedeploy.DeploymentGroup>;
    /** The application's name (`aws deploy create-deployment --application-name`). */
    readonly applicationName: pulumi.Output<string>;
    /** Each function's deployment group name, by key (`--deployment-group-name`). */
    readonly groupNames: Record<string, pulumi.Output<string>>;
    /** The service role's ARN. */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FunctionDeploymentsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFunctionDeploymentsArgs(args);
        super("platform:delivery:FunctionDeployments", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const parent = { parent: this };
        const entries = Object.entries(args.functions);
        const alias = (f: DeployedFunction) => f.aliasName ?? FUNCTION_DEPLOYMENT_DEFAULTS.aliasName;

        this.application = new aws.codedeploy.Application(name, {
            name: args.applicationName,
            computePlatform: "Lambda",
            tags: ctx.tags({ Name: args.applicationName }),
        }, parent);

        this.alarms = Object.fromEntries(entries.map(([key, f]) => [key, new aws.cloudwatch.MetricAlarm(`${name}-${key}-errors`, {
            name: aliasErrorsAlarmName(f.functionName, alias(f)),
            alarmDescription: `Errors of ${f.functionName}:${alias(f)}: stops a CodeDeploy deployment of the function and rolls it back`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: f.functionName, Resource: `${f.functionName}:${alias(f)}` },
            statistic: "Sum",
            period: 60,
            evaluationPeriods: args.evaluationPeriods ?? FUNCTION_DEPLOYMENT_DEFAULTS.evaluationPeriods,
            threshold: args.errorThreshold ?? FUNCTION_DEPLOYMENT_DEFAULTS.errorThreshold,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            // No invocations is no error: an idle function never blocks its deployment.
            treatMissingData: "notBreaching",
            ...(args.notificationTopicArn ? { alarmActions: [args.notificationTopicArn], okActions: [args.notificationTopicArn] } : {}),
            tags: ctx.tags({ Name: aliasErrorsAlarmName(f.functionName, alias(f)) }),
        }, parent)]));

        this.role = new aws.iam.Role(`${name}-codedeploy`, {
            description: `CodeDeploy service role of ${args.applicationName}: shifts the functions' aliases`,
            assumeRolePolicy: serviceTrustPolicy("codedeploy.amazonaws.com", ctx.accountId),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: ctx.tags({ Name: `${name}-codedeploy` }),
        }, parent);
        this.rolePolicy = new aws.iam.RolePolicy(`${name}-codedeploy`, {
            role: this.role.id,
            policy: policyJson(codeDeployStatements(entries.map(([, f]) => f.functionArn), entries.map(([key]) => this.alarms[key].arn))),
        }, parent);

        this.groups = Object.fromEntries(entries.map(([key, f]) => [key, new aws.codedeploy.DeploymentGroup(`${name}-${key}`, {
            appName: this.application.name,
            deploymentGroupName: f.functionName,
            serviceRoleArn: this.role.arn,
            deploymentConfigName: deploymentConfigName(args.deploymentConfig),
            deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
            autoRollbackConfiguration: { enabled: true, events: [...ROLLBACK_EVENTS] },
            alarmConfiguration: { enabled: true, alarms: [this.alarms[key].name] },
            tags: ctx.tags({ Name: f.functionName }),
        }, { parent: this, dependsOn: [this.rolePolicy] })]));

        this.applicationName = this.application.name;
        this.groupNames = Object.fromEntries(entries.map(([key]) => [key, this.groups[key].deploymentGroupName]));
        this.roleArn = this.role.arn;
        this.registerOutputs({ applicationName: this.applicationName, groupNames: this.groupNames, roleArn: this.roleArn });
    }
}

/** The alarm on one alias's errors: `<function>-<alias>-errors`. */
export const aliasErrorsAlarmName = (functionName: string, aliasName: string) => `${functionName}-${aliasName}-errors`;

/**
 * The CodeDeploy service role's statements: the alias calls on exactly the given functions (their unqualified ARNs,
 * and `:*` for their aliases and versions), and DescribeAlarms on exactly the rollback alarms. Pure.
 */
export function codeDeployStatements(functionArns: pulumi.Input<string>[], alarmArns: pulumi.Input<string>[]): Statement[] {
    return [
        {
            Sid: "ShiftTheFunctionsAliases", Effect: "Allow", Action: [...CODEDEPLOY_LAMBDA_ACTIONS],
            Resource: functionArns.flatMap((arn) => [arn, pulumi.interpolate`${arn}:*`]),
        },
        { Sid: "ReadRollbackAlarms", Effect: "Allow", Action: ["cloudwatch:DescribeAlarms"], Resource: alarmArns },
    ];
}

/** Validate FunctionDeploymentsArgs; throws ComponentArgsError listing every problem. */
export function validateFunctionDeploymentsArgs(args: FunctionDeploymentsArgs): void {
    const check = new ArgsChecker("FunctionDeployments");
    check.require(typeof args.applicationName === "string" && APPLICATION_NAME.test(args.applicationName), "applicationName", args.applicationName,
        "expected 1-100 letters, digits, '.', '_', '+' or '-'");
    const fns = args.functions;
    if (typeof fns !== "object" || fns === null || Array.isArray(fns) || Object.keys(fns).length === 0) {
        check.require(false, "functions", fns, "expected at least one function { functionName, functionArn } by key");
    } else {
        const names = new Set<string>();
        for (const [key, f] of Object.entries(fns)) {
            check.require(KEY.test(key), `functions.${key}`, key, "expected a key of lowercase letters, digits or '-', starting with a letter");
            check.require(typeof f?.functionName === "string" && FUNCTION_NAME.test(f.functionName), `functions.${key}.functionName`, f?.functionName,
                "expected 1-64 letters, digits, '-' or '_'");
            check.require(!names.has(f?.functionName), `functions.${key}.functionName`, f?.functionName, "each function may be deployed by one group only");
            names.add(f?.functionName);
            check.require(f?.functionArn !== undefined && f.functionArn !== "" && (typeof f.functionArn !== "string"
                || LAMBDA_ARN.test(f.functionArn)), `functions.${key}.functionArn`, f?.functionArn,
            "expected the function's unqualified ARN (arn:aws:lambda:<region>:<account>:function:<name>)");
            if (f?.aliasName !== undefined) {
                check.require(typeof f.aliasName === "string" && ALIAS_NAME.test(f.aliasName), `functions.${key}.aliasName`, f.aliasName,
                    "expected an alias name: 1-128 letters, digits, '-' or '_', not only digits");
            }
        }
    }
    check.require((LAMBDA_DEPLOYMENT_CONFIGS as readonly unknown[]).includes(args.deploymentConfig), "deploymentConfig", args.deploymentConfig,
        `expected one of CodeDeploy's predefined Lambda configurations (CodeDeployDefault.Lambda<name>): ${LAMBDA_DEPLOYMENT_CONFIGS.join(", ")}`);
    check.require(args.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn", args.permissionsBoundaryArn,
        "the CodeDeploy service role carries the platform's permissions boundary");
    if (args.errorThreshold !== undefined) check.integer("errorThreshold", args.errorThreshold, 1, 1000);
    if (args.evaluationPeriods !== undefined) check.integer("evaluationPeriods", args.evaluationPeriods, 1, 10);
    check.done();
}
