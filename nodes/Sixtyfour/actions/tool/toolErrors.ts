import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** Whether the node runs as an AI Agent's tool (any version). */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
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

/** The version 2 tool never bills the agent's own input item ({chatInput, toolCallId}) as a record. */
export function checkToolRecordsSource(context: IExecuteFunctions, source: string): void {
	if (source !== 'items') return;
	throw new NodeOperationError(
		context.getNode(),
		'As an AI Agent tool, this node takes its records from the model, not from input items (the agent\'s own input would be billed as a record)',
		{ description: 'Set Records to From the Model; Records (JSON) then asks the model for them with $fromAI().' },
	);
}
