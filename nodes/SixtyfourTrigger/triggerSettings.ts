import type { IPollFunctions, NodeOperationError } from 'n8n-workflow';

import { pollParameters, readFileChoice, readWholeNumber, readWorkflowId } from '../shared/parameterReader';
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

function invalid(context: IPollFunctions, parameter: string, reason: string): NodeOperationError {
	return pollParameters(context).invalid(parameter, reason);
}

function readWorkflowScope(context: IPollFunctions): string | undefined {
	const scope = context.getNodeParameter('workflows', 'all') as string;
	if (scope === 'all') return undefined;
	if (scope !== 'one') throw invalid(context, 'Workflows to Watch', `unknown choice ${JSON.stringify(scope)}`);
	return readWorkflowId(pollParameters(context));
}

function readEvents(context: IPollFunctions): TriggerEvent[] {
	const value = context.getNodeParameter('events', ['completed']) as unknown;
	const events = Array.isArray(value) ? value : [value];
	if (events.length === 0) throw invalid(context, 'Trigger On', 'choose at least one event');
	for (const event of events) {
		if (!(TRIGGER_EVENTS as readonly unknown[]).includes(event)) {
			throw invalid(context, 'Trigger On', `unknown event ${JSON.stringify(event)}`);
		}
	}
	return [...new Set(events as TriggerEvent[])];
}

function readResults(context: IPollFunctions): ResultRowOptions | undefined {
	if (context.getNodeParameter('includeResults', true) !== true) return undefined;
	return {
		files: readFileChoice(pollParameters(context)),
		maxRows: readWholeNumber(pollParameters(context), 'maxRowsPerRun', 'Max Rows per Run', { min: 0, fallback: 0 }),
		inferTypes: context.getNodeParameter('options.inferTypes', false) === true,
	};
}

function readOutput(context: IPollFunctions): TriggerOutput {
	const output = context.getNodeParameter('output', 'run') as string;
	if (output !== 'run' && output !== 'row') throw invalid(context, 'Output', `unknown choice ${JSON.stringify(output)}`);
	return output;
}

export function readTriggerSettings(context: IPollFunctions): TriggerSettings {
	const results = readResults(context);
	return {
		workflowId: readWorkflowScope(context),
		events: readEvents(context),
		results,
		output: results ? readOutput(context) : 'run',
		runsPerPoll: readWholeNumber(pollParameters(context), 'runsPerPoll', 'Runs per Poll', { min: 1, max: MAX_RUNS_WINDOW, fallback: 100 }),
	};
}
