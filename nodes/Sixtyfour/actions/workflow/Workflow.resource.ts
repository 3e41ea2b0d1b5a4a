import type { INodeProperties } from 'n8n-workflow';

import * as run from './run.operation';

export { run };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflow'] } },
		options: [
			{
				name: 'Run',
				value: 'run',
				description: 'Start a workflow run with records and, by default, wait for its enriched rows',
				action: 'Run a workflow',
			},
		],
		default: 'run',
	},
	...run.description,
];
