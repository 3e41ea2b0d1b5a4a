import type { CsvValue } from './csvValues';

interface MemoEntry {
	/** The value's text as it stands in the file, between the quotes when quoted. */
	raw: string;
	value: CsvValue;
}

const BUCKETS = 256;

/**
 * A bucket from the text's length, its first and last characters and whether it is quoted, read in
 * place, nothing sliced. The same text quoted and unquoted always falls in different buckets.
 */
function bucketOf(text: string, start: number, end: number, quoted: boolean): number {
	const length = end - start;
	const ends = length === 0 ? 0 : text.charCodeAt(start) * 7 + text.charCodeAt(end - 1);
	return (length * 31 + ends + (quoted ? 97 : 0)) & (BUCKETS - 1);
}

/**
 * The values one column has shown, found by their raw text where it stands in the parser's text,
 * so that a repeated value (a status, an industry) costs neither a new string nor a hash of one.
 * A quoted text and the same text unquoted are different values (`""` reads as `"` only quoted).
 */
export class CsvValueMemo {
	private readonly buckets: Array<MemoEntry[] | undefined> = new Array<MemoEntry[] | undefined>(BUCKETS);

	private count = 0;

	get size(): number {
		return this.count;
	}

	/** The value of `text` from `start` to `end`, if it was added. */
	find(text: string, start: number, end: number, quoted: boolean): CsvValue | undefined {
		const bucket = this.buckets[bucketOf(text, start, end, quoted)];
		if (bucket === undefined) return undefined;
		const length = end - start;
		for (let i = 0; i < bucket.length; i++) {
			const entry = bucket[i];
			if (entry.raw.length === length && text.startsWith(entry.raw, start)) return entry.value;
		}
		return undefined;
	}

	add(raw: string, quoted: boolean, value: CsvValue): void {
		const index = bucketOf(raw, 0, raw.length, quoted);
		const entry: MemoEntry = { raw, value };
		const bucket = this.buckets[index];
		if (bucket === undefined) this.buckets[index] = [entry];
		else bucket.push(entry);
		this.count++;
	}
}
