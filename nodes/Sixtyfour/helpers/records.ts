import type { IDataObject } from 'n8n-workflow';

/** Input that cannot become webhook_payload records; the node turns it into a NodeOperationError. */
export class RecordsInputError extends Error {}

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
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
		throw new RecordsInputError(`must be an object or a list of objects, got ${describe(parsed)}`);
	}
	parsed.forEach((record, index) => {
		if (!isPlainObject(record)) {
			throw new RecordsInputError(`record ${index + 1} must be an object, got ${describe(record)}`);
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

/** The chosen fields of an item's JSON; fields it lacks are left out rather than sent as null. */
export function pickFields(json: IDataObject, fields: string[]): IDataObject {
	const record: IDataObject = {};
	for (const field of fields) {
		if (field in json) record[field] = json[field];
	}
	return record;
}

/** An optional JSON object parameter (specs override): empty means none. */
export function parseOptionalObject(value: unknown): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = jsonValue(value);
	if (!isPlainObject(parsed)) throw new RecordsInputError(`must be a JSON object, got ${describe(parsed)}`);
	return Object.keys(parsed).length ? parsed : undefined;
}
