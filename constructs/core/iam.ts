/** Minimal typed IAM policy documents, rendered to JSON strings that Terraform interpolates. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Record<string, string | readonly string[]> | '*';
  readonly Condition?: Record<string, Record<string, string | boolean | readonly string[]>>;
}

export interface PolicyDocument {
  readonly Version?: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Renders a policy document as JSON (references inside strings stay Terraform interpolations). */
export function policyJson(doc: PolicyDocument): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: doc.Statement });
}

/** Trust policy letting an AWS service assume a role, scoped to this account with `aws:SourceAccount`. */
export function serviceTrustPolicy(service: string, accountId?: string): string {
  return policyJson({
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(accountId ? { Condition: { StringEquals: { 'aws:SourceAccount': accountId } } } : {}),
    }],
  });
}
