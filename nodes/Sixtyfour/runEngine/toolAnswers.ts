import type { INodeExecutionData } from 'n8n-workflow';

import type { ColumnsWarning } from './workflowChecks';

/** What the node's answers to an AI Agent's model add: the workflow's columns, and what to do next. */

/**
 * n8n builds the tool's schema from the $fromAI() text saved in the node, before any call, so the
 * description the model reads cannot hold a workflow's columns. What the tool can do is answer with
 * them: when the records the model sent carry none of the columns the workflow expects, the last
 * item of the run's answer names them, so that the model sends them in its next call.
 */
export function withColumnsNote(items: INodeExecutionData[], warning: ColumnsWarning | undefined): INodeExecutionData[] {
	if (!warning || items.length === 0) return items;
	const last = items[items.length - 1];
	return [
		...items.slice(0, -1),
		{
			...last,
			json: {
				...last.json,
				expected_columns: warning.columns,
				records_warning: `${warning.without} of the ${warning.records} records sent carry none of the columns this Sixtyfour workflow expects (${warning.columns.join(', ')}), so it may have found nothing to enrich in them; they were billed all the same. Send records with these columns next time.`,
			},
		},
	];
}

/**
 * An agent's model gets only an error's message (n8n hands it `{ error: message }`), not its
 * description, which is where the node says what to do next: the tool's errors carry both.
 */
export function withNextStep<T>(error: T): T {
	if (!(error instanceof Error)) return error;
	const { description } = error as Error & { description?: unknown };
	if (typeof description !== 'string' || !description.trim() || error.message.includes(description)) return error;
	error.message = `${error.message.replace(/[.\s]*$/, '')}. ${description.trim()}`;
	return error;
}
