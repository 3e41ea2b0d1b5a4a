import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { eachItem } from '../eachItem';
import type { Operation } from '../operation';
import { MAX_RUNS_WINDOW } from '../../../shared/helpers/apiTypes';
import { workflowLocator } from '../../../shared/descriptions';
import { itemParameters, readWholeNumber } from '../../../shared/parameterReader';
import { listRuns } from '../../../shared/transport/runRequests';
import { keepRuns, runListQuery } from '../../helpers/runListFilter';
import { retryOptions } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		hint: `Sixtyfour lists at most the ${MAX_RUNS_WINDOW} most recently queued runs`,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: MAX_RUNS_WINDOW },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: '',
				description:
					'Failed and Queued are picked out of the runs Sixtyfour returns (its API cannot filter them), so fewer runs than the limit may come back',
				options: [
					{ name: 'Active (Queued or Running)', value: 'active' },
					{ name: 'All (Including Failed)', value: '' },
					{ name: 'Cancelled', value: 'cancelled' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Queued', value: 'queued' },
					{ name: 'Running', value: 'running' },
				],
			},
			{ ...workflowLocator, required: false, description: 'Only runs of this workflow' },
		],
	},
	retryOptions,
];

export const option: Operation['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'List runs with their job IDs and status, most recently queued first, filtered by status or workflow. Costs no credits; answers at once.',
	action: 'List workflow runs and their status at no charge',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getMany'] } },
	properties,
);

export const execute = eachItem(async function getMany(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const returnAll = parameters.get('returnAll', false) as boolean;
	const limit = returnAll ? MAX_RUNS_WINDOW : readWholeNumber(parameters, 'limit', 'Limit', { min: 1, max: MAX_RUNS_WINDOW });
	const status = parameters.get('filters.status', '') as string;
	const workflowId = String(parameters.get('filters.workflowId', '', { extractValue: true }) ?? '').trim();
	const query = runListQuery(status);
	const runs = await listRuns.call(this, { status: query.apiStatus, workflowId: workflowId || undefined, limit });
	return keepRuns(runs, query).map((run) => ({ json: { ...run }, pairedItem: { item: itemIndex } }));
});
