import type { FileChoice } from '../../shared/helpers/resultFiles';
import { readChoice, readDuration, readFileChoice, readWholeNumber, type ParameterReader } from '../../shared/parameterReader';
import { DEFAULT_FILE_WAIT_SECONDS } from '../actions/common.descriptions';
import { TOOL_DEFAULTS, type NodeMode } from '../nodeVersions';

/** How result rows become items: Result File, Output and the Result Options collection. */

export interface ResultSettings {
	files: FileChoice;
	output: 'rows' | 'files';
	maxRows: number;
	inferTypes: boolean;
	addRunMetadata: boolean;
	binaryPropertyName: string;
	/** How long a completed run's result files are waited for. */
	maxFileWaitMs: number;
	/** Set when the rows go to an AI agent's model: they are followed by what the run holds in all. */
	toModel?: boolean;
}

export function readResultSettings(parameters: ParameterReader, mode: NodeMode): ResultSettings {
	const output = readChoice(parameters, 'resultOutput', 'Output', ['rows', 'files'] as const, 'rows');
	const binaryPropertyName = String(parameters.get('resultOptions.binaryPropertyName', 'data')).trim();
	// Checked only where it is shown: a value left from one item per file cannot stop row output.
	if (!binaryPropertyName && output === 'files') throw parameters.invalid('Binary Property', 'give a property name');
	const toModel = mode.toolV2;
	return {
		files: readFileChoice(parameters),
		output,
		maxRows: readWholeNumber(parameters, 'resultOptions.maxRows', 'Max Rows', { min: 0, fallback: toModel ? TOOL_DEFAULTS.maxRows : 0 }),
		inferTypes: parameters.get('resultOptions.inferTypes', false) as boolean,
		addRunMetadata: parameters.get('resultOptions.addRunMetadata', false) as boolean,
		binaryPropertyName,
		maxFileWaitMs: readDuration(parameters, 'resultOptions.fileWaitSeconds', 'Wait for Result Files', DEFAULT_FILE_WAIT_SECONDS, true) * 1000,
		toModel,
	};
}
