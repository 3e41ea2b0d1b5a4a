import type { IDataObject } from 'n8n-workflow';

import { count, isObject, text } from '../../shared/helpers/apiAnswers';
import type { ResultFile, RunSummary } from '../../shared/helpers/apiTypes';

/**
 * What a delivery of an outgoing_webhook block carries, as the node reads it. Sixtyfour documents
 * event_id, run_id, the results inline and an optional signed results_download_url; the other
 * fields are read when present and tolerated when missing (test/emulator/README.md lists which are
 * assumed). Unknown fields pass through untouched.
 */
export interface Delivery {
	eventId: string;
	run: RunSummary;
	/** The final result file as the envelope describes it; undefined when it says nothing about results. */
	file?: ResultFile;
}

/** The envelope is not a run's delivery (for example an async-job webhook): answered, but not fired on. */
export interface NotARunDelivery {
	ignored: string;
}

/**
 * The run as the envelope gives it, each field from its own name: a status Sixtyfour has not
 * documented is passed on as it came (null when absent), and no time stands in for another (the
 * envelope's created_at is when the event was made, not when the run finished).
 */
function runOf(body: IDataObject, runId: string): RunSummary {
	return {
		job_id: runId,
		workflow_id: text(body.workflow_id) ?? '',
		workflow_name: text(body.workflow_name),
		status: text(body.status),
		step: text(body.step),
		user_id: text(body.user_id),
		created_at: text(body.created_at),
		updated_at: text(body.updated_at),
		queued_at: text(body.queued_at),
		started_at: text(body.started_at),
		completed_at: text(body.completed_at),
		duration_ms: count(body.duration_ms),
		status_reason: text(body.status_reason),
		error_message: text(body.error_message),
		metrics: isObject(body.metrics) ? (body.metrics as RunSummary['metrics']) : null,
		blocks_count: count(body.blocks_count),
	};
}

/**
 * The final result file: the envelope's `results_file` entry (shaped like a download-links entry)
 * with the signed `results_download_url` and the inline `results`. Inline rows marked as cut short
 * are left out, so the file is downloaded instead.
 */
function fileOf(body: IDataObject): ResultFile | undefined {
	const described = isObject(body.results_file) ? body.results_file : {};
	const url = text(body.results_download_url);
	const inline = Array.isArray(body.results) && body.results_truncated !== true ? (body.results as Array<Record<string, unknown>>) : null;
	if (url === null && inline === null && !isObject(body.results_file)) return undefined;
	return {
		// Only what results_file says: no name or block is inferred from the link or the block count.
		filename: text(described.filename),
		storage_bucket: text(described.storage_bucket),
		row_count: count(described.row_count) ?? count(body.row_count),
		block_number: count(described.block_number),
		created_at: text(described.created_at),
		message: null,
		download_url: url,
		download_expires_in_seconds: count(body.results_download_expires_in_seconds),
		file_size: count(described.file_size),
		content_type: text(described.content_type),
		results: inline,
	};
}

/**
 * The delivery's body, parsed from the bytes the signature covers, whatever the content type says
 * (n8n parses only application/json, and a text/plain body would reach the node as a string); a
 * string saying what is wrong when it is not a JSON object.
 */
export function parseEnvelope(rawBody: Uint8Array): IDataObject | string {
	const source = Buffer.from(rawBody).toString('utf8').replace(/^\uFEFF/, '');
	if (source.trim() === '') return 'the body is empty, not a JSON object';
	let body: unknown;
	try {
		body = JSON.parse(source);
	} catch {
		return 'the body is not JSON';
	}
	return isObject(body) ? body : `the body is JSON but not an object (${Array.isArray(body) ? 'an array' : typeof body})`;
}

/**
 * Reads a verified delivery's JSON object. The event id comes from the Sixtyfour-Event-Id header,
 * else from the body's event_id, else the run id; a body without a run_id (an async-job webhook,
 * say) is not a run's delivery.
 */
export function readDelivery(body: IDataObject, eventIdHeader: string | undefined): Delivery | NotARunDelivery {
	const runId = text(body.run_id);
	if (runId === null) return { ignored: 'the body has no run_id (not a workflow run\'s delivery)' };
	// One delivery per finished run: without an event id, the run id is as good a dedupe key.
	const eventId = text(eventIdHeader) ?? text(body.event_id) ?? `run:${runId}`;
	return { eventId, run: runOf(body, runId), file: fileOf(body) };
}
