/** The platform's reusable components, one folder per AWS service. */
export * as kms from "./kms";
export * as vpc from "./vpc";
export * as shared from "./shared";
