import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { retryOptions, runIdFields } from '../common.descriptions';
import { readRunId } from '../parameters';
import { cancelRun } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [
	...runIdFields(
		'The job_id of the run to cancel. A run that has already finished keeps its status; that is not an error.',
	),
	retryOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['cancel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const answer = await cancelRun.call(this, runId);
	return [
		{
			json: { job_id: answer.job_id ?? runId, status: answer.status, cancelled: answer.status === 'cancelled' },
			pairedItem: { item: itemIndex },
		},
	];
}
