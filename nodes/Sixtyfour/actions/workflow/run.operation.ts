import { randomUUID } from 'crypto';
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
} from 'n8n-workflow';

import { appendAll } from '../../../shared/helpers/appendAll';
import {
	fieldList,
	parseOptionalObject,
	parseRecords,
	pickFields,
	RecordsInputError,
} from '../../helpers/records';
import { RunPlan, runIdempotencyKey, type RunBatch } from '../../helpers/runBatches';
import { resultOptions, resultOutputFields, waitOptions } from '../common.descriptions';
import { workflowLocator } from '../../../shared/descriptions';
import {
	readResultSettings,
	readWaitSettings,
	type ResultSettings,
	type WaitSettings,
} from '../parameters';
import { asNodeError } from '../../../shared/nodeError';
import { itemParameters, readWholeNumber, readWorkflowId } from '../../../shared/parameterReader';
import { awaitRun } from '../run/awaitRun';
import { startRun } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [
	workflowLocator,
	{
		displayName: 'Records',
		name: 'recordsSource',
		type: 'options',
		default: 'items',
		description: 'What to send as the run\'s webhook_payload',
		options: [
			{
				name: 'From Input Items',
				value: 'items',
				description: 'Each incoming item\'s JSON becomes one record; all items go into one run',
			},
			{ name: 'JSON', value: 'json', description: 'One record or a list of records, as JSON' },
			{ name: 'None', value: 'none', description: 'Start the run without records (specs override only)' },
		],
	},
	{
		displayName: 'Fields to Send',
		name: 'fieldsToSend',
		type: 'options',
		default: 'all',
		displayOptions: { show: { recordsSource: ['items'] } },
		options: [
			{ name: 'All Fields', value: 'all' },
			{ name: 'Selected Fields', value: 'selected' },
		],
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. company_name, website',
		description: 'Comma-separated names of the item fields to send',
		displayOptions: { show: { recordsSource: ['items'], fieldsToSend: ['selected'] } },
	},
	{
		displayName: 'Records (JSON)',
		name: 'records',
		type: 'json',
		default: '[\n  {\n    "company_name": "Acme Corp",\n    "website": "acme.com"\n  }\n]',
		required: true,
		description: 'One object or a list of objects; each object is one record',
		displayOptions: { show: { recordsSource: ['json'] } },
	},
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
		waitOptions,
		resultOptions,
	]),
	{
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
					'Key that makes this start happen once only, even across executions (for example a CRM record ID). Empty: a key per execution, so retries of this step never start a second run.',
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
				description: 'Extra formats Sixtyfour should write the results in',
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
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['run'] } },
	properties,
);

function invalidInput(context: IExecuteFunctions, itemIndex: number, parameter: string, error: Error) {
	return new NodeOperationError(context.getNode(), `Invalid "${parameter}": ${error.message}`, { itemIndex });
}

/** True when any of the parameters is written as an expression, so it may differ from item to item. */
function isExpression(context: IExecuteFunctions, ...names: string[]): boolean {
	const parameters = context.getNode().parameters;
	return names.some((name) => {
		const raw = parameters[name];
		const value = raw && typeof raw === 'object' && '__rl' in raw ? raw.value : raw;
		return typeof value === 'string' && value.startsWith('=');
	});
}

/**
 * Reads per item what the parameters give, or once when none of them is an expression, since then
 * every item has the same value (100,000 items would otherwise mean 100,000 parameter resolutions).
 * A read that fails is not kept, so each item still gets its own error.
 */
function perItem<T>(context: IExecuteFunctions, names: string[], read: (itemIndex: number) => T): (itemIndex: number) => T {
	if (isExpression(context, ...names)) return read;
	let fixed: { value: T } | undefined;
	return (itemIndex) => (fixed ??= { value: read(itemIndex) }).value;
}

/** How one input item becomes records, for the chosen source. */
function recordReader(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	source: string,
): (itemIndex: number) => IDataObject[] {
	if (source === 'json') return (itemIndex) => parseRecords(context.getNodeParameter('records', itemIndex));
	if (source !== 'items') return () => [];
	const chosenFields = perItem(context, ['fieldsToSend', 'fields'], (itemIndex) => {
		if (context.getNodeParameter('fieldsToSend', itemIndex, 'all') === 'all') return undefined;
		const fields = fieldList(context.getNodeParameter('fields', itemIndex, '') as string);
		if (!fields.length) throw new RecordsInputError('name at least one field');
		return fields;
	});
	return (itemIndex) => {
		const fields = chosenFields(itemIndex);
		const json = items[itemIndex].json;
		return [fields ? pickFields(json, fields) : json];
	};
}

interface RunSettings {
	source: string;
	recordsPerRun: number;
	wait?: WaitSettings;
	results?: ResultSettings;
	userKey: string;
	qs: IDataObject;
}

function readRunSettings(context: IExecuteFunctions): RunSettings {
	const source = context.getNodeParameter('recordsSource', 0, 'items') as string;
	if (!['items', 'json', 'none'].includes(source)) {
		throw new NodeOperationError(context.getNode(), `Invalid "Records": unknown choice ${JSON.stringify(source)}`);
	}
	const waitForCompletion = context.getNodeParameter('waitForCompletion', 0, true) as boolean;
	const qs: IDataObject = {};
	if (context.getNodeParameter('runOptions.saveJson', 0, false)) qs.save_json = true;
	const formats = context.getNodeParameter('runOptions.resultFormats', 0, []) as string[];
	if (formats.length) qs.result_formats = formats;
	return {
		source,
		recordsPerRun: readWholeNumber(itemParameters(context, 0), 'runOptions.recordsPerRun', 'Records per Run', { min: 0, fallback: 0 }),
		wait: waitForCompletion ? readWaitSettings(context, 0) : undefined,
		results: waitForCompletion ? readResultSettings(context, 0) : undefined,
		userKey: String(context.getNodeParameter('runOptions.idempotencyKey', 0, '')).trim(),
		qs,
	};
}

function readSpecsOverride(context: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	try {
		return parseOptionalObject(context.getNodeParameter('runOptions.specsOverride', itemIndex, ''));
	} catch (error) {
		throw invalidInput(context, itemIndex, 'Specs Override', error as Error);
	}
}

/**
 * Starts one run per workflow for all input items (split by Records per Run), optionally waits for
 * each and returns its rows. Every parameter is checked before the first run is started.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const settings = readRunSettings(this);
	const output: INodeExecutionData[] = [];
	const plan = new RunPlan();
	const specsByWorkflow = new Map<string, IDataObject | undefined>();
	// Fixed JSON records are the same for every item: read them once, not once per item.
	const itemCount = settings.source === 'items' || isExpression(this, 'records') ? items.length : 1;

	const workflowOf = perItem(this, ['workflowId'], (itemIndex) => readWorkflowId(itemParameters(this, itemIndex)));
	const recordsOf = recordReader(this, items, settings.source);

	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const workflowId = workflowOf(itemIndex);
			if (!specsByWorkflow.has(workflowId)) specsByWorkflow.set(workflowId, readSpecsOverride(this, itemIndex));
			let records: IDataObject[];
			try {
				records = recordsOf(itemIndex);
			} catch (error) {
				const parameter = settings.source === 'json' ? 'Records (JSON)' : 'Fields';
				throw invalidInput(this, itemIndex, parameter, error as Error);
			}
			for (const record of records) plan.add(workflowId, record, itemIndex);
			// A run without records still needs a place in the plan.
			if (settings.source === 'none') plan.add(workflowId, {}, itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}

	if (plan.size === 0 && output.length === 0) {
		throw new NodeOperationError(this.getNode(), 'There are no records to send, so no run was started', {
			description: 'Give at least one record, or choose Records → None to start the run without any.',
		});
	}

	const batches = plan.batches(settings.recordsPerRun);
	const scope = `${this.getExecutionId() ?? randomUUID()}-${this.getNode().id}-${this.getWorkflowDataProxy(0).$runIndex ?? 0}`;
	// Every run is started before any is waited for, so they all work at Sixtyfour at once.
	const started: StartedRun[] = [];
	for (let batchIndex = 0; batchIndex < batches.length; batchIndex++) {
		const batch = batches[batchIndex];
		const pairedItem: IPairedItemData[] = batch.itemIndexes.map((item) => ({ item }));
		try {
			const idempotencyKey = runIdempotencyKey(scope, batchIndex, settings.userKey || undefined);
			started.push(await start.call(this, batch, settings, specsByWorkflow.get(batch.workflowId), idempotencyKey, pairedItem));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			output.push(failedRunItem(error, batch, pairedItem));
		}
	}

	for (const run of started) {
		if (!settings.wait || !settings.results) {
			output.push(run.item);
			continue;
		}
		try {
			const pairedItem = run.item.pairedItem as IPairedItemData[];
			appendAll(output, await awaitRun.call(this, run.jobId, settings.wait, settings.results, pairedItem, run.startedAtMs));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			output.push(failedRunItem(error, run.batch, run.item.pairedItem as IPairedItemData[], run.jobId));
		}
	}
	return output;
}

interface StartedRun {
	jobId: string;
	batch: RunBatch;
	startedAtMs: number;
	/** What the node outputs for this run when it does not wait. */
	item: INodeExecutionData;
}

function failedRunItem(error: unknown, batch: RunBatch, pairedItem: IPairedItemData[], jobId?: string): INodeExecutionData {
	const json: IDataObject = { error: (error as Error).message, workflow_id: batch.workflowId, records: batch.records.length };
	if (jobId) json.job_id = jobId;
	return { json, pairedItem };
}

async function start(
	this: IExecuteFunctions,
	batch: RunBatch,
	settings: RunSettings,
	specsOverride: IDataObject | undefined,
	idempotencyKey: string,
	pairedItem: IPairedItemData[],
): Promise<StartedRun> {
	const body: IDataObject = {};
	if (settings.source !== 'none') body.webhook_payload = batch.records;
	if (specsOverride) body.specs_override = specsOverride;
	const answer = await startRun.call(this, { workflowId: batch.workflowId, body, idempotencyKey, qs: settings.qs });
	const recordsSent = settings.source === 'none' ? 0 : batch.records.length;
	this.logger.info(
		`Sixtyfour run ${answer.job_id} ${answer.already_started ? 'was already started' : 'started'} for workflow ${batch.workflowId} with ${recordsSent} records`,
	);
	return {
		jobId: answer.job_id,
		batch,
		startedAtMs: Date.now(),
		item: {
			json: {
				job_id: answer.job_id,
				workflow_id: answer.workflow_id ?? batch.workflowId,
				status: answer.status,
				records_sent: recordsSent,
				already_started: answer.already_started === true,
			},
			pairedItem,
		},
	};
}
