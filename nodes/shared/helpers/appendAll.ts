/** Appends every element; unlike push(...items), a million rows cannot overflow the call stack. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
	for (const item of items) target.push(item);
}
