import { randomUUID } from 'crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { appendAll } from '../../../shared/helpers/appendAll';
import { matchFieldProblem } from '../../helpers/rowMatching';
import { RunPlan, type RunBatch } from '../../helpers/runBatches';
import { asNodeError } from '../../../shared/nodeError';
import { itemParameters, readWorkflowId } from '../../../shared/parameterReader';
import { awaitRun } from '../run/awaitRun';
import { holdSharedChecks } from '../run/waitSharing';
import type { RowPairing } from '../rowPairing';
import { recordReader } from './runRecords';
import { invalidInput, isExpression, perItem, readRunSettings, readSpecsOverride, type RunSettings } from './runSettings';
import { failedRunItem, start, type StartedRun } from './startRuns';

export { description } from './run.description';

/** By Field must identify every record of each run; checked before any run starts. */
function checkMatchField(context: IExecuteFunctions, batches: RunBatch[], field: string): void {
	for (const batch of batches) {
		const problem = matchFieldProblem(batch.records, field);
		if (problem) {
			const itemIndex = batch.recordItems[problem.recordIndex];
			throw invalidInput(context, itemIndex, 'Match Field', `the record of item ${itemIndex} ${problem.reason}`);
		}
	}
}

function pairingOf(run: StartedRun, settings: RunSettings): RowPairing {
	const { match } = settings;
	if (!match) return { run: run.pairedItem };
	const { records, recordItems } = run.batch;
	return { run: run.pairedItem, match: { ...match, records, recordItems } };
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
	// Fixed JSON records are the same for every item: read them once, not once per item.
	const itemCount = settings.source === 'items' || isExpression(this, 'records') ? items.length : 1;

	const workflowOf = perItem(this, ['workflowId'], (itemIndex) => readWorkflowId(itemParameters(this, itemIndex)));
	const recordsOf = recordReader(this, items, settings.source);

	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const workflowId = workflowOf(itemIndex);
			if (!specsByWorkflow.has(workflowId)) specsByWorkflow.set(workflowId, readSpecsOverride(this, itemIndex));
			for (const record of recordsOf(itemIndex)) plan.add(workflowId, record, itemIndex);
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
	if (settings.match?.field) checkMatchField(this, batches, settings.match.field);
	const scope = `${this.getExecutionId() ?? randomUUID()}-${this.getNode().id}-${this.getWorkflowDataProxy(0).$runIndex ?? 0}`;
	// Every run is started before any is waited for, so they all work at Sixtyfour at once.
	const started: StartedRun[] = [];
	for (let batchIndex = 0; batchIndex < batches.length; batchIndex++) {
		const batch = batches[batchIndex];
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
				output.push(run.item);
				continue;
			}
			try {
				appendAll(output, await awaitRun.call(this, run.jobId, settings.wait, settings.results, pairingOf(run, settings), run.startedAtMs));
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
