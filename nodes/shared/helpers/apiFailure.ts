/** What a failed call was about, so a 404 can name the missing workflow or run. */
export interface RequestSubject {
	workflowId?: string;
	runId?: string;
}

export interface ApiFailure {
	/** HTTP status; undefined when no answer came (connection error). */
	status?: number;
	body?: unknown;
	/** Connection error code or text, when no answer came. */
	networkError?: string;
	attempts: number;
	waitedMs: number;
	subject: RequestSubject;
	/** Whether the node offers Options → Max Tries and Max Retry Wait, so the hint can point at them. */
	retryOptions?: boolean;
}

/** The names of the retry options, as the editor shows them. */
export const RETRY_OPTION_NAMES = { maxTries: 'Max Tries', maxWait: 'Max Retry Wait (Seconds)' };

export interface FailureDescription {
	message: string;
	description: string;
}

interface FieldError {
	loc?: unknown;
	msg?: unknown;
}

/** The field errors of a 422, as "field: problem" lines; Sixtyfour sends them FastAPI-style in `detail`. */
export function fieldErrors(body: unknown): string[] {
	const detail = (body as { detail?: unknown } | undefined)?.detail;
	if (!Array.isArray(detail)) return [];
	return detail.map((entry: FieldError) => {
		const loc = Array.isArray(entry.loc)
			? entry.loc.filter((part) => part !== 'body' && part !== 'query').join('.')
			: '';
		const msg = typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry);
		return loc ? `${loc}: ${msg}` : msg;
	});
}

/** Sixtyfour's own words for the failure: `message`, `error` or `detail`, whichever it sent. */
export function serverMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const { message, error, detail } = body as Record<string, unknown>;
	if (typeof message === 'string' && message) return message;
	if (typeof detail === 'string' && detail) return detail;
	const fields = fieldErrors(body);
	if (fields.length) return fields.join('; ');
	if (typeof error === 'string' && error) return error;
	return undefined;
}

function subjectName(subject: RequestSubject): string {
	if (subject.runId !== undefined) return `run "${subject.runId}"`;
	if (subject.workflowId !== undefined) return `workflow "${subject.workflowId}"`;
	return 'the requested resource';
}

function afterTries(failure: ApiFailure): string {
	if (failure.attempts <= 1) return '';
	return ` after ${failure.attempts} tries over ${Math.round(failure.waitedMs / 1000)} s`;
}

/** The message and the what-to-do hint for a failed Sixtyfour call, per HTTP status. */
export function describeApiFailure(failure: ApiFailure): FailureDescription {
	const said = serverMessage(failure.body);
	const saidSuffix = said ? `: ${said}` : '';
	const { status } = failure;
	if (status === undefined) {
		// The code stays out of the message: n8n replaces any message naming a code like ECONNREFUSED wholesale.
		return {
			message: `Could not reach Sixtyfour${afterTries(failure)}`,
			description: `The connection failed (${failure.networkError ?? 'no answer'}). Check the Base URL in the Sixtyfour credential and that this n8n instance can reach it. Connection errors are retried automatically.`,
		};
	}
	switch (status) {
		case 400:
			return {
				message: `Sixtyfour refused the request${saidSuffix}`,
				description:
					'Only workflows that start with a webhook block can be started through the API; read_csv workflows need specs_override.resource_handle_id.',
			};
		case 401:
			return {
				message: 'Sixtyfour did not accept the API key',
				description:
					'Check the API key in the Sixtyfour credential: copy it again from the Sixtyfour app (Settings → API Keys).',
			};
		case 402:
			return {
				message: `Your Sixtyfour account is out of credits${saidSuffix}`,
				description: 'Add credits in the Sixtyfour app, then run this step again. No run was started.',
			};
		case 403:
			return {
				message: `The API key has no access to ${subjectName(failure.subject)}${saidSuffix}`,
				description: 'Use a key of the Sixtyfour organisation that owns this workflow.',
			};
		case 404:
			return {
				message: `Sixtyfour has no ${subjectName(failure.subject)}`,
				description: `Check the ID${said ? ` (Sixtyfour said: ${said})` : ''}. Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.`,
			};
		case 409:
			return {
				message: `Sixtyfour reported a conflict${saidSuffix}`,
				description:
					'The Idempotency-Key was already used for a different request. Use a new key for a new run.',
			};
		case 422: {
			const fields = fieldErrors(failure.body);
			return {
				message: `Sixtyfour rejected ${fields.length ? `these fields: ${fields.join('; ')}` : `the request${saidSuffix}`}`,
				description: 'Correct the named fields in the node parameters and run again.',
			};
		}
		case 429:
			return {
				message: `Rate limited by Sixtyfour${afterTries(failure)}`,
				description: `Sixtyfour allows 500 to 1,000 requests a minute per key. Run this workflow less often${
					failure.retryOptions
						? `, use fewer runs in parallel, or raise Options → ${RETRY_OPTION_NAMES.maxTries} and Options → ${RETRY_OPTION_NAMES.maxWait}.`
						: ' or use fewer runs in parallel.'
				}`,
			};
		default:
			if (status >= 500) {
				return {
					message: `Sixtyfour had a server error (${status})${afterTries(failure)}${saidSuffix}`,
					description:
						'This is on Sixtyfour\'s side. Try again later; if it persists, contact Sixtyfour support with the time of the failure.',
				};
			}
			return {
				message: `Sixtyfour answered ${status}${saidSuffix}`,
				description: 'See the Sixtyfour API reference for this status.',
			};
	}
}
