import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { candidateFields, matchRows, type RowMatch } from '../helpers/rowMatching';
import { warnWithHint } from './executionHint';

/** The records a run was started with, to match its rows back to them. */
export interface RecordMatch {
	/** Auto picks the field; By Field uses `field`. */
	field?: string;
	records: IDataObject[];
	/** The input item of each record, index for index; absent when the records come from no input item (fixed JSON records), whose rows pair like the run. */
	recordItems?: number[];
	/** Whether records no row was matched to are output, flagged `sixtyfour_matched: false`. */
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

/** What to do when rows cannot be told apart: the one fix that always works. */
const SEND_AN_ID =
	'Send the CRM id (or another value unique to each record) as a field: Sixtyfour passes fields its workflow does not declare through to the rows, and Auto then matches by it. Unmatched rows are output with sixtyfour_matched: false.';

function findMatch(this: IExecuteFunctions, runId: string, rows: IDataObject[], match: RecordMatch): RowMatch {
	const found = matchRows(match.records, rows, match.field ? [match.field] : candidateFields(match.records));
	if (rows.length > 0 && !found.anyIdentifyingField) {
		warnWithHint(this, `Rows of Sixtyfour run ${runId} could not be matched to input items: no field has a value that only one record has. ${SEND_AN_ID}`);
	} else if (found.ambiguousRows > 0) {
		warnWithHint(
			this,
			`${found.ambiguousRows} rows of Sixtyfour run ${runId} could not be matched to input items: their values belong to several records that differ only in fields the rows do not bring back. ${SEND_AN_ID}`,
		);
	}
	return found;
}

function describeFields(matchedBy: Record<string, number>): string {
	const fields = Object.entries(matchedBy).map(([field, rows]) => `"${field}" (${rows})`);
	return fields.length ? `by ${fields.join(', ')}` : 'by no field';
}

/**
 * A run's rows as items. Matched (Auto or By Field): every row is flagged `sixtyfour_matched`,
 * paired with its own record's item when found, and (when asked) each record no row was matched to
 * follows, flagged false, even when no row could be matched at all. Only None leaves rows unflagged.
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
	if (!pairing.match) return rows.map((json) => ({ json, pairedItem: unmatched }));

	const found = findMatch.call(this, runId, rows, pairing.match);
	const { records, recordItems, outputRecordsWithoutRow, flagRows } = pairing.match;
	const items: INodeExecutionData[] = rows.map((json, rowIndex) => {
		const recordIndex = found.recordOfRow[rowIndex];
		if (flagRows) json.sixtyfour_matched = recordIndex !== undefined;
		return { json, pairedItem: recordIndex === undefined || !recordItems ? unmatched : { item: recordItems[recordIndex] } };
	});
	const strays = found.recordOfRow.filter((index) => index === undefined).length;
	const missing = complete ? found.recordsWithoutRow : [];
	this.logger.info(
		`Sixtyfour run ${runId}: ${rows.length - strays} rows matched to their records ${describeFields(found.matchedBy)}, ${strays} rows matched none, ${missing.length} records have no row`,
	);
	if (outputRecordsWithoutRow) {
		for (const recordIndex of missing) {
			items.push({ json: { ...records[recordIndex], sixtyfour_matched: false }, pairedItem: recordItems ? { item: recordItems[recordIndex] } : unmatched });
		}
	}
	return items;
}
