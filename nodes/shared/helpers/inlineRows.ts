import type { CsvRecord } from '../csv/csvParser';
import { inferValue } from '../csv/csvValues';

/** A value of an inline row as the CSV file writes it: null as empty, objects as JSON. */
function asCsvText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/**
 * Rows that came inline in the links answer, read as the downloaded file would be: every value as
 * the text the CSV holds, typed only when Infer Types is on. So a run's rows do not change with
 * whether Sixtyfour chose to inline them.
 */
export function readInlineRows(rows: ReadonlyArray<Record<string, unknown>>, inferTypes: boolean): CsvRecord[] {
	return rows.map((row) =>
		Object.fromEntries(
			Object.entries(row).map(([key, value]) => {
				const text = asCsvText(value);
				return [key, inferTypes ? inferValue(text) : text];
			}),
		),
	);
}
