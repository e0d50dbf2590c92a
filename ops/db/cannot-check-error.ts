/** The database could be reached but not read: `check` and `rehearse` exit 2 ("cannot check"). */
export class CannotCheckError extends Error {}
