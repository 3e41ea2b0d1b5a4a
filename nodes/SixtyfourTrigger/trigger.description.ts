import type { INodeProperties } from 'n8n-workflow';

import { MAX_RUNS_WINDOW } from '../shared/helpers/apiTypes';
import { fileChoiceFields, inferTypesOption, triggerOutputField, workflowLocator } from '../shared/descriptions';

const whenResultsIncluded = (field: INodeProperties): INodeProperties => ({
	...field,
	displayOptions: { show: { ...field.displayOptions?.show, includeResults: [true] } },
});

/** The trigger's parameters; the node class holds the rest of its description. */
export const triggerDescription: INodeProperties[] = [
	{
		displayName: 'Workflows to Watch',
		name: 'workflows',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Workflows', value: 'all', description: 'Runs of every workflow of the account' },
			{ name: 'One Workflow', value: 'one', description: 'Runs of the workflow chosen below' },
		],
	},
	{
		...workflowLocator,
		displayOptions: { show: { workflows: ['one'] } },
		description: 'The Sixtyfour workflow whose runs to watch',
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		default: ['completed'],
		required: true,
		description: 'How a run must have ended to trigger',
		options: [
			{ name: 'Run Cancelled', value: 'cancelled' },
			{ name: 'Run Completed', value: 'completed' },
			{ name: 'Run Failed', value: 'failed' },
		],
	},
	{
		displayName: 'Include Results',
		name: 'includeResults',
		type: 'boolean',
		default: true,
		description:
			'Whether to download and parse each run\'s result rows. Off outputs the run\'s metadata only, with one request per poll.',
	},
	...fileChoiceFields.map(whenResultsIncluded),
	whenResultsIncluded(triggerOutputField),
	whenResultsIncluded({
		displayName: 'Max Rows per Run',
		name: 'maxRowsPerRun',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Rows to read of each run at most; 0 reads every row. The rest of the file is not downloaded.',
	}),
	{
		displayName: 'Runs per Poll',
		name: 'runsPerPoll',
		type: 'number',
		default: 100,
		typeOptions: { minValue: 1, maxValue: MAX_RUNS_WINDOW },
		description: `Most recently queued runs to list at each poll, 1 to ${MAX_RUNS_WINDOW}. On a busy account a higher value saves requests.`,
	},
	whenResultsIncluded({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			inferTypesOption,
		],
	}),
];
