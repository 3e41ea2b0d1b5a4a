import { captureLogs as captureInRuntime } from './n8nRuntime';

/** One line a node logged through `this.logger`. */
export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

/** Runs `work`, collecting what is logged through n8n's Logger while it runs (see n8nRuntime.js). */
export const captureLogs: <T>(work: () => Promise<T>) => Promise<{ value: T; logs: LogLine[] }> =
	captureInRuntime;
