/**
 * The only module that imports the SQLite driver. It mirrors `node:sqlite`, so switching to
 * Node's built-in module (or another driver with that API) is a change to this file alone.
 */
import { DatabaseSync } from '@photostructure/sqlite';

export { DatabaseSync };
export type Database = InstanceType<typeof DatabaseSync>;
export type Statement = ReturnType<Database['prepare']>;
