import type { INodeProperties } from 'n8n-workflow';

import { fileChoiceFields, inferTypesOption } from '../../shared/descriptions';
import { RETRY_OPTION_NAMES } from '../../shared/helpers/apiFailure';
import { FROM_VERSION_2, VERSION_1 } from '../nodeVersions';

/** Parameter fragments that several operations share. */

/** How long a completed run's result files are waited for, unless the user says otherwise. */
export const DEFAULT_FILE_WAIT_SECONDS = 120;

const RUN_ID_DESCRIPTION = 'The job_id that starting the run returned';

/**
 * Run ID: a plain text field in version 1, a resource locator (recent runs, or by ID) from
 * version 2. Both are saved under the same name, and readRunId reads either.
 */
export function runIdFields(description = RUN_ID_DESCRIPTION): INodeProperties[] {
	return [
		{
			displayName: 'Run ID',
			name: 'runId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. run_xyz789',
			description,
			displayOptions: { show: VERSION_1 },
		},
		{
			displayName: 'Run ID',
			name: 'runId',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: `${description.replace(/\.$/, '')}. The list shows the most recently queued runs.`,
			displayOptions: { show: FROM_VERSION_2 },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchRuns', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. run_xyz789',
					validation: [
						{ type: 'regex', properties: { regex: '^\\S+$', errorMessage: 'A run ID has no spaces' } },
					],
				},
			],
		},
	];
}

/** How result rows become items; shared by Get Results, Wait for Completion and Run. */
export const resultOutputFields: INodeProperties[] = [
	...fileChoiceFields,
	{
		displayName: 'Output',
		name: 'resultOutput',
		type: 'options',
		default: 'rows',
		options: [
			{ name: 'One Item per Row', value: 'rows', description: 'Each result row becomes an item' },
			{
				name: 'One Item per File',
				value: 'files',
				description: 'Each result file becomes an item with the CSV as binary data',
			},
		],
	},
];

/** Result options that apply to one output shape only, shown with it (the path is the operation's Output). */
const ROWS_ONLY = { show: { '/resultOutput': ['rows'] } };
const FILES_ONLY = { show: { '/resultOutput': ['files'] } };

const resultOptionFields: INodeProperties[] = [
	{
		displayName: 'Add Run Metadata',
		name: 'addRunMetadata',
		type: 'boolean',
		default: false,
		displayOptions: ROWS_ONLY,
		description:
			'Whether to add sixtyfour_job_id, sixtyfour_block_number and sixtyfour_filename to each row',
	},
	{
		displayName: 'Binary Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: FILES_ONLY,
		description: 'Name of the binary property that holds the file, when the output is one item per file',
	},
	{ ...inferTypesOption, displayOptions: ROWS_ONLY },
	{
		displayName: 'Max Rows',
		name: 'maxRows',
		type: 'number',
		default: 0,
		displayOptions: ROWS_ONLY,
		typeOptions: { minValue: 0 },
		description: 'Stop after this many rows over all files; 0 returns every row. The rest of the file is not downloaded.',
	},
	{
		displayName: 'Wait for Result Files (Seconds)',
		name: 'fileWaitSeconds',
		type: 'number',
		default: DEFAULT_FILE_WAIT_SECONDS,
		typeOptions: { minValue: 0 },
		description:
			'Sixtyfour publishes a run\'s result files a few seconds after the run completes. How long to wait for them before failing; 0 fails at once.',
	},
];

const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Cancel Run When Execution Stops',
		name: 'cancelOnStop',
		type: 'boolean',
		default: false,
		description: 'Whether to cancel the Sixtyfour run when this n8n execution is stopped while waiting',
	},
	{
		displayName: 'Max Poll Interval (Seconds)',
		name: 'maxPollIntervalSeconds',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 1 },
		description: 'Longest time between two status checks',
	},
	{
		displayName: 'Min Poll Interval (Seconds)',
		name: 'minPollIntervalSeconds',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 1 },
		description:
			'Shortest time between two status checks. Checks start short and grow as the run goes on, and come sooner when the run is nearly done.',
	},
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Stop with an error; the run goes on at Sixtyfour' },
			{ name: 'Cancel the Run', value: 'cancel', description: 'Cancel the run at Sixtyfour, then stop with an error' },
			{
				name: 'Return Run Status',
				value: 'returnStatus',
				description: 'Output the run\'s status (with timed_out: true) so a later step can pick it up',
			},
		],
	},
	{
		displayName: 'Partial Results of Cancelled Runs',
		name: 'partialResults',
		type: 'boolean',
		default: false,
		description:
			'Whether a run that was cancelled returns the rows it had finished. Off: a cancelled run is an error.',
	},
	{
		displayName: 'Timeout (Minutes)',
		name: 'timeoutMinutes',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 0.1 },
		description: 'How long to wait for the run to finish',
	},
];

export const resultOptions: INodeProperties = {
	displayName: 'Result Options',
	name: 'resultOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: resultOptionFields,
};

export const waitOptions: INodeProperties = {
	displayName: 'Wait Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: waitOptionFields,
};

/** The transport's retry limits for 429, 5xx and connection failures, in every operation's Options. */
export const retryOptionFields: INodeProperties[] = [
	{
		displayName: RETRY_OPTION_NAMES.maxTries,
		name: 'maxTries',
		type: 'number',
		// DEFAULT_RETRY_POLICY's; n8n's lint wants a literal default.
		default: 5,
		typeOptions: { minValue: 1, maxValue: 20 },
		description:
			'Tries per request to Sixtyfour, the first included, when it answers 429 (rate limited) or 5xx or cannot be reached. A run start is retried with its Idempotency-Key, so it is never billed twice.',
	},
	{
		displayName: RETRY_OPTION_NAMES.maxWait,
		name: 'maxRetryWaitSeconds',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 0 },
		description: 'Longest time spent waiting between the tries of one request, summed',
	},
];

/** Options of an operation that has no other: the retry limits. */
export const retryOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: retryOptionFields,
};
