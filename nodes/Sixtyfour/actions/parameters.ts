import type { IExecuteFunctions } from 'n8n-workflow';

import type { FileChoice } from '../../shared/helpers/resultFiles';
import type { PollScheduleOptions } from '../helpers/pollSchedule';
import { DEFAULT_FILE_WAIT_SECONDS } from './common.descriptions';
import { itemParameters, readFileChoice, readIdText, readWholeNumber } from '../../shared/parameterReader';
import { RETRY_OPTION_NAMES } from '../../shared/helpers/apiFailure';
import { DEFAULT_RETRY_POLICY } from '../../shared/helpers/retryPolicy';
import type { RetryLimits } from '../../shared/transport';
import { isToolV2, TOOL_DEFAULTS } from './tool/toolMode';

/** Parameter readers that validate before any request is sent, naming the parameter at fault. */

function invalid(context: IExecuteFunctions, itemIndex: number, parameter: string, reason: string) {
	return itemParameters(context, itemIndex).invalid(parameter, reason);
}

/** The run's ID from Run ID: text in version 1, a resource locator (list or ID) from version 2. */
export function readRunId(context: IExecuteFunctions, itemIndex: number): string {
	return readIdText(itemParameters(context, itemIndex), 'runId', 'Run ID', 'give the job_id of a run');
}

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

export function readResultSettings(context: IExecuteFunctions, itemIndex: number): ResultSettings {
	const output = context.getNodeParameter('resultOutput', itemIndex, 'rows') as string;
	if (output !== 'rows' && output !== 'files') {
		throw invalid(context, itemIndex, 'Output', `unknown choice ${JSON.stringify(output)}`);
	}
	const binaryPropertyName = String(
		context.getNodeParameter('resultOptions.binaryPropertyName', itemIndex, 'data'),
	).trim();
	// Checked only where it is shown: a value left from one item per file cannot stop row output.
	if (!binaryPropertyName && output === 'files') throw invalid(context, itemIndex, 'Binary Property', 'give a property name');
	const toModel = isToolV2(context);
	return {
		files: readFileChoice(itemParameters(context, itemIndex)),
		output,
		maxRows: readWholeNumber(itemParameters(context, itemIndex), 'resultOptions.maxRows', 'Max Rows', {
			min: 0,
			fallback: toModel ? TOOL_DEFAULTS.maxRows : 0,
		}),
		inferTypes: context.getNodeParameter('resultOptions.inferTypes', itemIndex, false) as boolean,
		addRunMetadata: context.getNodeParameter('resultOptions.addRunMetadata', itemIndex, false) as boolean,
		binaryPropertyName,
		maxFileWaitMs:
			readDuration(context, 'resultOptions.fileWaitSeconds', 'Wait for Result Files', itemIndex, DEFAULT_FILE_WAIT_SECONDS, true) * 1000,
		toModel,
	};
}

export type TimeoutAction = 'fail' | 'cancel' | 'returnStatus';

export interface WaitSettings {
	timeoutMs: number;
	schedule: PollScheduleOptions;
	onTimeout: TimeoutAction;
	cancelOnStop: boolean;
	partialResults: boolean;
}

/** A duration in the parameter's unit: a number above 0, or from 0 when `allowZero`. */
function readDuration(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
	fallback: number,
	allowZero = false,
): number {
	const value = context.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
		const bound = allowZero ? '0 or more' : 'above 0';
		throw invalid(context, itemIndex, displayName, `must be a number ${bound}, got ${JSON.stringify(value)}`);
	}
	return value;
}

export function readWaitSettings(context: IExecuteFunctions, itemIndex: number): WaitSettings {
	const minIntervalMs =
		readDuration(context, 'waitOptions.minPollIntervalSeconds', 'Min Poll Interval', itemIndex, 2) * 1000;
	const maxIntervalMs =
		readDuration(context, 'waitOptions.maxPollIntervalSeconds', 'Max Poll Interval', itemIndex, 60) * 1000;
	if (minIntervalMs > maxIntervalMs) {
		throw invalid(context, itemIndex, 'Min Poll Interval', 'must not be longer than Max Poll Interval');
	}
	const tool = isToolV2(context);
	const onTimeout = context.getNodeParameter('waitOptions.onTimeout', itemIndex, tool ? TOOL_DEFAULTS.onTimeout : 'fail') as string;
	if (onTimeout !== 'fail' && onTimeout !== 'cancel' && onTimeout !== 'returnStatus') {
		throw invalid(context, itemIndex, 'On Timeout', `unknown choice ${JSON.stringify(onTimeout)}`);
	}
	return {
		timeoutMs:
			readDuration(context, 'waitOptions.timeoutMinutes', 'Timeout', itemIndex, tool ? TOOL_DEFAULTS.timeoutMinutes : 60) * 60_000,
		schedule: { minIntervalMs, maxIntervalMs },
		onTimeout,
		cancelOnStop: context.getNodeParameter('waitOptions.cancelOnStop', itemIndex, false) as boolean,
		partialResults: context.getNodeParameter('waitOptions.partialResults', itemIndex, false) as boolean,
	};
}

/** Max Tries and Max Retry Wait from the operation's Options collection (`collection`). */
export function readRetryLimits(context: IExecuteFunctions, itemIndex: number, collection: string): RetryLimits {
	const maxAttempts = readWholeNumber(itemParameters(context, itemIndex), `${collection}.maxTries`, RETRY_OPTION_NAMES.maxTries, {
		min: 1,
		max: 20,
		fallback: DEFAULT_RETRY_POLICY.maxAttempts,
	});
	const maxWaitSeconds = readDuration(
		context,
		`${collection}.maxRetryWaitSeconds`,
		RETRY_OPTION_NAMES.maxWait.replace(/ \(Seconds\)$/, ''),
		itemIndex,
		DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000,
		true,
	);
	return { maxAttempts, maxTotalWaitMs: maxWaitSeconds * 1000 };
}
