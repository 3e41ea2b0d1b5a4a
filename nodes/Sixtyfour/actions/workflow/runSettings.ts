import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { unsendableKeyCharacter } from '../../helpers/idempotencyKey';
import { parseOptionalObject } from '../../helpers/records';
import { keeps010Output } from '../nodeVersions';
import { readResultSettings, readWaitSettings, type ResultSettings, type WaitSettings } from '../parameters';
import { itemParameters, readWholeNumber } from '../../../shared/parameterReader';
import { isToolV2 } from '../tool/toolMode';
import { checkToolRecordsSource } from '../tool/toolErrors';

/** Workflow → Run's parameters that hold for the whole execution, read from item 0 and checked first. */

export type RecordsSource = 'items' | 'json' | 'none';

export interface MatchSettings {
	/** Undefined: Auto. */
	field?: string;
	outputRecordsWithoutRow: boolean;
	/** Whether matched rows get `sixtyfour_matched: true`. */
	flagRows: boolean;
}

export interface RunSettings {
	source: RecordsSource;
	recordsPerRun: number;
	wait?: WaitSettings;
	results?: ResultSettings;
	/** Present when rows are matched to their records. */
	match?: MatchSettings;
	userKey: string;
	qs: IDataObject;
}

export function invalidInput(context: IExecuteFunctions, itemIndex: number, parameter: string, reason: string, description?: string) {
	return new NodeOperationError(context.getNode(), `Invalid "${parameter}": ${reason}`, { itemIndex, description });
}

/** True when any of the parameters is written as an expression, so it may differ from item to item. */
export function isExpression(context: IExecuteFunctions, ...names: string[]): boolean {
	const parameters = context.getNode().parameters;
	return names.some((name) => {
		const raw = parameters[name];
		const value = raw && typeof raw === 'object' && '__rl' in raw ? raw.value : raw;
		return typeof value === 'string' && value.startsWith('=');
	});
}

/**
 * Reads per item what the parameters give, or once when none of them is an expression, since then
 * every item has the same value (100,000 items would otherwise mean 100,000 parameter resolutions).
 * A read that fails is not kept, so each item still gets its own error.
 */
export function perItem<T>(context: IExecuteFunctions, names: string[], read: (itemIndex: number) => T): (itemIndex: number) => T {
	if (isExpression(context, ...names)) return read;
	let fixed: { value: T } | undefined;
	return (itemIndex) => (fixed ??= { value: read(itemIndex) }).value;
}

function readMatchSettings(context: IExecuteFunctions, source: RecordsSource, results?: ResultSettings): MatchSettings | undefined {
	if (source === 'none' || results?.output !== 'rows') return undefined;
	const mode = context.getNodeParameter('matchRows', 0, 'auto') as string;
	const as010 = keeps010Output(context);
	const outputRecordsWithoutRow = context.getNodeParameter('runOptions.outputRecordsWithoutRow', 0, !as010) as boolean;
	const flagRows = !as010 || outputRecordsWithoutRow;
	if (mode === 'none') return undefined;
	if (mode === 'auto') return { outputRecordsWithoutRow, flagRows };
	if (mode !== 'field') throw invalidInput(context, 0, 'Match Rows to Input', `unknown choice ${JSON.stringify(mode)}`);
	const field = String(context.getNodeParameter('matchField', 0, '')).trim();
	if (!field) throw invalidInput(context, 0, 'Match Field', 'name the field that identifies each record');
	return { field, outputRecordsWithoutRow, flagRows };
}

function readUserKey(context: IExecuteFunctions): string {
	const key = String(context.getNodeParameter('runOptions.idempotencyKey', 0, '')).trim();
	const unsendable = unsendableKeyCharacter(key);
	if (unsendable !== undefined) {
		throw invalidInput(
			context,
			0,
			'Idempotency Key',
			`${JSON.stringify(unsendable)} cannot go into an HTTP header (only Latin-1 characters, without control characters, can)`,
			'Use letters, digits and punctuation, such as crm-batch-7.',
		);
	}
	return key;
}

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const source = context.getNodeParameter('recordsSource', 0, 'items') as RecordsSource;
	if (!['items', 'json', 'none'].includes(source)) {
		throw invalidInput(context, 0, 'Records', `unknown choice ${JSON.stringify(source)}`);
	}
	if (isToolV2(context)) checkToolRecordsSource(context, source);
	const waitForCompletion = context.getNodeParameter('waitForCompletion', 0, true) as boolean;
	const qs: IDataObject = {};
	if (context.getNodeParameter('runOptions.saveJson', 0, false)) qs.save_json = true;
	const formats = context.getNodeParameter('runOptions.resultFormats', 0, []) as string[];
	// The rows are read from the CSV: a JSON- or NDJSON-only run would be billed and then unreadable.
	if (formats.length) qs.result_formats = waitForCompletion && !formats.includes('csv') ? ['csv', ...formats] : formats;
	const results = waitForCompletion ? readResultSettings(context, 0) : undefined;
	return {
		source,
		recordsPerRun: readWholeNumber(itemParameters(context, 0), 'runOptions.recordsPerRun', 'Records per Run', { min: 0, fallback: 0 }),
		wait: waitForCompletion ? readWaitSettings(context, 0) : undefined,
		results,
		match: waitForCompletion ? readMatchSettings(context, source, results) : undefined,
		userKey: readUserKey(context),
		qs,
	};
}

export function readSpecsOverride(context: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	try {
		return parseOptionalObject(context.getNodeParameter('runOptions.specsOverride', itemIndex, ''));
	} catch (error) {
		throw invalidInput(context, itemIndex, 'Specs Override', (error as Error).message);
	}
}
