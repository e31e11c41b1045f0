// Lines that continue the entry above them (a stack trace, a wrapped message): they carry no header of their own,
// so whether a log has a format is told from the other lines. A log4j log opening on a few exceptions, 30 lines
// of trace for each header, is still log4j.

/**
 * Stack-trace lines that may start at the margin: Java's "at …", "Caused by: …", "... 12 more" and exception line
 * (java.sql.SQLException: …), Python's "Traceback (most recent call last):", .NET's "--- End of … ---" and
 * System.InvalidOperationException: ….
 */
const STACK_LINE = /^(?:at [\w$.<>/]+[.(]|(?:Caused by|Suppressed): |\.\.\. \d+ (?:more|common frames omitted)|Traceback \(most recent call last\)|--- End of |(?:[A-Za-z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)(?::|$))/;

/** Whether the line continues the entry above it: indented (space or tab), or a stack-trace line. */
export function isContinuation(line: string): boolean {
  const first = line.charCodeAt(0);
  return first === 32 || first === 9 || STACK_LINE.test(line);
}
