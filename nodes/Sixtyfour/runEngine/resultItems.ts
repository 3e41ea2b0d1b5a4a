import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResultSettings } from '../settings/resultSettings';
import { pairRows, type RowPairing } from './rowPairing';
import { readResultFiles } from '../../shared/results/readResultFiles';
import { readResultRows } from '../../shared/results/readResultRows';
import type { ResultFileWait } from '../../shared/results/resultLinks';
import { rowsSummary } from '../helpers/toolRows';

/**
 * A run's results as output items: one per row, or one per file with the CSV as binary data.
 * `filesExpected` says whether the run is completed, so that missing files are waited for.
 * Files pair with every input item of the run; rows as `pairing` says (see pairRows).
 */
export async function resultItems(
	this: IExecuteFunctions,
	runId: string,
	settings: ResultSettings,
	pairing: RowPairing,
	filesExpected: ResultFileWait['filesExpected'],
): Promise<INodeExecutionData[]> {
	const wait: ResultFileWait = { filesExpected, maxFileWaitMs: settings.maxFileWaitMs };
	if (settings.output === 'files') {
		const files = await readResultFiles.call(this, runId, settings.files, wait);
		return files.map(({ file, binary }) => ({
			json: {
				job_id: runId,
				filename: file.filename,
				block_number: file.block_number,
				row_count: file.row_count,
				message: file.message,
			},
			binary: { [settings.binaryPropertyName]: binary },
			pairedItem: pairing.run,
		}));
	}

	// Rows for a model read one past the cap, to tell it whether there are more.
	const peek = settings.toModel && settings.maxRows > 0 ? 1 : 0;
	const files = await readResultRows.call(this, runId, { ...settings, ...wait, maxRows: settings.maxRows + peek });
	const allRows: IDataObject[] = [];
	for (const { file, rows } of files) {
		for (const row of rows) {
			if (settings.addRunMetadata) {
				row.sixtyfour_job_id = runId;
				row.sixtyfour_block_number = file.block_number;
				row.sixtyfour_filename = file.filename;
			}
			allRows.push(row);
		}
	}
	const more = peek > 0 && allRows.length > settings.maxRows;
	if (more) allRows.pop();
	const complete = settings.maxRows === 0 || allRows.length < settings.maxRows;
	const items = pairRows.call(this, runId, allRows, pairing, complete);
	if (!settings.toModel) return items;
	const summary = rowsSummary(runId, allRows.length, more, files.map(({ file }) => file));
	items.push({ json: summary, pairedItem: pairing.run });
	return items;
}
