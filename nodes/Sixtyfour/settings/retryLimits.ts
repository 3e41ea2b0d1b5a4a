import { RETRY_OPTION_NAMES } from '../../shared/helpers/apiFailure';
import { DEFAULT_RETRY_POLICY } from '../../shared/helpers/retryPolicy';
import { readDuration, readWholeNumber, type ParameterReader } from '../../shared/parameterReader';
import type { RetryLimits } from '../../shared/transport/sixtyfourRequest';

/** Max Tries and Max Retry Wait from the operation's Options collection (`collection`). */
export function readRetryLimits(parameters: ParameterReader, collection: string): RetryLimits {
	const maxAttempts = readWholeNumber(parameters, `${collection}.maxTries`, RETRY_OPTION_NAMES.maxTries, {
		min: 1,
		max: 20,
		fallback: DEFAULT_RETRY_POLICY.maxAttempts,
	});
	const maxWaitSeconds = readDuration(
		parameters,
		`${collection}.maxRetryWaitSeconds`,
		RETRY_OPTION_NAMES.maxWait.replace(/ \(Seconds\)$/, ''),
		DEFAULT_RETRY_POLICY.maxTotalWaitMs / 1000,
		true,
	);
	return { maxAttempts, maxTotalWaitMs: maxWaitSeconds * 1000 };
}
