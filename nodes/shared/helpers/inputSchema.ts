import { isObject, text } from './apiAnswers';
import type { WorkflowDetail } from './apiTypes';
import { ownValue } from './ownProperty';

/**
 * The columns a webhook block expects, from its `specs.input_schema`. Sixtyfour does not publish
 * that shape, so the plausible ones are read: a list of names, a list of `{name, type}`, an object
 * keyed by column name (values a type name or `{type}`), or a JSON Schema's `properties`. Anything
 * else, and a schema that declares no column, reads as undefined: the caller then works as it does
 * without a schema, rather than on a guess.
 */

export interface InputColumn {
	name: string;
	/** As the schema names it; null when it names none. */
	type: string | null;
}

/** The block that lets a workflow be started through the API; any other first block cannot be. */
export const API_SOURCE_BLOCK = 'webhook';

function typeOf(value: unknown): string | null {
	if (typeof value === 'string') return text(value);
	return isObject(value) ? text(value.type) : null;
}

function listed(entry: unknown): InputColumn | undefined {
	if (typeof entry === 'string') return text(entry) === null ? undefined : { name: entry, type: null };
	if (!isObject(entry) || text(entry.name) === null) return undefined;
	return { name: entry.name as string, type: typeOf(entry.type) };
}

function columnsOf(schema: unknown): Array<InputColumn | undefined> | undefined {
	if (Array.isArray(schema)) return schema.map(listed);
	if (!isObject(schema)) return undefined;
	if (isObject(schema.properties)) return columnsOf(schema.properties);
	return Object.keys(schema).map((name) => (name === '' ? undefined : { name, type: typeOf(schema[name]) }));
}

export function readInputSchema(schema: unknown): InputColumn[] | undefined {
	const columns = columnsOf(schema);
	if (!columns || columns.length === 0 || columns.includes(undefined)) return undefined;
	const seen = new Set<string>();
	return (columns as InputColumn[]).filter((column) => !seen.has(column.name) && seen.add(column.name));
}

/** What a workflow's definition says about starting it: its first block, and the columns it expects. */
export interface StartFacts {
	/** The first block's name; null when the definition does not tell it. */
	firstBlock: string | null;
	/** Only for a webhook first block with a readable schema. */
	columns?: InputColumn[];
}

export function startFacts(workflow: WorkflowDetail): StartFacts {
	const first = workflow.blocks?.[0];
	const firstBlock = first?.block_name ?? null;
	if (firstBlock !== API_SOURCE_BLOCK || !first?.specs) return { firstBlock };
	const columns = readInputSchema(ownValue(first.specs, 'input_schema'));
	return columns ? { firstBlock, columns } : { firstBlock };
}
