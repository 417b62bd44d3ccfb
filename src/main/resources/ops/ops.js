// Ops console (docs/Ops-Console.md): streams and groups, live charts, dead letters, requests. Every call carries the
// token the operator pasted; the API decides what it may see and do (monitoring:read sees, monitoring:write acts),
// and this page shows a read-only caller no control that changes state. Everything shown is set with textContent.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const HISTORY = 120;            // ticks a chart keeps (one a second)
  const STREAMS_EVERY_MS = 5000;  // stream table refresh
  const LIVE_RETRY_MS = 5000;
  const FOLLOW_EVERY_MS = 1500;   // a replayed request's status, until it is no longer pending
  const FOLLOW_MAX_POLLS = 60;
  const COLORS = ['#1f6feb', '#d4731a', '#2e9d58', '#a23ea8'];

  const state = {
    token: null, mayAct: false, streamsTimer: null, live: null, liveRetry: null,
    dlqFilter: {}, dlqCursor: null, requestFilter: {}, requestCursor: null, shown: {}
  };

  // ---- calls ----

  // As the API wants them: an API token as X-API-Token, a JWT as a bearer token.
  function authHeaders(token) {
    return token.startsWith('rgw_') ? { 'X-API-Token': token } : { 'Authorization': 'Bearer ' + token };
  }

  async function api(method, path, body) {
    const headers = authHeaders(state.token);
    const init = { method: method, headers: headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const error = new Error(data && data.error ? data.error.code + ': ' + data.error.message : 'HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function query(filter, extra) {
    const params = new URLSearchParams();
    Object.keys(filter).forEach((key) => params.set(key, filter[key]));
    Object.keys(extra).forEach((key) => { if (extra[key] !== null && extra[key] !== undefined) { params.set(key, extra[key]); } });
    return params.toString();
  }

  // ---- formatting and elements ----

  function el(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    if (className) {
      element.className = className;
    }
    return element;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((cell) => tr.appendChild(cell instanceof Node ? wrap('td', cell) : el('td', cell === null || cell === undefined ? '—' : cell)));
    return tr;
  }

  function head(names) {
    const tr = document.createElement('tr');
    names.forEach((name) => tr.appendChild(el('th', name)));
    return wrap('thead', tr);
  }

  function wrap(tag, child) {
    const element = document.createElement(tag);
    element.appendChild(child);
    return element;
  }

  function age(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) {
      return '—';
    }
    if (ms < 0) {
      return '−' + age(-ms);
    }
    if (ms < 1000) {
      return ms + ' ms';
    }
    if (ms < 60000) {
      return (ms / 1000).toFixed(1) + ' s';
    }
    if (ms < 3600000) {
      return (ms / 60000).toFixed(1) + ' min';
    }
    if (ms < 172800000) {
      return (ms / 3600000).toFixed(1) + ' h';
    }
    return (ms / 86400000).toFixed(0) + ' d';
  }

  // Times are shown in UTC, as the logs and the API give them.
  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
  }

  function fromInput(id) {
    const value = $(id).value;
    return value ? new Date(value).toISOString() : null;
  }

  function textOf(id) {
    return $(id).value.trim();
  }

  function compact(object) {
    const result = {};
    Object.keys(object).forEach((key) => { if (object[key]) { result[key] = object[key]; } });
    return result;
  }

  function showProblem(text) {
    $('problem').textContent = text || '';
    $('problem').hidden = !text;
  }

  function json(value) {
    return el('pre', JSON.stringify(value, null, 2));
  }

  // ---- session ----

  async function connect(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    disconnect();
    if (!token) {
      setSession('paste a token first', false);
      return;
    }
    state.token = token;
    setSession('connecting…', false);
    try {
      const session = await api('GET', '/api/monitoring/session');
      state.mayAct = session.may_act === true;
      setSession('connected as ' + session.caller + (state.mayAct ? ' · may replay and delete' : ' · read-only'), true);
      $('tabs').hidden = false;
      $('intro').hidden = true;
      document.body.classList.toggle('read-only', !state.mayAct);
      renderActionControls();
      showTab('overview');
      startStreams();
      startLive();
    } catch (e) {
      state.token = null;
      setSession('not connected: ' + e.message, false);
    }
  }

  function disconnect() {
    stopStreams();
    stopLive();
    state.token = null;
    state.mayAct = false;
    state.shown = {};
    $('tabs').hidden = true;
    $('intro').hidden = false;
    document.querySelectorAll('.panel').forEach((panel) => { panel.hidden = true; });
    ['#streams tbody', '#dlq-entries tbody', '#request-rows tbody', '#events'].forEach((selector) => {
      document.querySelector(selector).replaceChildren();
    });
    $('dlq-actions').replaceChildren();
    showProblem(null);
  }

  function setSession(text, on) {
    $('session').textContent = text;
    $('session').className = 'state ' + (on ? 'on' : 'off');
  }

  // Controls that change state exist only for callers that may use them (the API refuses the others anyway).
  function renderActionControls() {
    $('dlq-actions').replaceChildren();
    if (state.mayAct) {
      const replayAll = el('button', 'Replay all matching', 'danger');
      replayAll.id = 'dlq-replay-all';
      replayAll.type = 'button';
      replayAll.addEventListener('click', replayMatching);
      $('dlq-actions').appendChild(replayAll);
    }
    document.querySelector('#dlq-entries .actions-head').textContent = state.mayAct ? 'Actions' : '';
  }

  function showTab(name) {
    document.querySelectorAll('.tab').forEach((tab) => tab.classList.toggle('active', tab.dataset.tab === name));
    document.querySelectorAll('.panel').forEach((panel) => { panel.hidden = panel.id !== name; });
    if (!state.shown[name]) {
      state.shown[name] = true;
      if (name === 'dlq') {
        searchDlq();
      } else if (name === 'requests') {
        searchRequests();
      }
    }
  }

  // ---- streams and groups ----

  function startStreams() {
    loadStreams();
    state.streamsTimer = setInterval(loadStreams, STREAMS_EVERY_MS);
  }

  function stopStreams() {
    if (state.streamsTimer) {
      clearInterval(state.streamsTimer);
      state.streamsTimer = null;
    }
  }

  async function loadStreams() {
    try {
      renderStreams(await api('GET', '/api/monitoring/streams'));
    } catch (e) {
      $('streams').hidden = true;
      if (e.status === 404) {
        stopStreams();
        $('streams-state').textContent = 'Not available: this gateway has no stream feed (/api/monitoring/streams answered 404).';
        $('streams-state').className = 'note unavailable';
      } else {
        $('streams-state').textContent = 'Could not load the streams: ' + e.message;
        $('streams-state').className = 'note problem';
      }
    }
  }

  function renderStreams(data) {
    const body = document.querySelector('#streams tbody');
    body.replaceChildren();
    (data.streams || []).forEach((stream) => {
      const groups = stream.groups && stream.groups.length ? stream.groups : [null];
      groups.forEach((group, index) => {
        const first = index === 0;
        if (!group) {
          body.appendChild(row([stream.stream, stream.length, 'no group', null, null, null, null, null, null]));
          return;
        }
        const warning = group.warning || (group.live_consumers === 0 ? 'no live consumer' : null);
        const groupCell = el('span', group.group);
        if (warning) {
          groupCell.appendChild(el('span', ' ⚠ ' + warning, 'warning'));
        }
        const consumers = el('ul', null, 'consumers');
        (group.consumers || []).forEach((consumer) => {
          consumers.appendChild(el('li', consumer.name + ': ' + consumer.pending + ' · idle ' + age(consumer.idle_ms)));
        });
        const tr = row([first ? stream.stream : '', first ? stream.length : '', groupCell,
          group.lag === null || group.lag === undefined ? 'unknown' : group.lag, group.pending,
          age(group.oldest_pending_age_ms), age(group.oldest_undelivered_age_ms), group.live_consumers, consumers]);
        if (warning) {
          tr.className = 'warn';
        }
        body.appendChild(tr);
      });
    });
    $('streams').hidden = false;
    $('streams-state').textContent = '';
    $('streams-time').textContent = 'collected ' + when(data.collected_at);
    if (data.dlq) {
      $('dlq-size').textContent = 'Dead letters in ' + data.dlq.stream + ': ' + data.dlq.length;
    }
  }

  // ---- live charts (Server-Sent Events read with fetch, so the token goes in a header, not in the URL) ----

  function Chart(canvasId, legendId, unit) {
    this.canvas = $(canvasId);
    this.legend = $(legendId);
    this.unit = unit;
    this.series = {};
    this.ticks = 0;
  }

  Chart.prototype.push = function (values) {
    const chart = this;
    values = values || {};
    Object.keys(values).forEach((name) => {
      if (!chart.series[name]) {
        chart.series[name] = new Array(chart.ticks).fill(null);
      }
    });
    Object.keys(chart.series).forEach((name) => {
      const value = values[name];
      chart.series[name].push(typeof value === 'number' ? value : null);
      if (chart.series[name].length > HISTORY) {
        chart.series[name].shift();
      }
    });
    chart.ticks = Math.min(chart.ticks + 1, HISTORY);
    chart.draw();
  };

  Chart.prototype.draw = function () {
    const context = this.canvas.getContext('2d');
    const width = this.canvas.width;
    const height = this.canvas.height;
    const names = Object.keys(this.series);
    let max = 1;
    names.forEach((name) => this.series[name].forEach((v) => { if (v !== null && v > max) { max = v; } }));
    context.clearRect(0, 0, width, height);
    context.strokeStyle = '#e3e8ee';
    context.beginPath();
    context.moveTo(0, height - 0.5);
    context.lineTo(width, height - 0.5);
    context.stroke();
    context.fillStyle = '#5a6b7d';
    context.font = '11px system-ui, sans-serif';
    context.fillText(max.toFixed(max < 10 ? 1 : 0) + ' ' + this.unit, 4, 12);
    const step = width / (HISTORY - 1);
    this.legend.replaceChildren();
    names.forEach((name, index) => {
      const color = COLORS[index % COLORS.length];
      const values = this.series[name];
      const offset = HISTORY - values.length;
      context.strokeStyle = color;
      context.lineWidth = 1.5;
      context.beginPath();
      let drawing = false;
      values.forEach((value, i) => {
        if (value === null) {
          drawing = false;
          return;
        }
        const x = (offset + i) * step;
        const y = height - 2 - (value / max) * (height - 18);
        if (drawing) {
          context.lineTo(x, y);
        } else {
          context.moveTo(x, y);
          drawing = true;
        }
      });
      context.stroke();
      const last = values[values.length - 1];
      const key = el('span', name + ' ' + (last === null ? '—' : last.toFixed(last < 10 ? 1 : 0)), 'key');
      key.style.color = color;
      this.legend.appendChild(key);
    });
  };

  const charts = {
    accepted: new Chart('chart-accepted', 'legend-accepted', '/s'),
    completed: new Chart('chart-completed', 'legend-completed', '/s'),
    latency: new Chart('chart-latency', 'legend-latency', 'ms')
  };

  function startLive() {
    const controller = new AbortController();
    state.live = controller;
    $('live-state').textContent = 'connecting…';
    $('live-state').className = 'note';
    $('live-body').hidden = false;
    fetch('/api/monitoring/live', {
      headers: { 'Authorization': 'Bearer ' + state.token, 'Accept': 'text/event-stream' },
      signal: controller.signal
    }).then(async (response) => {
      if (response.status === 404) {
        $('live-body').hidden = true;
        $('live-state').textContent = 'Not available: this gateway has no live feed (/api/monitoring/live answered 404).';
        $('live-state').className = 'note unavailable';
        return;
      }
      if (!response.ok) {
        $('live-state').textContent = 'The live feed refused the connection (HTTP ' + response.status + ').';
        $('live-state').className = 'note problem';
        if (response.status === 429 || response.status >= 500) {
          retryLive(controller);
        }
        return;
      }
      $('live-state').textContent = 'live';
      $('live-state').className = 'note on';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) {
          break;
        }
        buffer = (buffer + decoder.decode(chunk.value, { stream: true })).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      $('live-state').textContent = 'disconnected; reconnecting…';
      retryLive(controller);
    }).catch(() => {
      if (!controller.signal.aborted) {
        $('live-state').textContent = 'disconnected; reconnecting…';
        retryLive(controller);
      }
    });
  }

  function retryLive(controller) {
    if (state.live === controller && !controller.signal.aborted) {
      state.liveRetry = setTimeout(startLive, LIVE_RETRY_MS);
    }
  }

  function stopLive() {
    if (state.live) {
      state.live.abort();
      state.live = null;
    }
    if (state.liveRetry) {
      clearTimeout(state.liveRetry);
      state.liveRetry = null;
    }
  }

  // One Server-Sent Event: "event:" names it, "data:" lines hold its JSON.
  function dispatch(block) {
    let name = 'message';
    const data = [];
    block.split('\n').forEach((line) => {
      if (!line || line.startsWith(':')) {
        return;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        name = value;
      } else if (field === 'data') {
        data.push(value);
      }
    });
    if (!data.length) {
      return;
    }
    let payload;
    try {
      payload = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    if (name === 'tick') {
      charts.accepted.push(payload.accepted_per_s);
      charts.completed.push(payload.completed_per_s);
      charts.latency.push(payload.latency_ms);
      $('live-time').textContent = when(payload.time);
      if (typeof payload.dlq_length === 'number') {
        $('dlq-size').textContent = 'Dead letters: ' + payload.dlq_length;
      }
    } else if (name === 'monitoring') {
      const ids = Object.assign({}, payload);
      delete ids.type;
      delete ids.time;
      const item = el('li');
      item.appendChild(el('span', when(payload.time) + ' ', 'time'));
      item.appendChild(el('strong', payload.type));
      item.appendChild(el('span', ' ' + JSON.stringify(ids)));
      $('events').prepend(item);
      while ($('events').children.length > 50) {
        $('events').lastChild.remove();
      }
    }
  }

  // ---- dead letters ----

  async function searchDlq(event, more) {
    if (event) {
      event.preventDefault();
    }
    const body = document.querySelector('#dlq-entries tbody');
    if (!more) {
      state.dlqFilter = compact({
        error_code: textOf('dlq-error-code'), source: $('dlq-source').value, from: fromInput('dlq-from'),
        to: fromInput('dlq-to'), request_id: textOf('dlq-request-id'), q: textOf('dlq-q')
      });
      state.dlqCursor = null;
      body.replaceChildren();
      $('dlq-detail').hidden = true;
    }
    $('dlq-state').textContent = 'searching…';
    try {
      const page = await api('GET', '/api/monitoring/dlq?' + query(state.dlqFilter, { limit: 50, cursor: more ? state.dlqCursor : null }));
      page.entries.forEach((entry) => body.appendChild(dlqRow(entry)));
      state.dlqCursor = page.next_cursor;
      $('dlq-more').hidden = !page.next_cursor;
      $('dlq-state').textContent = body.children.length + ' shown; this page read ' + page.scanned + ' entries'
        + (page.next_cursor ? ', older ones remain' : ', none older');
      showProblem(null);
    } catch (e) {
      $('dlq-state').textContent = '';
      showProblem('Dead letters: ' + e.message);
    }
  }

  function dlqRow(entry) {
    const tr = row([when(entry.ts), entry.error_code, entry.source, entry.request_id, entry.user_id, entry.fail_count,
      entry.origin_stream, '']);
    tr.dataset.id = entry.id;
    tr.className = 'clickable';
    tr.addEventListener('click', () => showDlqEntry(entry.id));
    const actions = tr.lastChild;
    if (state.mayAct) {
      const replay = el('button', 'Replay', 'replay');
      replay.type = 'button';
      replay.addEventListener('click', (e) => { e.stopPropagation(); replayOne(entry, tr); });
      const remove = el('button', 'Delete', 'delete danger');
      remove.type = 'button';
      remove.addEventListener('click', (e) => { e.stopPropagation(); deleteOne(entry, tr); });
      actions.appendChild(replay);
      actions.appendChild(remove);
    }
    return tr;
  }

  async function showDlqEntry(id) {
    const detail = $('dlq-detail');
    try {
      const entry = await api('GET', '/api/monitoring/dlq/' + encodeURIComponent(id));
      detail.replaceChildren(el('h3', 'Entry ' + entry.id));
      const facts = el('dl');
      ['error_code', 'error', 'ts', 'fail_count', 'origin_stream', 'origin_id', 'request_id', 'source', 'user_id', 'uuidv7']
        .forEach((key) => { facts.appendChild(el('dt', key)); facts.appendChild(el('dd', entry[key] === null || entry[key] === undefined ? '—' : entry[key])); });
      detail.appendChild(facts);
      detail.appendChild(el('h4', 'Payload' + (state.mayAct ? '' : ' (phone and account numbers masked)')));
      detail.appendChild(json(entry.payload_json !== null && entry.payload_json !== undefined ? entry.payload_json : entry.payload));
      detail.hidden = false;
    } catch (e) {
      showProblem('Entry ' + id + ': ' + e.message);
    }
  }

  async function replayOne(entry, tr) {
    const cell = tr.lastChild;
    cell.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    try {
      const result = await api('POST', '/api/monitoring/dlq/' + encodeURIComponent(entry.id) + '/replay');
      tr.classList.add('done');
      const status = el('span', 'replayed to ' + result.replayed_to, 'outcome');
      cell.replaceChildren(status);
      if (result.request_id) {
        follow(result.request_id, status);
      }
      showProblem(null);
    } catch (e) {
      cell.querySelectorAll('button').forEach((button) => { button.disabled = false; });
      showProblem('Replay of ' + entry.id + ': ' + e.message);
    }
  }

  // Shows a replayed request's status until it is no longer pending.
  function follow(requestId, target) {
    let polls = 0;
    const poll = async () => {
      polls++;
      try {
        const detail = await api('GET', '/api/monitoring/requests/' + encodeURIComponent(requestId));
        const status = detail.request.status;
        target.textContent = 'replayed; request ' + status;
        target.dataset.status = status;
        if (status === 'pending' && polls < FOLLOW_MAX_POLLS) {
          setTimeout(poll, FOLLOW_EVERY_MS);
        }
      } catch (e) {
        target.textContent = 'replayed; request status unknown (' + e.message + ')';
      }
    };
    setTimeout(poll, FOLLOW_EVERY_MS);
  }

  async function deleteOne(entry, tr) {
    if (!window.confirm('Delete dead-letter entry ' + entry.id + ' for good?')) {
      return;
    }
    try {
      await api('DELETE', '/api/monitoring/dlq/' + encodeURIComponent(entry.id));
      tr.remove();
      showProblem(null);
    } catch (e) {
      showProblem('Delete of ' + entry.id + ': ' + e.message);
    }
  }

  // Replays what the last search shows (its filter, not fields edited since), at most 100 entries per click.
  async function replayMatching() {
    const described = Object.keys(state.dlqFilter).length ? JSON.stringify(state.dlqFilter) : 'no filter: every entry';
    if (!window.confirm('Replay the dead letters matching ' + described + ' (at most 100)?')) {
      return;
    }
    try {
      const result = await api('POST', '/api/monitoring/dlq/replay', Object.assign({ limit: 100 }, state.dlqFilter));
      await searchDlq();
      $('dlq-state').textContent = 'Replayed ' + result.count + ' (read ' + result.scanned + ' entries'
        + (result.scan_complete ? ')' : '; more remain: replay again)') + '. ' + $('dlq-state').textContent;
    } catch (e) {
      showProblem('Replay by filter: ' + e.message);
    }
  }

  // ---- requests ----

  async function searchRequests(event, more) {
    if (event) {
      event.preventDefault();
    }
    const body = document.querySelector('#request-rows tbody');
    if (!more) {
      state.requestFilter = compact({
        request_id: textOf('req-request-id'), user_id: textOf('req-user-id'), status: $('req-status').value,
        action: $('req-action').value, source: $('req-source').value, from: fromInput('req-from'), to: fromInput('req-to')
      });
      state.requestCursor = null;
      body.replaceChildren();
      $('request-detail').hidden = true;
    }
    $('req-state').textContent = 'searching…';
    try {
      const page = await api('GET', '/api/monitoring/requests?' + query(state.requestFilter, { limit: 50, cursor: more ? state.requestCursor : null }));
      page.requests.forEach((request) => body.appendChild(requestRow(request)));
      state.requestCursor = page.next_cursor;
      $('req-more').hidden = !page.next_cursor;
      $('req-state').textContent = body.children.length + ' shown, newest first' + (page.next_cursor ? '; older ones remain' : '');
      showProblem(null);
    } catch (e) {
      $('req-state').textContent = '';
      showProblem('Requests: ' + e.message);
    }
  }

  function requestRow(request) {
    const status = el('span', request.status + (request.error_code ? ' ' + request.error_code : ''), 'status ' + request.status);
    const tr = row([when(request.created_at), request.request_id, request.user_id, request.source, request.action, status,
      request.item_count]);
    tr.dataset.requestId = request.request_id;
    tr.className = 'clickable';
    tr.addEventListener('click', () => showRequest(request.request_id));
    return tr;
  }

  async function showRequest(requestId) {
    const detail = $('request-detail');
    try {
      const found = await api('GET', '/api/monitoring/requests/' + encodeURIComponent(requestId));
      const request = found.request;
      detail.replaceChildren(el('h3', 'Request ' + request.request_id));
      const facts = el('dl');
      const shown = { status: request.status + (request.error_code ? ' (' + request.error_code + ')' : ''), caller: request.user_id,
        source: request.source, action: request.action, priority: request.priority, items: request.item_count,
        batch: request.batch ? request.batch.batch_id + ' chunk ' + request.batch.chunk_no : null };
      Object.keys(shown).forEach((key) => { facts.appendChild(el('dt', key)); facts.appendChild(el('dd', shown[key] === null ? '—' : shown[key])); });
      detail.appendChild(facts);

      detail.appendChild(el('h4', 'Timeline'));
      const timeline = el('ol', null, 'timeline');
      const start = Date.parse(request.created_at);
      found.timeline.forEach((step) => {
        const extra = Object.assign({}, step);
        delete extra.event;
        delete extra.at;
        const offset = Date.parse(step.at) - start;
        timeline.appendChild(el('li', step.event + ' · ' + when(step.at) + ' (' + (offset < 0 ? '' : '+') + age(offset) + ')'
          + (Object.keys(extra).length ? ' · ' + JSON.stringify(extra) : '')));
      });
      detail.appendChild(timeline);

      detail.appendChild(el('h4', 'Items (' + found.items.length + ' of ' + request.item_count + ')'));
      const items = el('table', null, 'items');
      items.appendChild(head(['Item', 'Status', 'Verdict', 'Error code', 'Input']));
      const itemBody = el('tbody');
      found.items.forEach((item) => {
        const result = item.result || {};
        itemBody.appendChild(row([item.item_id, item.status, result.verdict, result.error_code, JSON.stringify(item.payload)]));
      });
      items.appendChild(itemBody);
      detail.appendChild(items);

      detail.appendChild(el('h4', 'Response'));
      detail.appendChild(found.response ? json(found.response) : el('p', 'none recorded yet', 'note'));

      detail.appendChild(el('h4', 'Webhook deliveries'));
      if (!found.webhooks.length) {
        detail.appendChild(el('p', 'none', 'note'));
      }
      found.webhooks.forEach((delivery) => {
        detail.appendChild(el('p', delivery.event + ' → ' + delivery.url + ': ' + delivery.status + ', ' + delivery.attempts
          + ' attempt(s)' + (delivery.last_error ? ', last error ' + delivery.last_error : '')));
        const attempts = el('ul');
        (delivery.attempt_log || []).forEach((attempt) => attempts.appendChild(el('li', '#' + attempt.attempt + ' ' + when(attempt.at)
          + ' · ' + (attempt.status_code || attempt.error) + ' · ' + attempt.duration_ms + ' ms')));
        detail.appendChild(attempts);
      });

      detail.appendChild(el('h4', 'Request as received' + (state.mayAct ? '' : ' (phone and account numbers masked)')));
      detail.appendChild(json({ data: request.data, callback_config: request.callback_config }));
      detail.hidden = false;
      showProblem(null);
    } catch (e) {
      showProblem('Request ' + requestId + ': ' + e.message);
    }
  }

  // ---- wiring ----

  $('connect-form').addEventListener('submit', connect);
  document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => showTab(tab.dataset.tab)));
  $('dlq-form').addEventListener('submit', (event) => searchDlq(event, false));
  $('dlq-more').addEventListener('click', () => searchDlq(null, true));
  $('requests-form').addEventListener('submit', (event) => searchRequests(event, false));
  $('req-more').addEventListener('click', () => searchRequests(null, true));
}());
