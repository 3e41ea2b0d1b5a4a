import type { IWebhookFunctions } from 'n8n-workflow';

import { claimEvent, firedEvents, markFired, releaseEvent } from './recentEvents';
import { eventKey, hasSeen, remember, SEEN_EVENTS_LIMITS } from './seenEvents';

/** A delivery's hold on its event, taken before anything is awaited. */
export interface EventClaim {
	/** The event fired: it is written to the static data n8n saves as webhook() returns. */
	fired(): void;
	/** It did not fire: the claim is given up, so the next delivery of the event fires it. */
	release(): void;
}

const NO_CLAIM: EventClaim = { fired: () => undefined, release: () => undefined };

/**
 * Claims the delivery's event; undefined when it was seen before (in the static data, or claimed by
 * this process lately). Test deliveries (manual mode) are never deduplicated and store nothing.
 *
 * The event is written to the static data only once it fires, so a delivery that fails before its
 * execution holds its items leaves no trace there, and n8n, which saves static data only when
 * webhook() returns without throwing, saves nothing for it either.
 */
export function claimDelivery(context: IWebhookFunctions, eventId: string): EventClaim | undefined {
	if (context.getMode() === 'manual') return NO_CLAIM;
	const key = eventKey(eventId);
	const staticData = context.getWorkflowStaticData('node');
	const scope = `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
	const nowMs = Date.now();
	if (hasSeen(staticData, key, nowMs / 1000) || !claimEvent(scope, key, nowMs, SEEN_EVENTS_LIMITS.ttlSeconds * 1000)) return undefined;
	return {
		fired() {
			markFired(scope, key);
			const now = Date.now();
			// Every event this process fired lately, not only this one: see recentEvents.ts.
			for (const firedKey of firedEvents(scope, now)) if (!hasSeen(staticData, firedKey, now / 1000)) remember(staticData, firedKey, now / 1000);
		},
		release: () => releaseEvent(scope, key),
	};
}
