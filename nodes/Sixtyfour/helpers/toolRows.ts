import type { IDataObject } from 'n8n-workflow';

import type { ResultFile } from '../../shared/helpers/apiTypes';

/**
 * The item that follows the rows an AI agent's model gets: how many rows the run has in all and how
 * to get those it was not shown. `more` says whether rows past the cap were seen; `files` are the
 * result files read, whose row_count (when the API gives it) counts the rows not read.
 */
export function rowsSummary(runId: string, shown: number, more: boolean, files: ResultFile[]): IDataObject {
	const counts = files.map((file) => file.row_count);
	const known = counts.every((count): count is number => typeof count === 'number');
	const total = more ? (known ? counts.reduce((sum, count) => sum + count, 0) : null) : shown;
	const summary: IDataObject = { job_id: runId, rows_returned: shown, rows_in_run: total, more_rows: more };
	if (!more) {
		summary.next_step = `These are all ${shown} rows of run ${runId}.`;
		return summary;
	}
	const shownPart = total === null ? `Only the first ${shown} rows of run ${runId} are shown; it has more.` : `Only the first ${shown} of ${total} rows of run ${runId} are shown.`;
	summary.next_step =
		`${shownPart} The rest are kept at Sixtyfour: ` +
		`get them with Sixtyfour's Get Results operation and job_id "${runId}" (in an n8n workflow, or a Get Results tool with a higher Max Rows), ` +
		'or download the result file in the Sixtyfour app. Do not start the run again: that bills every record again.';
	return summary;
}
