import type { PollScheduleOptions } from '../helpers/pollSchedule';
import { readChoice, readDuration, type ParameterReader } from '../../shared/parameterReader';
import { TOOL_DEFAULTS, type NodeMode } from '../nodeVersions';

/** How a run is waited for: the Wait Options collection. */

const TIMEOUT_ACTIONS = ['fail', 'cancel', 'returnStatus'] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export interface WaitSettings {
	timeoutMs: number;
	schedule: PollScheduleOptions;
	onTimeout: TimeoutAction;
	cancelOnStop: boolean;
	partialResults: boolean;
	/** Run by an AI Agent: a timed-out status tells the model what to do next. */
	forAgent: boolean;
}

export function readWaitSettings(parameters: ParameterReader, mode: NodeMode): WaitSettings {
	const minIntervalMs = readDuration(parameters, 'waitOptions.minPollIntervalSeconds', 'Min Poll Interval', 2) * 1000;
	const maxIntervalMs = readDuration(parameters, 'waitOptions.maxPollIntervalSeconds', 'Max Poll Interval', 60) * 1000;
	if (minIntervalMs > maxIntervalMs) throw parameters.invalid('Min Poll Interval', 'must not be longer than Max Poll Interval');
	const tool = mode.toolV2;
	const onTimeout = readChoice(parameters, 'waitOptions.onTimeout', 'On Timeout', TIMEOUT_ACTIONS, tool ? TOOL_DEFAULTS.onTimeout : 'fail');
	return {
		timeoutMs: readDuration(parameters, 'waitOptions.timeoutMinutes', 'Timeout', tool ? TOOL_DEFAULTS.timeoutMinutes : 60) * 60_000,
		schedule: { minIntervalMs, maxIntervalMs },
		onTimeout,
		cancelOnStop: parameters.get('waitOptions.cancelOnStop', false) as boolean,
		partialResults: parameters.get('waitOptions.partialResults', false) as boolean,
		forAgent: mode.asTool,
	};
}
