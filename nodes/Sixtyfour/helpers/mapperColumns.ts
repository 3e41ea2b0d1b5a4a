import type { FieldType, IDataObject, ResourceMapperField } from 'n8n-workflow';

import type { InputColumn } from '../../shared/helpers/inputSchema';

/** The schema's type names n8n's mapper has a field type for; any other leaves the field untyped (text). */
const FIELD_TYPES: Record<string, FieldType> = {
	string: 'string',
	str: 'string',
	text: 'string',
	number: 'number',
	integer: 'number',
	int: 'number',
	float: 'number',
	boolean: 'boolean',
	bool: 'boolean',
	object: 'object',
	dict: 'object',
	array: 'array',
	list: 'array',
};

/** A workflow's input columns as the resource mapper's fields: none required, none a matching key. */
export function mapperFields(columns: InputColumn[]): ResourceMapperField[] {
	return columns.map((column) => {
		const type = column.type === null ? undefined : FIELD_TYPES[column.type.toLowerCase()];
		return {
			id: column.name,
			displayName: column.name,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			...(type ? { type } : {}),
		};
	});
}

/** The mapped values that say something: a column left empty is not sent, rather than sent as "". */
export function mappedValues(values: IDataObject | null | undefined): IDataObject {
	const record: IDataObject = {};
	for (const [name, value] of Object.entries(values ?? {})) {
		if (value === undefined || value === null || (typeof value === 'string' && value === '')) continue;
		Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
	}
	return record;
}
