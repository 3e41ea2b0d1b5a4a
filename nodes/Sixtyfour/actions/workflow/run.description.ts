import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { workflowLocator } from '../../../shared/descriptions';
import { resultOptions, resultOutputFields, retryOptionFields, waitOptions } from '../common.descriptions';
import { byToolMode, FROM_VERSION_2, RECORDS_DEFAULT_V1, TOOL_V2, VERSION_1 } from '../../nodeVersions';
import { toolNotice, toolRecords, toolRecordsSource } from '../tool.descriptions';

const recordsJson: INodeProperties = {
	displayName: 'Records (JSON)',
	name: 'records',
	type: 'json',
	default: '',
	required: true,
	placeholder: '[{ "company_name": "Acme Corp", "website": "acme.com" }]',
	description: 'One object or a list of objects; each object is one record. Every record is billed.',
	displayOptions: { show: { recordsSource: ['json'], ...FROM_VERSION_2 }, hide: { '@tool': [true] } },
};

// Version 1 started with a sample record, which its workflows did not save when left unchanged.
const recordsJsonV1: INodeProperties = {
	...recordsJson,
	default: RECORDS_DEFAULT_V1,
	displayOptions: { show: { recordsSource: ['json'], ...VERSION_1 } },
};

// The version 2 tool asks the model for the records (see byToolMode for why tools split by version).
const recordsJsonToolV2: INodeProperties = {
	...recordsJson,
	...toolRecords,
	displayOptions: { show: { recordsSource: ['json'], ...TOOL_V2 } },
};

const fieldsToSendV1: INodeProperties = {
	displayName: 'Fields to Send',
	name: 'fieldsToSend',
	type: 'options',
	default: 'all',
	displayOptions: { show: { recordsSource: ['items'], ...VERSION_1 } },
	options: [
		{ name: 'All Fields', value: 'all', description: 'The item\'s JSON as it is' },
		{ name: 'Selected Fields', value: 'selected', description: 'Fields of the item, by name or dot path' },
		{
			name: 'Mapped Fields',
			value: 'mapped',
			description: 'Records built field by field: a name and a value (usually an expression) for each',
		},
	],
};

// Version 2 adds the workflow's own columns; the choices of version 1 and its default stay as they were.
const fieldsToSendV2: INodeProperties = {
	...fieldsToSendV1,
	displayOptions: { show: { recordsSource: ['items'], ...FROM_VERSION_2 } },
	options: [
		...(fieldsToSendV1.options ?? []),
		{
			name: 'Workflow Columns',
			value: 'columns',
			description: 'The columns the chosen workflow expects, each mapped to a value; other fields can be added',
		},
	],
};

const mappedFieldValues: INodeProperties['options'] = [
	{
		displayName: 'Field',
		name: 'field',
		values: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. company_name' },
			{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. {{ $json.company }}' },
		],
	},
];

/** Version 2's Workflow Columns: a resource mapper whose columns come from the workflow's input_schema. */
const workflowColumns: INodeProperties[] = [
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: 'The columns the chosen workflow\'s webhook block expects; a column left empty is not sent',
		typeOptions: {
			loadOptionsDependsOn: ['workflowId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getWorkflowColumns',
				mode: 'add',
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'The workflow declares no columns n8n can read: add each field to send under Other Fields below',
			},
		},
		displayOptions: { show: { recordsSource: ['items'], fieldsToSend: ['columns'], ...FROM_VERSION_2 } },
	},
	{
		displayName: 'Other Fields',
		name: 'mappedFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'Fields the workflow does not declare, sent with each record (Sixtyfour passes them through to the rows), by name and value',
		displayOptions: { show: { recordsSource: ['items'], fieldsToSend: ['columns'], ...FROM_VERSION_2 } },
		options: mappedFieldValues,
	},
];

const recordFields: INodeProperties[] = [
	...byToolMode({
		displayName: 'Records',
		name: 'recordsSource',
		type: 'options',
		default: 'items',
		description: 'The records the run enriches, such as companies or leads. Sixtyfour bills each record.',
		options: [
			{
				name: 'From Input Items',
				value: 'items',
				description: 'Each incoming item becomes one billed record; all items go into one run',
			},
			{ name: 'JSON', value: 'json', description: 'One record or a list of records, as JSON' },
			{ name: 'None', value: 'none', description: 'Start the run without records (specs override only)' },
		],
	}, toolRecordsSource),
	{
		displayName:
			'Each input item is one record, and Sixtyfour bills every record: all of this node\'s input items go into one run (Records per Run in Options splits them)',
		name: 'billingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { recordsSource: ['items'] } },
	},
	fieldsToSendV1,
	fieldsToSendV2,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		required: true,
		requiresDataPath: 'multiple',
		placeholder: 'e.g. company_name, properties.website',
		description:
			'Comma-separated names or dot paths of the item fields to send; drag them from the input. A path is sent under its last name (properties.website as website). An item without one of them stops the node before any run starts.',
		displayOptions: { show: { recordsSource: ['items'], fieldsToSend: ['selected'] } },
	},
	{
		displayName: 'Mapped Fields',
		name: 'mappedFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'Each record\'s fields, by name; a value is usually an expression that reads the item, dragged from the input',
		displayOptions: { show: { recordsSource: ['items'], fieldsToSend: ['mapped'] } },
		options: mappedFieldValues,
	},
	...workflowColumns,
	recordsJson,
	recordsJsonV1,
	recordsJsonToolV2,
];

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
