import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { runIdempotencyKey, type KeyScope } from '../helpers/idempotencyKey';
import type { RunBatch } from '../helpers/runBatches';
import { startRun } from '../../shared/transport/runRequests';
import { checkAlreadyStarted } from './alreadyStartedCheck';
import type { RunSettings } from '../settings/runSettings';

/** What makes this node execution's default Idempotency-Keys its own (see runIdempotencyKey). */
export function keyScope(context: IExecuteFunctions): KeyScope {
	return {
		// getInstanceId is on every n8n 1.x and 2.x context; the guard keeps older hosts working.
		instanceId: typeof context.getInstanceId === 'function' ? String(context.getInstanceId() ?? '') : '',
		executionId: context.getExecutionId() ?? randomUUID(),
		nodeId: context.getNode().id,
		runIndex: context.getWorkflowDataProxy(0).$runIndex ?? 0,
	};
}

export interface StartedRun {
	jobId: string;
	batch: RunBatch;
	startedAtMs: number;
	/** Every input item of the run. */
	pairedItem: IPairedItemData[];
	/** What the node outputs for this run when it does not wait. */
	item: INodeExecutionData;
}

export function runPairedItems(batch: RunBatch): IPairedItemData[] {
	return batch.itemIndexes.map((item) => ({ item }));
}

/** The item of a run that could not be started or waited for, under Continue On Fail. */
export function failedRunItem(error: unknown, batch: RunBatch, jobId?: string): INodeExecutionData {
	const json: IDataObject = { error: (error as Error).message, workflow_id: batch.workflowId, records: batch.records.length };
	if (jobId) json.job_id = jobId;
	return { json, pairedItem: runPairedItems(batch) };
}

/**
 * Starts one run. `scope` names this node execution, so that every retry of the start (the
 * transport's and n8n's Retry On Fail) carries the same Idempotency-Key. A run Sixtyfour says was
 * already started is checked to be this request's before it is used.
 */
export async function start(
	this: IExecuteFunctions,
	batch: RunBatch,
	batchIndex: number,
	settings: RunSettings,
	specsOverride: IDataObject | undefined,
	scope: KeyScope,
): Promise<StartedRun> {
	const body: IDataObject = {};
	if (settings.source !== 'none') body.webhook_payload = batch.records;
	if (specsOverride) body.specs_override = specsOverride;
	const content = { workflowId: batch.workflowId, body, qs: settings.qs };
	const idempotencyKey = runIdempotencyKey(scope, batchIndex, content, settings.userKey);
	const answer = await startRun.call(this, { workflowId: batch.workflowId, body, idempotencyKey, qs: settings.qs });
	const recordsSent = settings.source === 'none' ? 0 : batch.records.length;
	if (answer.already_started === true) {
		await checkAlreadyStarted.call(this, answer, { workflowId: batch.workflowId, records: recordsSent }, idempotencyKey);
	}
	this.logger.info(
		`Sixtyfour run ${answer.job_id} ${answer.already_started ? 'was already started' : 'started'} for workflow ${batch.workflowId} with ${recordsSent} records`,
	);
	const pairedItem = runPairedItems(batch);
	return {
		jobId: answer.job_id,
		batch,
		startedAtMs: Date.now(),
		pairedItem,
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
