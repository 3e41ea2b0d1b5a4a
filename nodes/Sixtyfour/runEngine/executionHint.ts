import type { IExecuteFunctions } from 'n8n-workflow';

/** A warning the user should see: logged, and shown above the node's output where n8n can. */
export function warnWithHint(context: IExecuteFunctions, message: string): void {
	context.logger.warn(message);
	// Older n8n versions have no execution hints; the log line is then all there is.
	if (typeof context.addExecutionHints === 'function') context.addExecutionHints({ message, location: 'outputPane' });
}
