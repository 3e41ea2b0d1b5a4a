import type { IDataObject } from 'n8n-workflow';

import { ownValue } from '../../shared/helpers/ownProperty';
import { canonicalJson } from './canonicalJson';

/**
 * Matching result rows back to the records they came from. Sixtyfour passes the columns a record
 * carries through to its rows, so a value that only one record has tells which record a row
 * belongs to. Records identical in every field sent cannot be told apart and need not be: they get
 * their rows in order, as the same input enriches the same way.
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

/** Records identical in every field: `groupOf[record]` indexes `members`, each group in record order. */
export interface RecordGroups {
	groupOf: number[];
	members: number[][];
}

export function groupIdentical(records: IDataObject[]): RecordGroups {
	const groupByText = new Map<string, number>();
	const groupOf: number[] = [];
	const members: number[][] = [];
	records.forEach((record, index) => {
		const text = canonicalJson(record);
		let group = groupByText.get(text);
		if (group === undefined) {
			group = members.push([]) - 1;
			groupByText.set(text, group);
		}
		groupOf.push(group);
		members[group].push(index);
	});
	return { groupOf, members };
}

/** A key two or more different records share: it tells none of them apart. */
const SHARED = -1;

/** Each value of `field` → the group of records that has it, or SHARED. */
function indexField(records: IDataObject[], groups: RecordGroups, field: string): Map<string, number> {
	const index = new Map<string, number>();
	records.forEach((record, recordIndex) => {
		const key = matchKey(ownValue(record, field));
		if (key === undefined) return;
		const group = groups.groupOf[recordIndex];
		const earlier = index.get(key);
		if (earlier === undefined) index.set(key, group);
		else if (earlier !== group) index.set(key, SHARED);
	});
	return index;
}

/** Why `field` cannot match every record: one without a value, or one sharing its value with a different record. */
export type FieldProblem =
	| { kind: 'missing'; recordIndex: number }
	| { kind: 'shared'; recordIndex: number; otherIndex: number; value: unknown };

/** By Field's check before any run: every record has a value, and records sharing one are identical. */
export function matchFieldProblem(records: IDataObject[], field: string): FieldProblem | undefined {
	const groups = groupIdentical(records);
	const firstByKey = new Map<string, number>();
	for (let recordIndex = 0; recordIndex < records.length; recordIndex++) {
		const key = matchKey(ownValue(records[recordIndex], field));
		if (key === undefined) return { kind: 'missing', recordIndex };
		const earlier = firstByKey.get(key);
		if (earlier === undefined) firstByKey.set(key, recordIndex);
		else if (groups.groupOf[earlier] !== groups.groupOf[recordIndex]) {
			return { kind: 'shared', recordIndex, otherIndex: earlier, value: ownValue(records[recordIndex], field) };
		}
	}
	return undefined;
}

/** Every field of the records, preferred names first, then in first-seen order: what Auto tries. */
export function candidateFields(records: IDataObject[]): string[] {
	const names = new Set<string>();
	for (const record of records) for (const name of Object.keys(record)) names.add(name);
	const all = [...names];
	return [...PREFERRED_MATCH_FIELDS.filter((name) => names.has(name)), ...all.filter((name) => !PREFERRED_MATCH_FIELDS.includes(name))];
}

export interface RowMatch {
	/** Each field rows were matched by, with how many rows it matched, in the order tried. */
	matchedBy: Record<string, number>;
	/** For each row, the index of its record; undefined when no field tells its record. */
	recordOfRow: Array<number | undefined>;
	/** Records no row came back for, ascending. */
	recordsWithoutRow: number[];
	/** Rows left unmatched because their values belong to several records that differ in other fields. */
	ambiguousRows: number;
	/** Whether any of the fields tells at least one record from the others. */
	anyIdentifyingField: boolean;
}

/**
 * Matches each row by the first of `fields` whose value in the row belongs to one record only (or
 * to records identical in every field). Identical records take their rows in order: the n-th such
 * row goes to the n-th record, round again past the last when a workflow gives several rows each.
 */
export function matchRows(records: IDataObject[], rows: IDataObject[], fields: string[]): RowMatch {
	const groups = groupIdentical(records);
	const indexes: Array<[string, Map<string, number>]> = [];
	for (const field of fields) {
		const index = indexField(records, groups, field);
		if ([...index.values()].some((group) => group !== SHARED)) indexes.push([field, index]);
	}
	// A Map: a field may be named constructor or __proto__.
	const matchedBy = new Map<string, number>();
	const taken = new Array<number>(groups.members.length).fill(0);
	const hasRow = new Array<boolean>(records.length).fill(false);
	let ambiguousRows = 0;
	const recordOfRow = rows.map((row) => {
		let shared = false;
		for (const [field, index] of indexes) {
			const key = matchKey(ownValue(row, field));
			const group = key === undefined ? undefined : index.get(key);
			if (group === undefined) continue;
			if (group === SHARED) {
				shared = true;
				continue;
			}
			const members = groups.members[group];
			const recordIndex = members[taken[group]++ % members.length];
			hasRow[recordIndex] = true;
			matchedBy.set(field, (matchedBy.get(field) ?? 0) + 1);
			return recordIndex;
		}
		if (shared) ambiguousRows++;
		return undefined;
	});
	const recordsWithoutRow: number[] = [];
	hasRow.forEach((found, index) => {
		if (!found) recordsWithoutRow.push(index);
	});
	return { matchedBy: Object.fromEntries(matchedBy), recordOfRow, recordsWithoutRow, ambiguousRows, anyIdentifyingField: indexes.length > 0 };
}
