// ServiceNow's Table API for incidents (Basic auth): create (201 + Location + {result:{sys_id, number}}), update,
// and resolve with the root cause as close notes. Severity maps to impact and urgency so ServiceNow's priority
// matrix gives P1 for critical down to P5 for low.
import { shorten } from '../text/shorten';
import { callService, field, type ServiceConnection } from './http';

export type IssueSeverity = 'critical' | 'high' | 'medium' | 'low';

export interface IncidentFields {
  shortDescription: string;
  description: string;
  severity: IssueSeverity | string;
}

export interface ServiceNowRecord {
  sysId: string;
  number: string;
  url: string;
  sentBody: string;
}

/** impact / urgency: 1 high, 2 medium, 3 low. */
const PRIORITY: Record<IssueSeverity, { impact: string; urgency: string }> = {
  critical: { impact: '1', urgency: '1' },
  high: { impact: '1', urgency: '2' },
  medium: { impact: '2', urgency: '2' },
  low: { impact: '3', urgency: '3' },
};

export const priorityFor = (severity: string) => PRIORITY[severity as IssueSeverity] ?? PRIORITY.medium;

/** ServiceNow's limit for short_description. */
const SHORT_DESCRIPTION_MAX = 160;

type Json = Record<string, unknown>;
const resultOf = (json: unknown): Json => {
  const result = (json as Json | undefined)?.result;
  return result && typeof result === 'object' ? (result as Json) : {};
};

function recordUrl(connection: ServiceConnection, sysId: string): string {
  return `${connection.baseUrl.replace(/\/+$/, '')}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${sysId}`)}`;
}

function bodyFor(fields: IncidentFields): Json {
  return { short_description: shorten(fields.shortDescription, SHORT_DESCRIPTION_MAX), description: fields.description, ...priorityFor(fields.severity) };
}

function recordFrom(connection: ServiceConnection, json: unknown, what: string, sentBody: string, known?: { sysId: string; number: string }): ServiceNowRecord {
  const result = resultOf(json);
  const sysId = known?.sysId ?? String(field(result.sys_id as string | undefined, 'servicenow', what, 'result.sys_id'));
  const number = known?.number ?? String(field(result.number as string | undefined, 'servicenow', what, 'result.number'));
  return { sysId, number, url: recordUrl(connection, sysId), sentBody };
}

export async function createIncident(connection: ServiceConnection, fields: IncidentFields): Promise<ServiceNowRecord> {
  const what = 'create the incident';
  const sentBody = JSON.stringify(bodyFor(fields));
  const reply = await callService(connection, { method: 'POST', path: '/api/now/table/incident', body: sentBody, what });
  return recordFrom(connection, reply.json, what, sentBody);
}

export async function updateIncident(connection: ServiceConnection, record: { sysId: string; number: string }, fields: IncidentFields): Promise<ServiceNowRecord> {
  const what = `update incident ${record.number}`;
  const sentBody = JSON.stringify(bodyFor(fields));
  const reply = await callService(connection, { method: 'PATCH', path: `/api/now/table/incident/${encodeURIComponent(record.sysId)}`, body: sentBody, what });
  return recordFrom(connection, reply.json, what, sentBody, record);
}

/** Resolved (state 6) with a close code and the root cause as close notes, as ServiceNow requires to resolve. */
export async function resolveIncident(connection: ServiceConnection, record: { sysId: string; number: string }, closeNotes: string, closeCode = 'Solution provided'): Promise<ServiceNowRecord> {
  const what = `resolve incident ${record.number}`;
  const sentBody = JSON.stringify({ state: '6', close_code: closeCode, close_notes: closeNotes });
  const reply = await callService(connection, { method: 'PATCH', path: `/api/now/table/incident/${encodeURIComponent(record.sysId)}`, body: sentBody, what });
  return recordFrom(connection, reply.json, what, sentBody, record);
}

/** Test Connection: one incident can be listed with these credentials. */
export async function checkServiceNow(connection: ServiceConnection): Promise<string> {
  await callService(connection, { method: 'GET', path: '/api/now/table/incident', query: { sysparm_limit: '1', sysparm_fields: 'sys_id' }, what: 'list incidents' });
  return 'ServiceNow: the incident table is reachable.';
}
