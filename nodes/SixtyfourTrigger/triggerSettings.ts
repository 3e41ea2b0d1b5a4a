import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import { MAX_RUNS_WINDOW } from '../Sixtyfour/helpers/apiTypes';
import type { FileChoice } from '../Sixtyfour/helpers/resultFiles';
import type { ResultRowOptions } from '../Sixtyfour/results/readResultRows';
import { TRIGGER_EVENTS, type TriggerEvent } from './helpers/finishedRuns';
import type { TriggerOutput } from './helpers/triggerItems';

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
	return new NodeOperationError(context.getNode(), `Invalid "${parameter}": ${reason}`);
}

function readWholeNumber(
	context: IPollFunctions,
	name: string,
	displayName: string,
	min: number,
	max: number,
	fallback: number,
): number {
	const value = context.getNodeParameter(name, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
		throw invalid(context, displayName, `must be a whole number ${range}, got ${JSON.stringify(value)}`);
	}
	return value;
}

function readWorkflowId(context: IPollFunctions): string | undefined {
	const scope = context.getNodeParameter('workflows', 'all') as string;
	if (scope === 'all') return undefined;
	if (scope !== 'one') throw invalid(context, 'Workflows', `unknown choice ${JSON.stringify(scope)}`);
	const value = context.getNodeParameter('workflowId', '', { extractValue: true }) as unknown;
	const id = typeof value === 'string' ? value.trim() : '';
	if (!id) throw invalid(context, 'Workflow', 'choose a workflow from the list or give its ID');
	return id;
}

function readEvents(context: IPollFunctions): TriggerEvent[] {
	const value = context.getNodeParameter('events', ['completed']) as unknown;
	const events = Array.isArray(value) ? value : [value];
	if (events.length === 0) throw invalid(context, 'Events', 'choose at least one event');
	for (const event of events) {
		if (!(TRIGGER_EVENTS as readonly unknown[]).includes(event)) {
			throw invalid(context, 'Events', `unknown event ${JSON.stringify(event)}`);
		}
	}
	return [...new Set(events as TriggerEvent[])];
}

function readFileChoice(context: IPollFunctions): FileChoice {
	const kind = context.getNodeParameter('resultFile', 'final') as string;
	if (kind === 'block') {
		return { kind, blockNumber: readWholeNumber(context, 'blockNumber', 'Block Number', 1, Number.MAX_SAFE_INTEGER, 1) };
	}
	if (kind === 'final' || kind === 'all') return { kind };
	throw invalid(context, 'Result File', `unknown choice ${JSON.stringify(kind)}`);
}

function readResults(context: IPollFunctions): ResultRowOptions | undefined {
	if (context.getNodeParameter('includeResults', true) !== true) return undefined;
	return {
		files: readFileChoice(context),
		maxRows: readWholeNumber(context, 'maxRowsPerRun', 'Max Rows per Run', 0, Number.MAX_SAFE_INTEGER, 0),
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
		workflowId: readWorkflowId(context),
		events: readEvents(context),
		results,
		output: results ? readOutput(context) : 'run',
		runsPerPoll: readWholeNumber(context, 'runsPerPoll', 'Runs per Poll', 1, MAX_RUNS_WINDOW, 100),
	};
}
