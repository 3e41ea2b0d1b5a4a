import type { IPollFunctions } from 'n8n-workflow';

import { pollParameters, readChoice, readFileChoice, readWholeNumber, readWorkflowId, type ParameterReader } from '../shared/parameterReader';
import { MAX_RUNS_WINDOW } from '../shared/helpers/apiTypes';
import type { ResultRowOptions } from '../shared/results/readResultRows';
import { TRIGGER_EVENTS, type TriggerEvent } from './helpers/finishedRuns';
import type { TriggerOutput } from '../shared/triggerItems';

/** The trigger's parameters, read and checked before any request is sent. */
export interface TriggerSettings {
	/** Undefined for all workflows. */
	workflowId?: string;
	events: TriggerEvent[];
	/** Undefined when results are not included. */
	results?: ResultRowOptions;
	output: TriggerOutput;
	runsPerPoll: number;
}

function readWorkflowScope(parameters: ParameterReader): string | undefined {
	const scope = readChoice(parameters, 'workflows', 'Workflows to Watch', ['all', 'one'] as const, 'all');
	return scope === 'all' ? undefined : readWorkflowId(parameters);
}

function readEvents(parameters: ParameterReader): TriggerEvent[] {
	const value = parameters.get('events', ['completed']);
	const events = Array.isArray(value) ? value : [value];
	if (events.length === 0) throw parameters.invalid('Trigger On', 'choose at least one event');
	for (const event of events) {
		if (!(TRIGGER_EVENTS as readonly unknown[]).includes(event)) {
			throw parameters.invalid('Trigger On', `unknown event ${JSON.stringify(event)}`);
		}
	}
	return [...new Set(events as TriggerEvent[])];
}

function readResults(parameters: ParameterReader): ResultRowOptions | undefined {
	if (parameters.get('includeResults', true) !== true) return undefined;
	return {
		files: readFileChoice(parameters),
		maxRows: readWholeNumber(parameters, 'maxRowsPerRun', 'Max Rows per Run', { min: 0, fallback: 0 }),
		inferTypes: parameters.get('options.inferTypes', false) === true,
	};
}

export function readTriggerSettings(context: IPollFunctions): TriggerSettings {
	const parameters = pollParameters(context);
	const results = readResults(parameters);
	return {
		workflowId: readWorkflowScope(parameters),
		events: readEvents(parameters),
		results,
		output: results ? readChoice(parameters, 'output', 'Output', ['run', 'row'] as const, 'run') : 'run',
		runsPerPoll: readWholeNumber(parameters, 'runsPerPoll', 'Runs per Poll', { min: 1, max: MAX_RUNS_WINDOW, fallback: 100 }),
	};
}
