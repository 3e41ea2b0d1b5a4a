import { NodeOperationError, type INode } from 'n8n-workflow';

/** Any node context: an execution has a cancel signal, a poll may have a deadline. */
interface StoppableContext {
	getNode(): INode;
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

const pollDeadlines = new WeakMap<object, AbortSignal>();

/**
 * Every request and wait made through `context` from now on ends when `deadline` aborts: the end of
 * the time n8n gives a poll (IPollFunctions.getPollBudgetMs). A poll that runs past it is abandoned
 * by n8n's durable scheduler, and nothing it read is kept.
 */
export function stopAtPollDeadline(context: object, deadline: AbortSignal): void {
	pollDeadlines.set(context, deadline);
}

/** What ends a context's requests and waits: the n8n execution's cancel signal, or a poll's deadline. */
export function stopSignalOf(context: object): AbortSignal | undefined {
	const cancellable = context as StoppableContext;
	if (typeof cancellable.getExecutionCancelSignal === 'function') return cancellable.getExecutionCancelSignal();
	return pollDeadlines.get(context);
}

/**
 * A poll's time ran out in the middle of a request or a wait. The trigger catches it, fires what it
 * has read and leaves the rest to the next poll.
 */
export class PollOutOfTime extends NodeOperationError {}

/**
 * The error for a request or wait that `stopSignalOf(context)` ended: a cancelled execution gets
 * `cancelledMessage`; a poll whose time ran out gets PollOutOfTime.
 */
export function stoppedError(context: StoppableContext, cancelledMessage: string): NodeOperationError {
	if (pollDeadlines.has(context)) {
		return new PollOutOfTime(context.getNode(), 'The time n8n gives this poll ran out', {
			description: 'What was read in time is fired; the rest is read at the next poll.',
		});
	}
	return new NodeOperationError(context.getNode(), cancelledMessage);
}
