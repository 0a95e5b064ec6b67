// The web console's page: plain DOM, no framework. Every text from the service goes in with
// textContent (never innerHTML), so an alert's name cannot inject markup.

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);
const alerts = new Map();
let current; // the alert whose detail is shown
let planId;

/** A new element with text content and attributes. */
function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function row(cells, attributes) {
  const tr = el('tr', undefined, attributes);
  for (const cell of cells) tr.append(cell instanceof Node ? wrap(cell) : el('td', cell ?? ''));
  return tr;
}

function wrap(node) {
  const td = el('td');
  td.append(node);
  return td;
}

async function api(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  const value = await response.json();
  if (!response.ok) throw new Error(value.error ?? `${response.status}`);
  return value;
}

// The live alert list.

function renderList(freshId) {
  const body = $('alert-list');
  const ticked = new Set(tickedIds());
  const sorted = [...alerts.values()].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  body.replaceChildren(
    ...sorted.map((alert) => {
      const box = el('input', undefined, {
        type: 'checkbox',
        'data-testid': 'alert-select',
        'aria-label': `select ${alert.id}`,
      });
      box.checked = ticked.has(alert.id);
      box.addEventListener('click', (event) => event.stopPropagation());
      const tr = row(
        [
          box,
          alert.id,
          el('span', alert.level, { class: alert.level ?? '' }),
          alert.name,
          alert.asset,
          alert.status,
          alert.lastSeen,
        ],
        { 'data-testid': 'alert-row', 'data-alert-id': alert.id, 'data-status': alert.status },
      );
      if (alert.id === freshId) tr.classList.add('fresh');
      if (alert.id === current) tr.classList.add('selected');
      tr.addEventListener('click', () => showDetail(alert.id));
      return tr;
    }),
  );
  $('alert-count').textContent = `(${alerts.size})`;
}

function tickedIds() {
  return [...document.querySelectorAll('[data-testid="alert-select"]:checked')].map(
    (box) => box.closest('tr').dataset.alertId,
  );
}

async function loadAlerts() {
  for (const alert of await api('/api/alerts')) alerts.set(alert.id, alert);
  renderList();
}

function connectFeed() {
  const source = new EventSource('/events');
  source.onopen = () => {
    $('feed-status').textContent = 'live';
  };
  source.onerror = () => {
    $('feed-status').textContent = 'reconnecting…';
  };
  source.onmessage = (event) => {
    const change = JSON.parse(event.data);
    const { alert } = change;
    alerts.set(alert.id, {
      id: alert.id,
      name: alert.name,
      level: alert.level,
      status: alert.status,
      type: alert.typeDisplay ?? alert.type,
      asset: alert.instanceName || alert.instanceId || alert.uuid,
      internetIp: alert.internetIp,
      intranetIp: alert.intranetIp,
      lastSeen: alert.lastSeen,
    });
    renderList(alert.id);
    const entry = el('li', `${new Date().toLocaleTimeString()} ${change.summary}`, {
      'data-testid': 'feed-entry',
      'data-kind': change.kind,
      'data-alert-id': alert.id,
    });
    $('feed').prepend(entry);
  };
  // Changes were missed (the server restarted, or this page fell too far behind): list again.
  source.addEventListener('reset', () => loadAlerts());
}

// An alert's detail and the plan form.

async function showDetail(id) {
  current = id;
  renderList();
  $('detail-error').textContent = '';
  let detail;
  try {
    detail = await api(`/api/alerts/${encodeURIComponent(id)}`);
  } catch (error) {
    $('detail-error').textContent = error.message;
    return;
  }
  const { alert } = detail;
  $('detail-id').textContent = alert.id;
  $('detail-name').textContent = alert.name;
  const fields = [
    ['Level', alert.level],
    ['Status', alert.status],
    ['Type', alert.type],
    ['Asset', alert.asset],
    ['Internet IP', alert.internetIp],
    ['Intranet IP', alert.intranetIp],
    ['Last seen', alert.lastSeen],
    ...alert.details.map((item) => [item.name, item.value]),
  ];
  $('detail-fields').replaceChildren(
    ...fields.filter(([, value]) => value).map(([name, value]) => row([name, value])),
  );
  $('detail-operations').replaceChildren(
    ...detail.operations.map((op) =>
      el('li', `${op.displayName} (${op.code})${op.userCanOperate ? '' : ': not allowed by the edition'}`, {
        'data-testid': 'detail-operation',
        'data-code': op.code,
      }),
    ),
  );
  $('detail-whitelist').replaceChildren(rulesTable(detail.whitelistRules, [], 'detail-whitelist-rules'));
  const select = $('operation');
  select.replaceChildren(
    el('option', 'the default response rules decide', { value: '' }),
    ...detail.operations
      .filter((op) => op.userCanOperate)
      .map((op) => el('option', op.displayName, { value: op.code })),
  );
  select.onchange = () => renderInput(select.value, detail.whitelistFields);
  renderInput('', detail.whitelistFields);
  $('alert-detail').hidden = false;
}

/** The inputs an operation takes: a block's duration, a whitelist rule's field, operator, value and scope. */
function renderInput(code, whitelistFields) {
  const box = $('operation-input');
  box.replaceChildren();
  if (code === 'block_ip') {
    const duration = el('select', undefined, { 'data-testid': 'block-duration' });
    duration.append(...['6h', '1d', '7d', '30d'].map((value) => el('option', value, { value })));
    box.append(el('label', 'for '), duration);
  } else if (code === 'advance_mark_mis_info') {
    const field = el('select', undefined, { 'data-testid': 'whitelist-field' });
    field.append(...whitelistFields.map((item) => el('option', item.field, { value: item.field })));
    const operate = el('select', undefined, { 'data-testid': 'whitelist-operate' });
    const value = el('input', undefined, { 'data-testid': 'whitelist-value', size: '24' });
    const scope = el('select', undefined, { 'data-testid': 'whitelist-scope' });
    scope.append(
      el('option', 'this machine', { value: 'part' }),
      el('option', 'every machine', { value: 'ALL' }),
    );
    const pick = () => {
      const chosen = whitelistFields.find((item) => item.field === field.value);
      operate.replaceChildren(
        ...(chosen?.supportedOperators ?? ['strEqual']).map((op) => el('option', op, { value: op })),
      );
      value.value = chosen?.currentValue ?? '';
    };
    field.onchange = pick;
    pick();
    box.append(el('label', 'field '), field, operate, value, scope);
  }
}

function chosenOperation() {
  const code = $('operation').value;
  if (code === '') return undefined;
  if (code === 'block_ip') return { code, input: { duration: $('block-duration').value } };
  if (code === 'advance_mark_mis_info') {
    return {
      code,
      input: {
        scope: $('whitelist-scope').value,
        rules: [
          {
            field: $('whitelist-field').value,
            operate: $('whitelist-operate').value,
            value: $('whitelist-value').value,
          },
        ],
      },
    };
  }
  return { code };
}

// Plan review, approval, execution.

function rulesTable(rules, before, testId) {
  if (rules.length === 0) return el('p', 'none', { class: 'muted', 'data-testid': testId });
  const kept = new Set(before.map(ruleKey));
  const table = el('table', undefined, { 'data-testid': testId });
  table.append(row(['Scope', 'Field', 'Operator', 'Value']));
  for (const rule of rules) {
    const added = before.length > 0 || testId.endsWith('after') ? !kept.has(ruleKey(rule)) : false;
    table.append(
      row(
        [rule.uuid, rule.field, rule.operate, rule.fieldValue],
        added ? { class: 'added', 'data-added': 'true' } : {},
      ),
    );
  }
  return table;
}

function ruleKey(rule) {
  return JSON.stringify([rule.uuid, rule.field, rule.operate, rule.fieldValue]);
}

async function makePlan() {
  $('detail-error').textContent = '';
  const alertIds = [...new Set([current, ...tickedIds()])];
  let plan;
  try {
    plan = await api('/api/plan', { alertIds, operation: chosenOperation() });
  } catch (error) {
    $('detail-error').textContent = error.message;
    return;
  }
  planId = plan.planId;
  $('plan-rules').textContent = `${plan.ruleSet.name} v${plan.ruleSet.version}`;
  $('plan-digest').textContent = plan.digest.slice(0, 16);
  $('plan-decisions').replaceChildren(
    ...plan.decisions.map((decision) =>
      row([decision.alertId, decision.status, decision.operation, decision.reason], {
        'data-testid': 'plan-decision',
      }),
    ),
  );
  $('plan-batches').replaceChildren(
    ...(plan.batches.length === 0 ? [el('p', 'Nothing to send.', { class: 'muted' })] : []),
    ...plan.batches.map((batch, index) => {
      const box = el('div', undefined, { 'data-testid': 'plan-batch' });
      const destructive = batch.operation.destructive ? ' (destructive: needs approval)' : '';
      box.append(
        el(
          'p',
          `Batch ${index + 1}: ${batch.operation.description}${destructive}, alerts ${batch.alertIds.join(', ')}`,
        ),
      );
      if (batch.whitelist !== undefined) {
        box.append(
          el('h3', 'Whitelist rules before'),
          rulesTable(batch.whitelist.before, [], 'whitelist-before'),
          el('h3', 'Whitelist rules after the merge (new ones highlighted)'),
          rulesTable(batch.whitelist.after, batch.whitelist.before, 'whitelist-after'),
        );
      }
      return box;
    }),
  );
  $('plan-skipped').replaceChildren(
    ...plan.skipped.map((skip) =>
      el('p', `Skipped ${skip.alertId} (${skip.operation}): ${skip.reason}`, { class: 'muted' }),
    ),
    ...plan.guardsTripped.map((guard) =>
      el('p', `Guard ${guard.guard}: ${guard.detail}`, { class: 'muted' }),
    ),
  );
  $('approval').textContent = plan.destructive
    ? 'Destructive batches are sent only once the plan is approved.'
    : 'No destructive batch: approval is optional.';
  $('approve-button').disabled = false;
  $('execute-button').disabled = plan.destructive;
  $('plan-error').textContent = '';
  $('plan-review').hidden = false;
  $('run').hidden = true;
}

async function approvePlan() {
  try {
    const approval = await api('/api/approve', { planId, approver: $('approver').value });
    $('approval').textContent =
      `Approved by ${approval.approver} until ${new Date(approval.expiresAt).toLocaleString()}.`;
    $('approve-button').disabled = true;
    $('execute-button').disabled = false;
    $('plan-error').textContent = '';
  } catch (error) {
    $('plan-error').textContent = error.message;
  }
}

async function executePlan() {
  $('execute-button').disabled = true;
  $('approve-button').disabled = true;
  let run;
  try {
    run = await api('/api/execute', { planId });
  } catch (error) {
    $('plan-error').textContent = error.message;
    return;
  }
  $('run').hidden = false;
  $('summary').hidden = true;
  $('progress-log').replaceChildren();
  const progress = new EventSource(`/api/runs/${encodeURIComponent(run.runId)}/progress`);
  progress.addEventListener('progress', (event) => {
    const step = JSON.parse(event.data);
    $('progress-bar').max = step.totalAlerts || 1;
    $('progress-bar').value = step.completedAlerts;
    $('progress-text').textContent = `${step.completedAlerts}/${step.totalAlerts} alerts`;
    const results = (step.outcomes ?? []).map((outcome) => `${outcome.alertId} ${outcome.status}`).join(', ');
    $('progress-log').append(
      el(
        'li',
        `batch ${step.batchIndex + 1}/${step.batchCount} ${step.operation}: ${step.phase}${results ? ` (${results})` : ''}`,
        {
          'data-testid': 'progress-step',
          'data-phase': step.phase,
        },
      ),
    );
  });
  progress.addEventListener('summary', (event) => {
    progress.close();
    const report = JSON.parse(event.data);
    const counts = report.counts;
    $('summary-counts').textContent =
      `${counts.total} alerts: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.timedOut} timed out, ` +
      `${counts.unknown} unknown, ${counts.skipped} skipped${report.aborted ? ' (aborted)' : ''}`;
    $('summary-outcomes').replaceChildren(
      ...report.outcomes.map((outcome) =>
        row([outcome.alertId, outcome.operation, outcome.status, outcome.reason ?? outcome.errorCode ?? ''], {
          'data-testid': 'summary-outcome',
          'data-status': outcome.status,
        }),
      ),
    );
    $('summary').hidden = false;
  });
  progress.addEventListener('failed', (event) => {
    progress.close();
    $('plan-error').textContent = JSON.parse(event.data).message;
  });
}

$('plan-button').addEventListener('click', makePlan);
$('approve-button').addEventListener('click', approvePlan);
$('execute-button').addEventListener('click', executePlan);
connectFeed();
await loadAlerts();
