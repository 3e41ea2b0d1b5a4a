import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { appendAll } from '../../../shared/helpers/appendAll';
import type { NodeMode } from '../../nodeVersions';
import { RunPlan } from '../../helpers/runBatches';
import { asNodeError } from '../../../shared/nodeError';
import { itemParameters, readWorkflowId } from '../../../shared/parameterReader';
import { useRetryLimits } from '../../../shared/transport/sixtyfourRequest';
import { awaitRun } from '../../runEngine/awaitRun';
import { holdSharedChecks } from '../../runEngine/waitSharing';
import type { RowPairing } from '../../runEngine/rowPairing';
import { recordReader } from '../../settings/runRecords';
import { isExpression, perItem } from '../../settings/perItem';
import { readRetryLimits } from '../../settings/retryLimits';
import { readRunSettings, readSpecsOverride, type RunSettings } from '../../settings/runSettings';
import { checkMatchField } from '../../runEngine/matchFieldCheck';
import { failedRunItem, keyScope, start, type StartedRun } from '../../runEngine/startRuns';
import { checkWorkflows } from '../../runEngine/workflowChecks';
import { withColumnsNote } from '../../runEngine/toolAnswers';
import type { Operation } from '../operation';

export { description } from './run.description';

export const option: Operation['option'] = {
	name: 'Run',
	value: 'run',
	description:
		'Enrich companies or people: start a Sixtyfour workflow run with records (each record is billed) and, by default, wait for its enriched rows',
	action: 'Enrich companies or people with a workflow run billed per record and wait for the rows',
};

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
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], mode: NodeMode): Promise<INodeExecutionData[]> {
	// One run serves every item, so its starts and waits all go by item 0's retry limits.
	useRetryLimits(this, readRetryLimits(itemParameters(this, 0), 'runOptions'));
	const settings = readRunSettings(this, mode);
	const output: INodeExecutionData[] = [];
	const plan = new RunPlan();
	const specsByWorkflow = new Map<string, IDataObject | undefined>();
	// Fixed JSON records (or None) are the same for every item: sent once per workflow, not once per item.
	const fixedRecords = settings.source === 'none' || (settings.source === 'json' && !isExpression(this, 'records'));
	// Version 1 paired such a run with the first item of its workflow only; saved workflows keep that.
	const pairEveryItem = fixedRecords && !mode.version1;

	const workflowOf = perItem(this, ['workflowId'], (itemIndex) => readWorkflowId(itemParameters(this, itemIndex)));
	const recordsOf = recordReader(this, items, settings.source);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const workflowId = workflowOf(itemIndex);
			if (fixedRecords && plan.has(workflowId)) {
				if (pairEveryItem) plan.pair(workflowId, itemIndex);
				continue;
			}
			if (!specsByWorkflow.has(workflowId)) specsByWorkflow.set(workflowId, readSpecsOverride(itemParameters(this, itemIndex)));
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
				output.push(mode.asTool ? withColumnsNote([run.item], warned.get(run.batch.workflowId))[0] : run.item);
				continue;
			}
			try {
				const runItems = await awaitRun.call(this, run.jobId, settings.wait, settings.results, pairingOf(run, settings, !pairEveryItem), run.startedAtMs);
				appendAll(output, mode.asTool ? withColumnsNote(runItems, warned.get(run.batch.workflowId)) : runItems);
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
