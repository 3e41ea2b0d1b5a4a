// @ts-check
'use strict';

const { isoTime } = require('./clock');
const { rowRandom } = require('./enrichment');

/**
 * @typedef {import('./catalogue').Workflow} Workflow
 * @typedef {'queued' | 'running' | 'completed' | 'failed' | 'cancelled'} RunStatus
 * @typedef {'pending' | 'running' | 'completed' | 'failed' | 'cancelled'} BlockStatus
 *
 * @typedef {object} Run everything about a run is fixed at its start; its state is derived from the clock
 * @property {string} jobId
 * @property {Workflow} workflow
 * @property {Record<string, unknown>[]} records the webhook payload as a list (empty for synthetic runs)
 * @property {number} recordCount rows every block processes
 * @property {number} queuedAt
 * @property {number} seq creation order
 * @property {number | null} cancelledAt
 * @property {number} visibilityLagMs from the workflow's timing, or set per run by a test
 * @property {number} filesDelayMs from the workflow's timing, or set per run by a test
 * @property {string | null} idempotencyKey
 * @property {boolean | null} saveJson
 * @property {string[]} resultFormats
 * @property {Record<string, unknown> | null} specsOverride
 * @property {string} userId
 * @property {number[]} blockStarts
 * @property {number[]} blockEnds
 * @property {number} startedAt when the first block starts
 * @property {number} finishesAt when the last block ends, if nothing stops the run
 * @property {number | null} failsAt
 * @property {Uint32Array} enrichedBefore enrichedBefore[k] = enriched rows among the first k
 * @property {number[]} enrichedIndexes indexes of the rows that get enriched, ascending
 *
 * @typedef {object} BlockState
 * @property {number} sequence 1-based
 * @property {string} name
 * @property {BlockStatus} status
 * @property {number} fraction share of the block's time that has elapsed, 0..1
 * @property {number} processed rows processed so far
 * @property {number | null} startedAt
 * @property {number | null} endedAt when it completed, failed or was cancelled
 *
 * @typedef {object} RunState
 * @property {RunStatus} status
 * @property {number} at the moment the state describes: now, or when the run finished
 * @property {BlockState[]} blocks
 * @property {BlockState | null} current the running block, or where the run ended
 */

const STEP_LABELS = /** @type {Record<string, string>} */ ({
	webhook: 'Receiving records',
	read_csv: 'Reading CSV',
	enrich_company: 'Enriching companies',
	enrich_lead: 'Enriching leads',
	find_email: 'Finding emails',
	find_phone: 'Finding phone numbers',
	outgoing_webhook: 'Sending results',
});

/**
 * @param {object} init
 * @param {string} init.jobId
 * @param {Workflow} init.workflow
 * @param {Record<string, unknown>[]} init.records
 * @param {number} init.now
 * @param {number} init.seq
 * @param {string | null} init.idempotencyKey
 * @param {boolean | null} init.saveJson
 * @param {string[]} init.resultFormats
 * @param {Record<string, unknown> | null} init.specsOverride
 * @param {string} init.userId
 * @returns {Run}
 */
function createRun(init) {
	const { workflow } = init;
	const synthetic = workflow.synthetic;
	const records = synthetic ? [] : init.records;
	const recordCount = synthetic ? synthetic.rows : records.length;
	const { queueMs, blockBaseMs, perRowMs } = workflow.timing;
	const blockMs = blockBaseMs + perRowMs * recordCount;
	const startedAt = init.now + queueMs;
	const blockStarts = workflow.blocks.map((_, i) => startedAt + i * blockMs);
	const blockEnds = blockStarts.map((start) => start + blockMs);
	const failAt = workflow.failAt;
	const failsAt = failAt ? blockStarts[failAt.block - 1] + Math.min(blockMs, failAt.afterMs ?? Math.floor(blockMs / 2)) : null;

	const enrichedBefore = new Uint32Array(recordCount + 1);
	/** @type {number[]} */
	const enrichedIndexes = [];
	for (let i = 0; i < recordCount; i++) {
		const enriched = synthetic !== null || rowRandom(records[i]).enrichedScore < workflow.enrichmentRate;
		if (enriched && !synthetic) enrichedIndexes.push(i);
		enrichedBefore[i + 1] = enrichedBefore[i] + (enriched ? 1 : 0);
	}
	return {
		jobId: init.jobId,
		workflow,
		records,
		recordCount,
		queuedAt: init.now,
		seq: init.seq,
		cancelledAt: null,
		visibilityLagMs: workflow.timing.visibilityLagMs,
		filesDelayMs: workflow.timing.filesDelayMs,
		idempotencyKey: init.idempotencyKey,
		saveJson: init.saveJson,
		resultFormats: init.resultFormats,
		specsOverride: init.specsOverride,
		userId: init.userId,
		blockStarts,
		blockEnds,
		startedAt,
		finishesAt: blockEnds[blockEnds.length - 1],
		failsAt,
		enrichedBefore,
		enrichedIndexes,
	};
}

/**
 * The run as it stands at time `now`. Nothing is stored: queued, running and completed follow
 * from the clock, so a run needs no timers.
 * @param {Run} run
 * @param {number} now
 * @returns {RunState}
 */
function runState(run, now) {
	/** @type {RunStatus} */
	let status;
	let at = now;
	if (run.failsAt !== null && now >= run.failsAt && (run.cancelledAt === null || run.cancelledAt > run.failsAt)) {
		status = 'failed';
		at = run.failsAt;
	} else if (run.cancelledAt !== null) {
		status = 'cancelled';
		at = run.cancelledAt;
	} else if (now >= run.finishesAt) {
		status = 'completed';
		at = run.finishesAt;
	} else {
		status = now >= run.startedAt ? 'running' : 'queued';
	}
	const failBlock = status === 'failed' && run.workflow.failAt ? run.workflow.failAt.block : 0;
	/** @type {BlockState | null} */
	let current = null;
	const blocks = run.workflow.blocks.map((name, i) => {
		const start = run.blockStarts[i];
		const end = run.blockEnds[i];
		const sequence = i + 1;
		/** @type {BlockState} */
		const block = { sequence, name, status: 'pending', fraction: 0, processed: 0, startedAt: null, endedAt: null };
		// A run cancelled exactly at a block boundary never started the next block.
		if (at < start || (at === start && status === 'cancelled' && end > start)) return block;
		block.startedAt = start;
		if (sequence !== failBlock && at >= end) {
			block.status = 'completed';
			block.fraction = 1;
			block.processed = run.recordCount;
			block.endedAt = end;
		} else {
			block.fraction = end > start ? (at - start) / (end - start) : 1;
			block.processed = Math.floor(run.recordCount * block.fraction);
			block.status = status === 'running' ? 'running' : status === 'failed' ? 'failed' : 'cancelled';
			if (status !== 'running') block.endedAt = at;
		}
		return block;
	});
	for (const block of blocks) if (block.status !== 'pending') current = block;
	return { status, at, blocks, current };
}

/**
 * Rows a block has written so far: the source block passes its input on, the last block of a
 * pipeline keeps only the rows that were enriched, blocks in between keep every row.
 * @param {Run} run
 * @param {BlockState} block
 * @returns {number}
 */
function blockOutputRows(run, block) {
	const isFinal = block.sequence === run.workflow.blocks.length && block.sequence > 1;
	return isFinal ? run.enrichedBefore[block.processed] : block.processed;
}

/** @param {number} value */
function round1(value) {
	return Math.round(value * 1000) / 10;
}

/**
 * @param {Run} run
 * @param {RunState} state
 */
function runMetrics(run, state) {
	const enrichBlock = state.blocks[1];
	const enrichedSeen = enrichBlock ? enrichBlock.processed : 0;
	const processed = state.status === 'completed' ? run.recordCount : (state.current?.processed ?? 0);
	return {
		total_records: run.recordCount,
		processed_records: processed,
		enrichment_rate: enrichedSeen > 0 ? Math.round((run.enrichedBefore[enrichedSeen] / enrichedSeen) * 10000) / 10000 : null,
	};
}

/** @param {RunState} state */
function runStep(state) {
	if (state.status === 'completed') return 'finished';
	if (state.status === 'running') return state.current?.name ?? 'queued';
	return state.status;
}

/**
 * The state the runs list shows. Completions are committed to the list by separate workers, so a
 * run that ended shows there as it stood just before its end (running in the block it ended in,
 * or queued if it never started) until `visibilityLagMs` after it ended.
 * @param {Run} run
 * @param {RunState} state
 * @param {number} now
 * @returns {RunState}
 */
function listedState(run, state, now) {
	const ended = state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled';
	if (!ended || now >= state.at + run.visibilityLagMs) return state;
	return { ...state, status: state.current ? 'running' : 'queued', at: now };
}

/**
 * One entry of `GET /workflows/runs`.
 * @param {Run} run
 * @param {RunState} state
 */
function runListEntry(run, state) {
	const finished = state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled';
	const started = state.blocks[0].startedAt !== null;
	const failAt = state.status === 'failed' ? run.workflow.failAt : null;
	return {
		job_id: run.jobId,
		workflow_id: run.workflow.id,
		workflow_name: run.workflow.name,
		status: state.status,
		step: runStep(state),
		user_id: run.userId,
		created_at: isoTime(run.queuedAt),
		updated_at: isoTime(state.at),
		queued_at: isoTime(run.queuedAt),
		started_at: started ? isoTime(run.startedAt) : null,
		completed_at: finished ? isoTime(state.at) : null,
		duration_ms: finished && started ? state.at - run.startedAt : null,
		status_reason: failAt ? failAt.status_reason : null,
		error_message: failAt ? failAt.error_message : null,
		metrics: runMetrics(run, state),
		blocks_count: run.workflow.blocks.length,
	};
}

/**
 * @param {Run} run
 * @param {BlockState} block
 * @param {RunState} state
 */
function liveBlock(run, block, state) {
	const failAt = block.status === 'failed' ? run.workflow.failAt : null;
	return {
		block_name: block.name,
		sequence_number: block.sequence,
		status: block.status,
		started_at: isoTime(block.startedAt),
		completed_at: isoTime(block.endedAt),
		progress_percentage: round1(block.fraction),
		current_step: block.status === 'running' ? (STEP_LABELS[block.name] ?? `Running ${block.name}`) : null,
		processed_count: block.processed,
		total_count: run.recordCount,
		estimated_total_count: block.status === 'running' ? run.recordCount : null,
		last_updated: block.status === 'pending' ? null : isoTime(block.status === 'running' ? state.at : block.endedAt),
		error_message: failAt ? failAt.error_message : null,
		metrics: {
			row_count: blockOutputRows(run, block),
			dataframe_type: run.workflow.dataframeType,
			processed_count: block.processed,
			total_count: run.recordCount,
		},
	};
}

/**
 * The answer of `GET /workflows/runs/{run_id}/live_status`.
 * @param {Run} run
 * @param {RunState} state
 */
function liveStatus(run, state) {
	const finished = state.status !== 'queued' && state.status !== 'running';
	const blocks = state.blocks.map((block) => liveBlock(run, block, state));
	const progress = state.status === 'completed' ? 100 : Math.round((blocks.reduce((sum, b) => sum + b.progress_percentage, 0) / blocks.length) * 10) / 10;
	return {
		run_id: run.jobId,
		workflow_id: run.workflow.id,
		overall_status: state.status,
		current_block: state.current?.name ?? null,
		current_block_sequence: state.current?.sequence ?? null,
		total_blocks: state.blocks.length,
		completed_blocks: state.blocks.filter((b) => b.status === 'completed').length,
		started_at: state.blocks[0].startedAt === null ? null : isoTime(run.startedAt),
		completed_at: finished ? isoTime(state.at) : null,
		last_updated: isoTime(state.at),
		overall_progress_percentage: progress,
		estimation_blocked_by: null,
		blocks,
	};
}

module.exports = { createRun, runState, listedState, runListEntry, liveStatus, blockOutputRows };
