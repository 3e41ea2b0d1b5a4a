import { randomUUID } from 'crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { appendAll } from '../../../shared/helpers/appendAll';
import type { KeyScope } from '../../helpers/idempotencyKey';
import { keeps010Output } from '../nodeVersions';
import { matchFieldProblem } from '../../helpers/rowMatching';
import { pathSegments, valueAtPath } from '../../helpers/records';
import { RunPlan, type RunBatch } from '../../helpers/runBatches';
import { ownValue } from '../../../shared/helpers/ownProperty';
import { asNodeError } from '../../../shared/nodeError';
import { itemParameters, readWorkflowId } from '../../../shared/parameterReader';
import { awaitRun } from '../run/awaitRun';
import { holdSharedChecks } from '../run/waitSharing';
import type { RowPairing } from '../rowPairing';
import { recordReader } from './runRecords';
import { invalidInput, isExpression, perItem, readRunSettings, readSpecsOverride, type RecordsSource, type RunSettings } from './runSettings';
import { failedRunItem, start, type StartedRun } from './startRuns';
import { checkWorkflows } from './workflowChecks';
import { runsAsTool } from '../tool/toolErrors';
import { withColumnsNote } from '../tool/toolColumns';

export { description } from './run.description';

/** What to do when a field cannot tell records apart. */
const MATCH_FIELD_HINT =
	'Match by a field with a different value in every record, such as the CRM id, and send it with the records: Sixtyfour passes fields its workflow does not declare through to the rows. Records identical in every field sent may share a value: they get their rows in order.';

/** A record as messages name it, counted from 0 as n8n counts items: "the record of item 3", "record 2 of item 0". */
function recordName(batch: RunBatch, recordIndex: number, source: RecordsSource, fixedRecords: boolean): string {
	const item = batch.recordItems[recordIndex];
	if (source !== 'json') return `the record of item ${item}`;
	const place = batch.recordPlaces[recordIndex];
	return fixedRecords ? `record ${place}` : `record ${place} of item ${item}`;
}

/** By Field must identify every record of each run, but records identical in every field sent; checked before any run starts. */
function checkMatchField(context: IExecuteFunctions, items: INodeExecutionData[], batches: RunBatch[], field: string, source: RecordsSource, fixedRecords: boolean): void {
	for (const batch of batches) {
		const problem = matchFieldProblem(batch.records, field);
		if (!problem) continue;
		const itemIndex = batch.recordItems[problem.recordIndex];
		const name = recordName(batch, problem.recordIndex, source, fixedRecords);
		if (problem.kind === 'shared') {
			const other = recordName(batch, problem.otherIndex, source, fixedRecords);
			const reason = `${name} has the same "${field}" as ${other} (${JSON.stringify(problem.value)}) but differs from it in other fields, so their rows cannot be told apart`;
			throw invalidInput(context, itemIndex, 'Match Field', reason, MATCH_FIELD_HINT);
		}
		const sentAs = pathSegments(field).pop();
		if (sentAs && sentAs !== field && ownValue(batch.records[problem.recordIndex], sentAs) !== undefined) {
			throw invalidInput(context, itemIndex, 'Match Field', `${name} has no "${field}": a path is sent under its last name, "${sentAs}"`, `Set Match Field to "${sentAs}".`);
		}
		if (source === 'items' && valueAtPath(items[itemIndex].json, field) !== undefined) {
			throw invalidInput(
				context,
				itemIndex,
				'Match Field',
				`${name} has no "${field}": the input item has it, but it is not among the fields sent`,
				`Add "${field}" to the fields sent (Fields or Mapped Fields): Sixtyfour passes fields its workflow does not declare through to the rows, so they can be matched by it.`,
			);
		}
		throw invalidInput(context, itemIndex, 'Match Field', `${name} has no value in "${field}"`, MATCH_FIELD_HINT);
	}
}

/** What makes this node execution's default Idempotency-Keys its own (see runIdempotencyKey). */
function keyScope(context: IExecuteFunctions): KeyScope {
	return {
		// getInstanceId is on every n8n 1.x and 2.x context; the guard keeps older hosts working.
		instanceId: typeof context.getInstanceId === 'function' ? String(context.getInstanceId() ?? '') : '',
		executionId: context.getExecutionId() ?? randomUUID(),
		nodeId: context.getNode().id,
		runIndex: context.getWorkflowDataProxy(0).$runIndex ?? 0,
	};
}

/** `recordsOfItems`: false for fixed records, which come from no input item, so their rows pair like the run. */
function pairingOf(run: StartedRun, settings: RunSettings, recordsOfItems: boolean): RowPairing {
	const { match } = settings;
	if (!match) return { run: run.pairedItem };
	const { records, recordItems } = run.batch;
	return { run: run.pairedItem, match: { ...match, records, recordItems: recordsOfItems ? recordItems : undefined } };
}

/**
 * Starts one run per workflow for all input items (split by Records per Run), optionally waits for
 * each and returns its rows. Every parameter and record is checked before the first run is started.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const settings = readRunSettings(this);
	const output: INodeExecutionData[] = [];
	const plan = new RunPlan();
	const specsByWorkflow = new Map<string, IDataObject | undefined>();
	// Fixed JSON records (or None) are the same for every item: sent once per workflow, not once per item.
	const fixedRecords = settings.source === 'none' || (settings.source === 'json' && !isExpression(this, 'records'));
	// Version 1 paired such a run with the first item of its workflow only; saved workflows keep that.
	const pairEveryItem = fixedRecords && !keeps010Output(this);

	const workflowOf = perItem(this, ['workflowId'], (itemIndex) => readWorkflowId(itemParameters(this, itemIndex)));
	const recordsOf = recordReader(this, items, settings.source);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const workflowId = workflowOf(itemIndex);
			if (fixedRecords && plan.has(workflowId)) {
				if (pairEveryItem) plan.pair(workflowId, itemIndex);
				continue;
			}
			if (!specsByWorkflow.has(workflowId)) specsByWorkflow.set(workflowId, readSpecsOverride(this, itemIndex));
			recordsOf(itemIndex).forEach((record, place) => plan.add(workflowId, record, itemIndex, place));
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
	if (settings.match?.field) checkMatchField(this, items, batches, settings.match.field, settings.source, fixedRecords);
	const { refused, warned } = await checkWorkflows.call(this, batches, settings.source !== 'none');
	const toModel = runsAsTool(this);
	const firstRefused = batches.find((batch) => refused.has(batch.workflowId));
	// Refused before any run starts, so that no other workflow's run is billed for an execution that fails.
	if (firstRefused && !this.continueOnFail()) throw refused.get(firstRefused.workflowId);
	const scope = keyScope(this);
	// Every run is started before any is waited for, so they all work at Sixtyfour at once.
	const started: StartedRun[] = [];
	for (let batchIndex = 0; batchIndex < batches.length; batchIndex++) {
		const batch = batches[batchIndex];
		const refusal = refused.get(batch.workflowId);
		if (refusal) {
			output.push(failedRunItem(refusal, batch));
			continue;
		}
		try {
			started.push(await start.call(this, batch, batchIndex, settings, specsByWorkflow.get(batch.workflowId), scope));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			output.push(failedRunItem(error, batch));
		}
	}

	const waiting = settings.wait && settings.results && started.length > 1;
	const release = waiting ? await holdSharedChecks.call(this, started.map((run) => run.jobId)) : undefined;
	try {
		for (const run of started) {
			if (!settings.wait || !settings.results) {
				output.push(toModel ? withColumnsNote([run.item], warned.get(run.batch.workflowId))[0] : run.item);
				continue;
			}
			try {
				const runItems = await awaitRun.call(this, run.jobId, settings.wait, settings.results, pairingOf(run, settings, !pairEveryItem), run.startedAtMs);
				appendAll(output, toModel ? withColumnsNote(runItems, warned.get(run.batch.workflowId)) : runItems);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
				output.push(failedRunItem(error, run.batch, run.jobId));
			}
		}
	} finally {
		release?.();
	}
	return output;
}
