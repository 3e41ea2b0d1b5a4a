import type { IDataObject } from 'n8n-workflow';

import type { ResultFile, RunSummary, WorkflowBlock, WorkflowDetail, WorkflowSummary } from './apiTypes';

/**
 * Readers for API answers that trust no field the reference does not promise: a missing or
 * mistyped field the node uses reads as null, never as undefined passed on, a made-up value or a
 * throw. Fields it does not know pass through as the API gave them.
 */

export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

export function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A runs-list entry; undefined when it has no job_id (nothing could be done with it). */
export function readRunEntry(entry: unknown): RunSummary | undefined {
	if (!isObject(entry)) return undefined;
	const jobId = text(entry.job_id);
	if (jobId === null) return undefined;
	return {
		...entry,
		job_id: jobId,
		workflow_id: text(entry.workflow_id) ?? '',
		workflow_name: text(entry.workflow_name),
		// As it came: an unknown status is passed on, a missing one is null (isFinished says no to both).
		status: text(entry.status),
		step: text(entry.step),
		user_id: text(entry.user_id),
		created_at: text(entry.created_at),
		updated_at: text(entry.updated_at),
		queued_at: text(entry.queued_at),
		started_at: text(entry.started_at),
		completed_at: text(entry.completed_at),
		duration_ms: count(entry.duration_ms),
		status_reason: text(entry.status_reason),
		error_message: text(entry.error_message),
		metrics: isObject(entry.metrics) ? (entry.metrics as RunSummary['metrics']) : null,
		blocks_count: count(entry.blocks_count),
	};
}

/** A download-links entry; a name or block number it does not give stays null, never made up. */
export function readResultFileEntry(entry: unknown): ResultFile | undefined {
	if (!isObject(entry)) return undefined;
	const url = text(entry.download_url);
	const file: ResultFile = {
		...entry,
		filename: text(entry.filename),
		storage_bucket: text(entry.storage_bucket),
		row_count: count(entry.row_count),
		block_number: count(entry.block_number),
		created_at: text(entry.created_at),
		message: text(entry.message),
		download_url: url,
		download_expires_in_seconds: count(entry.download_expires_in_seconds),
		file_size: count(entry.file_size),
		content_type: text(entry.content_type),
	};
	if (Array.isArray(entry.results)) file.results = entry.results as Array<Record<string, unknown>>;
	else delete file.results;
	return file;
}

/** Every usable entry of a list answer; anything but a list reads as empty. */
export function readEntries<T>(answer: unknown, read: (entry: unknown, index: number) => T | undefined): T[] {
	if (!Array.isArray(answer)) return [];
	return answer.map(read).filter((entry): entry is T => entry !== undefined);
}

/** A GET /workflows entry; undefined when it has no id (it could not be chosen). */
export function readWorkflowEntry(entry: unknown): WorkflowSummary | undefined {
	if (!isObject(entry)) return undefined;
	const id = text(entry.id);
	if (id === null) return undefined;
	const summary: WorkflowSummary = {
		...entry,
		id,
		name: text(entry.name),
		description: text(entry.description),
		status: text(entry.status),
		step: text(entry.step),
		created_at: text(entry.created_at),
		updated_at: text(entry.updated_at),
	};
	// "Never run" only when the API says so with null; an absent or unreadable field says nothing.
	if (entry.last_run_date === null) summary.last_run_date = null;
	else if (text(entry.last_run_date) !== null) summary.last_run_date = text(entry.last_run_date);
	else delete summary.last_run_date;
	return summary;
}

function readBlock(block: unknown): WorkflowBlock | undefined {
	if (!isObject(block)) return undefined;
	const sequence = block.sequence_number;
	return {
		sequence_number: typeof sequence === 'number' && Number.isInteger(sequence) ? sequence : null,
		block_type: text(block.block_type),
		block_name: text(block.block_name),
		block_id: text(block.block_id),
		specs: isObject(block.specs) ? block.specs : null,
	};
}

/**
 * A GET /workflows/{id} answer; undefined when it is not a workflow. Its blocks in sequence order
 * (in the answer's order when they carry no sequence numbers); null when it has no block list.
 */
export function readWorkflowDetail(answer: unknown): WorkflowDetail | undefined {
	const summary = readWorkflowEntry(answer);
	if (summary === undefined) return undefined;
	const definition = (answer as IDataObject).workflow_definition;
	const blocks = isObject(definition) && Array.isArray(definition.blocks) ? readEntries(definition.blocks, readBlock) : null;
	const ordered = blocks?.every((block) => block.sequence_number !== null)
		? [...blocks].sort((a, b) => (a.sequence_number as number) - (b.sequence_number as number))
		: blocks;
	return { ...summary, blocks: ordered };
}
