// Demo of the WebSocket protocol (docs/API-Documentation.md): connect with a token, send validate messages,
// show each verdict when its result arrives. Everything shown is set with textContent, never as HTML.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  // Characters a WebSocket subprotocol may hold; a token with others goes as the access_token parameter.
  var TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  var socket = null;
  var lastEventId = null;
  var nextRef = 1;
  var byRef = {};        // ref -> row, until the ack names the request
  var byRequest = {};    // request_id -> row
  var early = {};        // request_id -> result that arrived before its ack

  function setState(text, on) {
    var state = $('connection-state');
    state.textContent = text;
    state.className = 'state ' + (on ? 'on' : 'off');
    $('validate').disabled = !on;
  }

  function showProblem(text) {
    var problem = $('problem');
    problem.textContent = text || '';
    problem.hidden = !text;
  }

  function connect(event) {
    event.preventDefault();
    var token = $('token').value.trim();
    if (!token) {
      setState('paste a token first', false);
      return;
    }
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    var params = new URLSearchParams();
    if (lastEventId) {
      params.set('since', lastEventId);
    }
    var asSubprotocol = TOKEN_CHARS.test(token);
    if (!asSubprotocol) {
      params.set('access_token', token);
    }
    var query = params.toString();
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/validation/ws'
      + (query ? '?' + query : '');
    setState('connecting…', false);
    socket = asSubprotocol ? new WebSocket(url, ['bearer', token]) : new WebSocket(url);
    socket.onmessage = function (message) { handle(JSON.parse(message.data)); };
    socket.onclose = function (closed) {
      socket = null;
      setState('disconnected' + (closed.reason ? ': ' + closed.reason : ' (is the token valid?)'), false);
    };
  }

  function handle(message) {
    switch (message.type) {
      case 'ready':
        lastEventId = message.event_id;
        setState('connected as ' + message.caller, true);
        break;
      case 'ack':
        acknowledged(message);
        break;
      case 'result':
        lastEventId = message.event_id;
        resulted(message.response);
        break;
      case 'error':
        failed(message);
        break;
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong' }));
        break;
      default:
        break;
    }
  }

  function validate(event) {
    event.preventDefault();
    var value = $('value').value.trim();
    if (!value || !socket) {
      return;
    }
    var item = {};
    item[$('field').value] = value;
    if ($('field').value === 'bank_account' && $('bank-code').value.trim()) {
      item.bank_code = $('bank-code').value.trim();
    }
    var ref = nextRef++;
    byRef[ref] = addRow($('field').value.replace('_', ' ') + ' ' + value);
    socket.send(JSON.stringify({ type: 'validate', ref: ref, data: { items: [item] } }));
  }

  function addRow(label) {
    var row = document.createElement('li');
    var verdict = document.createElement('span');
    verdict.className = 'verdict waiting';
    verdict.textContent = 'sent';
    var text = document.createElement('span');
    text.className = 'label';
    text.textContent = ' ' + label + ' ';
    var id = document.createElement('code');
    id.className = 'request-id';
    row.appendChild(verdict);
    row.appendChild(text);
    row.appendChild(id);
    $('results').prepend(row);
    return row;
  }

  function acknowledged(message) {
    var row = byRef[message.ref];
    delete byRef[message.ref];
    if (!row) {
      return;
    }
    row.dataset.requestId = message.request_id;
    row.querySelector('.request-id').textContent = message.request_id;
    row.querySelector('.verdict').textContent = 'waiting…';
    byRequest[message.request_id] = row;
    if (early[message.request_id]) {
      resulted(early[message.request_id]);
      delete early[message.request_id];
    }
  }

  function resulted(response) {
    var row = byRequest[response.request_id];
    if (!row) {
      early[response.request_id] = response;   // a result may overtake its ack
      return;
    }
    var item = response.results[0];
    var verdict = row.querySelector('.verdict');
    verdict.textContent = item.verdict + (item.error_code ? ' ' + item.error_code : '');
    verdict.className = 'verdict ' + item.verdict;
    var summary = document.createElement('div');
    summary.className = 'summary';
    summary.textContent = describe(item);
    var details = document.createElement('details');
    var title = document.createElement('summary');
    title.textContent = 'all details';
    var json = document.createElement('pre');
    json.textContent = JSON.stringify(item.details, null, 2);
    details.appendChild(title);
    details.appendChild(json);
    row.appendChild(summary);
    row.appendChild(details);
  }

  // One line of what the validator made of the item: normalized values, then the first error's message.
  function describe(item) {
    var d = item.details || {};
    var parts = [];
    if (d.phone) {
      parts.push(d.phone.e164 + ' (' + [d.phone.type, d.phone.carrier].filter(Boolean).join(', ') + ')');
    }
    if (d.bank_account) {
      parts.push('account ' + d.bank_account);
    }
    if (d.bank) {
      parts.push(d.bank.short_name);
    }
    if (d.errors && d.errors.length) {
      parts.push(d.errors[0].message);
    }
    parts.push('confidence ' + item.confidence);
    return parts.join(' · ');
  }

  function failed(message) {
    var row = message.ref !== undefined ? byRef[message.ref] : null;
    if (row) {
      delete byRef[message.ref];
      var verdict = row.querySelector('.verdict');
      verdict.textContent = 'refused ' + message.code;
      verdict.className = 'verdict ERROR';
      row.querySelector('.request-id').textContent = message.message;
    } else {
      showProblem(message.code + ': ' + message.message);
    }
  }

  $('connect-form').addEventListener('submit', connect);
  $('validate-form').addEventListener('submit', validate);
  $('field').addEventListener('change', function () {
    var bank = $('field').value === 'bank_account';
    $('bank-code').hidden = !bank;
    $('value').placeholder = bank ? '0011004123456' : '0912345678';
  });
}());
