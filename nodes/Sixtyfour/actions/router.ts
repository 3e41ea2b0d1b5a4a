import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appendAll } from '../../shared/helpers/appendAll';
import { asNodeError } from '../../shared/nodeError';
import { useRetryLimits } from '../../shared/transport';
import { readRetryLimits } from './parameters';
import { runsAsTool, withNextStep } from './tool/toolErrors';
import * as run from './run/Run.resource';
import * as workflow from './workflow/Workflow.resource';

type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const itemOperations: Record<string, ItemOperation> = {
	getMany: run.getMany.execute,
	getStatus: run.getStatus.execute,
	waitForCompletion: run.waitForCompletion.execute,
	getResults: run.getResults.execute,
	getResultLinks: run.getResultLinks.execute,
	cancel: run.cancel.execute,
};

/** Sends the execution to its operation; as a tool, an error's text says what to do next. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	try {
		return await route.call(this);
	} catch (error) {
		throw runsAsTool(this) ? withNextStep(error) : error;
	}
}

/** Workflow → Run works on all items at once, run operations item by item. */
async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	if (resource === 'workflow' && operation === 'run') {
		useRetryLimits(this, readRetryLimits(this, 0, 'runOptions'));
		return [await workflow.run.execute.call(this, items)];
	}
	const itemOperation = resource === 'run' ? itemOperations[operation] : undefined;
	if (!itemOperation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	let output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			useRetryLimits(this, readRetryLimits(this, itemIndex, 'options'));
			const produced = await itemOperation.call(this, itemIndex);
			// The first item's output is taken as it is: a million result rows are not copied again.
			if (output.length === 0) output = produced;
			else appendAll(output, produced);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
