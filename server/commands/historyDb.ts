import { DatabaseError, openDatabase, type Db } from '../storage/db.ts';
import { InputError } from './inputError.ts';

/**
 * The experiment history database as the CLI opens it: a file LineTwin cannot use (not SQLite, damaged, from a
 * newer LineTwin) is bad input, so the command exits 2 with the message and how to go on, never a stack trace.
 */
export function openHistory(path: string): Db {
  try {
    return openDatabase(path);
  } catch (error) {
    if (error instanceof DatabaseError) throw new InputError(`${error.message}; or use another database with --db FILE`);
    throw error;
  }
}
