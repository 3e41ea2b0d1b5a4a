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
				description:
					'Enrich companies or people: start a Sixtyfour workflow run with records (each record is billed) and, by default, wait for its enriched rows',
				action: 'Enrich companies or people with a workflow run billed per record and wait for the rows',
			},
		],
		default: 'run',
	},
	...run.description,
];
