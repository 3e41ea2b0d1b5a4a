import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { canonicalJson } from './canonicalJson';

/** What a run start asks for: the same request digests the same, any other differs. */
export interface StartRequestContent {
	workflowId: string;
	body: IDataObject;
	qs: IDataObject;
}

/**
 * The first 16 hex digits of the SHA-256 of the start's workflow, body (records, specs override)
 * and query. With `keyOrder` 'ignored' (user keys, compared across executions) the same record
 * digests the same whatever its key order; 'as sent' (default keys, the same within one execution)
 * skips the sorting, which costs about three times the serialising at 100,000 records.
 */
export function startDigest(content: StartRequestContent, keyOrder: 'ignored' | 'as sent' = 'ignored'): string {
	const request = { workflow_id: content.workflowId, body: content.body, qs: content.qs };
	const text = keyOrder === 'ignored' ? canonicalJson(request) : JSON.stringify(request);
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Where a node execution runs: what makes its default keys its own. */
export interface KeyScope {
	/** n8n's instance id (a SHA-256 of its encryption key); empty on an n8n that has none. */
	instanceId: string;
	executionId: string;
	nodeId: string;
	runIndex: number;
}

/** The first 16 letters and digits of the instance id: 64 bits, enough to tell instances apart, short in a header. */
function shortInstance(instanceId: string): string {
	return instanceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 16) || 'none';
}

/**
 * The Idempotency-Key of one run start. Sixtyfour keys runs on the API key, which several n8n
 * instances may share (staging beside production, a restored backup, an imported template: the same
 * execution and node ids), so every key ends in the digest of what is started: a key can only ever
 * return a run of the same workflow with the same records, specs override and formats.
 *
 * - Default: `n8n-<instance>-<execution>-<node>-<run index>-<n>-<digest>`, unique to the n8n
 *   instance, the execution, the node, its run index, the run's number and the request; the same for
 *   every retry within this execution (the transport's and n8n's Retry On Fail), so a retried start
 *   never starts a second run.
 * - A user key: `<key>-<n>-<digest>`, the same run across executions for the same request.
 */
export function runIdempotencyKey(
	scope: KeyScope,
	batchIndex: number,
	content: StartRequestContent,
	userKey?: string,
): string {
	if (userKey) return `${userKey}-${batchIndex + 1}-${startDigest(content)}`;
	const digest = startDigest(content, 'as sent');
	const { instanceId, executionId, nodeId, runIndex } = scope;
	return `n8n-${shortInstance(instanceId)}-${executionId}-${nodeId}-${runIndex}-${batchIndex + 1}-${digest}`;
}

/**
 * The first character of a key that an HTTP header cannot carry (beyond Latin-1, or a control
 * character), or undefined. Such a key is refused before any request: Node would refuse the header.
 */
export function unsendableKeyCharacter(key: string): string | undefined {
	return /[^\t\x20-\x7e\x80-\xff]/u.exec(key)?.[0];
}
