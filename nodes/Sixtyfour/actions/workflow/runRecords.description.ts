import type { INodeProperties } from 'n8n-workflow';

import { byToolMode, FROM_VERSION_2, RECORDS_DEFAULT_V1, TOOL_V2, VERSION_1 } from '../../nodeVersions';
import { toolRecords, toolRecordsSource } from '../tool.descriptions';

/** Workflow → Run's records: where they come from and which fields go (read by settings/runRecords.ts). */

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

/** Records, and the parameters that say which fields of each item are sent. */
export const recordFields: INodeProperties[] = [
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
