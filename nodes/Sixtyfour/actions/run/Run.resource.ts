import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as getMany from './getMany.operation';
import * as getResultLinks from './getResultLinks.operation';
import * as getResults from './getResults.operation';
import * as getStatus from './getStatus.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { cancel, getMany, getResultLinks, getResults, getStatus, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['run'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Stop a queued or running run by its job ID; a finished run keeps its status. Answers at once.',
				action: 'Cancel a queued or running run by job ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List runs with their job IDs and status, most recently queued first, filtered by status or workflow. Costs no credits; answers at once.',
				action: 'List workflow runs and their status at no charge',
			},
			{
				name: 'Get Result Links',
				value: 'getResultLinks',
				description:
					'Get the signed download links of a run\'s result files, to pass a file on. Costs no credits; answers at once.',
				action: 'Get the result file links of a run at no charge',
			},
			{
				name: 'Get Results',
				value: 'getResults',
				description:
					'Get the enriched rows (or files) of a finished run by its job ID. Costs no credits; answers at once.',
				action: 'Get the enriched rows of a run by job ID at no charge',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Get the live status of a run by its job ID: overall progress and each block. Costs no credits; answers at once.',
				action: 'Get the status of a run by job ID at no charge',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Wait until a run has finished, then get its enriched rows. Costs no credits; waits.',
				action: 'Wait for a run to finish and get its rows at no charge',
			},
		],
		default: 'getStatus',
	},
	...getMany.description,
	...getStatus.description,
	...waitForCompletion.description,
	...getResults.description,
	...getResultLinks.description,
	...cancel.description,
];
