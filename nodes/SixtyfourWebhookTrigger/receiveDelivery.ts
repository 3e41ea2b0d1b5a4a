import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { asNodeError } from '../shared/nodeError';
import { readFileRows, readResultRows, usableInlineRows, type FileRows } from '../shared/results/readResultRows';
import { itemsForRun, type RunResults } from '../shared/triggerItems';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { readDelivery, type Delivery } from './helpers/envelope';
import { claimEvent } from './helpers/recentEvents';
import { eventKey, hasSeen, remember, SEEN_EVENTS_LIMITS } from './helpers/seenEvents';
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

/** What the logs say about a delivery: its ids and attempt, never the body or the secret. */
function describe(context: IWebhookFunctions): string {
	const eventId = header(context, 'sixtyfour-event-id') ?? 'none';
	const attempt = header(context, 'sixtyfour-delivery-attempt') ?? '?';
	return `event ${JSON.stringify(eventId)}, attempt ${attempt}`;
}

/** Whether this event fired already; if not, it is recorded as fired. Test deliveries are never deduplicated. */
function firstDelivery(context: IWebhookFunctions, delivery: Delivery): boolean {
	if (context.getMode() === 'manual') return true;
	const key = eventKey(delivery.eventId);
	const nowMs = Date.now();
	const staticData = context.getWorkflowStaticData('node');
	const scope = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${key}`;
	if (hasSeen(staticData, key, nowMs / 1000) || !claimEvent(scope, nowMs, SEEN_EVENTS_LIMITS.ttlSeconds * 1000)) return false;
	remember(staticData, key, nowMs / 1000);
	return true;
}

/**
 * The run's rows from the file the envelope describes (its signed link, without the API key), or,
 * when it describes none, from the run's download links (with the credential). A failure fires
 * the run with `results_error`: the delivery was already answered, and Sixtyfour will not send it again.
 */
async function fetchRows(context: IWebhookFunctions, delivery: Delivery, settings: WebhookSettings): Promise<RunResults> {
	const runId = delivery.run.job_id;
	try {
		if (delivery.file) {
			const rows = await readFileRows.call(context, runId, delivery.file, Infinity, settings.inferTypes);
			return { files: [{ file: delivery.file, rows }] };
		}
		const files: FileRows[] = await readResultRows.call(context, runId, {
			files: { kind: 'final' },
			maxRows: 0,
			inferTypes: settings.inferTypes,
			filesExpected: delivery.run.status === 'completed',
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
 * One delivery of an outgoing_webhook block: verified before anything else (401, or 400 for an
 * unreadable signature header, and no execution), deduplicated by event id (200, no execution),
 * then fired with the run's rows. Rows that came inline fire at once; rows that must be fetched
 * are fetched after the delivery is answered, so Sixtyfour never times out and sends it again.
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
		answer(this, verdict.status, { error: verdict.status === 400 ? 'bad_request' : 'unauthorized', message: verdict.reason });
		return { noWebhookResponse: true };
	}
	if (!verdict.signed) this.logger.warn(`Sixtyfour Webhook Trigger: unsigned delivery accepted (${describe(this)}), as Allow Unsigned Deliveries is on`);

	const delivery = readDelivery(this.getBodyData(), header(this, 'sixtyfour-event-id'));
	if ('ignored' in delivery) {
		this.logger.info(`Sixtyfour Webhook Trigger: delivery not fired on (${describe(this)}): ${delivery.ignored}`);
		return { webhookResponse: { received: true, fired: false, reason: delivery.ignored } };
	}
	if (!firstDelivery(this, delivery)) {
		this.logger.info(`Sixtyfour Webhook Trigger: ${describe(this)} of run "${delivery.run.job_id}" was delivered before; not fired again`);
		return { webhookResponse: { received: true, duplicate: true } };
	}

	const { run, file } = delivery;
	const inline = file && usableInlineRows(this, run.job_id, file, Infinity, settings.inferTypes);
	if (file && inline) {
		// n8n answers once the execution has started (response mode onReceived), having saved the seen event.
		return { workflowData: [itemsForRun(run, settings.output, { files: [{ file, rows: inline }] })] };
	}
	answer(this, 200, { received: true });
	const results = await fetchRows(this, delivery, settings);
	return { noWebhookResponse: true, workflowData: [itemsForRun(run, settings.output, results)] };
}
