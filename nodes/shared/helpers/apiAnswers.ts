import type { IDataObject } from 'n8n-workflow';

import type { ResultFile, RunSummary } from './apiTypes';

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
