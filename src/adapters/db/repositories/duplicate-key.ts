/** Whether a driver error is a unique-constraint violation (SQLite or MariaDB). */
export function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
