import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeApiFailure, type ApiFailure, type RequestSubject } from '../helpers/apiFailure';
import { sleepUnlessCancelled } from '../helpers/cancellableSleep';
import { stopSignalOf, stoppedError } from './stopSignal';
import { errorTexts, networkFailure } from '../helpers/networkFailure';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	nextRetryDelay,
	parseRetryAfter,
	type RetryPolicy,
} from '../helpers/retryPolicy';

export type SixtyfourContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'sixtyfourApi';

export interface SixtyfourRequest {
	method: IHttpRequestMethods;
	/** Path segments after the base URL. Each is percent-encoded, so an id can never change the path. */
	path: string[];
	qs?: IDataObject;
	body?: IDataObject;
	/** Sent as the Idempotency-Key header. A POST carrying one is safe to retry: Sixtyfour starts no second run. */
	idempotencyKey?: string;
	/** A POST that repeating cannot harm (cancel). GETs are always retried. */
	safeToRetry?: boolean;
	retry?: Partial<RetryPolicy>;
	/** Named in a 404's message. */
	subject?: RequestSubject;
	/** Send even though the n8n execution was cancelled (cancelling the run at Sixtyfour on the way out). */
	evenIfCancelled?: boolean;
}

type Outcome =
	| { kind: 'answer'; status: number; headers: IDataObject; body: unknown }
	| { kind: 'network'; error: string }
	/** The request could not be made at all (a header HTTP cannot carry, a credential n8n cannot read): retrying cannot help. */
	| { kind: 'local'; error: string }
	| { kind: 'cancelled' };

/** The retry limits a user set in a node's Options (Max Tries, Max Retry Wait), per execution context. */
export type RetryLimits = Pick<RetryPolicy, 'maxAttempts' | 'maxTotalWaitMs'>;

const userRetryLimits = new WeakMap<SixtyfourContext, RetryLimits>();

/** Every request made through `context` from now on retries within these limits. */
export function useRetryLimits(context: SixtyfourContext, limits: RetryLimits): void {
	userRetryLimits.set(context, limits);
}

/** The credential's Base URL without trailing slashes. */
export async function getBaseUrl(this: SixtyfourContext): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl || 'https://api.sixtyfour.ai').trim();
	return baseUrl.replace(/\/+$/, '');
}

/**
 * n8n-core ties every authenticated request of an execution to its cancel signal. To cancel the
 * Sixtyfour run after the execution was stopped, the request goes out through a context that has
 * the credential and the node but no cancel signal.
 */
function detachedFromCancellation(context: SixtyfourContext): SixtyfourContext {
	return {
		getCredentials: async (type: string) => await context.getCredentials(type),
		getNode: () => context.getNode(),
		helpers: context.helpers,
		logger: context.logger,
	} as unknown as SixtyfourContext;
}

async function send(this: SixtyfourContext, options: IHttpRequestOptions): Promise<Outcome> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...options.headers } },
		)) as IN8nHttpFullResponse;
		return {
			kind: 'answer',
			status: response.statusCode,
			headers: response.headers as IDataObject,
			body: response.body,
		};
	} catch (error) {
		if (stopSignalOf(this)?.aborted) return { kind: 'cancelled' };
		// HTTP statuses come back as answers (ignoreHttpStatusErrors); what lands here never reached Sixtyfour.
		const network = networkFailure(error);
		if (network !== undefined) return { kind: 'network', error: network };
		return { kind: 'local', error: (error as Error)?.message || errorTexts(error)[0] || 'unknown error' };
	}
}

/** A 2xx whose body should be JSON but could not be parsed arrives as text from n8n's client. */
function isMalformed(outcome: Outcome): boolean {
	return outcome.kind === 'answer' && typeof outcome.body === 'string';
}

/**
 * The one way node code reaches the Sixtyfour API: authenticated, retried within a bounded policy,
 * and failing with a NodeApiError that says what went wrong and what to do.
 */
export async function sixtyfourApiRequest<T>(
	this: SixtyfourContext,
	request: SixtyfourRequest,
): Promise<T> {
	return (await sixtyfourApiCall.call(this, request, [])).body as T;
}

/** An answer read, or the status of an endpoint this deployment or key cannot use. */
export type ReadOrUnavailable<T> = { kind: 'read'; value: T } | { kind: 'unavailable'; status: number };

/**
 * As sixtyfourApiRequest, except that an answer with one of `statuses` comes back as that status
 * instead of failing: for endpoints a deployment may lack, where the caller has a way round.
 */
export async function sixtyfourApiRequestUnless<T>(
	this: SixtyfourContext,
	request: SixtyfourRequest,
	statuses: readonly number[],
): Promise<ReadOrUnavailable<T>> {
	const answer = await sixtyfourApiCall.call(this, request, statuses);
	return answer.status < 300 ? { kind: 'read', value: answer.body as T } : { kind: 'unavailable', status: answer.status };
}

async function sixtyfourApiCall(
	this: SixtyfourContext,
	request: SixtyfourRequest,
	passedStatuses: readonly number[],
): Promise<{ status: number; body: unknown }> {
	const baseUrl = await getBaseUrl.call(this);
	const limits = userRetryLimits.get(this);
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...limits, ...request.retry };
	const retrySafe =
		request.method === 'GET' || request.safeToRetry === true || request.idempotencyKey !== undefined;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}/${request.path.map(encodeURIComponent).join('/')}`,
		qs: request.qs,
		// Lists go as repeated keys (result_formats=csv&result_formats=ndjson), as Sixtyfour reads them.
		arrayFormat: 'repeat',
		body: request.body,
		json: true,
		headers: request.idempotencyKey ? { 'Idempotency-Key': request.idempotencyKey } : {},
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const where = `${request.method} /${request.path.join('/')}`;
	const sender = request.evenIfCancelled ? detachedFromCancellation(this) : this;

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await send.call(sender, { ...options, abortSignal: stopSignalOf(sender) });
		if (outcome.kind === 'cancelled') throw stoppedError(this, 'The execution was cancelled while calling Sixtyfour');
		if (outcome.kind === 'local') {
			throw new NodeOperationError(this.getNode(), `The request ${where} could not be sent: ${outcome.error}`, {
				description: 'Nothing reached Sixtyfour. Check the values this request carries (such as the Idempotency Key) and the credential.',
			});
		}
		if (outcome.kind === 'answer' && outcome.status < 300 && !isMalformed(outcome)) {
			return { status: outcome.status, body: outcome.body };
		}
		if (outcome.kind === 'answer' && passedStatuses.includes(outcome.status)) return { status: outcome.status, body: outcome.body };

		const status = outcome.kind === 'answer' ? outcome.status : undefined;
		const transient = status === undefined || isRetryableStatus(status) || isMalformed(outcome);
		const retryAfterMs =
			outcome.kind === 'answer' ? parseRetryAfter(outcome.headers['retry-after'], Date.now()) : undefined;
		const delay =
			retrySafe && transient ? nextRetryDelay(attempt, waitedMs, retryAfterMs, policy) : undefined;

		if (delay === undefined) {
			throw failureError(this, outcome, { attempts: attempt, waitedMs, subject: request.subject ?? {}, retryOptions: limits !== undefined }, where);
		}
		this.logger.debug(
			`Sixtyfour ${where} ${status === undefined ? 'failed to connect' : `answered ${status}`}; try ${attempt} of ${policy.maxAttempts}, next in ${delay} ms`,
		);
		if (!(await sleepUnlessCancelled(delay, stopSignalOf(sender)))) {
			throw stoppedError(this, 'The execution was cancelled while waiting to retry Sixtyfour');
		}
		waitedMs += delay;
	}
}

type FailureContext = Pick<ApiFailure, 'attempts' | 'waitedMs' | 'subject' | 'retryOptions'>;

function failureError(context: SixtyfourContext, outcome: Outcome, tries: FailureContext, where: string): NodeApiError {
	if (isMalformed(outcome)) {
		return new NodeApiError(
			context.getNode(),
			{ request: where } as JsonObject,
			{
				message: `Sixtyfour answered ${where} with a body that is not valid JSON`,
				description:
					'This is usually a proxy or a passing fault in front of Sixtyfour. Try again; check the Base URL if it persists.',
			},
		);
	}
	const status = outcome.kind === 'answer' ? outcome.status : undefined;
	const body = outcome.kind === 'answer' ? outcome.body : undefined;
	const { message, description } = describeApiFailure({
		status,
		body,
		networkError: outcome.kind === 'network' ? outcome.error : undefined,
		...tries,
	});
	// Only Sixtyfour's answer goes into the error, never the request: its headers carry the API key.
	const response: JsonObject = { request: where, ...(status !== undefined ? { status } : {}) };
	if (body !== undefined) response.body = body as JsonObject;
	return new NodeApiError(context.getNode(), response, {
		message,
		description,
		httpCode: status === undefined ? undefined : String(status),
	});
}
