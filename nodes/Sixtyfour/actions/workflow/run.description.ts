import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { workflowLocator } from '../../../shared/descriptions';
import { resultOptions, resultOutputFields, retryOptionFields, waitOptions } from '../common.descriptions';
import { toolNotice } from '../tool.descriptions';
import { recordFields } from './runRecords.description';

const matchFields: INodeProperties[] = [
	{
		displayName: 'Match Rows to Input',
		name: 'matchRows',
		type: 'options',
		default: 'auto',
		description: 'How each result row finds the input item its record came from, so that $(\'Source\').item works after this node',
		displayOptions: { show: { resultOutput: ['rows'] }, hide: { recordsSource: ['none'] } },
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description:
					'Each row by the first field whose value is one record\'s only (ID, email, LinkedIn URL, website, domain… first); records identical in every field get their rows in order',
			},
			{ name: 'By Field', value: 'field', description: 'By the field you name' },
			{
				name: 'None',
				value: 'none',
				description: 'Rows are paired with the first and last item of their run, without sixtyfour_matched; $(\'Source\').item then fails as ambiguous',
			},
		],
	},
	{
		displayName: 'Match Field',
		name: 'matchField',
		type: 'string',
		default: '',
		required: true,
		requiresDataPath: 'single',
		placeholder: 'e.g. website',
		description:
			'Field of the records that Sixtyfour passes through to the rows, with a different value in every record of a run but records identical in every field; checked before any run starts',
		displayOptions: { show: { resultOutput: ['rows'], matchRows: ['field'] }, hide: { recordsSource: ['none'] } },
	},
];

const runOptions: INodeProperties = {
	displayName: 'Options',
	name: 'runOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				'Starts a run once only, across executions, for the same request. Sent as &lt;key&gt;-&lt;n&gt;-&lt;digest&gt;: n is the run\'s number in this execution, digest the first 16 hex digits of the SHA-256 of its workflow ID, records, specs override and result formats, so the same key with other records starts a new run. Empty: n8n-&lt;instance&gt;-&lt;execution&gt;-&lt;node&gt;-&lt;run index&gt;-&lt;n&gt;-&lt;digest&gt;, unique to this n8n instance and request, so retries of this step never start a second run and another instance sharing the API key never gets this one.',
		},
		...retryOptionFields,
		{
			displayName: 'Output Records Without a Row',
			name: 'outputRecordsWithoutRow',
			type: 'boolean',
			default: true,
			description:
				'Whether records no row was matched to are output, as sent, with sixtyfour_matched: false (every row has the flag too). Needs Match Rows to Input. Node version 1 (workflows from 0.1.0) does neither unless this is set.',
			// Applies only where rows are matched to records: waiting, one item per row, matching not None.
			displayOptions: {
				show: { '/waitForCompletion': [true], '/resultOutput': ['rows'], '/matchRows': ['auto', 'field'] },
				hide: { '/recordsSource': ['none'] },
			},
		},
		{
			displayName: 'Records per Run',
			name: 'recordsPerRun',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: 'Split the records into runs of at most this many; 0 sends all of them in one run',
		},
		{
			displayName: 'Result Formats',
			name: 'resultFormats',
			type: 'multiOptions',
			default: [],
			description:
				'Formats Sixtyfour should write the results in. The node reads the rows from the CSV, so CSV is added when it waits for them; without CSV, Get Results and Wait for Completion cannot read the run later.',
			options: [
				{ name: 'CSV', value: 'csv' },
				{ name: 'JSON', value: 'json' },
				{ name: 'NDJSON', value: 'ndjson' },
			],
		},
		{
			displayName: 'Save JSON',
			name: 'saveJson',
			type: 'boolean',
			default: false,
			description: 'Whether Sixtyfour should also save the results as JSON',
		},
		{
			displayName: 'Specs Override',
			name: 'specsOverride',
			type: 'json',
			default: '{}',
			description:
				'Overrides the specs of the first block, as a JSON object. See the workflow editor\'s "Workflow API Reference" for the options of each block.',
		},
	],
};

const properties: INodeProperties[] = [
	toolNotice,
	workflowLocator,
	...recordFields,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the run has finished and return its enriched rows. Off: return the started run\'s job_id at once.',
	},
	...updateDisplayOptions({ show: { waitForCompletion: [true] } }, [
		...resultOutputFields,
		...matchFields,
		waitOptions,
		resultOptions,
	]),
	runOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['run'] } },
	properties,
);
