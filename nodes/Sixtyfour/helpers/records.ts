import type { IDataObject } from 'n8n-workflow';

import { describeValue } from '../../shared/helpers/describeValue';
import { hasOwn } from '../../shared/helpers/ownProperty';

/** Input that cannot become webhook_payload records; the node turns it into a NodeOperationError. */
export class RecordsInputError extends Error {}

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}


type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

function parseJsonText(text: string): Parsed {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, problem: `is not valid JSON (${(error as Error).message})` };
	}
}

/** A parameter value that may come as JSON text or already parsed. */
function jsonValue(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const parsed = parseJsonText(value);
	if (!parsed.ok) throw new RecordsInputError(parsed.problem);
	return parsed.value;
}

/**
 * Records given as JSON: one object or a list of objects, as text or as a value already parsed
 * (AI agents and expressions pass objects).
 */
export function parseRecords(value: unknown): IDataObject[] {
	if (typeof value === 'string' && value.trim() === '') return [];
	const parsed = jsonValue(value);
	if (isPlainObject(parsed)) return [parsed];
	if (!Array.isArray(parsed)) {
		throw new RecordsInputError(`must be an object or a list of objects, got ${describeValue(parsed)}`);
	}
	parsed.forEach((record, index) => {
		if (!isPlainObject(record)) {
			throw new RecordsInputError(`record ${index} must be an object, got ${describeValue(record)}`);
		}
	});
	return parsed as IDataObject[];
}

/** Names from a comma-separated list, trimmed, empty ones dropped. */
export function fieldList(text: string): string[] {
	return text
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/** The segments of a dot path: `properties.company`, `contacts[0].email`. */
export function pathSegments(path: string): string[] {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter((segment) => segment !== '');
}

/** The value at a dot path of an item's JSON; undefined when any step is missing. */
export function valueAtPath(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const segment of pathSegments(path)) {
		if (typeof value !== 'object' || value === null || !hasOwn(value, segment)) return undefined;
		value = (value as IDataObject)[segment];
	}
	return value;
}

/**
 * The chosen fields of an item's JSON, each named by its path's last segment (`properties.company`
 * is sent as `company`). A field the item lacks is an error: sending the record without it would
 * bill a run for less than the user asked for, and usually means a typo or a value dragged in as a name.
 */
export function pickPaths(json: IDataObject, paths: string[]): IDataObject {
	const fields: Array<[string, unknown]> = [];
	for (const path of paths) {
		const value = valueAtPath(json, path);
		if (value === undefined) throw new RecordsInputError(`has no field "${path}"`);
		fields.push([pathSegments(path).pop() as string, value]);
	}
	// fromEntries, not assignment: a field named __proto__ stays a field.
	return Object.fromEntries(fields) as IDataObject;
}

/** Selected field paths, checked once: two paths ending in the same name would overwrite each other. */
export function checkPaths(paths: string[]): void {
	if (!paths.length) throw new RecordsInputError('name at least one field');
	const seen = new Map<string, string>();
	for (const path of paths) {
		const name = pathSegments(path).pop();
		if (name === undefined) throw new RecordsInputError(`"${path}" is not a field name or path`);
		const earlier = seen.get(name);
		if (earlier !== undefined) {
			throw new RecordsInputError(`"${earlier}" and "${path}" would both be sent as "${name}"; use Mapped Fields to name them`);
		}
		seen.set(name, path);
	}
}

export interface MappedField {
	name?: unknown;
	value?: unknown;
}

/** A record built from name → value pairs (values already resolved); errors read after "item N". */
export function mappedRecord(fields: MappedField[]): IDataObject {
	const record = new Map<string, unknown>();
	for (const { name, value } of fields) {
		const key = typeof name === 'string' ? name.trim() : '';
		if (!key) throw new RecordsInputError('maps a field without a name');
		if (record.has(key)) throw new RecordsInputError(`maps "${key}" twice`);
		if (value === undefined) throw new RecordsInputError(`maps "${key}" to nothing: its expression points at no field`);
		record.set(key, value);
	}
	// fromEntries, not assignment: a field named __proto__ stays a field.
	return Object.fromEntries(record) as IDataObject;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A record with nothing to enrich: no field, or only empty ones. Sixtyfour would bill it all the same. */
export function isEmptyRecord(record: IDataObject): boolean {
	return Object.values(record).every(isBlank);
}

/** An optional JSON object parameter (specs override): empty means none. */
export function parseOptionalObject(value: unknown): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = jsonValue(value);
	if (!isPlainObject(parsed)) throw new RecordsInputError(`must be a JSON object, got ${describeValue(parsed)}`);
	return Object.keys(parsed).length ? parsed : undefined;
}
