// Pulumi's published AWSGuard pack, every policy advisory. Many of its policies are asynchronous (they return
// promises); the offline planner awaits them as the analyzer does.
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "advisory" });
