import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { asNodeError } from '../shared/nodeError';
import { readFileRows, readResultRows, usableInlineRows, type FileRows } from '../shared/results/readResultRows';
import { itemsForRun, type FinishFallback, type RunResults } from '../shared/triggerItems';
import { CREDENTIAL_TYPE } from '../shared/transport/sixtyfourRequest';
import { parseEnvelope, readDelivery, type Delivery, type NotARunDelivery } from './helpers/envelope';
import { claimDelivery, type EventClaim } from './helpers/eventClaim';
import { verifySignature } from './helpers/signature';
import { readWebhookSettings, type WebhookSettings } from './webhookSettings';

/** How long a completed run's files are waited for when the envelope names none (they appear within seconds). */
const FILE_WAIT_MS = 120_000;

function header(context: IWebhookFunctions, name: string): string | undefined {
	const value = context.getHeaderData()[name];
	return Array.isArray(value) ? value.join(',') : value;
}

/** Answers the delivery directly (n8n then sends nothing itself). */
function answer(context: IWebhookFunctions, status: number, body: IDataObject): void {
	const response = context.getResponseObject();
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

function refuse(context: IWebhookFunctions, status: number, error: string, message: string): IWebhookResponseData {
	answer(context, status, { error, message });
	return { noWebhookResponse: true };
}

/** What the logs say about a delivery: its ids and attempt, never the body or the secret. */
function describe(context: IWebhookFunctions): string {
	const eventId = header(context, 'sixtyfour-event-id') ?? 'none';
	const attempt = header(context, 'sixtyfour-delivery-attempt') ?? '?';
	return `event ${JSON.stringify(eventId)}, attempt ${attempt}`;
}

/**
 * The run's rows from the signed link the envelope gives (without the API key), or, when it gives
 * none (the documented envelope need not), from the run's download links (with the credential). A
 * failure fires the run with `results_error`: the delivery was already answered, and Sixtyfour will
 * not send it again.
 */
async function fetchRows(context: IWebhookFunctions, delivery: Delivery, settings: WebhookSettings): Promise<RunResults> {
	const runId = delivery.run.job_id;
	try {
		if (delivery.file?.download_url) {
			// The inline rows were found missing or short already: the file itself is read.
			const file = { ...delivery.file, results: null };
			const rows = await readFileRows.call(context, runId, file, Infinity, settings.inferTypes);
			return { files: [{ file, rows }] };
		}
		const files: FileRows[] = await readResultRows.call(context, runId, {
			files: { kind: 'final' },
			maxRows: 0,
			inferTypes: settings.inferTypes,
			// The block runs when a run completes: files are waited for unless the envelope says it did not.
			filesExpected: delivery.run.status !== 'failed' && delivery.run.status !== 'cancelled',
			maxFileWaitMs: FILE_WAIT_MS,
		});
		return { files };
	} catch (error) {
		const reason = asNodeError(context.getNode(), error).message;
		context.logger.warn(`Sixtyfour Webhook Trigger: run "${runId}" fires without its rows: ${reason}`);
		return { files: [], error: reason };
	}
}

/**
 * Fires the claimed delivery. Rows that came inline fire at once, answered 200 just before
 * webhook() returns. Rows that must be fetched are fetched after the delivery is answered, since
 * fetching may take longer than Sixtyfour waits for an answer; from then on every failure fires the
 * run with `results_error` instead of ending in an errored execution, as Sixtyfour will not send it again.
 *
 * The node answers every delivery itself (noWebhookResponse) so that n8n saves the seen event. Read
 * in n8n's dist/webhooks/live-webhooks.js and webhook-helpers.js, 2.41.0 and 1.123.81: live-webhooks
 * saves the static data in the answer's callback, only if its __dataChanged flag is still set. When
 * the node has answered, executeWebhook calls that callback as soon as webhook() returns, before
 * the execution is prepared: saved, on both. Left to n8n, 2.41 answers "on received" only after
 * WorkflowRunner.run, whose new Workflow wraps the same static data object again
 * (ObservableObject.create) and clears the flag: never saved (1.123 answers before preparing the
 * execution, and saved it). The e2e shows both: with this path left to n8n, 2.41 fired 20 of 20
 * inline events again after a restart, 1.123 none. docs/limits.md, "Webhook Trigger and n8n's static data".
 */
async function fire(context: IWebhookFunctions, delivery: Delivery, settings: WebhookSettings, claim: EventClaim): Promise<IWebhookResponseData> {
	const { run, file } = delivery;
	const received: FinishFallback = { atMs: Date.now(), source: 'received' };
	const inline = file && usableInlineRows(context, run.job_id, file, Infinity, settings.inferTypes);
	if (file !== undefined && inline !== undefined) {
		const items = itemsForRun(run, settings.output, received, { files: [{ file, rows: inline }] });
		answer(context, 200, { received: true, fired: true });
		claim.fired();
		return { noWebhookResponse: true, workflowData: [items] };
	}
	answer(context, 200, { received: true, fired: true });
	const results = await fetchRows(context, delivery, settings);
	const items = itemsForRun(run, settings.output, received, results);
	claim.fired();
	return { noWebhookResponse: true, workflowData: [items] };
}

/**
 * An unsigned delivery may come from anyone who knows the URL: the download link it names is not
 * fetched (the node would otherwise request a URL of the sender's choosing). Its rows, when not
 * inline, come through the run's download links with the credential, from Sixtyfour itself.
 */
function withoutSendersLink(context: IWebhookFunctions, delivery: Delivery | NotARunDelivery): Delivery | NotARunDelivery {
	if ('ignored' in delivery || !delivery.file?.download_url) return delivery;
	context.logger.info(`Sixtyfour Webhook Trigger: the unsigned delivery's results_download_url is not used (${describe(context)}); rows come through the run's download links`);
	return { ...delivery, file: { ...delivery.file, download_url: null } };
}

/**
 * One delivery of an outgoing_webhook block: verified before anything else (401, or 400 for an
 * unreadable signature header, and no execution); a body that is not a JSON object is refused with
 * 400; one without a run_id is answered 200 and not fired on; a seen event id is answered 200 and
 * not fired again; the rest fire with the run's rows (see fire). If anything fails before the
 * execution holds its items, the event is released and n8n answers 500, so Sixtyfour's retry fires it.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = readWebhookSettings(this);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const rawBody = this.getRequestObject().rawBody ?? Buffer.alloc(0);
	const verdict = verifySignature({
		header: header(this, 'sixtyfour-signature'),
		rawBody,
		secret: typeof credentials.webhookSigningSecret === 'string' ? credentials.webhookSigningSecret : '',
		nowSeconds: Date.now() / 1000,
		toleranceSeconds: settings.toleranceSeconds,
		allowUnsigned: settings.allowUnsigned,
	});
	if (!verdict.ok) {
		this.logger.warn(`Sixtyfour Webhook Trigger: delivery refused (${verdict.status}, ${describe(this)}): ${verdict.reason}`);
		return refuse(this, verdict.status, verdict.status === 400 ? 'bad_request' : 'unauthorized', verdict.reason);
	}
	if (!verdict.signed) this.logger.warn(`Sixtyfour Webhook Trigger: unsigned delivery accepted (${describe(this)}), as Allow Unsigned Deliveries is on`);

	const body = parseEnvelope(rawBody);
	if (typeof body === 'string') {
		this.logger.warn(`Sixtyfour Webhook Trigger: delivery refused (400, ${describe(this)}): ${body}`);
		return refuse(this, 400, 'bad_request', body);
	}
	const read = readDelivery(body, header(this, 'sixtyfour-event-id'));
	const delivery = verdict.signed ? read : withoutSendersLink(this, read);
	if ('ignored' in delivery) {
		this.logger.info(`Sixtyfour Webhook Trigger: delivery not fired on (${describe(this)}): ${delivery.ignored}`);
		answer(this, 200, { received: true, fired: false, reason: delivery.ignored });
		return { noWebhookResponse: true };
	}
	const claim = claimDelivery(this, delivery.eventId);
	if (claim === undefined) {
		this.logger.info(`Sixtyfour Webhook Trigger: ${describe(this)} of run "${delivery.run.job_id}" was delivered before; not fired again`);
		answer(this, 200, { received: true, fired: false, duplicate: true });
		return { noWebhookResponse: true };
	}
	try {
		return await fire(this, delivery, settings, claim);
	} catch (error) {
		claim.release();
		throw asNodeError(this.getNode(), error);
	}
}
