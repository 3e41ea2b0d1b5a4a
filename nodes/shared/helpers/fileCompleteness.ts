/** What the links answer says a result file holds. Either may be absent (null): then it is not checked. */
export interface ExpectedContent {
	/** Data records (the header is not one). */
	rowCount?: number | null;
	/** Bytes of the stored file. */
	fileSize?: number | null;
}

/** What was read of the file to its end. Undefined: not counted. */
export interface ReceivedContent {
	/** CSV records (not lines: quoted fields hold line breaks), header excluded. */
	rows?: number;
	bytes?: number;
}

export type Completeness =
	| { kind: 'complete' }
	/** More rows than row_count: nothing is lost, so the rows are kept (and the surplus reported). */
	| { kind: 'extraRows'; expectedRows: number; receivedRows: number }
	| {
			kind: 'short';
			expectedRows: number | null;
			receivedRows: number | null;
			expectedBytes: number | null;
			receivedBytes: number | null;
	  };

function known(value: number | null | undefined): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Checks a file read to its end against what the links answer says it holds. Fewer rows than
 * row_count, or fewer bytes than file_size, is a short file. Bytes catch what rows cannot: a cut
 * inside an unquoted field of the last row still ends a record, with a made-up last value. More
 * bytes than file_size are not a shortfall (a storage host may hand out a compressed object
 * decompressed, and file_size is then the compressed size).
 */
export function checkCompleteness(expected: ExpectedContent, received: ReceivedContent): Completeness {
	const rowsShort = known(expected.rowCount) && received.rows !== undefined && received.rows < expected.rowCount;
	const bytesShort = known(expected.fileSize) && received.bytes !== undefined && received.bytes < expected.fileSize;
	if (rowsShort || bytesShort) {
		return {
			kind: 'short',
			expectedRows: known(expected.rowCount) ? expected.rowCount : null,
			receivedRows: received.rows ?? null,
			expectedBytes: known(expected.fileSize) ? expected.fileSize : null,
			receivedBytes: received.bytes ?? null,
		};
	}
	if (known(expected.rowCount) && received.rows !== undefined && received.rows > expected.rowCount) {
		return { kind: 'extraRows', expectedRows: expected.rowCount, receivedRows: received.rows };
	}
	return { kind: 'complete' };
}

type Shortfall = Extract<Completeness, { kind: 'short' }>;

/** "1 of 3 rows", or "3 of 3 rows, 812 of 845 bytes": what arrived of a short file. */
export function describeShortfall(short: Shortfall): string {
	const rows =
		short.receivedRows === null
			? undefined
			: short.expectedRows === null
				? `${short.receivedRows} rows`
				: `${short.receivedRows} of ${short.expectedRows} rows`;
	const bytesShort =
		short.expectedBytes !== null && short.receivedBytes !== null && short.receivedBytes < short.expectedBytes;
	const bytes = bytesShort ? `${short.receivedBytes} of ${short.expectedBytes} bytes` : undefined;
	if (rows && bytes) return `${rows}, ${bytes}`;
	return rows ?? bytes ?? 'less than expected';
}

/** A result file that ended before all of it arrived; thrown by a read so that the transfer is retried. */
export class IncompleteFileError extends Error {
	readonly shortfall: Shortfall;

	constructor(fileName: string, shortfall: Shortfall) {
		super(`${fileName} arrived incomplete: ${describeShortfall(shortfall)}`);
		this.name = 'IncompleteFileError';
		this.shortfall = shortfall;
	}
}
