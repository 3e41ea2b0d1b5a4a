import type { INodeProperties } from 'n8n-workflow';

/** Parameter fragments that the action node and the triggers share. */

export const workflowLocator: INodeProperties = {
	displayName: 'Workflow',
	name: 'workflowId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The Sixtyfour workflow. The list shows every workflow; where Sixtyfour cannot list them (an older deployment, or a key without access) it shows those in the runs history, marked "from runs history", and one that has never run needs By ID.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchWorkflows', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. wf_abc123',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\S+$', errorMessage: 'A workflow ID has no spaces' },
				},
			],
		},
	],
};

export const fileChoiceFields: INodeProperties[] = [
	{
		displayName: 'Result File',
		name: 'resultFile',
		type: 'options',
		default: 'final',
		description: 'Each block of a Sixtyfour workflow writes its own result file',
		options: [
			{ name: 'Final Results', value: 'final', description: 'The file of the last block: the enriched rows' },
			{ name: 'All Files', value: 'all', description: 'Every block\'s file, in block order' },
			{ name: 'One Block', value: 'block', description: 'The file of the block number given' },
		],
	},
	{
		displayName: 'Block Number',
		name: 'blockNumber',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { resultFile: ['block'] } },
		description: 'Sequence number of the block whose file to read, from 1',
	},
];

/** The result rows' type inference, offered wherever rows are parsed. */
export const inferTypesOption: INodeProperties = {
	displayName: 'Infer Types',
	name: 'inferTypes',
	type: 'boolean',
	default: false,
	description:
		'Whether to turn numbers and true/false into numbers and booleans, and empty values into null. Off keeps every value as text, so zip codes and phone numbers keep their leading zeros.',
};

/** The triggers' output shapes (nodes/shared/triggerItems.ts): one item per run, or one per row. */
export const triggerOutputField: INodeProperties = {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'run',
		options: [
			{ name: 'One Item per Run', value: 'run', description: 'The run\'s metadata with its rows as a list in "rows"' },
			{
				name: 'One Item per Row',
				value: 'row',
				description: 'Each result row with the run\'s job ID, workflow and status added as sixtyfour_* fields',
			},
		],
	};
