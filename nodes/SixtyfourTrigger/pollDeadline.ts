import type { IPollFunctions } from 'n8n-workflow';

import { stopAtPollDeadline } from '../shared/transport/stopSignal';

/**
 * Time kept back from the budget for what follows the reads: building the items, storing the state,
 * n8n handing them to an execution. A tenth of the budget, at most 2 s.
 */
export function wrapUpMs(budgetMs: number): number {
	return Math.min(2000, Math.round(budgetMs / 10));
}

/** The time a poll may spend, as n8n gives it, and the signal that ends its requests and waits. */
export interface PollDeadline {
	budgetMs: number;
	startedAt: number;
	signal: AbortSignal;
}

/**
 * Binds the poll's requests and waits to the time n8n gives it (`getPollBudgetMs`, n8n 2.38 on: the
 * durable scheduler's timeout less a margin, 5 minutes under the legacy poller), less wrapUpMs. Undefined where
 * n8n does not say (1.x): the poll then runs as long as it takes, as before.
 */
export function startPollDeadline(context: IPollFunctions): PollDeadline | undefined {
	const { getPollBudgetMs } = context as Partial<{ getPollBudgetMs: () => number }>;
	if (typeof getPollBudgetMs !== 'function') return undefined;
	const budgetMs = getPollBudgetMs.call(context);
	if (!Number.isFinite(budgetMs) || budgetMs <= 0) return undefined;
	const deadline = { budgetMs, startedAt: Date.now(), signal: AbortSignal.timeout(budgetMs - wrapUpMs(budgetMs)) };
	stopAtPollDeadline(context, deadline.signal);
	return deadline;
}
