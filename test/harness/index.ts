// The test harness: runs this package's nodes and credential through n8n's real execution engine
// (n8n-core's WorkflowExecute, PollContext, LoadOptionsContext, RoutingNode) and real HTTP.
export type { HarnessCredentials } from './credentialsHelper';
export type { ExecuteWorkflowOptions, ExecuteWorkflowResult, HarnessNode } from './executeWorkflow';
export { executeWorkflow } from './executeWorkflow';
export type { LogLine } from './logs';
export type { PollOptions, PollResult } from './runPoll';
export { runPoll } from './runPoll';
export type { WebhookAnswer, WebhookOptions, WebhookRequest, WebhookResult } from './runWebhook';
export { runWebhook } from './runWebhook';
export type { ListSearchOptions } from './runListSearch';
export { runListSearch } from './runListSearch';
export type { ResourceMappingOptions } from './runResourceMapping';
export { runResourceMapping } from './runResourceMapping';
export type { TestCredentialOptions } from './testCredential';
export { testCredential } from './testCredential';
