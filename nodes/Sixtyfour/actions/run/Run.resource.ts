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
				description: 'Stop a queued or running run; a finished run keeps its status',
				action: 'Cancel a run',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List runs, most recently queued first, filtered by status or workflow',
				action: 'Get many runs',
			},
			{
				name: 'Get Result Links',
				value: 'getResultLinks',
				description: 'Get the signed download links of a run\'s result files, to pass a file on',
				action: 'Get the result links of a run',
			},
			{
				name: 'Get Results',
				value: 'getResults',
				description: 'Get the result rows or files of a run',
				action: 'Get the results of a run',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the live status of a run: overall progress and each block',
				action: 'Get the status of a run',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Wait until a run has finished, then get its results',
				action: 'Wait for a run to complete',
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
