/** The named object types an action's fields declare, found in the order they are emitted. */
import type { FieldSpec, ItemSpec } from './spec.js';

/** An object type with a `typeName` in the spec, and where it occurs. */
export interface NamedType {
  typeName: string;
  properties: FieldSpec[];
  /** Dotted path of the field the type describes, e.g. `SuspEvents[].Details`. */
  path: string;
  /** Description of that field. */
  description: string;
  /** True for the element of an array, false for an object field. */
  element: boolean;
}

/** Object types reachable from `fields`, parents before children. */
export function namedTypes(fields: readonly FieldSpec[], prefix = ''): NamedType[] {
  const found: NamedType[] = [];
  for (const field of fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    const visit = (item: ItemSpec | undefined, at: string, element: boolean): void => {
      if (item === undefined) return;
      if (item.typeName !== undefined && item.properties !== undefined) {
        found.push({
          typeName: item.typeName,
          properties: item.properties,
          path,
          description: field.description,
          element,
        });
        found.push(...namedTypes(item.properties, at));
      }
      visit(item.items, `${at}[]`, true);
    };
    visit(field, path, false);
  }
  return found;
}

/** Whether a type is (inside) an item of a list: a list of records in it belongs to that item. */
export function insideItem(type: NamedType): boolean {
  return type.element || type.path.includes('[]');
}

/** Object types described inside JSON-string fields. */
export function contentTypes(fields: readonly FieldSpec[], prefix = ''): NamedType[] {
  const found: NamedType[] = [];
  for (const field of fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    if (field.content !== undefined) {
      const item = field.content.type === 'array' ? field.content.items : field.content;
      if (item?.typeName !== undefined && item.properties !== undefined) {
        found.push({
          typeName: item.typeName,
          properties: item.properties,
          path,
          description: field.description,
          element: field.content.type === 'array',
        });
      }
    }
    const nested = field.properties ?? field.items?.properties;
    if (nested !== undefined) found.push(...contentTypes(nested, field.items ? `${path}[]` : path));
  }
  return found;
}
