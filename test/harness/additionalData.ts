import type { ExecutionLifecycleHooks } from 'n8n-core';
import { ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

const instanceBaseUrl = 'http://127.0.0.1:5678';

/**
 * The per-execution services n8n passes to every node context, as a plain object: a deep mock would
 * make optional fields (such as `executionContext`) truthy and send n8n-core down paths it should not
 * take. Sub-workflows and task runners are not part of this package, so those entries refuse.
 */
export function createAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	hooks?: ExecutionLifecycleHooks;
	currentNodeParameters?: INodeParameters;
}): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new ApplicationError(`The harness does not support ${what}`);
	};
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		currentNodeParameters: options.currentNodeParameters,
		currentNodeExecutionIndex: 0,
		executionContext: undefined,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		userId: 'harness-user',
		restApiUrl: `${instanceBaseUrl}/rest`,
		instanceBaseUrl: `${instanceBaseUrl}/`,
		formWaitingBaseUrl: `${instanceBaseUrl}/form-waiting`,
		webhookBaseUrl: `${instanceBaseUrl}/webhook`,
		webhookWaitingBaseUrl: `${instanceBaseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${instanceBaseUrl}/webhook-test`,
		executeWorkflow: unsupported('sub-workflow executions'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('task runners'),
	};
}
