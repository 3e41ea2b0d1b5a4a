/** Connection failures: the request left this machine, or tried to, and got no answer. */
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EPROTO',
]);

/**
 * The client's error codes and texts. n8n-core wraps the client's error in a NodeApiError whose
 * message is a friendly rewording; the original text survives in `messages` and `cause`.
 */
export function errorTexts(error: unknown): string[] {
	const wrapped = (error ?? {}) as { code?: unknown; cause?: { code?: unknown; message?: unknown }; messages?: unknown; message?: unknown };
	return [wrapped.cause?.code, wrapped.code, wrapped.messages, wrapped.cause?.message, wrapped.message]
		.flat()
		.filter((text): text is string => typeof text === 'string' && text !== '');
}

/**
 * A failure to reach Sixtyfour (its code, such as ECONNRESET), or undefined when the error is local:
 * the request could not be built or sent (ERR_INVALID_CHAR for a header, a credential that cannot be
 * read), which no retry mends and which must not be reported as "Could not reach". One such: n8n
 * 2.41's durable scheduler releases a poll's expression isolate when it abandons the poll, after
 * which n8n cannot put the API key into a request ("No bridge acquired for this context").
 */
export function networkFailure(error: unknown): string | undefined {
	const texts = errorTexts(error);
	const code = texts.join(' ').match(/\bE[A-Z]{3,}\b/g)?.find((candidate) => NETWORK_CODES.has(candidate));
	if (code) return code;
	const text = texts.find((candidate) => /socket hang up|network|timeout|timed out|connect/i.test(candidate));
	return text;
}
