import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemParameters } from '../../shared/parameterReader';
import { readNodeMode } from '../nodeVersions';
import { withNextStep } from '../runEngine/toolAnswers';
import type { Operation } from './operation';
import * as run from './run/Run.resource';
import * as workflow from './workflow/Workflow.resource';

const resources = new Map<string, Operation[]>([
	['workflow', workflow.operations],
	['run', run.operations],
]);

/** Sends the execution to its operation by name; as a tool, an error's text says what to do next. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = readNodeMode(this);
	try {
		const parameters = itemParameters(this, 0);
		const resource = parameters.get('resource') as string;
		const operation = parameters.get('operation') as string;
		const chosen = resources.get(resource)?.find((candidate) => candidate.option.value === operation);
		if (!chosen) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		return [await chosen.execute.call(this, this.getInputData(), mode)];
	} catch (error) {
		throw mode.asTool ? withNextStep(error) : error;
	}
}
