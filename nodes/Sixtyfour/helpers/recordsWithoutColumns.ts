import type { IDataObject } from 'n8n-workflow';

import { ownValue } from '../../shared/helpers/ownProperty';

/**
 * The indexes of the records that carry none of `columns` (a column holding undefined counts as
 * absent). Sixtyfour passes other fields through, so such a record is not wrong, but the workflow's
 * blocks find nothing they read in it.
 */
export function recordsWithoutColumns(records: IDataObject[], columns: string[]): number[] {
	const without: number[] = [];
	records.forEach((record, index) => {
		if (!columns.some((column) => ownValue(record, column) !== undefined)) without.push(index);
	});
	return without;
}
