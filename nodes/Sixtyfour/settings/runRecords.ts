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
import { itemParameters, readChoice } from '../../shared/parameterReader';
import { isExpression, perItem } from './perItem';
import type { RecordsSource } from './runSettings';

/** Why a Fields error usually happens, for its description. */
const FIELDS_HINT =
	'Fields takes field names or dot paths (company_name, properties.website), not values. Drag fields from the input panel while Fields is in Fixed mode, or use Mapped Fields.';

const EMPTY_REASON = 'has no field with a value, and Sixtyfour would bill the empty record all the same';

type RecordsOfItem = (itemIndex: number) => IDataObject[];

const FIELDS_TO_SEND = ['all', 'selected', 'mapped', 'columns'] as const;
type FieldsToSend = (typeof FIELDS_TO_SEND)[number];

/** Records given as JSON; a fixed text is parsed once, an expression per item. */
function jsonRecords(context: IExecuteFunctions): RecordsOfItem {
	const perItemRecords = isExpression(context, 'records');
	return perItem(context, ['records'], (itemIndex) => {
		const parameters = itemParameters(context, itemIndex);
		let records: IDataObject[];
		try {
			records = parseRecords(parameters.get('records'));
		} catch (error) {
			throw parameters.invalid('Records (JSON)', (error as Error).message);
		}
		const empty = records.findIndex(isEmptyRecord);
		if (empty >= 0) {
			const where = `record ${empty}${perItemRecords ? ` of item ${itemIndex}` : ''}`;
			throw parameters.invalid('Records (JSON)', `${where} ${EMPTY_REASON}`);
		}
		return records;
	});
}

function selectedRecords(context: IExecuteFunctions, items: INodeExecutionData[]): RecordsOfItem {
	const pathsOf = perItem(context, ['fields'], (itemIndex) => {
		const parameters = itemParameters(context, itemIndex);
		const paths = fieldList(String(parameters.get('fields', '')));
		try {
			checkPaths(paths);
		} catch (error) {
			throw parameters.invalid('Fields', (error as Error).message, FIELDS_HINT);
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
		const parameters = itemParameters(context, itemIndex);
		const columns = mappedValues(parameters.get('columns.value', {}) as IDataObject | null);
		const others = parameters.get('mappedFields.field', []) as MappedField[];
		let record: IDataObject;
		try {
			record = mappedRecord([...Object.entries(columns).map(([name, value]) => ({ name, value })), ...others]);
		} catch (error) {
			throw parameters.invalid('Other Fields', `item ${itemIndex} ${(error as Error).message}`);
		}
		return [record];
	};
}

function mappedRecords(context: IExecuteFunctions): RecordsOfItem {
	return (itemIndex) => {
		const parameters = itemParameters(context, itemIndex);
		const fields = parameters.get('mappedFields.field', []) as MappedField[];
		if (!fields.length) throw parameters.invalid('Mapped Fields', 'add at least one field');
		try {
			return [mappedRecord(fields)];
		} catch (error) {
			throw parameters.invalid('Mapped Fields', `item ${itemIndex} ${(error as Error).message}`);
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
	const fieldsToSend = perItem(context, ['fieldsToSend'], (itemIndex) =>
		readChoice(itemParameters(context, itemIndex), 'fieldsToSend', 'Fields to Send', FIELDS_TO_SEND, 'all'),
	);
	const readers: Record<FieldsToSend, RecordsOfItem> = {
		all: (itemIndex) => [items[itemIndex].json],
		selected: selectedRecords(context, items),
		mapped: mappedRecords(context),
		columns: columnRecords(context),
	};
	const parameterOf: Record<FieldsToSend, string> = { all: 'Records', selected: 'Fields', mapped: 'Mapped Fields', columns: 'Columns' };
	return (itemIndex) => {
		const chosen = fieldsToSend(itemIndex);
		const records = readers[chosen](itemIndex);
		if (records.some(isEmptyRecord)) {
			throw itemParameters(context, itemIndex).invalid(parameterOf[chosen], `item ${itemIndex} ${EMPTY_REASON}`);
		}
		return records;
	};
}
