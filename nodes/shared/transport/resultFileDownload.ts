import type { IExecuteFunctions, IN8nHttpFullResponse, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { stopSignalOf } from './stopSignal';

export type ResultContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

/** The body of a result file as it arrives: chunks of bytes, which can be stopped early. */
export interface ByteStream extends AsyncIterable<Uint8Array> {
	destroy(error?: Error): void;
}

export type DownloadOutcome =
	| { kind: 'open'; body: ByteStream }
	/** The storage host refused the signed link (expired, tampered): a fresh link may help. */
	| { kind: 'refused'; status: number }
	| { kind: 'failed'; reason: string };

/**
 * Opens a signed result-file link as a stream. Deliberately without the credential: the link is
 * signed, and the API key must never reach the storage host.
 */
export async function openResultFile(this: ResultContext, url: string): Promise<DownloadOutcome> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequest({
			url,
			method: 'GET',
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: stopSignalOf(this),
		})) as IN8nHttpFullResponse;
	} catch (error) {
		return { kind: 'failed', reason: (error as Error).message || 'connection failed' };
	}
	const body = response.body as ByteStream;
	if (response.statusCode < 300) return { kind: 'open', body };
	body.destroy();
	if (response.statusCode >= 400 && response.statusCode < 500) {
		return { kind: 'refused', status: response.statusCode };
	}
	return { kind: 'failed', reason: `storage answered ${response.statusCode}` };
}
