import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { summarizeLiveStatus } from '../../helpers/runStatusSummary';
import { retryOptions, runIdFields } from '../common.descriptions';
import { readRunId } from '../parameters';
import { getLiveStatus } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [
	...runIdFields(),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only the overall status, progress, current block and counts instead of the full live status with every block',
	},
	retryOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getStatus'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const status = await getLiveStatus.call(this, runId);
	// The API names the run id run_id here; job_id beside it keeps one name across the node's outputs.
	const json = simplify ? summarizeLiveStatus(status) : { ...status, job_id: status.run_id ?? runId };
	return [{ json, pairedItem: { item: itemIndex } }];
}
