import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { eachItem } from '../eachItem';
import type { Operation } from '../operation';
import { itemParameters, readRunId } from '../../../shared/parameterReader';
import { summarizeLiveStatus } from '../../helpers/runStatusSummary';
import { retryOptions, runIdFields } from '../common.descriptions';
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

export const option: Operation['option'] = {
	name: 'Get Status',
	value: 'getStatus',
	description: 'Get the live status of a run by its job ID: overall progress and each block. Costs no credits; answers at once.',
	action: 'Get the status of a run by job ID at no charge',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getStatus'] } },
	properties,
);

export const execute = eachItem(async function getStatus(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const runId = readRunId(parameters);
	const simplify = parameters.get('simplify', true) as boolean;
	const status = await getLiveStatus.call(this, runId);
	// The API names the run id run_id here; job_id beside it keeps one name across the node's outputs.
	const json = simplify ? summarizeLiveStatus(status) : { ...status, job_id: status.run_id ?? runId };
	return [{ json, pairedItem: { item: itemIndex } }];
});
