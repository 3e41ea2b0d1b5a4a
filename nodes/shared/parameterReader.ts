import {
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type IGetNodeParameterOptions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { describeValue } from './helpers/describeValue';
import type { FileChoice } from './helpers/resultFiles';

/**
 * A node's parameters as one item sees them (action node) or as the node has them (trigger), so
 * that both nodes check a parameter the same way and name it the same way when it is wrong.
 */
export interface ParameterReader {
	get(name: string, fallback?: unknown, options?: IGetNodeParameterOptions): unknown;
	/** `Invalid "Display Name": reason`, with what to do in `description` when it is not obvious. */
	invalid(displayName: string, reason: string, description?: string): NodeOperationError;
}

/** The one way a parameter is refused, for all three nodes. */
function invalidParameter(node: INode, displayName: string, reason: string, options: ConstructorParameters<typeof NodeOperationError>[2]) {
	return new NodeOperationError(node, `Invalid "${displayName}": ${reason}`, options);
}

export function itemParameters(context: IExecuteFunctions, itemIndex: number): ParameterReader {
	return {
		get: (name, fallback, options) => context.getNodeParameter(name, itemIndex, fallback, options),
		invalid: (displayName, reason, description) => invalidParameter(context.getNode(), displayName, reason, { itemIndex, description }),
	};
}

export function pollParameters(context: IPollFunctions): ParameterReader {
	return {
		get: (name, fallback, options) => context.getNodeParameter(name, fallback, options),
		invalid: (displayName, reason, description) => invalidParameter(context.getNode(), displayName, reason, { description }),
	};
}

export function webhookParameters(context: IWebhookFunctions): ParameterReader {
	return {
		get: (name, fallback, options) => context.getNodeParameter(name, fallback, options),
		invalid: (displayName, reason, description) => invalidParameter(context.getNode(), displayName, reason, { description }),
	};
}

interface WholeNumberBounds {
	min: number;
	max?: number;
	fallback?: number;
}

/** Reads a whole number parameter and checks it against its bounds. */
export function readWholeNumber(
	parameters: ParameterReader,
	name: string,
	displayName: string,
	{ min, max = Number.MAX_SAFE_INTEGER, fallback }: WholeNumberBounds,
): number {
	const value = parameters.get(name, fallback);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
		throw parameters.invalid(displayName, `must be a whole number ${range}, got ${JSON.stringify(value)}`);
	}
	return value;
}

/** A duration in the parameter's unit: a number above 0, or from 0 when `allowZero`. */
export function readDuration(parameters: ParameterReader, name: string, displayName: string, fallback: number, allowZero = false): number {
	const value = parameters.get(name, fallback);
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
		const bound = allowZero ? '0 or more' : 'above 0';
		throw parameters.invalid(displayName, `must be a number ${bound}, got ${JSON.stringify(value)}`);
	}
	return value;
}

/** One of an options parameter's values; an expression can give any other, which is refused. */
export function readChoice<T extends string>(parameters: ParameterReader, name: string, displayName: string, choices: readonly T[], fallback: T): T {
	const value = parameters.get(name, fallback);
	if (!choices.includes(value as T)) throw parameters.invalid(displayName, `unknown choice ${JSON.stringify(value)}`);
	return value as T;
}

/**
 * An ID parameter (text, or a resource locator's value). An expression may give a number, which is
 * taken as its text; anything else that is not text (an object would become "[object Object]") is
 * refused saying what it got.
 */
export function readIdText(parameters: ParameterReader, name: string, displayName: string, whenEmpty: string): string {
	const value = parameters.get(name, '', { extractValue: true });
	if (value === undefined || value === null) throw parameters.invalid(displayName, whenEmpty);
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') throw parameters.invalid(displayName, `must be text, got ${describeValue(value)}`);
	const id = value.trim();
	if (!id) throw parameters.invalid(displayName, whenEmpty);
	return id;
}

/** The workflow of the resource locator, by list or by ID. */
export function readWorkflowId(parameters: ParameterReader): string {
	return readIdText(parameters, 'workflowId', 'Workflow', 'choose a workflow from the list or give its ID');
}

/** The run's ID from Run ID: text in version 1, a resource locator (list or ID) from version 2. */
export function readRunId(parameters: ParameterReader): string {
	return readIdText(parameters, 'runId', 'Run ID', 'give the job_id of a run');
}

/** Which result files to read: Result File and, for one block, Block Number. */
export function readFileChoice(parameters: ParameterReader): FileChoice {
	const kind = readChoice(parameters, 'resultFile', 'Result File', ['final', 'all', 'block'] as const, 'final');
	if (kind === 'block') {
		return { kind, blockNumber: readWholeNumber(parameters, 'blockNumber', 'Block Number', { min: 1, fallback: 1 }) };
	}
	return { kind };
}
