import type { IDataObject } from 'n8n-workflow';

/**
 * Matching result rows back to the records they came from. Sixtyfour passes the columns a record
 * carries through to its rows, so a column whose value is different in every record tells which
 * record a row belongs to.
 */

/** Fields Auto tries first: identities that enrichment keeps and that rarely repeat. */
export const PREFERRED_MATCH_FIELDS = [
	'id',
	'email',
	'linkedin_url',
	'linkedin',
	'website',
	'domain',
	'company_domain',
	'url',
];

/**
 * A value as a comparable key: trimmed, lower case, a URL without scheme, `www.` and trailing
 * slash (a website sent as `Acme.com/` may come back as `acme.com`). Undefined for empty values
 * and objects, which cannot identify a record.
 */
export function matchKey(value: unknown): string | undefined {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return undefined;
	const key = value
		.trim()
		.toLowerCase()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
		.replace(/^www\./, '')
		.replace(/\/+$/, '');
	return key === '' ? undefined : key;
}

export type FieldProblem = { recordIndex: number; reason: string };

/** Why `field` cannot identify the records: the first record without a value, or with a value another has. */
export function matchFieldProblem(records: IDataObject[], field: string): FieldProblem | undefined {
	const seen = new Map<string, number>();
	for (let recordIndex = 0; recordIndex < records.length; recordIndex++) {
		const key = matchKey(records[recordIndex][field]);
		if (key === undefined) return { recordIndex, reason: `has no value in "${field}"` };
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			return { recordIndex, reason: `has the same "${field}" as record ${earlier} (${JSON.stringify(records[recordIndex][field])})` };
		}
		seen.set(key, recordIndex);
	}
	return undefined;
}

/** Fields that identify every record (present, unique), preferred names first, then in record order. */
export function identifyingFields(records: IDataObject[]): string[] {
	if (!records.length) return [];
	const names = Object.keys(records[0]);
	const ordered = [
		...PREFERRED_MATCH_FIELDS.filter((name) => names.includes(name)),
		...names.filter((name) => !PREFERRED_MATCH_FIELDS.includes(name)),
	];
	return ordered.filter((field) => matchFieldProblem(records, field) === undefined);
}

export interface RowMatch {
	field: string;
	/** For each row, the index of its record; undefined when its value is no record's. */
	recordOfRow: Array<number | undefined>;
	/** Records no row came back for, ascending. */
	recordsWithoutRow: number[];
}

/** Matches rows to records by `field`, whose values must identify the records. */
export function matchRows(records: IDataObject[], rows: IDataObject[], field: string): RowMatch {
	const recordByKey = new Map<string, number>();
	records.forEach((record, index) => {
		const key = matchKey(record[field]);
		if (key !== undefined) recordByKey.set(key, index);
	});
	const hasRow = new Array<boolean>(records.length).fill(false);
	const recordOfRow = rows.map((row) => {
		const key = matchKey(row[field]);
		const recordIndex = key === undefined ? undefined : recordByKey.get(key);
		if (recordIndex !== undefined) hasRow[recordIndex] = true;
		return recordIndex;
	});
	const recordsWithoutRow: number[] = [];
	hasRow.forEach((found, index) => {
		if (!found) recordsWithoutRow.push(index);
	});
	return { field, recordOfRow, recordsWithoutRow };
}

/**
 * Auto: of the identifying fields that the rows carry, the one that matches the most rows (the
 * earlier one on a tie). Undefined when none can: no identifying field, or none among the rows'
 * columns. With no rows at all, every record came back without one.
 */
export function autoMatch(records: IDataObject[], rows: IDataObject[], candidates: string[]): RowMatch | undefined {
	if (!candidates.length) return undefined;
	if (!rows.length) return matchRows(records, rows, candidates[0]);
	let best: RowMatch | undefined;
	let bestCount = 0;
	for (const field of candidates) {
		if (!rows.some((row) => field in row)) continue;
		const match = matchRows(records, rows, field);
		const count = match.recordOfRow.filter((index) => index !== undefined).length;
		if (count > bestCount) {
			best = match;
			bestCount = count;
		}
	}
	return best;
}
