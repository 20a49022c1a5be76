import { Rule } from "../../../lib/rule";
import { iamBoundaryNotGranted } from "./iam-boundary-not-granted";
import { iamNoAdminManaged } from "./iam-no-admin-managed";
import { iamNoAdminWildcard } from "./iam-no-admin-wildcard";
import { iamNoServiceWildcards } from "./iam-no-service-wildcards";
import { iamNoUserPolicies } from "./iam-no-user-policies";
import { iamSensitiveActionsScoped } from "./iam-sensitive-actions-scoped";
import { iamTrustRestricted } from "./iam-trust-restricted";
import { iamWorkloadPermissionsBoundary } from "./iam-workload-permissions-boundary";

export const rules: Rule[] = [
    iamNoAdminWildcard, iamNoServiceWildcards, iamNoUserPolicies, iamNoAdminManaged, iamTrustRestricted,
    iamSensitiveActionsScoped, iamWorkloadPermissionsBoundary, iamBoundaryNotGranted,
];
