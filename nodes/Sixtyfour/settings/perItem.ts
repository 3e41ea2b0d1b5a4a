import type { IExecuteFunctions } from 'n8n-workflow';

/** True when any of the parameters is written as an expression, so it may differ from item to item. */
export function isExpression(context: IExecuteFunctions, ...names: string[]): boolean {
	const parameters = context.getNode().parameters;
	return names.some((name) => {
		const raw = parameters[name];
		const value = raw && typeof raw === 'object' && '__rl' in raw ? raw.value : raw;
		return typeof value === 'string' && value.startsWith('=');
	});
}

/**
 * Reads per item what the parameters give, or once when none of them is an expression, since then
 * every item has the same value (100,000 items would otherwise mean 100,000 parameter resolutions).
 * A read that fails is not kept, so each item still gets its own error.
 */
export function perItem<T>(context: IExecuteFunctions, names: string[], read: (itemIndex: number) => T): (itemIndex: number) => T {
	if (isExpression(context, ...names)) return read;
	let fixed: { value: T } | undefined;
	return (itemIndex) => (fixed ??= { value: read(itemIndex) }).value;
}
