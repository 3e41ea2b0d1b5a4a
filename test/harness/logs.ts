import { captureLogs as captureInRuntime, inInstance as inInstanceOfRuntime } from './n8nRuntime';

/** One line a node logged through `this.logger`. */
export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

/** Runs `work`, collecting what is logged through n8n's Logger while it runs (see n8nRuntime.js). */
export const captureLogs: <T>(work: () => Promise<T>) => Promise<{ value: T; logs: LogLine[] }> =
	captureInRuntime;

/** Runs `work` as in the n8n instance `instanceId` (what `this.getInstanceId()` gives; see n8nRuntime.js). */
export const inInstance: <T>(instanceId: string, work: () => Promise<T>) => Promise<T> = inInstanceOfRuntime;
