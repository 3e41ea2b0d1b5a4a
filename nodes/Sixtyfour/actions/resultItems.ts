import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { ResultSettings } from './parameters';
import { readResultFiles } from '../../shared/results/readResultFiles';
import { readResultRows } from '../../shared/results/readResultRows';
import type { ResultFileWait } from '../../shared/results/resultLinks';

/**
 * A run's results as output items: one per row, or one per file with the CSV as binary data.
 * `filesExpected` says whether the run is completed, so that missing files are waited for.
 */
export async function resultItems(
	this: IExecuteFunctions,
	runId: string,
	settings: ResultSettings,
	pairedItem: IPairedItemData[],
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
			pairedItem,
		}));
	}

	const files = await readResultRows.call(this, runId, { ...settings, ...wait });
	const items: INodeExecutionData[] = [];
	for (const { file, rows } of files) {
		for (const row of rows) {
			if (settings.addRunMetadata) {
				row.sixtyfour_job_id = runId;
				row.sixtyfour_block_number = file.block_number;
				row.sixtyfour_filename = file.filename;
			}
			// One shared pairing array per run: rows pair with every input item that made the run.
			items.push({ json: row, pairedItem });
		}
	}
	return items;
}
