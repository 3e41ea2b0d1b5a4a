import type { IExecuteFunctions } from 'n8n-workflow';

import { sleepUnlessCancelled } from '../../shared/helpers/cancellableSleep';
import { CREDENTIAL_TYPE, getBaseUrl } from '../../shared/transport/sixtyfourRequest';
import { getLiveStatus, listRuns } from '../../shared/transport/runRequests';
import { MAX_RUNS_WINDOW } from '../../shared/helpers/apiTypes';
import { releaseSharedStatusCheck, sharedCheckKey, sharedStatusCheck, type SeenStatus } from '../helpers/sharedStatusCheck';
import { waitForRun, type WaitDependencies, type WaitOptions, type WaitOutcome } from '../helpers/waitForRun';

async function credentialKey(context: IExecuteFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return sharedCheckKey(await getBaseUrl.call(context), String(credentials.apiKey ?? ''));
}

/**
 * Waits for a run as waitForRun does, its status checks shared with every other run waited on
 * through the same credential in this process (helpers/sharedStatusCheck). Each request goes out
 * through this execution's context, so its own credential, cancel signal and retry limits apply.
 */
export async function waitSharingChecks(
	this: IExecuteFunctions,
	runId: string,
	options: WaitOptions,
	onPoll: WaitDependencies['onPoll'],
): Promise<WaitOutcome> {
	const signal = this.getExecutionCancelSignal();
	const key = await credentialKey(this);
	const check = sharedStatusCheck(key);
	const requests = {
		listRuns: async () => await listRuns.call(this, { limit: MAX_RUNS_WINDOW }),
		liveStatus: async (id: string) => await getLiveStatus.call(this, id),
	};
	let lastSeenAt = -Infinity;
	check.join(runId);
	try {
		return await waitForRun(
			{
				checkStatus: async (): Promise<SeenStatus> => {
					const seen = await check.check(runId, requests, {
						now: () => Date.now(),
						reuseWithinMs: options.schedule.minIntervalMs,
						newerThanMs: lastSeenAt,
					});
					lastSeenAt = seen.atMs;
					return seen;
				},
				sleep: async (ms) => await sleepUnlessCancelled(ms, signal),
				now: () => Date.now(),
				onPoll,
			},
			options,
		);
	} finally {
		check.leave(runId);
		releaseSharedStatusCheck(key);
	}
}

/**
 * Counts `runIds` as waited on from now, until the returned release is called: an execution that
 * started several runs waits for them one after the other, and the checks made for the first then
 * tell the others' status too (one that finished meanwhile costs no request when its turn comes).
 */
export async function holdSharedChecks(this: IExecuteFunctions, runIds: string[]): Promise<() => void> {
	const key = await credentialKey(this);
	const check = sharedStatusCheck(key);
	for (const runId of runIds) check.join(runId);
	return () => {
		for (const runId of runIds) check.leave(runId);
		releaseSharedStatusCheck(key);
	};
}
