import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { unsendableKeyCharacter } from '../helpers/idempotencyKey';
import { parseOptionalObject } from '../helpers/records';
import type { NodeMode } from '../nodeVersions';
import { itemParameters, readChoice, readWholeNumber, type ParameterReader } from '../../shared/parameterReader';
import { readResultSettings, type ResultSettings } from './resultSettings';
import { readWaitSettings, type WaitSettings } from './waitSettings';

/** Workflow → Run's parameters that hold for the whole execution, read from item 0 and checked first. */

const RECORDS_SOURCES = ['items', 'json', 'none'] as const;
export type RecordsSource = (typeof RECORDS_SOURCES)[number];

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

function readMatchSettings(parameters: ParameterReader, mode: NodeMode, source: RecordsSource, results?: ResultSettings): MatchSettings | undefined {
	if (source === 'none' || results?.output !== 'rows') return undefined;
	const matchRows = readChoice(parameters, 'matchRows', 'Match Rows to Input', ['auto', 'field', 'none'] as const, 'auto');
	const outputRecordsWithoutRow = parameters.get('runOptions.outputRecordsWithoutRow', !mode.version1) as boolean;
	const flagRows = !mode.version1 || outputRecordsWithoutRow;
	if (matchRows === 'none') return undefined;
	if (matchRows === 'auto') return { outputRecordsWithoutRow, flagRows };
	const field = String(parameters.get('matchField', '')).trim();
	if (!field) throw parameters.invalid('Match Field', 'name the field that identifies each record');
	return { field, outputRecordsWithoutRow, flagRows };
}

function readUserKey(parameters: ParameterReader): string {
	const key = String(parameters.get('runOptions.idempotencyKey', '')).trim();
	const unsendable = unsendableKeyCharacter(key);
	if (unsendable !== undefined) {
		throw parameters.invalid(
			'Idempotency Key',
			`${JSON.stringify(unsendable)} cannot go into an HTTP header (only Latin-1 characters, without control characters, can)`,
			'Use letters, digits and punctuation, such as crm-batch-7.',
		);
	}
	return key;
}

/** The version 2 tool never bills the agent's own input item ({chatInput, toolCallId}) as a record. */
function checkToolRecordsSource(context: IExecuteFunctions, source: RecordsSource): void {
	if (source !== 'items') return;
	throw new NodeOperationError(
		context.getNode(),
		'As an AI Agent tool, this node takes its records from the model, not from input items (the agent\'s own input would be billed as a record)',
		{ description: 'Set Records to From the Model; Records (JSON) then asks the model for them with $fromAI().' },
	);
}

export function readRunSettings(context: IExecuteFunctions, mode: NodeMode): RunSettings {
	const parameters = itemParameters(context, 0);
	const source = readChoice(parameters, 'recordsSource', 'Records', RECORDS_SOURCES, 'items');
	if (mode.toolV2) checkToolRecordsSource(context, source);
	const waitForCompletion = parameters.get('waitForCompletion', true) as boolean;
	const qs: IDataObject = {};
	if (parameters.get('runOptions.saveJson', false)) qs.save_json = true;
	const formats = parameters.get('runOptions.resultFormats', []) as string[];
	// The rows are read from the CSV: a JSON- or NDJSON-only run would be billed and then unreadable.
	if (formats.length) qs.result_formats = waitForCompletion && !formats.includes('csv') ? ['csv', ...formats] : formats;
	const results = waitForCompletion ? readResultSettings(parameters, mode) : undefined;
	return {
		source,
		recordsPerRun: readWholeNumber(parameters, 'runOptions.recordsPerRun', 'Records per Run', { min: 0, fallback: 0 }),
		wait: waitForCompletion ? readWaitSettings(parameters, mode) : undefined,
		results,
		match: waitForCompletion ? readMatchSettings(parameters, mode, source, results) : undefined,
		userKey: readUserKey(parameters),
		qs,
	};
}

/** Specs Override of one item: an object, or nothing when empty. */
export function readSpecsOverride(parameters: ParameterReader): IDataObject | undefined {
	try {
		return parseOptionalObject(parameters.get('runOptions.specsOverride', ''));
	} catch (error) {
		throw parameters.invalid('Specs Override', (error as Error).message);
	}
}
