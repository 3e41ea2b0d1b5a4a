import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { autoMatch, identifyingFields, matchRows, type RowMatch } from '../helpers/rowMatching';

/** The records a run was started with, to match its rows back to them. */
export interface RecordMatch {
	/** Auto picks the field; By Field uses `field`. */
	field?: string;
	records: IDataObject[];
	/** The input item of each record, index for index. */
	recordItems: number[];
	/** Whether records that came back without a row are output, flagged `sixtyfour_matched: false`. */
	outputRecordsWithoutRow: boolean;
	/** Whether matched rows get `sixtyfour_matched: true` (node version 1 leaves rows as they are). */
	flagRows: boolean;
}

/** How a run's output items are paired with the input items it came from. */
export interface RowPairing {
	/** Every input item of the run: for items about the whole run (its status, its files). */
	run: IPairedItemData[];
	/** Present when rows are matched to their records. */
	match?: RecordMatch;
}

/**
 * A row that cannot be matched is paired with the run's first and last input item: two entries
 * whatever the size of the run (all of them would grow as rows × records), and still ambiguous, so
 * that `$('Source').item` fails loudly instead of quietly giving the first record for every row.
 */
export function unmatchedRowPairing(run: IPairedItemData[]): IPairedItemData[] {
	return run.length <= 2 ? run : [run[0], run[run.length - 1]];
}

function findMatch(this: IExecuteFunctions, runId: string, rows: IDataObject[], match: RecordMatch): RowMatch | undefined {
	const found = match.field
		? matchRows(match.records, rows, match.field)
		: autoMatch(match.records, rows, identifyingFields(match.records));
	if (!found) {
		const message = `Rows of Sixtyfour run ${runId} could not be matched to input items: no field has a different value in every record and comes back in the rows. Choose Match Rows to Input → By Field.`;
		this.logger.warn(message);
		// Older n8n versions have no execution hints; the log line is then all there is.
		if (typeof this.addExecutionHints === 'function') this.addExecutionHints({ message, location: 'outputPane' });
	}
	return found;
}

/**
 * A run's rows as items. Matched: each row paired with its own record's item and flagged
 * `sixtyfour_matched`, then (when asked) each record no row came back for, flagged false.
 * `complete` is false when Max Rows cut the rows short, so a missing row proves nothing.
 */
export function pairRows(
	this: IExecuteFunctions,
	runId: string,
	rows: IDataObject[],
	pairing: RowPairing,
	complete: boolean,
): INodeExecutionData[] {
	const unmatched = unmatchedRowPairing(pairing.run);
	const found = pairing.match && findMatch.call(this, runId, rows, pairing.match);
	if (!pairing.match || !found) return rows.map((json) => ({ json, pairedItem: unmatched }));

	const { records, recordItems, outputRecordsWithoutRow, flagRows } = pairing.match;
	const items: INodeExecutionData[] = rows.map((json, rowIndex) => {
		const recordIndex = found.recordOfRow[rowIndex];
		if (flagRows) json.sixtyfour_matched = recordIndex !== undefined;
		return { json, pairedItem: recordIndex === undefined ? unmatched : { item: recordItems[recordIndex] } };
	});
	const strays = found.recordOfRow.filter((index) => index === undefined).length;
	const missing = complete ? found.recordsWithoutRow : [];
	this.logger.info(
		`Sixtyfour run ${runId}: ${rows.length - strays} rows matched to their records by "${found.field}", ${strays} rows matched none, ${missing.length} records came back without a row`,
	);
	if (outputRecordsWithoutRow) {
		for (const recordIndex of missing) {
			items.push({ json: { ...records[recordIndex], sixtyfour_matched: false }, pairedItem: { item: recordItems[recordIndex] } });
		}
	}
	return items;
}
