import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunSummary } from './helpers/apiTypes';
import { ownFinish } from './helpers/runTimes';
import type { FileRows } from './results/readResultRows';

/** 'run': one item per run with its rows as a list; 'row': one item per result row. */
export type TriggerOutput = 'run' | 'row';

/** A run's result rows, or why its files cannot be read as asked (then `files` is empty). */
export interface RunResults {
	files: FileRows[];
	error?: string;
}

/**
 * What stands in for a run's finish time when the answer carries none (neither completed_at nor
 * updated_at: Sixtyfour's delivery envelope documents neither): when the webhook delivery was
 * received, or when the polling trigger read the run. `source` names which, in the item.
 */
export interface FinishFallback {
	atMs: number;
	source: 'received' | 'observed';
}

/**
 * finished_at and where it came from: the run's own completed_at, else its updated_at, else the
 * fallback. Only runs being fired get here (finished, or delivered by Sixtyfour's webhook), so a
 * status the node does not know does not hide the run's own times.
 */
function finishOf(run: RunSummary, fallback: FinishFallback): { at: string; source: string } {
	const own = ownFinish(run) ?? fallback;
	return { at: new Date(own.atMs).toISOString(), source: own.source };
}

/** A run's item: its metadata as the runs list gives it, and its rows when results were read. */
export function runItem(run: RunSummary, fallback: FinishFallback, results?: RunResults): INodeExecutionData {
	const finish = finishOf(run, fallback);
	const json: IDataObject = { ...run, finished_at: finish.at, finished_at_source: finish.source };
	if (results !== undefined) {
		json.rows = results.files.flatMap((file) => file.rows);
		json.result_files = results.files.map(({ file, rows }) => ({
			filename: file.filename,
			block_number: file.block_number,
			row_count: file.row_count,
			rows_read: rows.length,
		}));
		if (results.error !== undefined) json.results_error = results.error;
	}
	return { json };
}

/** The run fields every row item carries, prefixed so that they do not collide with the row's columns. */
function rowMetadata(run: RunSummary, fallback: FinishFallback): IDataObject {
	const finish = finishOf(run, fallback);
	return {
		sixtyfour_job_id: run.job_id,
		sixtyfour_workflow_id: run.workflow_id,
		sixtyfour_workflow_name: run.workflow_name,
		sixtyfour_status: run.status,
		sixtyfour_finished_at: finish.at,
		sixtyfour_finished_at_source: finish.source,
	};
}

/**
 * One item per result row, with the run's metadata. A run without rows (a failed run, an empty
 * result) still gives one item of metadata, so that it is not silently dropped.
 */
export function rowItems(run: RunSummary, fallback: FinishFallback, results: RunResults): INodeExecutionData[] {
	const metadata = rowMetadata(run, fallback);
	const items: INodeExecutionData[] = [];
	for (const { file, rows } of results.files) {
		for (const row of rows) {
			items.push({
				json: { ...row, ...metadata, sixtyfour_block_number: file.block_number, sixtyfour_filename: file.filename },
			});
		}
	}
	if (items.length === 0) {
		const json: IDataObject = { ...metadata, sixtyfour_error_message: run.error_message };
		if (results.error !== undefined) json.sixtyfour_results_error = results.error;
		items.push({ json });
	}
	return items;
}

/** The items for one run, as the output setting asks; results undefined when they are not included. */
export function itemsForRun(run: RunSummary, output: TriggerOutput, fallback: FinishFallback, results?: RunResults): INodeExecutionData[] {
	if (results === undefined || output === 'run') return [runItem(run, fallback, results)];
	return rowItems(run, fallback, results);
}
