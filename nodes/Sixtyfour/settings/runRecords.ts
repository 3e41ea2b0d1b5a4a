import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	checkPaths,
	fieldList,
	isEmptyRecord,
	mappedRecord,
	parseRecords,
	pickPaths,
	type MappedField,
} from '../helpers/records';
import { mappedValues } from '../helpers/mapperColumns';
import { itemParameters } from '../../shared/parameterReader';
import { isExpression, perItem } from './perItem';
import type { RecordsSource } from './runSettings';

/** Why a Fields error usually happens, for its description. */
const FIELDS_HINT =
	'Fields takes field names or dot paths (company_name, properties.website), not values. Drag fields from the input panel while Fields is in Fixed mode, or use Mapped Fields.';

const EMPTY_REASON = 'has no field with a value, and Sixtyfour would bill the empty record all the same';

type RecordsOfItem = (itemIndex: number) => IDataObject[];

/** Records given as JSON; a fixed text is parsed once, an expression per item. */
function jsonRecords(context: IExecuteFunctions): RecordsOfItem {
	const perItemRecords = isExpression(context, 'records');
	const read = perItem(context, ['records'], (itemIndex) => {
		let records: IDataObject[];
		try {
			records = parseRecords(context.getNodeParameter('records', itemIndex));
		} catch (error) {
			throw itemParameters(context, itemIndex).invalid('Records (JSON)', (error as Error).message);
		}
		const empty = records.findIndex(isEmptyRecord);
		if (empty >= 0) {
			const where = `record ${empty}${perItemRecords ? ` of item ${itemIndex}` : ''}`;
			throw itemParameters(context, itemIndex).invalid('Records (JSON)', `${where} ${EMPTY_REASON}`);
		}
		return records;
	});
	return read;
}

function selectedRecords(context: IExecuteFunctions, items: INodeExecutionData[]): RecordsOfItem {
	const pathsOf = perItem(context, ['fields'], (itemIndex) => {
		const paths = fieldList(String(context.getNodeParameter('fields', itemIndex, '')));
		try {
			checkPaths(paths);
		} catch (error) {
			throw itemParameters(context, itemIndex).invalid('Fields', (error as Error).message, FIELDS_HINT);
		}
		return paths;
	});
	return (itemIndex) => {
		const paths = pathsOf(itemIndex);
		try {
			return [pickPaths(items[itemIndex].json, paths)];
		} catch (error) {
			throw itemParameters(context, itemIndex).invalid('Fields', `item ${itemIndex} ${(error as Error).message}`, FIELDS_HINT);
		}
	};
}

/** Version 2's Workflow Columns: the mapped columns that have a value, then the Other Fields. */
function columnRecords(context: IExecuteFunctions): RecordsOfItem {
	return (itemIndex) => {
		const columns = mappedValues(context.getNodeParameter('columns.value', itemIndex, {}) as IDataObject | null);
		const others = context.getNodeParameter('mappedFields.field', itemIndex, []) as MappedField[];
		let record: IDataObject;
		try {
			record = mappedRecord([...Object.entries(columns).map(([name, value]) => ({ name, value })), ...others]);
		} catch (error) {
			throw itemParameters(context, itemIndex).invalid('Other Fields', `item ${itemIndex} ${(error as Error).message}`);
		}
		return [record];
	};
}

function mappedRecords(context: IExecuteFunctions): RecordsOfItem {
	return (itemIndex) => {
		const fields = context.getNodeParameter('mappedFields.field', itemIndex, []) as MappedField[];
		if (!fields.length) throw itemParameters(context, itemIndex).invalid('Mapped Fields', 'add at least one field');
		try {
			return [mappedRecord(fields)];
		} catch (error) {
			throw itemParameters(context, itemIndex).invalid('Mapped Fields', `item ${itemIndex} ${(error as Error).message}`);
		}
	};
}

/**
 * How one input item becomes records, for the chosen source. Every record is checked here, before
 * any run is started: a named field an item lacks, or a record with nothing in it, stops the node
 * with an error naming the item and the field.
 */
export function recordReader(context: IExecuteFunctions, items: INodeExecutionData[], source: RecordsSource): RecordsOfItem {
	if (source === 'json') return jsonRecords(context);
	if (source === 'none') return () => [];
	const mode = perItem(context, ['fieldsToSend'], (itemIndex) => context.getNodeParameter('fieldsToSend', itemIndex, 'all') as string);
	const readers: Record<string, RecordsOfItem> = {
		all: (itemIndex) => [items[itemIndex].json],
		selected: selectedRecords(context, items),
		mapped: mappedRecords(context),
		columns: columnRecords(context),
	};
	const parameterOf: Record<string, string> = { all: 'Records', selected: 'Fields', mapped: 'Mapped Fields', columns: 'Columns' };
	return (itemIndex) => {
		const chosen = mode(itemIndex);
		const read = readers[chosen];
		if (!read) throw itemParameters(context, itemIndex).invalid('Fields to Send', `unknown choice ${JSON.stringify(chosen)}`);
		const records = read(itemIndex);
		if (records.some(isEmptyRecord)) {
			throw itemParameters(context, itemIndex).invalid(parameterOf[chosen], `item ${itemIndex} ${EMPTY_REASON}`);
		}
		return records;
	};
}
