/**
 * A value as error messages name what they got: one wording in every message ("got undefined",
 * "got null", "got a number", "got an object"), since an AI agent's model reads these as they are.
 */
export function describeValue(value: unknown): string {
	if (value === undefined || value === null) return String(value);
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
