// Limits the web binding's main thread checks as well as the schemas: kept apart from them, so
// that thread never loads the validation library (zod) and the schemas, which only the data
// workers run (issue 16: main process memory).

/** The largest file Parley imports. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
