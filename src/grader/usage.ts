// An error in how a command was called (bad arguments, an unreadable folder): the CLI prints its message alone
// and exits 2, without a stack trace.
export class UsageError extends Error {}
