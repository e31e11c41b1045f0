import * as assert from 'node:assert/strict';
import { groupListOptions } from '../../../../src/core/issues/grouping';

const sort = { field: 'created_at', direction: 'desc' };

describe('groupListOptions', () => {
  it('lists a group by its own status or severity when nothing is filtered', () => {
    assert.deepEqual(groupListOptions({ by: 'status', value: 'open' }, {}), { sort, status: ['open'] });
    assert.deepEqual(groupListOptions({ by: 'severity', value: 'high' }, {}), { sort, severity: ['high'] });
  });

  it('narrows by the other dimension, tag and assignee', () => {
    assert.deepEqual(groupListOptions({ by: 'status', value: 'open' }, { severity: ['critical', 'high'], tag: 'db', assignedTo: 'ana' }), {
      sort,
      status: ['open'],
      severity: ['critical', 'high'],
      tag: 'db',
      assignedTo: 'ana',
    });
    assert.deepEqual(groupListOptions({ by: 'severity', value: 'low' }, { status: ['resolved'] }), { sort, severity: ['low'], status: ['resolved'] });
  });

  it('empties a group the filter excludes', () => {
    assert.deepEqual(groupListOptions({ by: 'status', value: 'closed' }, { status: ['open'] }).status, []);
    assert.deepEqual(groupListOptions({ by: 'status', value: 'open' }, { status: ['open'] }).status, ['open']);
    assert.deepEqual(groupListOptions({ by: 'severity', value: 'low' }, { severity: ['critical'] }).severity, []);
  });
});
