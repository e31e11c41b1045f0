// Which issues a group of the Issues tree lists: its own status or severity, narrowed by the active filter.
// Pure (no vscode), unit-tested.
import type { IssueSeverity, IssueStatus, ListIssuesOptions } from '../model/issue';
import type { IssueFilter } from './format';

export type GroupKey = { by: 'status'; value: IssueStatus } | { by: 'severity'; value: IssueSeverity };

/**
 * The list options of one group, newest first. A group outside the filter's own statuses (or severities) gets
 * an empty list, which the repository reads as "matches nothing".
 */
export function groupListOptions(key: GroupKey, filter: IssueFilter): ListIssuesOptions {
  const options: ListIssuesOptions = { sort: { field: 'created_at', direction: 'desc' } };
  if (filter.tag) options.tag = filter.tag;
  if (filter.assignedTo) options.assignedTo = filter.assignedTo;
  if (key.by === 'status') {
    options.status = filter.status?.length && !filter.status.includes(key.value) ? [] : [key.value];
    if (filter.severity?.length) options.severity = filter.severity;
  } else {
    options.severity = filter.severity?.length && !filter.severity.includes(key.value) ? [] : [key.value];
    if (filter.status?.length) options.status = filter.status;
  }
  return options;
}
