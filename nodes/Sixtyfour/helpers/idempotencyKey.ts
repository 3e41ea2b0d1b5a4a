import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** JSON with object keys sorted, so that the same record digests the same whatever its key order. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value)
			.sort()
			.filter((key) => (value as IDataObject)[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as IDataObject)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** What a run start asks for: the same request digests the same, any other differs. */
export interface StartRequestContent {
	workflowId: string;
	body: IDataObject;
	qs: IDataObject;
}

/** The first 16 hex digits of the SHA-256 of the start's workflow, body (records, specs override) and query. */
export function startDigest(content: StartRequestContent): string {
	const text = canonicalJson({ workflow_id: content.workflowId, body: content.body, qs: content.qs });
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The Idempotency-Key of one run start. Without a user key it is the same for every retry within
 * this node execution (`n8n-<scope>-<n>`). A user key starts a run once across executions, but only
 * for the same request: `<key>-<n>-<digest>`, so other records under the same key start a new run
 * instead of returning an old one. The digest is computed only then: it costs a pass over the records.
 */
export function runIdempotencyKey(
	scope: string,
	batchIndex: number,
	user?: { key: string; content: StartRequestContent },
): string {
	if (user) return `${user.key}-${batchIndex + 1}-${startDigest(user.content)}`;
	return `n8n-${scope}-${batchIndex + 1}`;
}
